// Package family is the token family pane: the refresh-token chain of
// the current login, generation by generation, who holds which, which one
// is current, and the moment reuse detection revoked them all.
package family

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Pane draws the refresh-token chain of the current login: each
// generation, who holds it, which one is current, and the moment reuse was
// detected and the whole family revoked.
type Pane struct {
	common.NoKeys
	c       *common.Common
	sc      *common.Scene
	cache   common.Cached[common.ViewKey]
	natural common.Memo[common.ViewKey, int]
	// view is the family as last read: the natural height and the
	// rendering both want it, and reading it walks the whole log.
	view common.Memo[common.WorldKey, View]
}

var _ common.Component = (*Pane)(nil)

// New returns the pane of the world in sc.
func New(c *common.Common, sc *common.Scene) *Pane { return &Pane{c: c, sc: sc} }

// Render draws the pane w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	k := common.ViewKey{World: p.sc.Key(), W: w, H: h, Styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

// NaturalHeight is the rows the pane needs to show every generation.
func (p *Pane) NaturalHeight(w int) int {
	k := common.ViewKey{World: p.sc.Key(), W: w, Styles: p.c.Styles}
	return p.natural.Get(k, func() int {
		// Counted, not drawn: a long family would draw thousands of rows
		// to learn how many there are.
		_, head, fv := p.head(w - 4)
		if !fv.Found {
			return len(head) + 2
		}
		return len(head) + len(fv.Nodes) + len(legendLines(w-4)) + 2 // the rows, the legend, the frame
	})
}

func (p *Pane) render(w, h int) string {
	title, lines := p.content(w-4, h-2)
	return common.Box(p.c.Styles, title, "", lines, w, h, false)
}

// content is the pane's title and at most room lines, inner cells wide;
// when generations do not fit, the oldest give way. Only what fits is
// drawn, so a family of thousands of generations costs what a short one
// does beyond reading it.
func (p *Pane) content(inner, room int) (string, []string) {
	st := p.c.Styles
	title, lines, fv := p.head(inner)
	if !fv.Found {
		return title, lines
	}
	// One row per generation, newest last; the oldest give way first.
	legend := legendLines(inner)
	left := room - len(lines) - len(legend)
	nodes := fv.Nodes
	if left < len(nodes) && left > 1 {
		lines = append(lines, st.Muted.Render("… "+plural.Count(len(nodes)-left+1, "earlier generation")))
		nodes = nodes[len(nodes)-left+1:]
	}
	for _, n := range nodes {
		lines = append(lines, nodeLine(p.c.Styles, n, p.sc.Stamp(n.UsedAt), inner))
	}
	for _, l := range legend {
		if len(lines) < room {
			lines = append(lines, st.Muted.Render(l))
		}
	}
	return title, lines
}

// legendMarks are the chain's marks, said as the rows say them.
var legendMarks = []string{"● current", "↻ rotated-out", "☠ attacker", "✖ revoked"}

// legendLines are legendMarks on as few lines inner cells wide as they
// fit, never split inside a mark.
func legendLines(inner int) []string {
	if line := strings.Join(legendMarks, " "); ansi.StringWidth(line) <= inner {
		return []string{line} // the common case, at a tick's cost
	}
	return common.Pack(legendMarks, " ", inner)
}

// head is the pane's title and the lines above the rows of generations:
// the chain and the family's state, or what stands in for a family when
// there is none.
func (p *Pane) head(inner int) (string, []string, View) {
	st := p.c.Styles
	fv := p.view.Get(p.sc.Key(), func() View { return Read(p.sc.World) })
	title := "Token family"
	switch {
	case fv.Stateless:
		return title, common.WrapStyled(st.Muted.Render, "Refresh tokens are stateless JWTs: the issuer keeps no family, "+
			"so it cannot notice a stolen refresh token being reused, and logout cannot revoke one.", inner), fv
	case !fv.Found:
		return title, common.WrapStyled(st.Muted.Render, "No login yet. Each login starts a family: "+
			"every refresh hands out the next generation and retires the one presented.", inner), fv
	}
	info := fv.Info
	title = fmt.Sprintf("Token family %s · %s", info.ID, info.Subject)
	lines := []string{st.Muted.Render("generations ") + st.Bold.Render(chainLine(fv.Nodes, info.Revoked, inner-12))}
	if info.Revoked {
		lines = append(lines, common.WrapStyled(st.Bad.Render, fmt.Sprintf("✖ REVOKED at %s: %s", p.sc.Stamp(info.RevokedAt), info.Reason), inner)...)
	} else if left := info.AbsExpiry.Sub(p.sc.World.Now()); left > 0 {
		lines = append(lines, st.OK.Render("● active")+st.Muted.Render(" · the login ends in "+common.Short(left)))
	} else {
		lines = append(lines, common.WrapStyled(st.Warn.Render, "✗ ended: the login reached its absolute lifetime", inner)...)
	}
	return title, lines, fv
}

// chainLine is the chain in one line, 1↻ → 2☠ → 3●, at most budget runes
// long: the whole chain when it fits, else "…" and the newest generations
// that fit, at least one. A generation minted from one other than the
// generation before it, a sibling, starts again from its parent: under
// a policy that keeps rotated tokens valid, 1↻ → 2○ · 1 → 3● says that
// 3 came from 1, beside 2, not after it. It looks only at the generations
// it shows (and one more), newest first, so its cost does not grow with
// the family.
func chainLine(nodes []Node, revoked bool, budget int) string {
	const elided = "…"
	var parts []string // newest first, each with the joiner that leads to it
	inner, fit := 0, 1 // runes of the parts so far without the oldest one's joiner; how many fit after elided
	for i := len(nodes) - 1; i >= 0; i-- {
		label := fmt.Sprintf("%d%s", nodes[i].Generation, nodeSymbol(nodes[i], revoked))
		join := joiner(nodes, i)
		if len(parts) > 0 {
			// The part before this one keeps its joiner: it is no
			// longer the first shown.
			inner += utf8.RuneCountInString(joiner(nodes, i+1))
		}
		inner += utf8.RuneCountInString(label)
		parts = append(parts, label)
		if i == 0 && (inner <= budget || len(parts) == 1) {
			return joinParts(nodes, parts, 0, "")
		}
		if utf8.RuneCountInString(elided+join)+inner <= budget {
			fit = len(parts)
		}
		if inner > budget {
			break
		}
	}
	if len(parts) == 0 {
		return ""
	}
	first := len(nodes) - fit
	return joinParts(nodes, parts[:fit], first, elided+joiner(nodes, first))
}

// joiner is what leads to generation i in the chain line: an arrow from
// the generation before it, or, for a sibling, from its parent named
// again.
func joiner(nodes []Node, i int) string {
	if i == 0 {
		return ""
	}
	if p := nodes[i].Parent; p != 0 && p != nodes[i-1].Generation {
		return fmt.Sprintf(" · %d → ", p)
	}
	return " → "
}

// joinParts writes the labels of parts (newest first) oldest first, from
// nodes[first] on, after prefix.
func joinParts(nodes []Node, parts []string, first int, prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for k := len(parts) - 1; k >= 0; k-- {
		if i := first + len(parts) - 1 - k; k < len(parts)-1 {
			b.WriteString(joiner(nodes, i))
		}
		b.WriteString(parts[k])
	}
	return b.String()
}

// nodeSymbol marks a generation in the one-line chain.
func nodeSymbol(n Node, revoked bool) string {
	switch {
	case n.Current:
		return "●"
	case n.Attacker:
		return "☠"
	case revoked:
		return "✖"
	case n.State == issuer.StateRotated:
		return "↻" // as the rows say it
	case !n.UsedAt.IsZero():
		return "✓" // used, and kept valid by the policy: ✓ is valid everywhere
	}
	return "○"
}

// nodeLine is "#2 rt-0WF-Ay3T ↻ rotated-out used 09:15:00 · client ☠
// attacker". When that is too wide the time of use goes first, then the
// state's word; the id goes only when even its mark does not fit.
func nodeLine(st *styles.Styles, n Node, usedAt string, inner int) string {
	state, mark := st.OK.Render("● current"), st.OK.Render("●")
	if !n.Current {
		state, mark = common.StateLabel(st, n.State, false), common.StateMark(st, n.State, false)
	}
	used := ""
	if !n.UsedAt.IsZero() && !n.Current {
		used = st.Muted.Render(" used " + usedAt)
	}
	holders, few := "", "" // few: the holders in the fewest cells
	if n.Client {
		holders += st.Accent.Render(" · client")
		few += st.Accent.Render(" · client")
	}
	if n.Attacker {
		holders += st.Attack.Render(" · ☠ attacker")
		few += st.Attack.Render(" ☠")
	} else if n.Stolen {
		holders += st.Attack.Render(" · ☠ was stolen")
		few += st.Attack.Render(" ☠")
	}
	gen := st.Text.Render(fmt.Sprintf("#%d ", n.Generation))
	if n.Parent != 0 && n.Parent != n.Generation-1 {
		// A sibling says where it came from: the row above is not its
		// parent.
		gen = st.Text.Render(fmt.Sprintf("#%d", n.Generation)) + st.Muted.Render(fmt.Sprintf(" from #%d ", n.Parent))
	}
	id := st.Text.Render(n.ID + " ")
	// The id names the token the other panes and the events show: the
	// time it was used gives way first, then the state's word (the
	// legend under the rows says what each mark means).
	for _, line := range []string{
		gen + id + state + used + holders,
		gen + id + state + holders,
		gen + id + mark + holders,
		gen + id + mark + few,
		gen + state + holders,
	} {
		if ansi.StringWidth(line) <= inner {
			return line
		}
	}
	return gen + state + holders
}
