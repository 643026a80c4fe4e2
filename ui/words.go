package ui

import (
	"fmt"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// stateLabel is a token state as a symbol and a word, coloured by how
// good the news is; without colour the word still says it.
func stateLabel(st *Styles, state string, stolen bool) string {
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
		s = st.Muted.Render("? " + state)
	}
	if stolen {
		s += " " + st.Attack.Render("☠ stolen")
	}
	return s
}

// short prints a duration with at most its two largest units, the way a
// glance wants it: 11m48s, 6d23h, 15m, 45s.
func short(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	for i, u := range units {
		n := d / u.size
		if n == 0 {
			continue
		}
		out := fmt.Sprintf("%d%s", n, u.name)
		if i+1 < len(units) {
			if m := (d - n*u.size) / units[i+1].size; m > 0 {
				out += fmt.Sprintf("%d%s", m, units[i+1].name)
			}
		}
		return out
	}
	return "0s"
}
