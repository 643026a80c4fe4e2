package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"golang.org/x/oauth2"
)

// TestOAuth2ClientInterop drives the server with golang.org/x/oauth2, a
// client we did not write, over a real socket: discovery (RFC 8414), login
// with PKCE (RFC 7636), a refresh after the access token expires on the
// simulated clock, and refresh-token reuse detection (RFC 9700 §4.14.2).
func TestOAuth2ClientInterop(t *testing.T) {
	// The listener comes first: the world's issuer identifier must be the
	// address clients really use.
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	wall := &fakeWall{t: time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)}
	srv, err := New(Config{World: w, Wall: wall.Now, Speed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	ts.Start()
	defer ts.Close()
	ctx := t.Context()

	// Discovery.
	var meta struct {
		Issuer                string   `json:"issuer"`
		AuthorizationEndpoint string   `json:"authorization_endpoint"`
		TokenEndpoint         string   `json:"token_endpoint"`
		CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
	}
	getJSON(t, base+"/.well-known/oauth-authorization-server", &meta)
	if meta.Issuer != base || !strings.HasPrefix(meta.TokenEndpoint, base) {
		t.Fatalf("metadata names issuer %q and token endpoint %q, want them at %s", meta.Issuer, meta.TokenEndpoint, base)
	}
	cfg := oauth2.Config{
		ClientID: "tokenflow-cli",
		Endpoint: oauth2.Endpoint{
			AuthURL:   meta.AuthorizationEndpoint,
			TokenURL:  meta.TokenEndpoint,
			AuthStyle: oauth2.AuthStyleInParams, // a public client: client_id in the body, no secret
		},
		RedirectURL: "http://127.0.0.1:53682/callback",
		Scopes:      []string{"profile"},
	}

	// Login: the user agent posts the form; we read the redirect instead of
	// following it, as the app's loopback listener would receive it.
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier))
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.PostForm(authURL, url.Values{"username": {"alice"}, "password": {"wonderland"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("login: status %d, want 302", resp.StatusCode)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Query().Get("state"); got != "state-1" {
		t.Fatalf("redirect state %q, want state-1", got)
	}
	tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("token response %+v, want Bearer access and refresh tokens", tok)
	}
	if code := getProfile(t, cfg.Client(ctx, tok), base); code != http.StatusOK {
		t.Fatalf("profile with a fresh token: status %d, want 200", code)
	}

	// Sixteen simulated minutes later the access token is dead, though
	// oauth2, reading the wall clock, still thinks it valid.
	resp, err = http.PostForm(base+PathAdvance, url.Values{"by": {"16m"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("advance: status %d, want 200", resp.StatusCode)
	}
	if code := getProfile(t, cfg.Client(ctx, tok), base); code != http.StatusUnauthorized {
		t.Fatalf("profile with an expired token: status %d, want 401", code)
	}

	// Refresh. oauth2 decides expiry by wall time, so the copy we hand it
	// says the token expired long ago.
	refreshing := cfg.TokenSource(ctx, expired(tok))
	if code := getProfile(t, oauth2.NewClient(ctx, refreshing), base); code != http.StatusOK {
		t.Fatalf("profile after refresh: status %d, want 200", code)
	}
	rotated, err := refreshing.Token()
	if err != nil {
		t.Fatal(err)
	}
	if rotated.AccessToken == tok.AccessToken {
		t.Error("refresh returned the old access token")
	}
	if rotated.RefreshToken == "" || rotated.RefreshToken == tok.RefreshToken {
		t.Fatal("refresh did not rotate the refresh token")
	}

	// Reuse: the rotated-out refresh token comes back, as a thief would
	// present it. It fails, and takes the whole family down with it.
	_, err = cfg.TokenSource(ctx, expired(tok)).Token()
	wantInvalidGrant(t, "reused refresh token", err)
	_, err = cfg.TokenSource(ctx, expired(rotated)).Token()
	wantInvalidGrant(t, "refresh token of the revoked family", err)

	var kinds []sim.Kind
	for _, e := range w.Log.All() {
		kinds = append(kinds, e.Kind)
	}
	for _, k := range []sim.Kind{sim.KindReuseDetected, sim.KindFamilyRevoked} {
		if !slices.Contains(kinds, k) {
			t.Errorf("the world's log has no %s event", k)
		}
	}
}

// expired returns a copy of tok that oauth2 will refresh before use.
func expired(tok *oauth2.Token) *oauth2.Token {
	c := *tok
	c.Expiry = time.Unix(1, 0)
	return &c
}

func wantInvalidGrant(t *testing.T, what string, err error) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("%s: error %v, want *oauth2.RetrieveError", what, err)
	}
	if re.ErrorCode != "invalid_grant" {
		t.Errorf("%s: error code %q, want invalid_grant", what, re.ErrorCode)
	}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// getProfile calls the API at base with c and returns the status.
func getProfile(t *testing.T, c *http.Client, base string) int {
	t.Helper()
	resp, err := c.Get(base + "/api/profile")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
