package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/zitadel/oidc/v3/pkg/client/rp"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"
	"golang.org/x/oauth2"
)

const (
	interopRedirect   = "http://127.0.0.1:53682/callback"
	interopPostLogout = "http://127.0.0.1:53682" + issuer.PostLogoutPath
)

// startServer serves a world built from cfg on 127.0.0.1:0, its simulated
// clock following wall at speed, and returns its base URL.
func startServer(t *testing.T, cfg sim.Config, wall func() time.Time, speed float64) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + ts.Listener.Addr().String()
	w, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{World: w, Wall: wall, Speed: speed})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(ts.Close)
	return cfg.BaseURL
}

// userAgent is alice's browser: it keeps cookies (the issuer's session)
// and reads redirects instead of following them, as the app's loopback
// listener receives them.
type userAgent struct {
	t *testing.T
	c *http.Client
}

func newUserAgent(t *testing.T) *userAgent {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &userAgent{t: t, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// authorize opens authURL and signs in if the issuer shows the form; it
// returns the redirect's query and whether the password was typed.
func (u *userAgent) authorize(authURL string) (url.Values, bool) {
	u.t.Helper()
	resp, err := u.c.Get(authURL)
	if err != nil {
		u.t.Fatal(err)
	}
	resp.Body.Close()
	typed := resp.StatusCode == http.StatusOK
	if typed {
		if resp, err = u.c.PostForm(authURL, url.Values{"username": {issuer.DemoUser}, "password": {issuer.DemoPassword}}); err != nil {
			u.t.Fatal(err)
		}
		resp.Body.Close()
	}
	loc, err := resp.Location()
	if resp.StatusCode != http.StatusFound || err != nil {
		u.t.Fatalf("authorize: status %d (%v), want a redirect", resp.StatusCode, err)
	}
	return loc.Query(), typed
}

// get fetches target and returns the status.
func (u *userAgent) get(target string) int {
	u.t.Helper()
	resp, err := u.c.Get(target)
	if err != nil {
		u.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// simNow asks the server its simulated time, as GET /sim/clock tells it.
func simNow(t *testing.T, base string) time.Time {
	t.Helper()
	var c struct {
		Now time.Time `json:"now"`
	}
	getJSON(t, base+PathClock, &c)
	return c.Now
}

// callWith sends GET target with an Authorization header; it returns the
// status and the challenge.
func callWith(t *testing.T, target, authorization string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", authorization)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate")
}

// TestGoOIDCRelyingPartyInterop drives serve with coreos/go-oidc, a
// relying party we did not write: discovery (OpenID Connect Discovery
// 1.0 §4), a login with PKCE and a nonce through golang.org/x/oauth2, the
// ID token verified against the JWKS with its nonce and at_hash, userinfo
// by GET and POST, the ID token refused at the API, single sign-on and
// prompt=none through the session cookie, and RP-initiated logout ending
// it. Under each signing policy: go-oidc's default, RS256 alone, takes
// the RS256 world's ID tokens as they are.
func TestGoOIDCRelyingPartyInterop(t *testing.T) {
	for _, alg := range []issuer.Alg{issuer.ES256, issuer.RS256, issuer.HS256} {
		t.Run(string(alg), func(t *testing.T) {
			policy := issuer.DefaultPolicy()
			policy.Alg = alg
			wall := &fakeWall{t: time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)}
			base := startServer(t, sim.Config{Seed: 1, Policy: policy}, wall.Now, 1)
			ctx := t.Context()

			provider, err := gooidc.NewProvider(ctx, base)
			if err != nil {
				t.Fatalf("discovery: %v", err)
			}
			endpoint := provider.Endpoint()
			endpoint.AuthStyle = oauth2.AuthStyleInParams // a public client: client_id in the body
			cfg := oauth2.Config{ClientID: issuer.PublicClientID, Endpoint: endpoint, RedirectURL: interopRedirect,
				Scopes: []string{gooidc.ScopeOpenID, "profile", "email"}}
			oidcCfg := &gooidc.Config{ClientID: issuer.PublicClientID, Now: func() time.Time { return simNow(t, base) }}
			if alg != issuer.RS256 {
				oidcCfg.SupportedSigningAlgs = []string{gooidc.ES256}
			}
			verifyIDToken := provider.Verifier(oidcCfg)

			browser := newUserAgent(t)
			verifier := oauth2.GenerateVerifier()
			cb, typed := browser.authorize(cfg.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier), gooidc.Nonce("nonce-1")))
			if !typed || cb.Get("state") != "state-1" {
				t.Fatalf("first login: password typed %v, state %q", typed, cb.Get("state"))
			}
			tok, err := cfg.Exchange(ctx, cb.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			rawID, _ := tok.Extra("id_token").(string)
			idToken, err := verifyIDToken.Verify(ctx, rawID)
			if err != nil {
				t.Fatalf("go-oidc refuses the ID token: %v", err)
			}
			if idToken.Nonce != "nonce-1" || idToken.Subject != issuer.DemoUser {
				t.Errorf("ID token nonce %q, sub %q", idToken.Nonce, idToken.Subject)
			}
			if err := idToken.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Errorf("at_hash: %v", err)
			}

			info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
			if err != nil || info.Subject != issuer.DemoUser || info.Email != "alice@wonderland.example" {
				t.Errorf("userinfo by GET: %+v, %v", info, err)
			}
			resp, err := http.PostForm(base+issuer.PathUserinfo, url.Values{"access_token": {tok.AccessToken}})
			if err != nil {
				t.Fatal(err)
			}
			var posted issuer.UserInfo
			_ = json.NewDecoder(resp.Body).Decode(&posted)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || posted.Subject != issuer.DemoUser {
				t.Errorf("userinfo by POST: %d %+v", resp.StatusCode, posted)
			}
			if status, ch := callWith(t, base+"/api/profile", "Bearer "+rawID); status != http.StatusUnauthorized || !strings.Contains(ch, "invalid_token") {
				t.Errorf("the ID token at the API: %d %q, want 401 invalid_token", status, ch)
			}

			// Single sign-on: the session cookie does what the password did.
			verifier = oauth2.GenerateVerifier()
			cb, typed = browser.authorize(cfg.AuthCodeURL("state-2", oauth2.S256ChallengeOption(verifier), gooidc.Nonce("nonce-2"),
				oauth2.SetAuthURLParam("prompt", "none")))
			if typed || cb.Get("code") == "" {
				t.Fatalf("prompt=none with a live session: typed %v, redirect %v", typed, cb)
			}
			again, err := cfg.Exchange(ctx, cb.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatal(err)
			}
			second, err := verifyIDToken.Verify(ctx, again.Extra("id_token").(string))
			if err != nil || second.Nonce != "nonce-2" {
				t.Fatalf("the single sign-on ID token: %v, nonce %q", err, second.Nonce)
			}

			var meta struct {
				EndSession string `json:"end_session_endpoint"`
			}
			if err := provider.Claims(&meta); err != nil || meta.EndSession == "" {
				t.Fatalf("no end_session_endpoint: %v", err)
			}
			logout := meta.EndSession + "?" + url.Values{"id_token_hint": {rawID},
				"post_logout_redirect_uri": {interopPostLogout}, "state": {"bye"}}.Encode()
			if status := browser.get(logout); status != http.StatusFound {
				t.Fatalf("logout: status %d, want 302", status)
			}
			cb, _ = browser.authorize(cfg.AuthCodeURL("state-3", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("prompt", "none")))
			if cb.Get("error") != "login_required" {
				t.Errorf("prompt=none after logout: %v, want login_required", cb)
			}
			if _, err := cfg.TokenSource(ctx, expired(again)).Token(); err == nil {
				t.Error("the session's login still refreshes after logout")
			}
		})
	}
}

// TestZitadelRelyingPartyInterop drives serve with zitadel/oidc's relying
// party: it discovers the issuer, logs in with PKCE and a nonce, and
// verifies the ID token (signature, iss, aud, exp, iat, nonce, at_hash)
// with its own verifier, then asks userinfo. zitadel checks exp and iat
// against the wall clock, so the simulated clock starts at the wall
// clock's time and stands still, as `tokenflow serve --speed 0` would.
func TestZitadelRelyingPartyInterop(t *testing.T) {
	now := time.Now()
	base := startServer(t, sim.Config{Seed: 1, Start: now}, func() time.Time { return now }, 0)
	ctx := t.Context()
	const nonce = "zitadel-nonce"
	party, err := rp.NewRelyingPartyOIDC(ctx, base, issuer.PublicClientID, "", interopRedirect,
		[]string{zoidc.ScopeOpenID, zoidc.ScopeProfile, zoidc.ScopeEmail},
		rp.WithAuthStyle(oauth2.AuthStyleInParams), rp.WithSigningAlgsFromDiscovery(),
		rp.WithVerifierOpts(rp.WithNonce(func(context.Context) string { return nonce })))
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	verifier := oauth2.GenerateVerifier()
	withNonce := func() []oauth2.AuthCodeOption { return []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("nonce", nonce)} }
	cb, _ := newUserAgent(t).authorize(rp.AuthURL("state-z", party, rp.WithCodeChallenge(oauth2.S256ChallengeFromVerifier(verifier)), withNonce))
	tokens, err := rp.CodeExchange[*zoidc.IDTokenClaims](ctx, cb.Get("code"), party, rp.WithCodeVerifier(verifier))
	if err != nil {
		t.Fatalf("zitadel refuses the login: %v", err)
	}
	if tokens.IDTokenClaims.GetSubject() != issuer.DemoUser || tokens.IDTokenClaims.GetNonce() != nonce {
		t.Errorf("ID token sub %q, nonce %q", tokens.IDTokenClaims.GetSubject(), tokens.IDTokenClaims.GetNonce())
	}
	if _, err := rp.VerifyIDToken[*zoidc.IDTokenClaims](ctx, tokens.IDToken, party.IDTokenVerifier()); err != nil {
		t.Errorf("zitadel's verifier refuses the ID token on its own: %v", err)
	}
	info, err := rp.Userinfo[*zoidc.UserInfo](ctx, tokens.AccessToken, tokens.TokenType, issuer.DemoUser, party)
	if err != nil || info.Subject != issuer.DemoUser || info.Email != "alice@wonderland.example" {
		t.Errorf("userinfo: %+v, %v", info, err)
	}
	if status, _ := callWith(t, base+"/api/profile", "Bearer "+tokens.IDToken); status != http.StatusUnauthorized {
		t.Errorf("the ID token at the API: %d, want 401", status)
	}
}
