// Package wallet is the Actors pane: the client app's tokens with their
// lifetime bars, the attacker's loot, and the policy that decides what a
// theft can do; in presenter mode, the same on a strip of a few lines.
// The arrow keys select a token, which the root opens in the inspector.
package wallet

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// The tokens the pane can select, in screen order.
const (
	selClientAccess = iota
	selClientRefresh
	selAttackerAccess
	selAttackerRefresh
	items
)

// Heights of the pane, frame included: with the policy summary, and
// without it when rows are scarce.
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

func (p *Pane) move(d int) { p.sel = (p.sel + d + items) % items }

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
	switch p.sel {
	case selClientAccess:
		return w.Client.AccessToken, "the client's access token", "access"
	case selClientRefresh:
		return w.Client.RefreshToken, "the client's refresh token", "refresh"
	case selAttackerAccess:
		return w.Attacker.AccessToken, "the attacker's access token", ""
	default:
		return w.Attacker.RefreshToken, "the attacker's refresh token", ""
	}
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

func (p *Pane) render(w, h int) string {
	st, world := p.c.Styles, p.sc.World
	focused := p.focused
	cfg := world.Config()
	inner := w - 4
	now := world.Now()
	var lines []string
	mark := func(i int) string {
		if focused && p.sel == i {
			return st.Accent.Render("›")
		}
		return " "
	}
	ca, cr := p.sc.ClientTokens()
	lines = append(lines, st.Bold.Render("Client app")+st.Muted.Render(fmt.Sprintf(" · %s · %s", cfg.Storage, cfg.Transport)))
	for i, t := range []common.TokenView{ca, cr} {
		lines = append(lines, tokenLine(st, mark(i), t, "none: "+p.c.Keys.Login.Help().Key+" logs in", p.sel == i && focused, inner))
		lines = append(lines, "  "+lifeBar(st, t, now, inner-2))
	}
	aa, ar := p.sc.AttackerTokens()
	lines = append(lines, st.AttackB.Render("Attacker's loot"))
	for i, t := range []common.TokenView{aa, ar} {
		lines = append(lines, tokenLine(st, mark(selAttackerAccess+i), t, "nothing stolen", p.sel == selAttackerAccess+i && focused, inner))
	}
	if h >= FullHeight {
		pol := cfg.Policy
		lines = append(lines,
			st.Bold.Render("Policy")+st.Muted.Render(" · "+p.c.Keys.Settings.Help().Key+" changes it"),
			st.Muted.Render(fmt.Sprintf("  rotation %s · reuse detection %s", onOff(pol.Rotation), onOff(pol.ReuseDetection))),
			st.Muted.Render(fmt.Sprintf("  grace %s · denylist %s · %s",
				sim.FormatDuration(pol.ReuseGrace), onOff(pol.Denylist), pol.Alg)),
			st.Muted.Render(fmt.Sprintf("  access %s · refresh %s · %s",
				sim.FormatDuration(pol.AccessTTL), sim.FormatDuration(pol.RefreshTTL), pol.RefreshFormat)),
		)
	}
	return common.Box(st, "Actors", "", lines, w, h, focused)
}

// RenderStrip is the presenter's wallet, w cells wide and h rows high: a
// line for the client's tokens, one for the attacker's, and the policy
// when there is room.
func (p *Pane) RenderStrip(w, h int) string {
	k := paneKey{world: p.sc.Key(), w: w, h: h, sel: p.sel, focused: p.focused, styles: p.c.Styles}
	return p.strip.Get(k, func() string { return p.renderStrip(w, h) })
}

func (p *Pane) renderStrip(w, h int) string {
	st, world, focused := p.c.Styles, p.sc.World, p.focused
	now := world.Now()
	inner := w - 4
	const labelW = 12
	half := (inner - labelW - 3) / 2
	cell := func(i int, t common.TokenView, none string) string {
		mark := " "
		if focused && p.sel == i {
			mark = st.Accent.Render("›")
		}
		line := tokenLine(st, mark, t, none, focused && p.sel == i, half)
		if room := half - ansi.StringWidth(line) - 2; t.Token != "" && room > 0 {
			// The bar, or at least the time left, or nothing: never
			// a label cut short.
			if bar := lifeBar(st, t, now, room); ansi.StringWidth(bar) <= room {
				line += "  " + bar
			}
		}
		return common.Fit(line, half)
	}
	row := func(label string, ls styles.Style, a, r string) string {
		return ls.Render(fmt.Sprintf("%-*s", labelW, label)) + a + "   " + r
	}
	ca, cr := p.sc.ClientTokens()
	aa, ar := p.sc.AttackerTokens()
	lines := []string{
		row("Client app", st.Bold, cell(selClientAccess, ca, "none: "+p.c.Keys.Login.Help().Key+" logs in"), cell(selClientRefresh, cr, "none")),
		row("Attacker", st.AttackB, cell(selAttackerAccess, aa, "nothing stolen"), cell(selAttackerRefresh, ar, "nothing stolen")),
	}
	if h >= 5 {
		pol := world.Config().Policy
		lines = append(lines, row("Policy", st.Bold,
			common.Fit(st.Text.Render(fmt.Sprintf(" rotation %s · reuse detection %s · denylist %s",
				onOff(pol.Rotation), onOff(pol.ReuseDetection), onOff(pol.Denylist))), half),
			st.Text.Render(fmt.Sprintf(" access %s · refresh %s · %s · %s",
				sim.FormatDuration(pol.AccessTTL), sim.FormatDuration(pol.RefreshTTL), pol.RefreshFormat, pol.Alg))))
	}
	return common.Box(st, "Tokens", "", lines, w, h, focused)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// tokenLine is "› access  at-01Bq9tEDGp-H  ✓ valid ☠ stolen", without the
// id when the state would not fit: the state matters more.
func tokenLine(st *styles.Styles, mark string, t common.TokenView, none string, selected bool, inner int) string {
	name := fmt.Sprintf("%-8s", t.Kind)
	if selected {
		name = st.Selected.Render(name)
	}
	if t.Token == "" {
		return mark + name + st.Muted.Render("— "+none)
	}
	state := common.StateLabel(st, t.State, t.Stolen)
	line := mark + name + st.Text.Render(t.ID) + "  " + state
	if ansi.StringWidth(line) > inner {
		return mark + name + state
	}
	return line
}

// lifeBar draws how much of a token's lifetime is left as a bar that
// drains with simulated time, then the time left in words.
func lifeBar(st *styles.Styles, t common.TokenView, now time.Time, width int) string {
	if t.Token == "" {
		return ""
	}
	if !t.HasLife {
		return st.Muted.Render("lifetime unknown")
	}
	left := t.Expires.Sub(now)
	total := t.Expires.Sub(t.Issued)
	var label string
	switch {
	case left > 0 && t.Kind == issuer.AccessToken && t.State == issuer.StateRevoked:
		// The family is revoked at the issuer, but without a denylist the
		// API checks the JWT alone: the token still works until exp.
		label = common.Short(left) + " left · API still accepts it"
	case left > 0:
		label = common.Short(left) + " left"
	default:
		label = "expired " + common.Short(-left) + " ago"
	}
	bw := min(width-len(label)-1, 30)
	if bw < 4 {
		return st.Muted.Render(label)
	}
	frac := 0.0
	if total > 0 && left > 0 {
		frac = min(float64(left)/float64(total), 1)
	}
	full := int(frac*float64(bw) + 0.5)
	if left > 0 && full == 0 {
		full = 1 // a sliver left is not the same as none
	}
	fill := st.BarFull
	switch {
	case left <= 0:
		fill = st.Bad
	case frac < 0.25:
		fill = st.Warn
	}
	return fill.Render(strings.Repeat("█", full)) + st.BarEmpty.Render(strings.Repeat("░", bw-full)) + " " + st.Muted.Render(label)
}
