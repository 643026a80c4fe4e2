// Package family is the token family pane: the refresh-token chain of
// the current login, generation by generation, who holds which, which one
// is current, and the moment reuse detection revoked them all.
package family

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
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
		_, lines := p.content(w-4, 1<<20)
		return len(lines) + 2
	})
}

func (p *Pane) render(w, h int) string {
	title, lines := p.content(w-4, h-2)
	return common.Box(p.c.Styles, title, "", lines, w, h, false)
}

// content is the pane's title and at most room lines, inner cells wide;
// when generations do not fit, the oldest give way.
func (p *Pane) content(inner, room int) (string, []string) {
	st := p.c.Styles
	fv := p.view.Get(p.sc.Key(), func() View { return Read(p.sc.World) })
	var lines []string
	title := "Token family"
	switch {
	case fv.Stateless:
		return title, common.WrapStyled(st.Muted.Render, "Refresh tokens are stateless JWTs: the issuer keeps no family, "+
			"so it cannot notice a stolen refresh token being reused, and logout cannot revoke one.", inner)
	case !fv.Found:
		return title, common.WrapStyled(st.Muted.Render, "No login yet. Each login starts a family: "+
			"every refresh hands out the next generation and retires the one presented.", inner)
	}
	info := fv.Info
	title = fmt.Sprintf("Token family %s · %s", info.ID, info.Subject)

	// The chain in one line: 1✓ → 2☠ → 3●, the newest generations if long.
	var chain []string
	for _, n := range fv.Nodes {
		chain = append(chain, fmt.Sprintf("%d%s", n.Generation, nodeSymbol(n, info.Revoked)))
	}
	chainLine := strings.Join(chain, " → ")
	for len(chain) > 1 && len([]rune(chainLine)) > inner-12 {
		chain = chain[1:]
		chainLine = "… → " + strings.Join(chain, " → ")
	}
	lines = append(lines, st.Muted.Render("generations ")+st.Bold.Render(chainLine))

	if info.Revoked {
		lines = append(lines, common.WrapStyled(st.Bad.Render, fmt.Sprintf("✖ REVOKED at %s: %s", info.RevokedAt.Format("15:04:05"), info.Reason), inner)...)
	} else if left := info.AbsExpiry.Sub(p.sc.World.Now()); left > 0 {
		lines = append(lines, st.OK.Render("● active")+st.Muted.Render(" · the login ends in "+common.Short(left)))
	} else {
		lines = append(lines, st.Warn.Render("✗ ended")+st.Muted.Render(" · the login reached its absolute lifetime"))
	}

	// One row per generation, newest last; the oldest give way first.
	legend := st.Muted.Render("● current ✓ used ☠ attacker ✖ revoked")
	left := room - len(lines) - 1
	nodes := fv.Nodes
	if left < len(nodes) && left > 1 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("… %d earlier generations", len(nodes)-left+1)))
		nodes = nodes[len(nodes)-left+1:]
	}
	for _, n := range nodes {
		lines = append(lines, nodeLine(p.c.Styles, n, inner))
	}
	if len(lines) < room {
		lines = append(lines, legend)
	}
	return title, lines
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
	case !n.UsedAt.IsZero():
		return "✓"
	}
	return "○"
}

// nodeLine is "#2 rt-0WF-Ay3T ↻ rotated-out used 09:15:00 · client ☠
// attacker". When that is too wide the id goes first, then the time of
// use: who holds the token and its state matter more.
func nodeLine(st *styles.Styles, n Node, inner int) string {
	state := st.OK.Render("● current")
	if !n.Current {
		state = common.StateLabel(st, n.State, false)
	}
	used := ""
	if !n.UsedAt.IsZero() && !n.Current {
		used = st.Muted.Render(" used " + n.UsedAt.Format("15:04:05"))
	}
	holders := ""
	if n.Client {
		holders += st.Accent.Render(" · client")
	}
	if n.Attacker {
		holders += st.Attack.Render(" · ☠ attacker")
	} else if n.Stolen {
		holders += st.Attack.Render(" · ☠ was stolen")
	}
	gen := st.Text.Render(fmt.Sprintf("#%d ", n.Generation))
	id := st.Text.Render(n.ID + " ")
	// The id names the token the other panes show; the time it was used
	// gives way first.
	for _, line := range []string{
		gen + id + state + used + holders,
		gen + id + state + holders,
		gen + state + holders,
	} {
		if ansi.StringWidth(line) <= inner {
			return line
		}
	}
	return gen + state + holders
}
