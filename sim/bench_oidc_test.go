package sim_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// What OpenID Connect adds to a login, at the issuer's handler: the same
// password login and code grant, with and without openid, the difference
// being the ID token's signature; and userinfo, against the API's check of
// the same access token.

// BenchmarkLoginHandler is a password login and its code grant at the
// issuer's handler: plain OAuth (scope profile), and OpenID Connect
// (openid profile, with a nonce), whose only extra work is the ID token.
func BenchmarkLoginHandler(b *testing.B) {
	for _, scope := range []string{"profile", "openid profile"} {
		b.Run(strings.ReplaceAll(scope, " ", "-"), func(b *testing.B) {
			iss := benchIssuer(b)
			for b.Loop() {
				loginWithScope(b, iss, scope)
			}
		})
	}
}

// BenchmarkUserinfoHandler is GET /userinfo with a valid access token at
// the issuer's handler: the access token checked as the API checks it,
// plus the issuer's own record of revocations.
func BenchmarkUserinfoHandler(b *testing.B) {
	iss := benchIssuer(b)
	tok := loginWithScope(b, iss, "openid profile").AccessToken
	tmpl := httptest.NewRequest(http.MethodGet, issuer.PathUserinfo, nil)
	tmpl.Header.Set("Authorization", "Bearer "+tok)
	for b.Loop() {
		rec := httptest.NewRecorder()
		iss.ServeHTTP(rec, tmpl)
		if rec.Code != http.StatusOK {
			b.Fatalf("userinfo: %d %s", rec.Code, rec.Body)
		}
	}
}
