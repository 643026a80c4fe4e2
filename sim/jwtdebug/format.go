package jwtdebug

import (
	"fmt"
	"github.com/tokenflow/tokenflow/sim/clock"
	"strings"
	"text/tabwriter"
	"time"
)

// Format renders the decoded token as text: header, claims, the time
// claims as RFC 3339 instants and relative to now, any warnings, and the
// signature status. now is a parameter, not the wall clock, so a token from
// a simulated world can be read at that world's time.
func (d *Decoded) Format(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Header:\n%s\n\nClaims:\n%s\n", d.HeaderJSON, d.ClaimsJSON)

	if len(d.Times) > 0 {
		fmt.Fprintf(&b, "\nTimes (now is %s):\n", now.UTC().Format(time.RFC3339Nano))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, t := range d.Times {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", t.Name, t.At.Format(time.RFC3339Nano), t.Relative(now))
		}
		tw.Flush()
		iat, hasIAT := d.timeClaim("iat")
		exp, hasExp := d.timeClaim("exp")
		if hasIAT && hasExp && !exp.Before(iat) {
			fmt.Fprintf(&b, "  lifetime %s (exp - iat)\n", clock.FormatDuration(exp.Sub(iat)))
		}
	}

	if len(d.Warnings) > 0 {
		b.WriteString("\nWarnings:\n")
		for _, w := range d.Warnings {
			fmt.Fprintf(&b, "  - %s\n", w)
		}
	}

	fmt.Fprintf(&b, "\nSignature: %s\n", d.Signature)
	return b.String()
}

// timeClaim returns the instant of the named time claim, if the token has a
// valid one.
func (d *Decoded) timeClaim(name string) (time.Time, bool) {
	for _, t := range d.Times {
		if t.Name == name {
			return t.At, true
		}
	}
	return time.Time{}, false
}
