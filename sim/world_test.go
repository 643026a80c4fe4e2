package sim_test

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// TestAccessTokenExpiresAndRefreshRestoresAccess is DESIGN's first
// scenario: the access token works, dies at exp, and a refresh brings the
// client back.
func TestAccessTokenExpiresAndRefreshRestoresAccess(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login")
	if !hasKind(last(w), sim.KindLogin) || w.Client.AccessToken == "" || w.Client.RefreshToken == "" {
		t.Fatalf("login did not leave the client with both tokens")
	}
	if got := status(t, w, "call"); got != 200 {
		t.Fatalf("call after login: %d", got)
	}
	apply(t, w, "advance 15m")
	if !hasKind(last(w), sim.KindTokenExpired) {
		t.Error("no token-expired event while the clock passed the access token's exp")
	}
	if !w.Now().Equal(clock.Start.Add(15 * time.Minute)) {
		t.Errorf("clock at %v", w.Now())
	}
	apply(t, w, "call")
	x := lastExchange(t, w)
	if x.Status != 401 || !strings.Contains(x.RespHeader.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Fatalf("call at exp: %d, challenge %q", x.Status, x.RespHeader.Get("WWW-Authenticate"))
	}
	oldRT := w.Client.RefreshToken
	if got := status(t, w, "refresh"); got != 200 {
		t.Fatalf("refresh: %d", got)
	}
	if w.Client.RefreshToken == oldRT || !hasKind(last(w), sim.KindRotated) {
		t.Error("refresh did not rotate the refresh token")
	}
	if got := status(t, w, "call"); got != 200 {
		t.Fatalf("call after refresh: %d", got)
	}
}

func TestJumpGoesToTheNextExpiry(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	if err := w.Apply(sim.Act("jump")); !isNotNow(err) {
		t.Fatalf("jump with nothing to expire: %v, want a NotNowError", err)
	}
	apply(t, w, "login", "jump")
	if !w.Now().Equal(clock.Start.Add(15 * time.Minute)) {
		t.Fatalf("jump went to %v, want the access token's exp", w.Now())
	}
	if !hasKind(last(w), sim.KindTokenExpired) {
		t.Error("no token-expired event")
	}
	apply(t, w, "jump")
	if !w.Now().Equal(clock.Start.Add(7 * 24 * time.Hour)) {
		t.Fatalf("second jump went to %v, want the refresh token's exp", w.Now())
	}
}

func isNotNow(err error) bool {
	var nn *sim.NotNowError
	return errors.As(err, &nn)
}

func TestActionsThatMakeNoSenseNowChangeNothing(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	for _, line := range []string{"call", "refresh", "race", "logout", "steal refresh", "attacker call",
		"attacker refresh", "introspect access", "introspect stolen", "inspect access", "revoke refresh"} {
		n := w.Log.Len()
		if err := w.Apply(sim.Act(line)); !isNotNow(err) {
			t.Errorf("%s before login: %v, want a NotNowError", line, err)
		}
		if w.Log.Len() != n || len(w.Records()) != 0 {
			t.Errorf("%s before login changed the world", line)
		}
	}
}

func TestLogoutRevokesTheFamilyButNotTheAccessToken(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "steal access", "steal refresh", "logout")
	if w.Client.AccessToken != "" || w.Client.RefreshToken != "" || !hasKind(last(w), sim.KindFamilyRevoked) {
		t.Fatal("logout did not revoke the family and forget both tokens")
	}
	// Without a denylist the API validates locally: the stolen access
	// token lives until exp, the stolen refresh token is dead.
	if got := status(t, w, "attacker call"); got != 200 {
		t.Errorf("stolen access token after logout: %d, want 200 (no denylist)", got)
	}
	if got := status(t, w, "attacker refresh"); got != 400 {
		t.Errorf("stolen refresh token after logout: %d, want 400", got)
	}
	apply(t, w, "introspect stolen")
	if !strings.Contains(lastExchange(t, w).RespBody, `{"active":false}`) {
		t.Errorf("introspection of the revoked login's access token: %s", lastExchange(t, w).RespBody)
	}

	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set denylist on", "login", "steal access", "logout")
	if got := status(t, w, "attacker call"); got != 401 {
		t.Errorf("denylist on: stolen access token after logout: %d, want 401", got)
	}
}

// TestRefreshReuseRevokesFamily is the theft story in both orders: the
// thief redeems first, or the victim does; either way the second
// redemption is reuse, the family dies and both are locked out.
func TestRefreshReuseRevokesFamily(t *testing.T) {
	for _, order := range [][]string{
		{"attacker refresh", "refresh"},
		{"refresh", "attacker refresh"},
	} {
		t.Run(order[0]+" first", func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "login", "steal refresh")
			if got := status(t, w, order[0]); got != 200 {
				t.Fatalf("%s with a fresh token: %d", order[0], got)
			}
			apply(t, w, order[1])
			if x := lastExchange(t, w); x.Status != 400 || !strings.Contains(x.RespBody, "invalid_grant") {
				t.Fatalf("%s with the rotated-out token: %d %s", order[1], x.Status, x.RespBody)
			}
			ev := last(w)
			if !hasKind(ev, sim.KindReuseDetected) || !hasKind(ev, sim.KindFamilyRevoked) {
				t.Fatalf("reuse did not revoke the family: %v", kinds(ev))
			}
			for _, line := range []string{"refresh", "attacker refresh"} {
				if got := status(t, w, line); got != 400 {
					t.Errorf("%s after the family was revoked: %d, want 400", line, got)
				}
			}
			if s := w.TokenState(w.Client.RefreshToken); s != issuer.StateRevoked {
				t.Errorf("the client's refresh token is %s, want revoked", s)
			}
		})
	}
}

func kinds(ev []sim.Event) []sim.Kind {
	out := make([]sim.Kind, len(ev))
	for i, e := range ev {
		out[i] = e.Kind
	}
	return out
}

func TestRaceWithAndWithoutGrace(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "race")
	if !hasKind(last(w), sim.KindReuseDetected) {
		t.Errorf("a race without grace: %v, want reuse-detected", kinds(last(w)))
	}
	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set grace 10s", "login", "race")
	if ev := last(w); !hasKind(ev, sim.KindGraceUsed) || hasKind(ev, sim.KindFamilyRevoked) {
		t.Errorf("a race inside the grace period: %v, want grace-used and no revocation", kinds(ev))
	}
	if got := status(t, w, "call"); got != 200 {
		t.Errorf("call after a graceful race: %d", got)
	}
}

func TestStolenAccessTokenWorksUntilExp(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "steal access")
	if got := status(t, w, "attacker call"); got != 200 {
		t.Fatalf("attacker call: %d", got)
	}
	apply(t, w, "advance 14m59s")
	if got := status(t, w, "attacker call"); got != 200 {
		t.Fatalf("attacker call a second before exp: %d", got)
	}
	apply(t, w, "advance 1s")
	if got := status(t, w, "attacker call"); got != 401 {
		t.Fatalf("attacker call at exp: %d", got)
	}
}

func TestForgeriesAreRefused(t *testing.T) {
	for _, how := range []string{"none", "tamper", "wrong-key", "audience"} {
		t.Run(how, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "login", "forge "+how)
			x := lastExchange(t, w)
			if x.Status != 401 || !strings.Contains(x.RespHeader.Get("WWW-Authenticate"), `error="invalid_token"`) {
				t.Errorf("forge %s: %d %q", how, x.Status, x.RespHeader.Get("WWW-Authenticate"))
			}
			if !hasKind(last(w), sim.KindForged) || !hasKind(last(w), sim.KindDenied) {
				t.Errorf("forge %s: events %v", how, kinds(last(w)))
			}
		})
	}
}

func TestEveryAlgorithmWorksEndToEnd(t *testing.T) {
	for _, alg := range []string{"ES256", "RS256", "HS256"} {
		t.Run(alg, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "set alg "+alg, "login")
			if got := status(t, w, "call"); got != 200 {
				t.Fatalf("call: %d", got)
			}
			if got := status(t, w, "refresh"); got != 200 {
				t.Fatalf("refresh: %d", got)
			}
		})
	}
}

// TestUndoReturnsTheStateBeforeTheLastAction undoes each kind of action
// and compares the log, the tokens and the clock with how they were.
func TestUndoReturnsTheStateBeforeTheLastAction(t *testing.T) {
	setup := []string{"set storage local-storage", "login", "call", "advance 15m", "refresh", "steal refresh"}
	for _, lastLine := range []string{
		"refresh", "call", "advance 15m", "advance 7d", "jump", "attacker refresh", "attacker xss",
		"set rotation off", "logout", "revoke refresh", "login", "forge tamper", "introspect refresh", "race",
	} {
		t.Run(lastLine, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 5})
			apply(t, w, setup...)
			before := struct {
				log              int
				text             string
				access, refresh  string
				stolenA, stolenR string
				now              time.Time
				records          int
			}{w.Log.Len(), transcript(t, w), w.Client.AccessToken, w.Client.RefreshToken,
				w.Attacker.AccessToken, w.Attacker.RefreshToken, w.Now(), len(w.Records())}

			apply(t, w, lastLine)
			if w.Log.Len() == before.log {
				t.Fatalf("%s logged nothing", lastLine)
			}
			u, ok, err := w.Undo()
			if err != nil || !ok {
				t.Fatalf("Undo: %v, %v", ok, err)
			}
			if u.Log.Len() != before.log {
				t.Errorf("log has %d events after undo, want %d", u.Log.Len(), before.log)
			}
			if got := transcript(t, u); got != before.text {
				t.Errorf("transcript after undo differs from before %s", lastLine)
			}
			if u.Client.AccessToken != before.access || u.Client.RefreshToken != before.refresh {
				t.Error("client tokens differ after undo")
			}
			if u.Attacker.AccessToken != before.stolenA || u.Attacker.RefreshToken != before.stolenR {
				t.Error("attacker tokens differ after undo")
			}
			if !u.Now().Equal(before.now) {
				t.Errorf("clock at %v after undo, want %v", u.Now(), before.now)
			}
			if len(u.Records()) != before.records {
				t.Errorf("%d records after undo, want %d", len(u.Records()), before.records)
			}
			// The undone world goes on as the original would have.
			apply(t, u, lastLine)
			if transcript(t, u) != transcript(t, w) {
				t.Errorf("redoing %s after undo gives another transcript", lastLine)
			}
		})
	}
}

func TestUndoOfAdvanceRewindsTheClock(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "advance 3d")
	u, ok, err := w.Undo()
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if !u.Now().Equal(clock.Start) {
		t.Fatalf("clock at %v after undoing advance, want %v", u.Now(), clock.Start)
	}
	if got := status(t, u, "call"); got != 200 {
		t.Errorf("the access token is dead after rewinding: %d", got)
	}
	if _, ok, _ := newWorld(t, sim.Config{Seed: 1}).Undo(); ok {
		t.Error("Undo of a fresh world reported something undone")
	}
}

// scenario exercises most verbs; determinism tests replay it.
var scenario = []string{
	"login", "call", "inspect access", "advance 15m", "call", "refresh", "call",
	"steal refresh", "attacker refresh", "refresh", "login", "steal access", "attacker call",
	"introspect stolen", "forge none", "forge wrong-key", "forge tamper", "forge audience",
	"set rotation off", "refresh", "set alg RS256", "refresh", "call", "race", "logout",
	"set storage local-storage", "set transport http", "login", "attacker xss", "attacker sniff",
	"set refresh-format stateless", "login", "revoke refresh", "refresh", "jump", "advance 7d",
}

func runScenario(t testing.TB, seed uint64) *sim.World {
	t.Helper()
	w := newWorld(t, sim.Config{Seed: seed})
	for _, l := range scenario {
		if err := w.Apply(sim.Act(l)); err != nil && !isNotNow(err) {
			t.Fatalf("%s: %v", l, err)
		}
	}
	return w
}

func TestSameSeedGivesByteIdenticalTranscripts(t *testing.T) {
	a, b := runScenario(t, 42), runScenario(t, 42)
	if ta, tb := transcript(t, a), transcript(t, b); ta != tb {
		t.Fatalf("two runs with seed 42 differ:\n%s\n----\n%s", ta, tb)
	}
	var ja, jb bytes.Buffer
	if err := sim.WriteJSON(&ja, a.Log.All()); err != nil {
		t.Fatal(err)
	}
	if err := sim.WriteJSON(&jb, b.Log.All()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ja.Bytes(), jb.Bytes()) {
		t.Fatal("two runs with seed 42 give different JSON logs (tokens or raw exchanges differ)")
	}
	c := runScenario(t, 43)
	if c.Client.AccessToken == a.Client.AccessToken || c.Client.RefreshToken == a.Client.RefreshToken {
		t.Error("seeds 42 and 43 gave the client the same tokens")
	}
	if transcript(t, c) == transcript(t, a) {
		t.Error("seeds 42 and 43 gave the same transcript")
	}
}

func TestResetStartsOver(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 9})
	apply(t, w, "login", "advance 1h", "set rotation off")
	r, err := w.Reset()
	if err != nil {
		t.Fatal(err)
	}
	if r.Log.Len() != 0 || r.Client.AccessToken != "" || !r.Now().Equal(clock.Start) || !r.Config().Policy.Rotation {
		t.Fatal("Reset did not return a fresh world with the initial settings")
	}
	apply(t, r, "login")
	fresh := newWorld(t, sim.Config{Seed: 9})
	apply(t, fresh, "login")
	if r.Client.AccessToken != fresh.Client.AccessToken {
		t.Error("a reset world does not replay like a fresh one")
	}
}

// TestAutoRefreshKeepsTheClientWorkingFor30Days jumps through a month in
// one-day steps with auto-refresh on: the client's calls keep working and
// a refresh happens a minute before each access token expires.
func TestAutoRefreshKeepsTheClientWorkingFor30Days(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set family-lifetime 60d", "set auto-refresh on", "login")
	start := w.Log.Len()
	for day := 1; day <= 30; day++ {
		apply(t, w, "advance 1d")
		if got := status(t, w, "call"); got != 200 {
			t.Fatalf("day %d: call %d", day, got)
		}
	}
	var refreshes []time.Time
	for _, e := range w.Log.Since(start) {
		if x := e.Exchange; x != nil && x.Path() == "/token" {
			if x.Status != 200 {
				t.Fatalf("auto-refresh at %v failed: %d %s", e.At, x.Status, x.RespBody)
			}
			if f, _ := url.ParseQuery(x.ReqBody); f.Get("grant_type") == "refresh_token" {
				refreshes = append(refreshes, e.At)
			}
		}
	}
	// 30 days of 14-minute intervals, the first 14 minutes after login.
	if want := 30 * 24 * 60 / 14; len(refreshes) != want {
		t.Errorf("%d refreshes in 30 days, want %d", len(refreshes), want)
	}
	prev := clock.Start
	for i, at := range refreshes {
		if d := at.Sub(prev); d != 14*time.Minute {
			t.Fatalf("refresh %d came %v after the previous, want 14m", i, d)
		}
		prev = at
	}
}

func TestAutoRefreshStopsAtTheFamilyLifetime(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set family-lifetime 1h", "set auto-refresh on", "login", "advance 59m")
	if got := status(t, w, "call"); got != 200 {
		t.Fatalf("call inside the family lifetime: %d", got)
	}
	apply(t, w, "advance 20m")
	if got := status(t, w, "call"); got != 401 {
		t.Fatalf("call after the family lifetime: %d, want 401: rotation must not extend a login", got)
	}
}

// TestAutoRefreshWorkPerActionIsBounded: a hostile learner's 30-second
// tokens with auto-refresh on, and one jump of a year, must not make the
// world refresh for ever; the pause is told, and a refresh resumes it.
func TestAutoRefreshWorkPerActionIsBounded(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set access-ttl 30s", "set refresh-ttl 3650d", "set family-lifetime 3650d", "set auto-refresh on", "login")
	before := w.Log.Len()
	apply(t, w, "advance 365d")
	refreshes := 0
	paused := false
	for _, e := range w.Log.Since(before) {
		if e.Kind == sim.KindRotated {
			refreshes++
		}
		paused = paused || strings.Contains(e.Text, "auto-refresh paused")
	}
	if refreshes != 5000 || !paused {
		t.Fatalf("a year's jump made %d auto-refreshes (paused told: %v), want 5000 and a note", refreshes, paused)
	}
	apply(t, w, "refresh", "advance 1m")
	if !hasKind(last(w), sim.KindRotated) {
		t.Error("after a manual refresh, auto-refresh did not resume")
	}
}

// TestRefusedActionsChangeNothing is World.Apply's contract: an action
// refused as not possible now leaves the log and the records exactly as
// they were, so undo never undoes a refusal and no goal counts one. Every
// verb and argument is tried in states where some are refused.
func TestRefusedActionsChangeNothing(t *testing.T) {
	var lines []string
	for _, v := range sim.Verbs {
		switch {
		case v.Name == "set" || v.Name == "advance" || v.Name == "login":
			continue // never refused for the state: they only fail to parse
		case len(v.Subs) == 0:
			lines = append(lines, v.Name)
		default:
			if v.Optional {
				lines = append(lines, v.Name)
			}
			for _, sub := range v.Subs {
				lines = append(lines, v.Name+" "+sub)
			}
		}
	}
	states := map[string][]string{
		"nothing happened yet":      nil,
		"logged out":                {"login", "logout"},
		"logged in, nothing stolen": {"login"},
	}
	refused := 0
	for name, setup := range states {
		for _, line := range lines {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, setup...)
			events, records := w.Log.Len(), len(w.Records())
			err := w.Apply(sim.Act(line))
			var nn *sim.NotNowError
			if !errors.As(err, &nn) {
				continue
			}
			refused++
			if w.Log.Len() != events || len(w.Records()) != records {
				t.Errorf("%s: refused %q (%v) but the log grew %d → %d and the records %d → %d",
					name, line, err, events, w.Log.Len(), records, len(w.Records()))
			}
		}
	}
	if refused < 10 {
		t.Fatalf("only %d refusals tried: the states no longer refuse what they should", refused)
	}
}

// TestAJumpLandsOnTheExpiryAtAFractionalStart: a world whose clock runs in
// real time stands between seconds; tokens still expire where their JWT
// says, and a jump lands past it, not a fraction before.
func TestAJumpLandsOnTheExpiryAtAFractionalStart(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1, Start: time.Date(2026, 1, 5, 9, 0, 0, 700_000_000, time.UTC)})
	apply(t, w, "login", "jump")
	if !hasKind(last(w), sim.KindTokenExpired) {
		t.Errorf("the jump to the access token's expiry told no expiry: %v", last(w))
	}
	if got := status(t, w, "call"); got != 401 {
		t.Errorf("a call after the jump: %d, want 401", got)
	}
	if st := w.TokenState(w.Client.AccessToken); st != "expired" {
		t.Errorf("the access token's state after the jump: %q, want expired", st)
	}
}
