// Package happened is the "What happened" pane: the last action's story
// in full sentences, every event it caused, then why the most telling one
// happened.
package happened

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Pane tells the last action's story in full sentences: every event it
// caused, then why the most telling one happened.
type Pane struct {
	common.NoKeys
	c     *common.Common
	sc    *common.Scene
	cache common.Cached[common.ViewKey]
}

var _ common.Component = (*Pane)(nil)

// New returns the pane of the world in sc.
func New(c *common.Common, sc *common.Scene) *Pane { return &Pane{c: c, sc: sc} }

// Render draws the pane w cells wide and h rows high. It tells events
// only, so the passing of time alone does not redraw it.
func (p *Pane) Render(w, h int) string {
	k := common.ViewKey{World: p.sc.Key().Untimed(), W: w, H: h, Styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

func (p *Pane) render(w, h int) string {
	st, world := p.c.Styles, p.sc.World
	inner := w - 4
	events := world.Log.Since(world.ActionStart())
	if len(events) == 0 {
		return common.Box(st, "What happened", "", common.WrapStyled(st.Muted.Render,
			"Each key's consequences are told here in full sentences, with the rule behind them.", inner), w, h, false)
	}
	title := "What happened"
	var lines []string
	for _, e := range events {
		if e.Kind == sim.KindAction {
			title = "What happened · ▶ " + e.Text + " at " + p.sc.Stamp(e.At)
			continue
		}
		if e.Kind == sim.KindExchange || e.Kind == sim.KindCodeIssued {
			continue // the arrows show these
		}
		sym, style := common.NoteStyle(st, e)
		for i, l := range common.Wrap(e.Text, inner-2) {
			prefix := "  "
			if i == 0 {
				prefix = sym + " "
			}
			lines = append(lines, style.Render(prefix+l))
		}
	}
	var reason []string
	if e, ok := sim.Explain(events); ok {
		reason = common.WrapStyled(st.Accent.Render, "Why: "+common.Why(e.Cause), inner)
	}
	room := h - 2
	switch {
	case len(reason) == 0:
	case len(lines)+1+len(reason) <= room:
		lines = append(append(lines, ""), reason...)
	default:
		// Too little room for both: the reason is what the sequence
		// diagram cannot show, so it stays.
		lines = reason
		if len(lines) > room && room > 0 {
			lines = append(lines[:room-1], st.Accent.Render(strings.TrimSpace(ansi.Strip(lines[room-1]))+" …"))
		}
	}
	return common.Box(st, title, "", lines, w, h, false)
}
