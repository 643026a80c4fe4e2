// Package common is what every part of the interface shares: the Common
// value (size, styles, keys, the accessible mode), the Scene (the world as
// the panes see it), the drawing helpers that frame a pane, and the texts
// several panes tell (status lines, the Why of a cause, the next step of
// the tour).
package common

import (
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Common is what every component shares: the terminal size, the styles,
// the keys and the mode. The root model owns it and hands each component
// a pointer; a session gets its own, so nothing about one learner's screen
// leaks into another's.
type Common struct {
	Width, Height int
	Styles        *styles.Styles
	Keys          *keymap.KeyMap
	// Dark is the terminal's background as last reported (dark until
	// then): the theme and the lessons' glamour renderings follow it.
	Dark bool
	// Accessible is the screen-reader mode: plain lines, no frames.
	Accessible bool
}
