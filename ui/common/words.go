package common

import (
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// StateLabel is a token state as a symbol and a word, coloured by how
// good the news is; without colour the word still says it.
func StateLabel(st *styles.Styles, state issuer.TokenState, stolen bool) string {
	var s string
	switch state {
	case "":
		s = st.Muted.Render("— none")
	case issuer.StateActive:
		s = st.OK.Render("✓ valid")
	case issuer.StateExpired:
		s = st.Warn.Render("✗ expired")
	case issuer.StateRotated:
		s = st.Muted.Render("↻ rotated-out")
	case issuer.StateRevoked:
		s = st.Bad.Render("✖ revoked")
	case issuer.StateDenied:
		s = st.Bad.Render("✖ denied")
	default:
		s = st.Muted.Render("? " + string(state))
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
	var s string
	switch state {
	case issuer.StateActive:
		s = st.OK.Render("✓")
	case issuer.StateExpired:
		s = st.Warn.Render("✗")
	case issuer.StateRotated:
		s = st.Muted.Render("↻")
	case issuer.StateRevoked, issuer.StateDenied:
		s = st.Bad.Render("✖")
	default:
		s = st.Muted.Render("?")
	}
	if stolen {
		s += " " + st.Attack.Render("☠")
	}
	return s
}

// Short prints a duration as a glance wants it: 11m48s, 6d23h, 15m.
func Short(d time.Duration) string { return clock.FormatShort(d) }
