// Package common is what every part of the interface shares: the Common
// value (size, styles, keys, the accessible mode), the Scene (the world as
// the panes see it), the drawing helpers that frame a pane, and the texts
// several panes tell (status lines, the Why of a cause, the next step of
// the tour).
package common

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Common is what every component shares: the terminal size, the styles,
// the keys, the mode, and the accessible mode's lines. The root model owns
// it and hands each component a pointer; a session gets its own, so
// nothing about one learner's screen leaks into another's.
type Common struct {
	Width, Height int
	Styles        *styles.Styles
	Keys          *keymap.KeyMap
	// Dark is the terminal's background as last reported (dark until
	// then): the theme and the lessons' glamour renderings follow it.
	Dark bool
	// Accessible is the screen-reader mode: plain lines, no frames.
	Accessible bool

	printed []string // lines for the accessible mode, not yet printed
}

// Print queues lines for the accessible mode, which prints them once, in
// order, after the events the log gained; in the visual mode it does
// nothing.
func (c *Common) Print(lines ...string) {
	if c.Accessible {
		c.printed = append(c.printed, lines...)
	}
}

// TakePrinted returns the lines queued by Print and forgets them.
func (c *Common) TakePrinted() []string {
	lines := c.printed
	c.printed = nil
	return lines
}

// Component is a pane: it draws itself w cells wide and h rows high, and
// names the keys it answers to, for the key line and help.
type Component interface {
	Render(w, h int) string
	help.KeyMap
}

// NoKeys is embedded by a pane that answers to no key of its own.
type NoKeys struct{}

// ShortHelp is empty.
func (NoKeys) ShortHelp() []key.Binding { return nil }

// FullHelp is empty.
func (NoKeys) FullHelp() [][]key.Binding { return nil }

// ViewKey is what a pane that only shows the world depends on, as a cache
// key: the world's state, the pane's size and the styles.
type ViewKey struct {
	World  WorldKey
	W, H   int
	Styles *styles.Styles
}

// Overlay is what covers the body of the frame, if anything.
type Overlay int

// The overlays.
const (
	OverlayNone Overlay = iota
	OverlayHelp
	OverlayInspect
	OverlayExport
)

// Pane is which pane the arrow keys move in.
type Pane int

// The panes that take the arrow keys.
const (
	PaneSequence Pane = iota
	PaneWallet
)

// Focus is where the next key goes: a question waiting for its answer,
// an overlay over the body, the settings panel in place of the actors, or
// one of the panes. The root owns it; the course steers it as steps open
// and close.
type Focus struct {
	// Question is a sub-menu waiting for its answer (which forgery, which
	// token to introspect), or nil.
	Question *sim.Verb
	Overlay  Overlay
	Settings bool // the settings panel replaces the actors
	Pane     Pane
	// Screen, when not nil, takes the body and the keys in the place of
	// the panes: the compare view.
	Screen Screen
}

// Screen is a view of its own in the place of the panes, with worlds of
// its own: the compare view. The root draws it, hands it every key but
// its own global ones, and the actions typed at the prompt.
type Screen interface {
	Component
	// Key handles a key: the status line to show, whether the key was
	// the screen's, and whether the screen closed itself.
	Key(msg tea.KeyPressMsg) (status string, handled, closed bool)
	// Apply does an action typed at the prompt and says what came of it.
	Apply(a sim.Action) string
	// Lines is the screen as text, for the accessible mode.
	Lines() []string
}

// Minimum terminal size: below it the panes cannot show a token's state
// and its lifetime side by side with the sequence diagram.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Minimum terminal size in presenter mode, which stacks the tokens above
// the diagram instead of beside it, so a projector's large font (60×18
// cells on a wall) still gets a whole frame.
const (
	PresentMinWidth  = 60
	PresentMinHeight = 18
)
