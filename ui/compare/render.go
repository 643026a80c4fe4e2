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

// box draws side i: the settings on which it differs from the other
// side, with its own values, who holds what, and each action's outcome
// in words, newest last, ≠ where the other world answered otherwise.
func (v *View) box(i, w, h int) string {
	st := v.c.Styles
	s := &v.sides[i]
	inner := w - 4
	var head []string
	head = append(head, common.WrapStyled(st.Muted.Render, v.settings(i), inner)...)
	if len(head) > 3 {
		head = append(head[:2], st.Muted.Render(common.Fit("… the rest in each world's settings", inner)))
	}
	ca, cr := s.scene.ClientTokens()
	aa, ar := s.scene.AttackerTokens()
	tokens := func(who string, style func(string) string, a, r string) string {
		return common.Fit(style(who)+st.Muted.Render("access ")+a+st.Muted.Render(" · refresh ")+r, inner)
	}
	head = append(head,
		tokens("app    ", st.Bold.Render, common.StateLabel(st, ca.State, ca.Stolen), common.StateLabel(st, cr.State, cr.Stolen)),
		tokens("thief  ", st.AttackB.Render, common.StateLabel(st, aa.State, false), common.StateLabel(st, ar.State, false)),
	)
	rows := max(h-2-len(head), 0)
	var lines []string
	if len(v.steps) == 0 {
		lines = append(lines, st.Muted.Render("No action yet: the world keys act on both worlds."))
	}
	// Newest last: the steps that fit, whole, each outcome wrapped under
	// its action rather than cut.
	for j := len(v.steps) - 1; j >= 0; j-- {
		stp := v.steps[j]
		mark := "  "
		if stp.differ() {
			mark = st.Warn.Render("≠ ")
		}
		o := stp.outcomes[i]
		wrapped := common.Wrap(stp.action.String()+"  "+say(o), inner-2)
		out := make([]string, len(wrapped))
		for k, l := range wrapped {
			prefix := "  "
			if k == 0 {
				prefix = mark
				action := stp.action.String()
				if rest, ok := strings.CutPrefix(l, action); ok {
					out[k] = prefix + st.Bold.Render(action) + outcomeStyle(v, o, rest)
					continue
				}
			}
			out[k] = prefix + outcomeStyle(v, o, l)
		}
		if len(lines)+len(out) > rows {
			break
		}
		lines = append(out, lines...)
	}
	lines = append(head, lines...)
	title := "Compare · " + s.preset
	if p, ok := sim.FindPreset(s.preset); ok && p.Vendor != "" {
		title += " (" + p.Vendor + ")"
	}
	return common.Box(st, title, "", lines, w, h, i == v.sel)
}

// outcomeStyle paints text, part of outcome o's words, by how o went: a
// refusal in the colour of bad news, a success in good, the rest plain;
// the words say it either way.
func outcomeStyle(v *View, o simcompare.Outcome, text string) string {
	st := v.c.Styles
	switch {
	case o.Failed, o.Status >= 400:
		return st.Bad.Render(text)
	case o.Status >= 200 && o.Status < 300:
		return st.OK.Render(text)
	}
	return st.Text.Render(text)
}
