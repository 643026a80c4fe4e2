package clock

import (
	"fmt"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/plural"
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

// Stamp writes a simulated instant as a transcript line or a pane row
// shows it: the time of day, "09:15:00", with the date in front when t
// falls on another day than ref, "Tue Jan 6 09:15:00", so that a jump of
// days never hides behind an unchanged clock face.
func Stamp(t, ref time.Time) string {
	if y, m, d := t.Date(); y != ref.Year() || m != ref.Month() || d != ref.Day() {
		return t.Format("Mon Jan 2 15:04:05")
	}
	return t.Format("15:04:05")
}

// Spell writes a limit for a sentence, in words: "30 minutes", "4 hours",
// "1 day", "90 minutes" (a sentence says that, not "1h30m"). A duration
// that is no whole number of seconds keeps Go's exact spelling, "1.5s":
// a limit must not read shorter than it is.
func Spell(d time.Duration) string {
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}, {time.Second, "second"}} {
		if d >= u.unit && d%u.unit == 0 {
			return plural.Count(int(d/u.unit), u.name)
		}
	}
	return d.String()
}

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
