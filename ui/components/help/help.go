// Package help is the help overlay: what tokenflow is, then every key by
// group, generated from the keymap's bindings so that it cannot drift
// from what the keys do; the accessible mode prints the same as lines.
package help

import (
	"fmt"

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
func Lines(k *keymap.KeyMap) []string {
	lines := []string{Intro(k)}
	for _, g := range k.Groups() {
		lines = append(lines, g.Title+":")
		for _, b := range g.Bindings {
			lines = append(lines, fmt.Sprintf("  %s: %s", b.Help().Key, b.Help().Desc))
		}
	}
	return lines
}

// Pane is the full key list, which scrolls.
type Pane struct {
	c     *common.Common
	view  common.Scroller
	cache common.Cached[paneKey]
}

var _ common.Component = (*Pane)(nil)

type paneKey struct {
	w, h   int
	off    int
	styles *styles.Styles
}

// New returns the help overlay.
func New(c *common.Common) *Pane { return &Pane{c: c} }

// Open starts the help at its top.
func (p *Pane) Open() { p.view.ScrollTo(0) }

// Update scrolls with the arrow, page, home and end keys; it reports
// whether msg was one of them.
func (p *Pane) Update(msg tea.KeyPressMsg) bool { return p.view.Update(p.c.Keys, msg) }

// ShortHelp is the overlay's keys, for the key line.
func (p *Pane) ShortHelp() []key.Binding {
	return append(common.ScrollHelp(p.c.Keys, false), p.c.Keys.Back)
}

// FullHelp is the overlay's keys in one column.
func (p *Pane) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// Render draws the help w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	return p.cache.Get(paneKey{w, h, p.view.Offset(), p.c.Styles}, func() string { return p.render(w, h) })
}

func (p *Pane) render(w, h int) string {
	st := p.c.Styles
	inner := w - 4
	lines := common.WrapStyled(st.Text.Render, Intro(p.c.Keys), inner)
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
				block[i] += common.Fit(col[i], colW)
			}
		}
		lines = append(lines, block...)
		lines = append(lines, "")
	}
	lines = append(lines, common.WrapStyled(st.Muted.Render, "Undo and reset replay the action list, so they are instant and exact. "+
		"Time keys move the simulated clock only: a 30-day jump costs nothing.", inner)...)
	visible := p.view.Window(lines, h-2)
	k := p.c.Keys
	return common.Box(st, "Help · every key", p.view.Footer(k, k.Back.Help().Key+" or "+k.Help.Help().Key+" closes"), visible, w, h, true)
}
