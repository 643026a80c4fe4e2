// Package help is the help overlay: what tokenflow is, then every key by
// group: the global keys (keymap.Groups) and each component's own, from
// its FullHelp, all generated from the bindings so that they cannot drift
// from what the keys do; the accessible mode prints the same as lines.
package help

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Intro is what tokenflow is, in the fewest words that let a newcomer
// start.
func Intro(k *keymap.KeyMap) string {
	return "tokenflow runs a real OAuth 2.0 authorization server (the Issuer) and API on a simulated clock. " +
		"You drive the Client app, which logs in with the authorization-code flow and PKCE, calls the API with its " +
		"short-lived access token and uses its refresh token for new ones; and the Attacker, who steals tokens and " +
		"replays them. Every arrow in the sequence diagram is a real HTTP exchange: select it and press " +
		k.Inspect.Help().Key + " to read it."
}

// Lines lists every key by group, for the accessible mode.
func (p *Pane) Lines() []string {
	lines := []string{Intro(p.c.Keys)}
	for _, g := range p.groups() {
		lines = append(lines, g.Title+":")
		for _, b := range g.Bindings {
			lines = append(lines, fmt.Sprintf("  %s: %s", b.Help().Key, b.Help().Desc))
		}
	}
	return lines
}

// Pane is the full key list, which scrolls.
type Pane struct {
	c      *common.Common
	groups func() []keymap.KeyGroup
	view   common.Scroller
	cache  common.Cached[paneKey]
}

var _ common.Component = (*Pane)(nil)

type paneKey struct {
	w, h   int
	off    int
	groups string // the groups' titles: which components have keys now
	styles *styles.Styles
}

// New returns the help overlay of the groups of keys that groups lists
// when it is drawn: the root's global keys and its components' own.
func New(c *common.Common, groups func() []keymap.KeyGroup) *Pane {
	return &Pane{c: c, groups: groups}
}

// Open starts the help at its top.
func (p *Pane) Open() { p.view.ScrollTo(0) }

// Update scrolls with the arrow, page, home and end keys; it reports
// whether msg was one of them.
func (p *Pane) Update(msg tea.KeyPressMsg) bool { return p.view.Update(p.c.Keys, msg) }

// ShortHelp is the overlay's keys, for the key line.
func (p *Pane) ShortHelp() []key.Binding {
	return append(common.ScrollHelp(p.c.Keys, false), p.c.Keys.Back)
}

// FullHelp is every key of the overlay: its scrolling, and the keys that
// close it.
func (p *Pane) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{append(common.ScrollFullHelp(k), keymap.As(k.Back, "closes"), keymap.As(k.Help, "closes"))}
}

// Render draws the help w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	groups := p.groups()
	var titles strings.Builder
	for _, g := range groups {
		titles.WriteString(g.Title + "\x00")
	}
	k := paneKey{w, h, p.view.Offset(), titles.String(), p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(groups, w, h) })
}

func (p *Pane) render(groups []keymap.KeyGroup, w, h int) string {
	st := p.c.Styles
	inner := w - 4
	lines := common.WrapStyled(st.Text.Render, Intro(p.c.Keys), inner)
	lines = append(lines, "")

	// Each group is a column as wide as its own keys and words; the
	// groups fill rows left to right, as many as the width takes.
	widths := make([]int, len(groups))
	keyWs := make([]int, len(groups))
	for i, g := range groups {
		descW := ansi.StringWidth(g.Title)
		for _, b := range g.Bindings {
			keyWs[i] = max(keyWs[i], ansi.StringWidth(b.Help().Key))
			descW = max(descW, ansi.StringWidth(b.Help().Desc))
		}
		widths[i] = min(max(keyWs[i]+1+descW, ansi.StringWidth(g.Title))+2, inner)
	}
	for start := 0; start < len(groups); {
		end, used := start, 0
		for end < len(groups) && (end == start || used+widths[end] <= inner) {
			used += widths[end]
			end++
		}
		height := 0
		for _, g := range groups[start:end] {
			height = max(height, len(g.Bindings)+1)
		}
		block := make([]string, height)
		for c := start; c < end; c++ {
			g := groups[c]
			col := make([]string, height)
			col[0] = st.PaneTitle.Render(g.Title)
			for i, b := range g.Bindings {
				col[i+1] = st.Key.Render(fmt.Sprintf("%-*s", keyWs[c], b.Help().Key)) + " " + st.KeyDesc.Render(b.Help().Desc)
			}
			for i := range block {
				block[i] += common.Fit(col[i], widths[c])
			}
		}
		lines = append(lines, block...)
		lines = append(lines, "")
		start = end
	}
	lines = append(lines, common.WrapStyled(st.Muted.Render, "Undo and reset replay the action list, so they are instant and exact. "+
		"Time keys move the simulated clock only: a 30-day jump costs nothing.", inner)...)
	visible := p.view.Window(lines, h-2)
	k := p.c.Keys
	return common.Box(st, "Help · every key", p.view.Footer(k, k.Back.Help().Key+" or "+k.Help.Help().Key+" closes"), visible, w, h, true)
}
