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
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	if d < 0 {
		return "-" + FormatDuration(-d)
	}
	if d < time.Second {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	return b.String()
}
