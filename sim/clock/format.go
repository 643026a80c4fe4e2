package clock

import (
	"fmt"
	"strings"
	"time"
)

// FormatDuration prints a duration the way a learner says it: 15m, 7d,
// 1h30m. Whole seconds are enough for token lifetimes, so a remainder below
// a second is dropped; a duration shorter than a second keeps Go's
// precision, so a 500ms grace period does not read as 0s. It lives here,
// below both the world and the issuer, so the two spell durations alike.
func FormatDuration(d time.Duration) string { return format(d, 4) }

// FormatShort is FormatDuration cut to its two largest units, the way a
// glance wants it: 11m48s, 6d23h, 15m. Status lines and lifetime bars use
// it; a number that must be exact uses FormatDuration.
func FormatShort(d time.Duration) string { return format(d, 2) }

// format writes d in days, hours, minutes and seconds, at most units of
// them, largest first, dropping what is left.
func format(d time.Duration, units int) string {
	if d == 0 {
		return "0s"
	}
	if d < 0 {
		return "-" + format(-d, units)
	}
	if d < time.Second {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		n := d / u.unit
		if n == 0 {
			if b.Len() > 0 {
				units-- // a skipped unit still counts: 1d and 5s is "1d", not "1d5s"
			}
		} else {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
			units--
		}
		if units == 0 {
			break
		}
	}
	return b.String()
}
