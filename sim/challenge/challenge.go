// Package challenge writes the WWW-Authenticate challenges of tokenflow's
// token-protected endpoints, the resource API's and the issuer's userinfo
// alike: Bearer (RFC 6750 §3) and DPoP (RFC 9449 §7.1).
package challenge

import (
	"net/http"
	"strings"

	"github.com/tokenflow/tokenflow/sim/dpop"
)

// bearer and dpopScheme are the two challenges, without parameters
// beyond the realm and the algorithms a proof may use.
var (
	bearer     = `Bearer realm="tokenflow"`
	dpopScheme = `DPoP algs="` + strings.Join(dpop.Algs, " ") + `"`
)

// Write sets the challenges of a refusal on h. params, when not empty,
// are the error's parameters (see Error); they go in the challenge of the
// scheme the request used, dpop or Bearer (RFC 9449 §7.2), first. The
// other scheme is offered bare after it: DPoP only when offerDPoP.
func Write(h http.Header, usedDPoP, offerDPoP bool, params string) {
	if usedDPoP {
		h.Set("WWW-Authenticate", dpopScheme+params)
		h.Add("WWW-Authenticate", bearer)
		return
	}
	h.Set("WWW-Authenticate", bearer+params)
	if offerDPoP {
		h.Add("WWW-Authenticate", dpopScheme)
	}
}

// Error is the parameters of a challenge that names an error
// (RFC 6750 §3): its code and a description fitted by Text.
func Error(code, description string) string {
	return `, error="` + code + `", error_description="` + Text(description) + `"`
}

// Text fits a description into RFC 6750 §3's error_description, which
// allows only printable ASCII without '"' and '\'. Part of the text can
// come from the request (a token's alg, a proof's), so a sender must not
// be able to break out of the quoted string. A JSON body can keep the
// original wording.
func Text(s string) string {
	s = strings.ReplaceAll(s, "§", "section ")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case r == '\\' || r < 0x20 || r > 0x7e:
			return '?'
		}
		return r
	}, s)
}
