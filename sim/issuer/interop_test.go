package issuer_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
	"golang.org/x/oauth2"
)

// TestInteropWithGolangOAuth2 drives the issuer, over a real loopback
// socket, with golang.org/x/oauth2: a client nobody here wrote must be able
// to log in with PKCE and refresh.
func TestInteropWithGolangOAuth2(t *testing.T) {
	var iss *issuer.Issuer
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { iss.ServeHTTP(w, r) }))
	defer srv.Close()
	clk := &fakeClock{t: t0}
	var err error
	iss, err = issuer.New(issuer.Config{URL: srv.URL, Audience: srv.URL + "/api", Now: clk.Now,
		Rand: newSeededRand(3), Policy: issuer.DefaultPolicy()})
	if err != nil {
		t.Fatal(err)
	}
	meta := iss.Metadata()
	conf := &oauth2.Config{
		ClientID:    issuer.PublicClientID,
		RedirectURL: redirectURI,
		Scopes:      []string{issuer.DefaultScope},
		Endpoint: oauth2.Endpoint{AuthURL: meta.AuthorizationEndpoint, TokenURL: meta.TokenEndpoint,
			AuthStyle: oauth2.AuthStyleInParams},
	}
	verifier := strings.Repeat("0123456789", 5)
	authURL := conf.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier))

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.PostForm(authURL, credentials(issuer.DemoUser, issuer.DemoPassword))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound || loc.Query().Get("state") != "state-1" {
		t.Fatalf("login: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}

	ctx := context.Background()
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("token %+v", tok)
	}

	// Mark the token stale by hand: x/oauth2 judges expiry on the wall
	// clock, which this test never reads.
	clk.Advance(15 * time.Minute)
	stale := *tok
	stale.Expiry = time.Unix(1, 0)
	fresh, err := conf.TokenSource(ctx, &stale).Token()
	if err != nil {
		t.Fatalf("refresh through x/oauth2: %v", err)
	}
	if fresh.AccessToken == tok.AccessToken || fresh.RefreshToken == tok.RefreshToken {
		t.Fatal("refresh did not rotate the tokens")
	}

	// A replay of the old refresh token reaches x/oauth2 as a typed error.
	_, err = conf.TokenSource(ctx, &stale).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != string(issuer.ErrInvalidGrant) {
		t.Fatalf("replay: %v, want a RetrieveError with invalid_grant", err)
	}
}
