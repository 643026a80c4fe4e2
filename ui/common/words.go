package common

import (
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// stateLook is how a token state shows: its mark, its word, and the
// style that says how good the news is.
func stateLook(st *styles.Styles, state issuer.TokenState) (mark, word string, style styles.Style) {
	switch state {
	case issuer.StateActive:
		return "✓", "valid", st.OK
	case issuer.StateExpired:
		return "✗", "expired", st.Warn
	case issuer.StateRotated:
		return "↻", "rotated-out", st.Muted
	case issuer.StateRevoked:
		return "✖", "revoked", st.Bad
	case issuer.StateDenied:
		return "✖", "denied", st.Bad
	}
	return "?", string(state), st.Muted
}

// StateLabel is a token state as a symbol and a word, coloured by how
// good the news is; without colour the word still says it.
func StateLabel(st *styles.Styles, state issuer.TokenState, stolen bool) string {
	var s string
	if state == "" {
		s = st.Muted.Render("— none")
	} else {
		mark, word, style := stateLook(st, state)
		s = style.Render(mark + " " + word)
	}
	if stolen {
		s += " " + st.Attack.Render("☠ stolen")
	}
	return s
}

// StateMark is StateLabel without its word, for a line too narrow for
// both the state and the token's id: "✖", "✓ ☠". A line that uses it
// leaves the word to another line (the wallet's time-left line).
func StateMark(st *styles.Styles, state issuer.TokenState, stolen bool) string {
	mark, _, style := stateLook(st, state)
	s := style.Render(mark)
	if stolen {
		s += " " + st.Attack.Render("☠")
	}
	return s
}

// Short prints a duration as a glance wants it: 11m48s, 6d23h, 15m.
func Short(d time.Duration) string { return clock.FormatShort(d) }
