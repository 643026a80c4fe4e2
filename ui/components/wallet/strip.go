package wallet

import (
	"fmt"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// narrowStrip is the width below which the strip's row labels shorten.
const narrowStrip = 80

// RenderStrip is the presenter's wallet, w cells wide and h rows high: a
// line for the client's tokens, one for its ID token while it holds one,
// one for the attacker's, and the policy when there is room.
func (p *Pane) RenderStrip(w, h int) string {
	k := paneKey{world: p.sc.Key(), w: w, h: h, sel: p.sel, focused: p.focused, styles: p.c.Styles}
	return p.strip.Get(k, func() string { return p.renderStrip(w, h) })
}

func (p *Pane) renderStrip(w, h int) string {
	st := p.c.Styles
	inner := w - 4
	labelW, client := 12, "Client app"
	if p.sc.BFF() {
		client = "App's BFF" // the backend holds them, not the browser
	}
	if w < narrowStrip {
		// A projector's large font: the cells need the room more.
		labelW, client = 9, "Client"
		if p.sc.BFF() {
			client = "BFF"
		}
	}
	half := (inner - labelW - 3) / 2
	cell := func(i int, t common.TokenView, none string, loot bool) string {
		bodies := stripBodies(st, t, loot)
		if t.Kind == issuer.IDToken {
			bodies = idBodies(st)
		}
		line, _ := tokenLine(st, p.mark(i), t, none, p.selected(i), half, bodies, keepWords)
		if room := half - ansi.StringWidth(line) - 2; t.Token != "" && t.Kind != issuer.IDToken && room > 0 {
			// The bar, or at least the time left, or nothing: never
			// a label cut short.
			if bar := lifeBar(st, t, room, nil, false); ansi.StringWidth(bar) <= room {
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
	// A side that holds nothing says so once, across both its cells,
	// unless a selection has to show in one of them.
	empty := func(a, r common.TokenView, sel int, text string) (string, bool) {
		if a.Token != "" || r.Token != "" || p.selected(sel) || p.selected(sel+1) {
			return "", false
		}
		return common.Fit(" "+st.Muted.Render("— "+text), 2*half), true
	}
	var lines []string
	if line, ok := empty(ca, cr, selClientAccess, "no tokens: "+p.c.Keys.Login.Help().Key+" logs in"); ok {
		lines = append(lines, row(client, st.Bold, line, ""))
	} else {
		lines = append(lines, row(client, st.Bold, cell(selClientAccess, ca, "none: "+p.c.Keys.Login.Help().Key+" logs in", false), cell(selClientRefresh, cr, "none", false)))
	}
	if id := p.sc.ClientIDToken(); id.Token != "" && h-2 >= 3 {
		lines = append(lines, row("", st.Bold, cell(selClientID, id, "", false), ""))
	}
	if line, ok := empty(aa, ar, selAttackerAccess, "nothing stolen"); ok {
		lines = append(lines, row("Attacker", st.AttackB, line, ""))
	} else {
		lines = append(lines, row("Attacker", st.AttackB, cell(selAttackerAccess, aa, "nothing stolen", true), cell(selAttackerRefresh, ar, "nothing stolen", true)))
	}
	if h-2 > len(lines) {
		pol := p.sc.World.Config().Policy
		lines = append(lines, row("Policy", st.Bold,
			common.Fit(st.Text.Render(fmt.Sprintf(" rotation %s · reuse detection %s · denylist %s",
				onOff(pol.Rotation), onOff(pol.ReuseDetection), onOff(pol.Denylist))), half),
			st.Text.Render(fmt.Sprintf(" access %s · %s · %s",
				sim.FormatDuration(pol.AccessTTL), refreshPolicy(pol), pol.Alg)+dpopPolicy(pol))))
	}
	return common.Box(st, "Tokens", "", lines, w, h, p.focused)
}
