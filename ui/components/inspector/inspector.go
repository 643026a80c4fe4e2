// Package inspector opens one token or one event of the sequence diagram
// in full: a decoded JWT with its times against the simulated clock and
// its signature checked with the keys the world's API trusts, or an
// exchange's raw HTTP request and response with the tokens it carried.
package inspector

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// target is what the inspector shows: a token or an entry of the sequence
// diagram.
type target struct {
	token string    // a token's value, when inspecting a token
	label string    // "the client's access token"
	event sim.Event // otherwise, an event of the sequence diagram
}

// Pane is the inspector overlay, which scrolls.
type Pane struct {
	c      *common.Common
	sc     *common.Scene
	target target
	view   common.Scroller
	cache  common.Cached[paneKey]
}

var _ common.Component = (*Pane)(nil)

type paneKey struct {
	world  common.WorldKey
	w, h   int
	off    int
	styles *styles.Styles
}

// New returns the inspector of the world in sc.
func New(c *common.Common, sc *common.Scene) *Pane { return &Pane{c: c, sc: sc} }

// OpenToken shows tok, called label ("the client's access token"); an
// empty tok says that nobody holds one.
func (p *Pane) OpenToken(tok, label string) { p.open(target{token: tok, label: label}) }

// OpenEvent shows an event of the sequence diagram: an exchange in full,
// or what the event says and why.
func (p *Pane) OpenEvent(ev sim.Event) { p.open(target{event: ev}) }

func (p *Pane) open(t target) {
	p.target = t
	p.view.ScrollTo(0)
	p.cache.Reset()
}

// Lines is everything the inspector shows, as the accessible mode prints
// it: w cells wide, unframed.
func (p *Pane) Lines(w int) []string { return p.content(w) }

// Update scrolls with the arrow, page, home and end keys; it reports
// whether msg was one of them.
func (p *Pane) Update(msg tea.KeyPressMsg) bool { return p.view.Update(p.c.Keys, msg) }

// ShortHelp is the overlay's keys, for the key line.
func (p *Pane) ShortHelp() []key.Binding {
	return append(common.ScrollHelp(p.c.Keys, true), p.c.Keys.Back)
}

// FullHelp is every key of the overlay: its scrolling, and esc.
func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{append(common.ScrollFullHelp(p.c.Keys), p.c.Keys.Back)}
}

// Render draws the inspector w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	k := paneKey{world: p.sc.Key(), w: w, h: h, off: p.view.Offset(), styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

func (p *Pane) render(w, h int) string {
	st := p.c.Styles
	inner := w - 4
	lines := p.content(inner)
	visible := p.view.Window(lines, h-2)
	return common.Box(st, "Inspector · "+p.title(), p.view.Footer(p.c.Keys, p.c.Keys.Back.Help().Key+" closes"), visible, w, h, true)
}

func (p *Pane) title() string {
	if p.target.label != "" {
		return p.target.label
	}
	e := p.target.event
	if e.Exchange != nil {
		return fmt.Sprintf("exchange #%d", e.Exchange.ID)
	}
	return "event " + string(e.Kind)
}
