package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/charmbracelet/x/ansi"
)

// helpIntro is what tokenflow is, in the fewest words that let a newcomer
// start.
func helpIntro(k *KeyMap) string {
	return "tokenflow runs a real OAuth 2.0 authorization server (the Issuer) and API on a simulated clock. " +
		"You drive the Client app, which logs in with the authorization-code flow and PKCE, calls the API with its " +
		"short-lived access token and uses its refresh token for new ones; and the Attacker, who steals tokens and " +
		"replays them. Every arrow in the sequence diagram is a real HTTP exchange: select it and press " +
		k.Inspect.Help().Key + " to read it."
}

// helpPane is the full key list, generated from the KeyMap.
type helpPane struct {
	c     *Common
	view  scroller
	cache cached[helpKey]
}

type helpKey struct {
	w, h   int
	off    int
	styles *Styles
}

// Render draws the help w cells wide and h rows high.
func (p *helpPane) Render(w, h int) string {
	return p.cache.get(helpKey{w, h, p.view.off, p.c.Styles}, func() string { return p.render(w, h) })
}

func (p *helpPane) render(w, h int) string {
	st := p.c.Styles
	inner := w - 4
	lines := wrapStyled(st.Text.Render, helpIntro(p.c.Keys), inner)
	lines = append(lines, "")

	groups := p.c.Keys.Groups()
	keyW, descW := 0, 0
	for _, g := range groups {
		for _, b := range g.Bindings {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
			descW = max(descW, ansi.StringWidth(b.Help().Desc))
		}
	}
	colW := keyW + 1 + descW + 2
	cols := max(min(inner/colW, len(groups)), 1)
	// Lay the groups out in rows of cols columns.
	for start := 0; start < len(groups); start += cols {
		row := groups[start:min(start+cols, len(groups))]
		height := 0
		for _, g := range row {
			height = max(height, len(g.Bindings)+1)
		}
		block := make([]string, height)
		for _, g := range row {
			col := make([]string, height)
			col[0] = st.PaneTitle.Render(g.Title)
			for i, b := range g.Bindings {
				col[i+1] = st.Key.Render(fmt.Sprintf("%-*s", keyW, b.Help().Key)) + " " + st.KeyDesc.Render(b.Help().Desc)
			}
			for i := range block {
				block[i] += fit(col[i], colW)
			}
		}
		lines = append(lines, block...)
		lines = append(lines, "")
	}
	lines = append(lines, wrapStyled(st.Muted.Render, "Undo and reset replay the action list, so they are instant and exact. "+
		"Time keys move the simulated clock only: a 30-day jump costs nothing.", inner)...)
	visible := p.view.window(lines, h-2)
	k := p.c.Keys
	return box(st, "Help · every key", p.view.footer(k, k.Back.Help().Key+" or "+k.Help.Help().Key+" closes"), visible, w, h, true)
}

// hintLine renders bindings as "l log in · c call API · …" through
// bubbles/help, cut with an ellipsis where the width runs out; tail (help,
// quit) always shows, at the right.
func hintLine(st *Styles, w int, items, tail []key.Binding) string {
	h := help.New()
	h.Styles, h.ShortSeparator, h.Ellipsis = st.Help, " · ", "…"
	right := h.ShortHelpView(tail)
	rw := ansi.StringWidth(right)
	h.SetWidth(max(w-rw-4, 0))
	left := h.ShortHelpView(items)
	gap := max(w-1-ansi.StringWidth(left)-rw, 1)
	return fit(" "+left+strings.Repeat(" ", gap)+right, w)
}

// as is b shown with another description: "h hint (2 left)".
func as(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}

// both is two bindings shown as one entry: "↑↓ scroll", "pgup/pgdn page".
func both(a, b key.Binding, desc string) key.Binding {
	ka, kb := a.Help().Key, b.Help().Key
	name := ka + kb
	if ansi.StringWidth(ka) > 1 || ansi.StringWidth(kb) > 1 {
		name = ka + "/" + kb
	}
	return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(name, desc))
}

// helpQuit is the hint line's tail: help and quit, always in reach.
func helpQuit(k *KeyMap) []key.Binding { return []key.Binding{k.Help, k.Quit} }

// scroller is a window onto more lines than fit: the overlays (help,
// inspector, export) and the lesson text scroll with it.
type scroller struct {
	off int // first visible line
	h   int // visible lines at the last render
	n   int // all lines at the last render
}

func (s *scroller) scroll(d int) { s.off = max(min(s.off+d, s.n-s.h), 0) }

func (s *scroller) page() int { return max(s.h-1, 1) }

// window records the size of lines and the height, clamps the offset and
// returns the visible part.
func (s *scroller) window(lines []string, h int) []string {
	s.h, s.n = max(h, 0), len(lines)
	s.off = max(min(s.off, s.n-s.h), 0)
	return lines[s.off:min(s.off+s.h, s.n)]
}

// footer is the frame's bottom label: where the window is, when it
// matters, and how to leave.
func (s *scroller) footer(k *KeyMap, leave string) string {
	if s.n <= s.h {
		return leave
	}
	return fmt.Sprintf("%s %s scroll · %d–%d of %d · %s", k.UpDown(), k.Paging(), s.off+1, min(s.off+s.h, s.n), s.n, leave)
}
