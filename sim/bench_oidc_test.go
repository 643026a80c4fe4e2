package sim_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// What OpenID Connect adds to a login, at the issuer's handler: the same
// password login and code grant, with and without openid, the difference
// being the ID token's signature; and userinfo, against the API's check of
// the same access token.

func benchIssuer(b *testing.B) *issuer.Issuer {
	b.Helper()
	now := clock.Start
	iss, err := issuer.New(issuer.Config{
		URL: "https://tokenflow.test", Audience: "https://tokenflow.test/api",
		Now: func() time.Time { return now }, Rand: rand.NewChaCha8([32]byte{1}),
		Policy: issuer.DefaultPolicy(),
	})
	if err != nil {
		b.Fatal(err)
	}
	return iss
}

// benchLogin signs in with the password and redeems the code, asking for
// scope; it returns the token response.
func benchLogin(b *testing.B, iss *issuer.Issuer, scope string) issuer.TokenResponse {
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {issuer.PublicClientID}, "redirect_uri": {sim.RedirectURI},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
		"state": {"s"}, "scope": {scope}, "nonce": {"n"}}
	r := httptest.NewRequest(http.MethodPost, issuer.PathAuthorize+"?"+q.Encode(),
		strings.NewReader("username="+issuer.DemoUser+"&password="+issuer.DemoPassword))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	iss.ServeHTTP(rec, r)
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		b.Fatalf("authorize: %d %s", rec.Code, rec.Header())
	}
	form := "grant_type=authorization_code&client_id=" + issuer.PublicClientID + "&code=" + loc.Query().Get("code") +
		"&code_verifier=" + verifier + "&redirect_uri=" + url.QueryEscape(sim.RedirectURI)
	r = httptest.NewRequest(http.MethodPost, issuer.PathToken, strings.NewReader(form))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	iss.ServeHTTP(rec, r)
	var tr issuer.TokenResponse
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &tr) != nil {
		b.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	return tr
}

// BenchmarkLoginHandler is a password login and its code grant at the
// issuer's handler: plain OAuth (scope profile), and OpenID Connect
// (openid profile, with a nonce), whose only extra work is the ID token.
func BenchmarkLoginHandler(b *testing.B) {
	for _, scope := range []string{"profile", "openid profile"} {
		b.Run(strings.ReplaceAll(scope, " ", "-"), func(b *testing.B) {
			iss := benchIssuer(b)
			for b.Loop() {
				benchLogin(b, iss, scope)
			}
		})
	}
}

// BenchmarkUserinfoHandler is GET /userinfo with a valid access token at
// the issuer's handler: the access token checked as the API checks it,
// plus the issuer's own record of revocations.
func BenchmarkUserinfoHandler(b *testing.B) {
	iss := benchIssuer(b)
	tok := benchLogin(b, iss, "openid profile").AccessToken
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
