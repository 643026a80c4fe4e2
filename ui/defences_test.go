package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/wallet"
)

// walletSizes are the Actors pane's sizes: the sandbox's full pane at
// 120 columns, and the compact one under a lesson and at 80 columns.
var walletSizes = [][2]int{{48, 0}, {34, wallet.CompactHeight}, {40, wallet.CompactHeight}, {60, wallet.CompactHeight}}

// walletText is the Actors pane as text, w wide and h high (0: as tall as
// it wants), and the presenter's strip.
func walletText(m *Model, w, h int) string {
	if h == 0 {
		h = m.wallet.TallHeight()
	}
	return ansi.Strip(m.wallet.Render(w, h))
}

// newWorld is a session after the actions lines, typed at the prompt.
func newWorld(t *testing.T, lines ...string) *Model {
	t.Helper()
	m := newModel(t)
	resize(m, 120, 40)
	for _, l := range lines {
		typed(m, l)
	}
	return m
}

// lootRows are the lines of the pane under "Attacker's loot".
func lootRows(pane string) string {
	_, loot, _ := strings.Cut(pane, "Attacker's loot")
	return loot
}

// TestWalletSaysWhoseKeyBindsAToken: with DPoP on, the app's tokens, and
// the attacker's copies of them, say they are bound to the app's key; the
// tokens of the attacker's own silent login, to its key; without DPoP no
// token claims a binding.
func TestWalletSaysWhoseKeyBindsAToken(t *testing.T) {
	stolen := newWorld(t, "set dpop on", "login", "steal access", "steal refresh")
	silent := newWorld(t, "set dpop on", "login", "attacker silent")
	bearer := newWorld(t, "login", "steal access", "steal refresh")
	for _, size := range walletSizes {
		pane := walletText(stolen, size[0], size[1])
		client, loot, _ := strings.Cut(pane, "Attacker's loot")
		if strings.Count(client, "app's key") != 2 || strings.Count(loot, "app's key") != 2 {
			t.Errorf("%dx%d: the stolen bound tokens should say the app's key four times:\n%s", size[0], size[1], pane)
		}
		pane = walletText(silent, size[0], size[1])
		if !strings.Contains(lootRows(pane), "attacker's key") && !strings.Contains(lootRows(pane), "its own key") {
			t.Errorf("%dx%d: the silent login's tokens should say the attacker's key:\n%s", size[0], size[1], pane)
		}
		if pane = walletText(bearer, size[0], size[1]); strings.Contains(pane, "key") {
			t.Errorf("%dx%d: bearer tokens claim a binding:\n%s", size[0], size[1], pane)
		}
	}
	strip := ansi.Strip(stolen.wallet.RenderStrip(120, stolen.wallet.StripHeight(36)))
	if strings.Count(strip, "app's key") != 4 {
		t.Errorf("the presenter's strip should say the app's key for all four tokens:\n%s", strip)
	}
}

// TestWalletShowsTheAppsTokensOnItsBackend: with a backend-for-frontend
// the app's tokens are shown on the backend, not in the browser, in the
// pane, the strip and the inspector.
func TestWalletShowsTheAppsTokensOnItsBackend(t *testing.T) {
	m := newWorld(t, "set storage bff", "login")
	for _, size := range walletSizes {
		pane := walletText(m, size[0], size[1])
		first, _, _ := strings.Cut(pane, "access")
		if !strings.Contains(first, "backend (BFF)") || strings.Contains(first, "bff ·") {
			t.Errorf("%dx%d: the heading does not put the tokens on the backend:\n%s", size[0], size[1], pane)
		}
	}
	if strip := ansi.Strip(m.wallet.RenderStrip(120, 6)); !strings.Contains(strip, "App's BFF") {
		t.Errorf("the strip does not put the app's tokens on its backend:\n%s", strip)
	}
	typed(m, "inspect access")
	if lines := ansi.Strip(strings.Join(m.insp.Lines(100), "\n")); !strings.Contains(lines, "held by the app's backend (BFF), not the browser") {
		t.Errorf("the inspector does not say the backend holds the token:\n%s", lines)
	}
	if pane := walletText(newWorld(t, "login"), 48, 0); !strings.Contains(pane, "Client app · memory · https") {
		t.Errorf("without a backend the heading changed:\n%s", pane)
	}
}

// TestWalletShowsTheIDTokenNotForAPIs: the app's ID token has its row,
// marked as not for APIs, which the arrow keys select and enter opens,
// as the inspect id-token action; with openid off, or after logout,
// there is none and the selection passes over it.
func TestWalletShowsTheIDTokenNotForAPIs(t *testing.T) {
	m := newWorld(t, "login")
	for _, size := range walletSizes {
		if pane := walletText(m, size[0], size[1]); !strings.Contains(pane, "not for APIs") {
			t.Errorf("%dx%d: no ID token row:\n%s", size[0], size[1], pane)
		}
	}
	m.focus.Pane = common.PaneWallet
	press(m, "down", "down")
	if tok, label, which := m.wallet.Selected(); tok != m.World().Client.IDToken || which != "id-token" {
		t.Fatalf("two rows down selects %s (%q), want the ID token", label, which)
	}
	press(m, "enter")
	if m.focus.Overlay != common.OverlayInspect || !strings.Contains(ansi.Strip(m.View().Content), "Inspector · the client's ID token") {
		t.Fatalf("enter on the ID token did not open it:\n%s", ansi.Strip(m.View().Content))
	}
	if e := lastOf(m.World(), sim.KindInspected); e.TokenKind != issuer.IDToken {
		t.Errorf("opening it logged %+v, want the inspect id-token action", e)
	}

	plain := newWorld(t, "set openid off", "login")
	plain.focus.Pane = common.PaneWallet
	press(plain, "down", "down")
	if _, label, _ := plain.wallet.Selected(); label != "the attacker's access token" || strings.Contains(walletText(plain, 48, 0), "not for APIs") {
		t.Errorf("with openid off: an ID token row, or the selection stops on none (%s)", label)
	}
	press(m, "esc")
	m.focus.Pane = common.PaneWallet
	typed(m, "logout")
	if m.World().Client.IDToken != "" {
		t.Fatalf("logout kept the ID token; status %q", m.Status())
	}
	m.wallet.SetFocused(true)
	pane := walletText(m, 48, 0)
	if strings.Contains(pane, "not for APIs") || !strings.Contains(pane, "›access") {
		t.Errorf("after logout with the ID token selected, the row is still shown or the selection is lost:\n%s", pane)
	}
	if _, _, which := m.wallet.Selected(); which != "access" {
		t.Errorf("after logout the selection opens %q, want the access token's row", which)
	}
}

// lastOf is the last event of kind in w's log.
func lastOf(w *sim.World, kind sim.Kind) sim.Event {
	events := w.Log.Since(0)
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == kind {
			return events[i]
		}
	}
	return sim.Event{}
}

// TestWalletNeverDrawsDeadATokenTheAPIAccepts: an access token revoked at
// the issuer that the API still accepts says so wherever it is drawn,
// and the API does accept it.
func TestWalletNeverDrawsDeadATokenTheAPIAccepts(t *testing.T) {
	tour := newModel(t)
	resize(tour, 120, 40)
	press(tour, theTour...)
	scenarios := map[string]*Model{
		"the tour":          tour,
		"logout everywhere": newWorld(t, "login", "attacker silent", "logout everywhere"),
		"a copy, logout":    newWorld(t, "login", "steal access", "logout"),
		"revoke refresh":    newWorld(t, "login", "steal access", "revoke refresh"),
	}
	alive := func(s string) int {
		return strings.Count(s, "API still accepts it") + strings.Count(s, "still works") + strings.Count(s, "usable")
	}
	for name, m := range scenarios {
		w := m.World()
		live := 0
		ca, _ := m.sc.ClientTokens()
		aa, _ := m.sc.AttackerTokens()
		for _, v := range []common.TokenView{ca, aa} {
			if v.StillAccepted(w.Now()) {
				live++
			}
		}
		if live == 0 {
			t.Fatalf("%s: no token the API still accepts: the scenario tests nothing", name)
		}
		for _, size := range walletSizes {
			if pane := walletText(m, size[0], size[1]); alive(pane) < live {
				t.Errorf("%s at %dx%d: %d tokens the API accepts, said of %d:\n%s", name, size[0], size[1], live, alive(pane), pane)
			}
		}
		for _, w := range []int{60, 80, 120} { // presenter mode's narrowest, smallest usual and projector widths
			if strip := ansi.Strip(m.wallet.RenderStrip(w, m.wallet.StripHeight(36))); alive(strip) < live {
				t.Errorf("%s: the strip %d wide says it of %d tokens, want %d:\n%s", name, w, alive(strip), live, strip)
			}
		}
		if aa.StillAccepted(w.Now()) {
			typed(m, "attacker call")
			if x := lastOf(w, sim.KindExchange).Exchange; x.Status != 200 {
				t.Errorf("%s: the wallet says the attacker's token works, and the API answered %d", name, x.Status)
			}
		}
	}
}

// TestInspectIDTokenOpensTheIDToken: `inspect id-token` opens the ID token
// and says what it is, for the app whose client_id is its aud; with no
// ID token it is refused with a reason.
func TestInspectIDTokenOpensTheIDToken(t *testing.T) {
	for _, tc := range []struct{ storage, client string }{{"memory", issuer.PublicClientID}, {"bff", issuer.BFFClientID}} {
		m := newWorld(t, "set storage "+tc.storage, "login", "inspect id-token")
		if m.focus.Overlay != common.OverlayInspect {
			t.Fatalf("%s: inspect id-token opened nothing; status %q", tc.storage, m.Status())
		}
		text := strings.Join(strings.Fields(ansi.Strip(strings.Join(m.insp.Lines(100), " "))), " ")
		for _, want := range []string{"for the app, not for APIs", "aud is the app's client_id, " + tc.client, "typ is JWT, not at+jwt",
			common.TokenName(m.World(), m.World().Client.IDToken)} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the inspector lacks %q:\n%s", tc.storage, want, text)
			}
		}
		if e := lastOf(m.World(), sim.KindInspected); e.TokenKind != issuer.IDToken {
			t.Errorf("%s: logged %+v, want the ID token inspected", tc.storage, e)
		}
	}
	m := newWorld(t, "inspect id-token")
	if m.focus.Overlay == common.OverlayInspect || !strings.Contains(m.Status(), "no ID token") {
		t.Errorf("before login: overlay %v, status %q; want a refusal that says why", m.focus.Overlay, m.Status())
	}
}

// TestInspectorShowsTheBindingAndTheProof: a bound access token shows its
// cnf.jkt and what it means, and the proof of the app's latest call,
// checked against the token; an exchange shows its DPoP header the same
// way, and the attacker's proof by its own key fails the thumbprint check.
func TestInspectorShowsTheBindingAndTheProof(t *testing.T) {
	m := newWorld(t, "set dpop on", "login", "call", "steal access", "attacker call", "inspect access")
	w := m.World()
	d, err := jwtdebug.Decode(w.Client.AccessToken, jwtdebug.Options{})
	if err != nil {
		t.Fatal(err)
	}
	jkt := d.Claims["cnf"].(map[string]any)["jkt"].(string)
	text := ansi.Strip(strings.Join(m.insp.Lines(100), "\n"))
	for _, want := range []string{"cnf.jkt " + jkt, "Bound to the app's key", "DPoP proof the app sent with its latest API call",
		"typ    dpop+jwt", "htm    GET", "htu    https://tokenflow.test/api/profile", "✓ the thumbprint the token is bound to",
		"✓ the hash of the access token sent with it", "✓ Signature: valid, by the key in its header"} {
		if !strings.Contains(text, want) {
			t.Errorf("the bound token's inspector lacks %q:\n%s", want, text)
		}
	}

	var theirs sim.Event
	for _, e := range w.Log.Since(0) {
		if e.Kind == sim.KindExchange && e.Exchange.Actor == sim.ActorAttacker {
			theirs = e
		}
	}
	m.insp.OpenEvent(theirs)
	text = ansi.Strip(strings.Join(m.insp.Lines(100), "\n"))
	for _, want := range []string{"DPoP proof sent", "✗ not the thumbprint the token is bound to", "DPoP-bound token sent"} {
		if !strings.Contains(text, want) {
			t.Errorf("the attacker's exchange lacks %q:\n%s", want, text)
		}
	}

	typed(m, "refresh") // a new access token, not yet used: no proof went with it
	typed(m, "inspect access")
	if text := ansi.Strip(strings.Join(m.insp.Lines(100), "\n")); strings.Contains(text, "DPoP proof the app sent") {
		t.Errorf("a token never sent shows a proof:\n%s", text)
	}
	bearer := newWorld(t, "login", "call", "inspect access")
	if text := ansi.Strip(strings.Join(bearer.insp.Lines(100), "\n")); strings.Contains(text, "cnf.jkt") || strings.Contains(text, "DPoP proof") {
		t.Errorf("a bearer token shows a binding or a proof:\n%s", text)
	}
}

// laneOf is the column at which the arrow of the first row showing label
// starts (●) or ends (the lane after ▶, or under ◀).
func laneOf(t *testing.T, frame, label string, end bool) int {
	t.Helper()
	for _, l := range strings.Split(frame, "\n") {
		if !strings.Contains(l, label) {
			continue
		}
		r := []rune(l)
		if !end {
			return slices.Index(r, '●')
		}
		if i := slices.Index(r, '▶'); i >= 0 {
			return i + 1
		}
		return slices.Index(r, '◀') - 1
	}
	t.Fatalf("no row shows %q:\n%s", label, frame)
	return -1
}

// TestBFFLaneOnlyWithABackend: the BFF's lane appears once an exchange
// goes to or from the backend; the browser's requests to the app's
// origin end at it, not at the issuer, where the backend's own requests
// end; and the diagram fits 80 columns, in the sandbox and in a lesson.
func TestBFFLaneOnlyWithABackend(t *testing.T) {
	header := func(m *Model) string {
		return strings.Join(strings.Split(ansi.Strip(m.seq.Render(72, 30)), "\n")[:3], "\n")
	}
	m := newWorld(t, "set storage bff")
	if h := header(m); strings.Contains(h, "BFF") || !strings.Contains(h, "Issuer") {
		t.Errorf("before any exchange of the backend's, the lanes are:\n%s", h)
	}
	typed(m, "login")
	if h := header(m); !strings.Contains(h, "BFF") {
		t.Errorf("after the backend's login, the lanes are:\n%s", h)
	}
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		resize(m, size[0], size[1])
		frame := ansi.Strip(m.View().Content)
		requireFrame(t, frame, size[0], size[1])
		bff := laneOf(t, frame, "POST /token", false)
		issuerLane := laneOf(t, frame, "POST /token", true)
		if got := laneOf(t, frame, "GET /bff/callback", true); got != bff {
			t.Errorf("%dx%d: the callback ends at column %d, the BFF's lane is %d:\n%s", size[0], size[1], got, bff, frame)
		}
		if got := laneOf(t, frame, "POST /authorize", true); got != issuerLane || got == bff {
			t.Errorf("%dx%d: the login form goes to column %d, the issuer's lane is %d:\n%s", size[0], size[1], got, issuerLane, frame)
		}
		if got := laneOf(t, frame, "GET /bff/callback", false); got != laneOf(t, frame, "POST /authorize", false) {
			t.Errorf("%dx%d: the browser's requests start in two lanes:\n%s", size[0], size[1], frame)
		}
	}
	for _, e := range m.World().Log.Since(0) {
		if x := e.Exchange; x != nil && x.Path() == "/bff/login" {
			m.insp.OpenEvent(e)
		}
	}
	if first := ansi.Strip(m.insp.Lines(100)[0]); !strings.Contains(first, "Client → BFF") {
		t.Errorf("the inspector places /bff/login as %q, want Client → BFF", first)
	}

	lesson := newCourseModel(t, nil)
	resize(lesson, 80, 24)
	openStep(t, lesson, 15, 3)
	for _, l := range []string{"steal access", "steal refresh", "attacker refresh", "attacker call"} {
		typed(lesson, l)
	}
	requireFrame(t, ansi.Strip(lesson.View().Content), 80, 24)
	if frame := ansi.Strip(lesson.View().Content); !strings.Contains(frame, "BFF") {
		t.Errorf("lesson 15's last step at 80x24 has no BFF lane:\n%s", frame)
	}
}

// TestStatusTellsTheStoryNotTheRoutine: after a DPoP login the status is
// the login, not its nonce retry; after the attacker's refresh, the
// refusal that counted; a logout at the issuer, the session's end;
// userinfo's answer; the silent flow against a backend, why it got
// nothing. A narrow status line ends on a whole clause.
func TestStatusTellsTheStoryNotTheRoutine(t *testing.T) {
	m := newWorld(t, "set dpop on", "login")
	if s := m.Status(); !strings.HasPrefix(s, "alice is logged in") {
		t.Errorf("after a DPoP login the status is %q", s)
	}
	typed(m, "steal refresh")
	typed(m, "attacker refresh")
	if s := m.Status(); !strings.Contains(s, "invalid_dpop_proof") {
		t.Errorf("after the attacker's refresh the status is %q, want the wrong-key refusal", s)
	}
	for _, tc := range []struct {
		lines []string
		want  string
	}{
		{[]string{"login", "logout everywhere"}, "ended by logout"},
		{[]string{"login", "call userinfo"}, "userinfo answered"},
		{[]string{"set storage bff", "login", "attacker silent"}, "the code landed at the app's backend"},
	} {
		if s := newWorld(t, tc.lines...).Status(); !strings.Contains(s, tc.want) {
			t.Errorf("after %q the status is %q, want %q", tc.lines, s, tc.want)
		}
	}
	m = newWorld(t, "login", "attacker silent")
	resize(m, 80, 24)
	lines := strings.Split(ansi.Strip(m.View().Content), "\n")
	if status := strings.TrimSpace(lines[len(lines)-3]); strings.HasSuffix(status, "…") || !strings.HasPrefix(status, "! the attacker now holds") {
		t.Errorf("the 80-column status line is %q, want a whole clause", status)
	}
}
