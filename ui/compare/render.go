package compare

import (
	"strings"

	"github.com/tokenflow/tokenflow/sim"
	simcompare "github.com/tokenflow/tokenflow/sim/compare"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Render draws the view w cells wide and h rows high: both worlds side by
// side when the screen is wide enough, stacked when it is not, or the
// chosen one alone.
func (v *View) Render(w, h int) string {
	switch {
	case v.one:
		return v.box(v.sel, w, h)
	case w >= wideEnough:
		lw := w / 2
		return common.SideBySide(v.box(0, lw, h), lw, v.box(1, w-lw, h))
	}
	top := h / 2
	return v.box(0, w, top) + "\n" + v.box(1, w, h-top)
}

// box draws side i: how its preset differs from the course's defaults,
// who holds what, and each action's outcome, newest last, ≠ where the
// other world answered otherwise.
func (v *View) box(i, w, h int) string {
	st := v.c.Styles
	s := &v.sides[i]
	inner := w - 4
	var head []string
	head = append(head, common.WrapStyled(st.Muted.Render, strings.Join(simcompare.Differences(s.world.Config()), ", "), inner)...)
	if len(head) > 2 {
		head = head[:2] // the rest is in the settings of a world of its own
	}
	ca, cr := s.scene.ClientTokens()
	aa, ar := s.scene.AttackerTokens()
	head = append(head,
		st.Bold.Render("app     ")+common.StateLabel(st, ca.State, ca.Stolen)+st.Muted.Render(" · ")+common.StateLabel(st, cr.State, cr.Stolen),
		st.AttackB.Render("thief   ")+common.StateLabel(st, aa.State, false)+st.Muted.Render(" · ")+common.StateLabel(st, ar.State, false),
	)
	rows := max(h-2-len(head), 0)
	var lines []string
	if len(v.steps) == 0 {
		lines = append(lines, st.Muted.Render("No action yet: the world keys act on both worlds."))
	}
	first := max(len(v.steps)-rows, 0)
	for _, stp := range v.steps[first:] {
		mark := "  "
		if stp.outcomes[0] != stp.outcomes[1] {
			mark = st.Warn.Render("≠ ")
		}
		lines = append(lines, mark+st.Bold.Render(stp.action.String())+"  "+outcomeStyle(v, stp.outcomes[i]))
	}
	lines = append(head, lines...)
	title := "Compare · " + s.preset
	if p, ok := sim.FindPreset(s.preset); ok && p.Vendor != "" {
		title += " (" + p.Vendor + ")"
	}
	return common.Box(st, title, "", lines, w, h, i == v.sel)
}

// outcomeStyle colours an outcome by how it went: a refusal in the
// colour of bad news, the rest plain; the words say it either way.
func outcomeStyle(v *View, o string) string {
	st := v.c.Styles
	switch {
	case strings.HasPrefix(o, "4"), strings.HasPrefix(o, "5"), strings.HasPrefix(o, "can't"):
		return st.Bad.Render(o)
	case strings.HasPrefix(o, "2"):
		return st.OK.Render(o)
	}
	return st.Text.Render(o)
}
