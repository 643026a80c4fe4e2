package sim

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// TestValidateIDTokenRefusesEachFault: each check of OIDC Core §3.1.3.7
// (and at_hash, §3.1.3.8) refuses a token that breaks only it.
func TestValidateIDTokenRefusesEachFault(t *testing.T) {
	key := drawKey(rand.NewChaCha8([32]byte{1}))
	other := drawKey(rand.NewChaCha8([32]byte{2}))
	now := clock.Start
	good := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "https://tokenflow.test", "sub": "alice", "aud": issuer.PublicClientID,
			"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(), "nonce": "n-1", "at_hash": leftHalfHash("at")}
	}
	want := idTokenWant{issuer: "https://tokenflow.test", clientID: issuer.PublicClientID, nonce: "n-1", accessToken: "at", now: now}
	keys := func(*jwt.Token) (any, error) { return &key.PublicKey, nil }
	sign := func(c jwt.MapClaims, method jwt.SigningMethod, k any) string {
		s, err := jwt.NewWithClaims(method, c).SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	edit := func(f func(jwt.MapClaims)) string {
		c := good()
		f(c)
		return sign(c, issuer.DeterministicES256, key)
	}
	if err := validateIDToken(edit(func(jwt.MapClaims) {}), keys, want); err != nil {
		t.Fatalf("a good ID token: %v", err)
	}
	tests := []struct {
		name, token, says string
	}{
		{"not a JWT", "garbage", "not a JWT"},
		{"another key", sign(good(), issuer.DeterministicES256, other), "signature"},
		{"HMAC", sign(good(), jwt.SigningMethodHS256, []byte("secret")), "signature"},
		{"another issuer", edit(func(c jwt.MapClaims) { c["iss"] = "https://evil.example" }), "iss"},
		{"another client", edit(func(c jwt.MapClaims) { c["aud"] = "https://tokenflow.test/api" }), "aud"},
		{"expired", edit(func(c jwt.MapClaims) { c["exp"] = now.Unix() }), "exp"},
		{"no exp", edit(func(c jwt.MapClaims) { delete(c, "exp") }), "validate"},
		{"issued in the future", edit(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Minute).Unix() }), "iat"},
		{"another login's nonce", edit(func(c jwt.MapClaims) { c["nonce"] = "n-2" }), "nonce"},
		{"no nonce", edit(func(c jwt.MapClaims) { delete(c, "nonce") }), "nonce"},
		{"another access token", edit(func(c jwt.MapClaims) { c["at_hash"] = leftHalfHash("other") }), "at_hash"},
		{"several audiences, another azp", edit(func(c jwt.MapClaims) {
			c["aud"] = []string{issuer.PublicClientID, "other"}
			c["azp"] = "other"
		}), "azp"},
	}
	for _, tt := range tests {
		err := validateIDToken(tt.token, keys, want)
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: %v, want a refusal naming %s", tt.name, err, tt.says)
		}
	}
}

func TestCookieJarRunsOnTheSimulatedClock(t *testing.T) {
	now := clock.Start
	jar := newCookieJar(func() time.Time { return now })
	issuerURL, _ := url.Parse("https://tokenflow.test/authorize")
	jar.SetCookies(issuerURL, []*http.Cookie{{Name: "s", Value: "1", Path: "/", MaxAge: 60, Secure: true, HttpOnly: true}})
	if v, ok := jar.value(issuerURL, "s"); !ok || v != "1" {
		t.Fatalf("a fresh cookie: %q %v", v, ok)
	}
	now = now.Add(59 * time.Second)
	if _, ok := jar.value(issuerURL, "s"); !ok {
		t.Error("the cookie died before its Max-Age on the simulated clock")
	}
	now = now.Add(time.Second)
	if _, ok := jar.value(issuerURL, "s"); ok {
		t.Error("the cookie outlived its Max-Age on the simulated clock")
	}
	jar.SetCookies(issuerURL, []*http.Cookie{{Name: "s", Value: "2", Path: "/"}})
	jar.SetCookies(issuerURL, []*http.Cookie{{Name: "s", Value: "", Path: "/", MaxAge: -1}})
	if _, ok := jar.value(issuerURL, "s"); ok {
		t.Error("Max-Age=0 did not delete the cookie")
	}
}

// TestCookieJarKeepsSecureCookiesToSecureOrigins, as browsers do: set and
// sent over HTTPS, or to loopback, never over plain HTTP elsewhere.
func TestCookieJarKeepsSecureCookiesToSecureOrigins(t *testing.T) {
	jar := newCookieJar(func() time.Time { return clock.Start })
	plain, _ := url.Parse("http://tokenflow.test/authorize")
	tls, _ := url.Parse("https://tokenflow.test/authorize")
	loopback, _ := url.Parse("http://127.0.0.1:8080/authorize")
	secure := []*http.Cookie{{Name: "s", Value: "1", Path: "/", Secure: true}}
	jar.SetCookies(plain, secure)
	if _, ok := jar.value(tls, "s"); ok {
		t.Error("a Secure cookie set over plain HTTP was kept")
	}
	jar.SetCookies(tls, secure)
	if _, ok := jar.value(plain, "s"); ok {
		t.Error("a Secure cookie was sent over plain HTTP")
	}
	jar.SetCookies(loopback, secure)
	if _, ok := jar.value(loopback, "s"); !ok {
		t.Error("a Secure cookie was refused on loopback, which browsers treat as secure")
	}
	other, _ := url.Parse("https://evil.example/")
	if _, ok := jar.value(other, "s"); ok {
		t.Error("a host-only cookie went to another host")
	}
	apiPath, _ := url.Parse("https://tokenflow.test/api/profile")
	jar.SetCookies(apiPath, []*http.Cookie{{Name: "p", Value: "1"}})
	if _, ok := jar.value(tls, "p"); ok {
		t.Error("a cookie set at /api/profile with no Path went to /authorize (RFC 6265 §5.1.4)")
	}
	jar.SetCookies(tls, []*http.Cookie{{Name: "d", Value: "1", Domain: "evil.example"}})
	if _, ok := jar.value(other, "d"); ok {
		t.Error("a cookie for another domain was kept")
	}
}

func TestCookieJarIsBounded(t *testing.T) {
	jar := newCookieJar(func() time.Time { return clock.Start })
	u, _ := url.Parse("https://tokenflow.test/")
	for i := range 3 * maxCookies {
		jar.SetCookies(u, []*http.Cookie{{Name: "c" + strings.Repeat("x", i), Value: "v", Path: "/"}})
	}
	if n := len(jar.Cookies(u)); n != maxCookies {
		t.Errorf("%d cookies kept, want at most %d", n, maxCookies)
	}
	if _, ok := jar.value(u, "c"+strings.Repeat("x", 3*maxCookies-1)); !ok {
		t.Error("the newest cookie was dropped instead of the oldest")
	}
}

// TestAnIDTokenThatFailsStopsTheLoginForItsOwnCause: the world's side of
// a refused ID token: an event with its cause, and no tokens kept.
func TestAnIDTokenThatFailsStopsTheLoginForItsOwnCause(t *testing.T) {
	w, err := New(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Apply(Act("login")); err != nil {
		t.Fatal(err)
	}
	tr := issuer.TokenResponse{AccessToken: w.Client.AccessToken, IDToken: w.Client.IDToken}
	n := w.Log.Len()
	if w.Client.checkIDToken(tr, "another login's nonce") {
		t.Fatal("an ID token with another login's nonce checked out")
	}
	if w.Client.checkIDToken(issuer.TokenResponse{AccessToken: tr.AccessToken}, "n") {
		t.Fatal("a token response with no ID token checked out")
	}
	for _, e := range w.Log.Since(n) {
		if e.Cause != CauseIDTokenInvalid || !strings.Contains(e.Text, "keeps no tokens") {
			t.Errorf("event %q (%s), want the login stopped for %s", e.Text, e.Cause, CauseIDTokenInvalid)
		}
	}
	if got := len(w.Log.Since(n)); got != 2 {
		t.Errorf("%d events, want one a refusal", got)
	}
}
