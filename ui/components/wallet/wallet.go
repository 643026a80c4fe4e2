// Package wallet is the Actors pane: the client app's tokens with their
// lifetime bars and its ID token, the attacker's loot, and the policy that
// decides what a theft can do; in presenter mode, the same on a strip of a
// few lines. A token bound to a DPoP key says whose, and with a
// backend-for-frontend the app's tokens show where they live. The arrow
// keys select a token, which the root opens in the inspector.
package wallet

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// The tokens the pane can select, in screen order.
const (
	selClientAccess = iota
	selClientRefresh
	selClientID // only while the app holds an ID token
	selAttackerAccess
	selAttackerRefresh
	items
)

// Heights of the pane, frame included: with the policy summary, and
// without it when rows are scarce. While the app holds an ID token the
// full pane is a row taller (TallHeight); the compact one folds the
// attacker's empty slots instead.
const (
	FullHeight    = 14
	CompactHeight = 10
)

// Pane shows the actors and selects one of their tokens.
type Pane struct {
	c       *common.Common
	sc      *common.Scene
	sel     int
	focused bool
	cache   common.Cached[paneKey]
	strip   common.Cached[paneKey]
}

var _ common.Component = (*Pane)(nil)

type paneKey struct {
	world   common.WorldKey
	w, h    int
	sel     int
	focused bool
	styles  *styles.Styles
}

// New returns the pane of the world in sc.
func New(c *common.Common, sc *common.Scene) *Pane { return &Pane{c: c, sc: sc} }

// SetFocused says whether the arrow keys move in this pane.
func (p *Pane) SetFocused(f bool) { p.focused = f }

// TallHeight is the height at which the pane shows everything, the
// policy included.
func (p *Pane) TallHeight() int {
	if p.holdsID() {
		return FullHeight + 1
	}
	return FullHeight
}

// StripHeight is the height of the presenter's strip in a body h rows
// high: the client's and the attacker's tokens, the app's ID token when
// it holds one and the body is not short, and the policy when there is
// room.
func (p *Pane) StripHeight(h int) int {
	n := 4
	if h >= 24 {
		n++
	}
	if p.holdsID() && h >= 16 {
		n++
	}
	return n
}

func (p *Pane) holdsID() bool { return p.sc.World.Client.IDToken != "" }

// Update moves the selection with the up and down keys; it reports
// whether msg was one of them.
func (p *Pane) Update(msg tea.KeyPressMsg) bool {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	default:
		return false
	}
	p.Announce()
	return true
}

// move selects the next token up or down, past the ID token's row while
// the app holds none.
func (p *Pane) move(d int) {
	p.sel = (p.current() + d + items) % items
	if p.sel == selClientID && !p.holdsID() {
		p.sel = (p.sel + d + items) % items
	}
}

// current is the selected row: the ID token's only while the app holds
// one, the access token's once a logout took it away.
func (p *Pane) current() int {
	if p.sel == selClientID && !p.holdsID() {
		return selClientAccess
	}
	return p.sel
}

// Announce prints the selected token in accessible mode.
func (p *Pane) Announce() {
	_, label, _ := p.Selected()
	p.c.Print("selected: " + label + " (" + p.c.Keys.Inspect.Help().Key + " shows it in full)")
}

// Selected returns the selected token and a name for it, and, for the
// client's, the argument of the `inspect` action that opens it (opening
// the client's token is an action lessons check for).
func (p *Pane) Selected() (tok, label, inspect string) {
	w := p.sc.World
	which := "access"
	switch p.current() {
	case selAttackerAccess:
		return w.Attacker.AccessToken, "the attacker's access token", ""
	case selAttackerRefresh:
		return w.Attacker.RefreshToken, "the attacker's refresh token", ""
	case selClientRefresh:
		which = "refresh"
	case selClientID:
		which = "id-token"
	}
	tok, label = p.sc.ClientToken(which)
	return tok, label, which
}

// ShortHelp is what the pane adds to the key line while it has the focus.
func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{keymap.As(p.c.Keys.Inspect, "inspect")}
}

// FullHelp is every key of the pane.
func (p *Pane) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{{keymap.Both(k.Up, k.Down, "select"), keymap.As(k.Inspect, "inspect")}}
}

// Render draws the pane w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	k := paneKey{world: p.sc.Key(), w: w, h: h, sel: p.sel, focused: p.focused, styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

// selected reports whether row i carries the selection marker.
func (p *Pane) selected(i int) bool { return p.focused && p.current() == i }

func (p *Pane) mark(i int) string {
	if p.selected(i) {
		return p.c.Styles.Accent.Render("›")
	}
	return " "
}

func (p *Pane) render(w, h int) string {
	st, world := p.c.Styles, p.sc.World
	inner := w - 4
	login := "none: " + p.c.Keys.Login.Help().Key + " logs in"
	lines := []string{p.heading(inner)}
	ca, cr := p.sc.ClientTokens()
	for i, t := range []common.TokenView{ca, cr} {
		line, compact := tokenLine(st, p.mark(i), t, login, p.selected(i), inner, nil, keepIDBar)
		lines = append(lines, line, "  "+lifeBar(st, t, inner-2, clientNotes(t), compact))
	}
	id := p.sc.ClientIDToken()
	showID := id.Token != ""

	// The attacker's slots, folded away when the rows are too few for
	// everything: an empty slot first, then the ID token's row.
	aa, ar := p.sc.AttackerTokens()
	loot := []common.TokenView{aa, ar}
	keep := []bool{true, true}
	rows := h - 2
	need := func() int {
		n := len(lines) + 1
		for _, k := range keep {
			if k {
				n++
			}
		}
		if !keep[0] && !keep[1] {
			n++ // "nothing stolen"
		}
		if showID {
			n++
		}
		return n
	}
	if need() > rows {
		for i, t := range loot {
			keep[i] = t.Token != "" || p.selected(selAttackerAccess+i)
		}
	}
	if need() > rows && !p.selected(selClientID) {
		showID = false
	}
	if showID {
		line, _ := tokenLine(st, p.mark(selClientID), id, "", p.selected(selClientID), inner, idBodies(st), keepID)
		lines = append(lines, line)
	}
	lines = append(lines, st.AttackB.Render("Attacker's loot"))
	for i, t := range loot {
		if keep[i] {
			line, _ := tokenLine(st, p.mark(selAttackerAccess+i), t, "nothing stolen",
				p.selected(selAttackerAccess+i), inner, lootBodies(st, t), keepID)
			lines = append(lines, line)
		}
	}
	if !keep[0] && !keep[1] {
		lines = append(lines, " "+st.Muted.Render("— nothing stolen"))
	}
	if rows-len(lines) >= 4 {
		cfg := world.Config()
		pol := cfg.Policy
		lines = append(lines,
			st.Bold.Render("Policy")+st.Muted.Render(presetNote(cfg)+" · "+p.c.Keys.Settings.Help().Key+" changes it"),
			st.Muted.Render(fmt.Sprintf("  rotation %s · reuse detection %s", onOff(pol.Rotation), onOff(pol.ReuseDetection))),
			st.Muted.Render(fmt.Sprintf("  grace %s · denylist %s · %s",
				sim.FormatDuration(pol.ReuseGrace), onOff(pol.Denylist), pol.Alg)+dpopPolicy(pol)),
			st.Muted.Render(fmt.Sprintf("  access %s · %s", sim.FormatDuration(pol.AccessTTL), refreshPolicy(pol))),
		)
	}
	return common.Box(st, "Actors", "", lines, w, h, p.focused)
}

// heading names the client app and where it keeps its tokens: with a
// backend-for-frontend, on the server rather than in the browser, in as
// many words as fit.
func (p *Pane) heading(inner int) string {
	st, cfg := p.c.Styles, p.sc.World.Config()
	app := st.Bold.Render("Client app")
	if !p.sc.BFF() {
		return app + st.Muted.Render(fmt.Sprintf(" · %s · %s", cfg.Storage, cfg.Transport))
	}
	for _, s := range []string{" · on the app's backend (BFF) · " + string(cfg.Transport), " · on the app's backend (BFF)", " · on its backend (BFF)"} {
		if len("Client app")+len([]rune(s)) <= inner {
			return app + st.Muted.Render(s)
		}
	}
	return st.Bold.Render("On the app's backend (BFF)")
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
