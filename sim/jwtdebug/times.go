package jwtdebug

import (
	"fmt"
	"time"
)

// TimeClaim is one of the NumericDate claims iat, nbf or exp (RFC 7519
// §4.1.4–4.1.6), turned into an instant.
type TimeClaim struct {
	// Name is "iat", "nbf" or "exp".
	Name string
	// At is the instant the claim names, in UTC.
	At time.Time
}

// Relative describes the claim as seen at now, for example
// "expires in 14m0s" or "expired 3m0s ago". A token is expired at and after
// its exp (RFC 7519 §4.1.4), so at exactly exp it reads "expired 0s ago".
func (c TimeClaim) Relative(now time.Time) string {
	wording, ok := relativeWording[c.Name]
	if !ok {
		wording = [2]string{"in %s", "%s ago"}
	}
	if d := c.At.Sub(now); d > 0 {
		return fmt.Sprintf(wording[0], humanDuration(d))
	}
	return fmt.Sprintf(wording[1], humanDuration(now.Sub(c.At)))
}

// relativeWording holds, per claim, how to say that its instant is still
// ahead and that it has passed.
var relativeWording = map[string][2]string{
	"iat": {"issued %s in the future", "issued %s ago"},
	"nbf": {"not valid for another %s", "valid since %s ago"},
	"exp": {"expires in %s", "expired %s ago"},
}

// humanDuration formats a non-negative duration to whole seconds, counting
// days separately so a seven-day refresh lifetime reads "7d", not "168h0m0s".
// Below a second it keeps Go's precision, so a token that expires in 500ms
// does not read as expiring in 0s.
func humanDuration(d time.Duration) string {
	if d < time.Second {
		return d.String()
	}
	d = d.Truncate(time.Second)
	const day = 24 * time.Hour
	days := d / day
	rest := d % day
	switch {
	case days == 0:
		return rest.String()
	case rest == 0:
		return fmt.Sprintf("%dd", days)
	default:
		return fmt.Sprintf("%dd%s", days, rest)
	}
}
