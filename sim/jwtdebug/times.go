package jwtdebug

import (
	"fmt"
	"github.com/tokenflow/tokenflow/sim/clock"
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
		return fmt.Sprintf(wording[0], clock.FormatDuration(d))
	}
	return fmt.Sprintf(wording[1], clock.FormatDuration(now.Sub(c.At)))
}

// relativeWording holds, per claim, how to say that its instant is still
// ahead and that it has passed.
var relativeWording = map[string][2]string{
	"iat": {"issued %s in the future", "issued %s ago"},
	"nbf": {"not valid for another %s", "valid since %s ago"},
	"exp": {"expires in %s", "expired %s ago"},
}
