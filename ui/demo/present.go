package demo

import (
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Presenter is presenter mode, for a projector: a big clock, the tokens
// on a strip of a few lines, the sequence diagram across the whole width
// and a high-contrast theme. The state of the world is the same in both
// layouts; only the drawing changes. The root lays the screen out; this
// is the switch and the theme.
type Presenter struct{ on bool }

// NewPresenter returns presenter mode, on or off.
func NewPresenter(on bool) Presenter { return Presenter{on: on} }

// On reports whether presenter mode is on.
func (p Presenter) On() bool { return p.on }

// Toggle switches presenter mode and says what it did.
func (p *Presenter) Toggle(k *keymap.KeyMap) common.Status {
	p.on = !p.on
	if p.on {
		return common.Status{Text: "presenter mode: big clock, fewer and larger panes, high contrast; " +
			k.Present.Help().Key + " switches back"}
	}
	return common.Status{Text: "presenter mode off"}
}

// Styles are the styles for the mode and the terminal's background.
func (p Presenter) Styles(dark bool) *styles.Styles {
	if p.on {
		return styles.NewPresenterStyles(dark)
	}
	return styles.NewStyles(dark)
}
