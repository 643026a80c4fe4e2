package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// walletItems are the tokens the wallet pane can select, in screen order.
const (
	selClientAccess = iota
	selClientRefresh
	selAttackerAccess
	selAttackerRefresh
	walletItems
)

// walletPane shows the actors: the client app's tokens with lifetime bars,
// the attacker's loot, and the settings that decide what theft can do.
type walletPane struct {
	c     *common.Common
	sc    *common.Scene
	sel   int
	cache common.Cached[walletKey]
}

type walletKey struct {
	world   common.WorldKey
	w, h    int
	sel     int
	focused bool
	styles  *styles.Styles
}

// Heights of the wallet pane, frame included: with the policy summary,
// and without it when rows are scarce.
const (
	walletFull    = 14
	walletCompact = 10
)

func (p *walletPane) move(d int) { p.sel = (p.sel + d + walletItems) % walletItems }

// selected returns the selected token and a name for it, and whether it
// is the client's (inspecting the client's token is an action lessons
// check for).
func (p *walletPane) selected() (tok, label, inspect string) {
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

// Render draws the pane w cells wide and h rows high.
func (p *walletPane) Render(w, h int, focused bool) string {
	k := walletKey{world: p.sc.Key(), w: w, h: h, sel: p.sel, focused: focused, styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h, focused) })
}

func (p *walletPane) render(w, h int, focused bool) string {
	st, world := p.c.Styles, p.sc.World
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
	if h >= walletFull {
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
