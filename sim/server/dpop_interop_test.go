package server

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"golang.org/x/oauth2"
)

// dpopClient is an RFC 9449 client whose proofs go-jose builds, a JOSE
// library tokenflow does not use: as an http.RoundTripper under
// golang.org/x/oauth2 it adds a proof to every request, with ath when
// oauth2 sends the DPoP scheme its token response named, and sends a
// request once more when the server asks for a nonce (§8).
type dpopClient struct {
	t          *testing.T
	key        *ecdsa.PrivateKey
	now        func() time.Time // the simulated clock, which the server checks iat against
	nonce      string
	challenges int // use_dpop_nonce answers heard
	n          int
}

func newDPoPClient(t *testing.T, seed byte, now func() time.Time) *dpopClient {
	t.Helper()
	var raw [32]byte
	raw[0], raw[31] = 0x42, seed
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw[:])
	if err != nil {
		t.Fatal(err)
	}
	return &dpopClient{t: t, key: key, now: now}
}

// thumbprint is the key's RFC 7638 thumbprint, as go-jose computes it.
func (c *dpopClient) thumbprint() string {
	sum, err := (&jose.JSONWebKey{Key: &c.key.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		c.t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(sum)
}

// proof signs a proof for method and uri, with ath for accessToken when
// set; edit may spoil a claim.
func (c *dpopClient) proof(method, uri, accessToken string, edit func(map[string]any)) string {
	c.n++
	claims := map[string]any{"jti": "interop-" + strconv.Itoa(c.n), "htm": method, "htu": uri, "iat": c.now().Unix()}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		claims["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	if c.nonce != "" {
		claims["nonce"] = c.nonce
	}
	if edit != nil {
		edit(claims)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: c.key},
		(&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
	if err != nil {
		c.t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	obj, err := signer.Sign(payload)
	if err != nil {
		c.t.Fatal(err)
	}
	s, err := obj.CompactSerialize()
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

func (c *dpopClient) RoundTrip(req *http.Request) (*http.Response, error) {
	send := func() (*http.Response, error) {
		r := req.Clone(req.Context())
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = body
		}
		at, _ := strings.CutPrefix(r.Header.Get("Authorization"), "DPoP ")
		r.Header.Set("DPoP", c.proof(r.Method, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path, at, nil))
		return http.DefaultTransport.RoundTrip(r)
	}
	res, err := send()
	if err != nil {
		return nil, err
	}
	nonce := res.Header.Get("DPoP-Nonce")
	if nonce == "" {
		return res, nil
	}
	c.nonce = nonce
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	if res.StatusCode == http.StatusBadRequest && bytes.Contains(body, []byte(`"use_dpop_nonce"`)) {
		c.challenges++
		return send()
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return res, nil
}

// context is ctx with c as the transport oauth2 uses.
func (c *dpopClient) context(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: c})
}

// TestDPoPInterop drives `serve --dpop on` with golang.org/x/oauth2 and
// proofs go-jose builds: login through a nonce challenge, bound tokens
// whose cnf.jkt is go-jose's own thumbprint of the key, API calls under
// the DPoP scheme, a refresh on the simulated clock after the nonce went
// stale, and the refusals RFC 9449 §4.3 and §7 require.
func TestDPoPInterop(t *testing.T) {
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	policy := issuer.DefaultPolicy()
	policy.DPoP = issuer.DPoPOn
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: base, Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{World: w, Wall: (&fakeWall{t: time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)}).Now, Speed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	ts.Start()
	defer ts.Close()

	var meta struct {
		TokenEndpoint string   `json:"token_endpoint"`
		AuthEndpoint  string   `json:"authorization_endpoint"`
		DPoPAlgs      []string `json:"dpop_signing_alg_values_supported"`
	}
	getJSON(t, base+"/.well-known/oauth-authorization-server", &meta)
	if !slices.Contains(meta.DPoPAlgs, "ES256") {
		t.Fatalf("metadata dpop_signing_alg_values_supported %v, want ES256 in it (RFC 9449 §5.1)", meta.DPoPAlgs)
	}
	cfg := oauth2.Config{ClientID: issuer.PublicClientID, RedirectURL: sim.RedirectURI, Scopes: []string{"profile"},
		Endpoint: oauth2.Endpoint{AuthURL: meta.AuthEndpoint, TokenURL: meta.TokenEndpoint, AuthStyle: oauth2.AuthStyleInParams}}
	app := newDPoPClient(t, 1, w.Now)
	ctx := app.context(t.Context())

	// Login: the first proof has no nonce, the issuer asks for one, the
	// client retries, and the tokens come back bound.
	verifier := oauth2.GenerateVerifier()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.PostForm(cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)),
		url.Values{"username": {issuer.DemoUser}, "password": {issuer.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if tok.TokenType != "DPoP" || app.challenges != 1 {
		t.Fatalf("token_type %q after %d nonce challenges; want DPoP after one", tok.TokenType, app.challenges)
	}
	if got := cnfJKT(t, tok.AccessToken); got != app.thumbprint() {
		t.Fatalf("cnf.jkt %q, want go-jose's thumbprint %q", got, app.thumbprint())
	}
	if code := getProfile(t, cfg.Client(ctx, tok), base); code != http.StatusOK {
		t.Fatalf("the API with the app's token and proof: %d", code)
	}

	// Sixteen simulated minutes on: the access token and the nonce are
	// both stale. The refresh meets a nonce challenge and succeeds.
	advance(t, base, "16m")
	refreshing := cfg.TokenSource(ctx, expired(tok))
	fresh, err := refreshing.Token()
	if err != nil || fresh.TokenType != "DPoP" || app.challenges != 2 {
		t.Fatalf("refresh: %v, token_type %q, %d nonce challenges; want DPoP after a second challenge", err, fresh.TokenType, app.challenges)
	}
	if code := getProfile(t, cfg.Client(ctx, fresh), base); code != http.StatusOK {
		t.Fatalf("the API with the refreshed token: %d", code)
	}

	// A thief's key: the refresh token and the access token are both bound
	// to the app's.
	thief := newDPoPClient(t, 2, w.Now)
	_, err = cfg.TokenSource(thief.context(t.Context()), expired(fresh)).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_dpop_proof" {
		t.Errorf("the thief's refresh: %v, want invalid_dpop_proof", err)
	}

	profile := base + "/api/profile"
	at := fresh.AccessToken
	replayed := app.proof(http.MethodGet, profile, at, nil)
	for _, tt := range []struct {
		name   string
		auth   string
		proof  string
		status int
		code   string
	}{
		{"the app's proof", "DPoP " + at, replayed, 200, ""},
		{"the same proof again", "DPoP " + at, replayed, 401, "invalid_dpop_proof"},
		{"the thief's key", "DPoP " + at, thief.proof(http.MethodGet, profile, at, nil), 401, "invalid_token"},
		{"a proof for POST", "DPoP " + at, app.proof(http.MethodPost, profile, at, nil), 401, "invalid_dpop_proof"},
		{"a proof for another URI", "DPoP " + at, app.proof(http.MethodGet, base+"/token", at, nil), 401, "invalid_dpop_proof"},
		{"a stale proof", "DPoP " + at, app.proof(http.MethodGet, profile, at, func(c map[string]any) {
			c["iat"] = w.Now().Add(-2 * time.Minute).Unix()
		}), 401, "invalid_dpop_proof"},
		{"a proof without ath", "DPoP " + at, app.proof(http.MethodGet, profile, at, func(c map[string]any) { delete(c, "ath") }), 401, "invalid_dpop_proof"},
		{"the bound token as Bearer", "Bearer " + at, "", 401, "invalid_token"},
	} {
		req, _ := http.NewRequest(http.MethodGet, profile, nil)
		req.Header.Set("Authorization", tt.auth)
		if tt.proof != "" {
			req.Header.Set("DPoP", tt.proof)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		ch := strings.Join(res.Header.Values("WWW-Authenticate"), ", ")
		if res.StatusCode != tt.status || (tt.code != "" && !strings.Contains(ch, `error="`+tt.code+`"`)) {
			t.Errorf("%s: %d %q, want %d with error %q", tt.name, res.StatusCode, ch, tt.status, tt.code)
		}
	}
}

// cnfJKT reads the cnf.jkt claim of a JWT without verifying it.
func cnfJKT(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Cnf struct {
			JKT string `json:"jkt"`
		} `json:"cnf"`
	}
	if err := json.Unmarshal(b, &claims); err != nil {
		t.Fatal(err)
	}
	return claims.Cnf.JKT
}

func advance(t *testing.T, base, by string) {
	t.Helper()
	resp, err := http.PostForm(base+PathAdvance, url.Values{"by": {by}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("advance: status %d", resp.StatusCode)
	}
}
