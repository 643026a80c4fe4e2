package issuer_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

const (
	issuerURL   = "https://tokenflow.test"
	audience    = issuerURL + "/api"
	redirectURI = "http://127.0.0.1:53682/callback"
	// apiBasic is the resource API's client_secret_basic credential.
	apiBasic = "Basic dG9rZW5mbG93LWFwaTphcGktc2VjcmV0"
)

var t0 = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// fakeClock is the world's clock reduced to what the issuer needs.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one issuer on a fake clock, with the API beside it and every
// event it emitted.
type env struct {
	t     testing.TB
	clock *fakeClock
	iss   *issuer.Issuer
	api   *api.Server

	mu     sync.Mutex
	events []issuer.Event
	pkce   int // logins so far: makes each verifier distinct
}

func newEnv(t testing.TB, edit func(*issuer.Policy)) *env {
	return newSeededEnv(t, 1, edit)
}

func newSeededEnv(t testing.TB, seed uint64, edit func(*issuer.Policy)) *env {
	t.Helper()
	return newLimitedEnv(t, seed, issuer.Limits{}, edit)
}

// newLimitedEnv is newSeededEnv for an issuer that remembers within limits.
func newLimitedEnv(t testing.TB, seed uint64, limits issuer.Limits, edit func(*issuer.Policy)) *env {
	t.Helper()
	p := issuer.DefaultPolicy()
	if edit != nil {
		edit(&p)
	}
	e := &env{t: t, clock: &fakeClock{t: t0}}
	iss, err := issuer.New(issuer.Config{
		URL: issuerURL, Audience: audience, Now: e.clock.Now,
		Rand: newSeededRand(seed), Policy: p, Limits: limits,
		Observe: func(ev issuer.Event) {
			e.mu.Lock()
			e.events = append(e.events, ev)
			e.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatalf("issuer.New: %v", err)
	}
	e.iss = iss
	e.api = api.New(api.Config{Issuer: iss.URL(), Audience: iss.Audience(), Now: e.clock.Now, Keys: iss})
	return e
}

// newSeededRand is the world's kind of randomness: a ChaCha8 stream fixed
// by a seed.
func newSeededRand(seed uint64) *rand.ChaCha8 {
	var key [32]byte
	binary.BigEndian.PutUint64(key[:], seed)
	return rand.NewChaCha8(key)
}

func (e *env) setPolicy(edit func(*issuer.Policy)) {
	e.t.Helper()
	p := e.iss.Policy()
	edit(&p)
	if err := e.iss.SetPolicy(p); err != nil {
		e.t.Fatalf("SetPolicy: %v", err)
	}
}

// kinds returns the kinds of the events emitted since mark.
func (e *env) kinds(mark int) []issuer.EventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []issuer.EventKind
	for _, ev := range e.events[mark:] {
		out = append(out, ev.Kind)
	}
	return out
}

func (e *env) mark() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.events)
}

func hasKind(kinds []issuer.EventKind, k issuer.EventKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

func (e *env) serve(r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.iss.ServeHTTP(rec, r)
	return rec
}

// reqOpt adjusts a request before it is served.
type reqOpt func(*http.Request)

func withBasic(id, secret string) reqOpt {
	return func(r *http.Request) { r.SetBasicAuth(id, secret) }
}

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

// post sends an urlencoded form, as RFC 6749 §4.1.3 wants.
func (e *env) post(path string, form url.Values, opts ...reqOpt) *httptest.ResponseRecorder {
	return e.postRaw(path, form.Encode(), opts...)
}

func (e *env) postRaw(path, body string, opts ...reqOpt) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, o := range opts {
		o(r)
	}
	return e.serve(r)
}

func newRequest(method, target, body string) *http.Request {
	return httptest.NewRequest(method, target, strings.NewReader(body))
}

func (e *env) get(target string) *httptest.ResponseRecorder {
	return e.serve(httptest.NewRequest(http.MethodGet, target, nil))
}

// pkcePair returns a fresh RFC 7636 verifier and its S256 challenge.
func (e *env) pkcePair() (verifier, challenge string) {
	e.mu.Lock()
	e.pkce++
	n := e.pkce
	e.mu.Unlock()
	verifier = strings.Repeat("v", 40) + "-" + strings.Repeat("x", n%10+2) // 43+ unreserved characters
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authzQuery is a valid authorization request for the public client.
func authzQuery(challenge string) url.Values {
	return url.Values{
		"response_type":         {"code"},
		"client_id":             {issuer.PublicClientID},
		"redirect_uri":          {redirectURI},
		"scope":                 {issuer.DefaultScope},
		"state":                 {"xyz"},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
	}
}

func credentials(user, pass string) url.Values {
	return url.Values{"username": {user}, "password": {pass}}
}

// authorize submits the login form and returns the code from the redirect.
func (e *env) authorize(q url.Values) string {
	e.t.Helper()
	rec := e.post(issuer.PathAuthorize+"?"+q.Encode(), credentials(issuer.DemoUser, issuer.DemoPassword))
	if rec.Code != http.StatusFound {
		e.t.Fatalf("POST /authorize: status %d, body %s", rec.Code, rec.Body)
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		e.t.Fatalf("unreadable Location: %v", err)
	}
	code := loc.Query().Get("code")
	if code == "" {
		e.t.Fatalf("redirect without a code: %s", loc)
	}
	return code
}

func codeForm(code, verifier string) url.Values {
	return url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {redirectURI},
		"client_id":     {issuer.PublicClientID},
		"code_verifier": {verifier},
	}
}

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {issuer.PublicClientID}}
}

// login runs the authorization-code grant with PKCE, as the client app
// does, and returns the tokens.
func (e *env) login() issuer.TokenResponse {
	e.t.Helper()
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))
	return e.mustToken(e.post(issuer.PathToken, codeForm(code, verifier)))
}

// refresh redeems rt at the token endpoint.
func (e *env) refresh(rt string) *httptest.ResponseRecorder {
	return e.post(issuer.PathToken, refreshForm(rt))
}

func (e *env) mustToken(rec *httptest.ResponseRecorder) issuer.TokenResponse {
	e.t.Helper()
	if rec.Code != http.StatusOK {
		e.t.Fatalf("token endpoint: status %d, body %s", rec.Code, rec.Body)
	}
	var tr issuer.TokenResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &tr); err != nil {
		e.t.Fatalf("token response is not JSON: %v: %s", err, rec.Body)
	}
	if tr.AccessToken == "" {
		e.t.Fatalf("token response without access_token: %s", rec.Body)
	}
	return tr
}

// oauthErr returns the error code of a JSON error response.
func oauthErr(t testing.TB, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error response is not JSON (status %d): %v: %q", rec.Code, err, rec.Body)
	}
	return body.Error
}

// errDescription returns the error_description of a JSON error response.
func errDescription(t testing.TB, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct {
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error response is not JSON (status %d): %v: %q", rec.Code, err, rec.Body)
	}
	return body.Description
}

// expectError checks an RFC 6749 §5.2 error response.
func expectError(t testing.TB, rec *httptest.ResponseRecorder, status int, code issuer.ErrorCode) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status %d, want %d (body %s)", rec.Code, status, rec.Body)
	}
	if got := oauthErr(t, rec); got != string(code) {
		t.Errorf("error %q, want %q (body %s)", got, code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
}

// introspect asks about tok as the resource API does.
func (e *env) introspect(tok string) *httptest.ResponseRecorder {
	return e.post(issuer.PathIntrospect, url.Values{"token": {tok}}, withHeader("Authorization", apiBasic))
}

// apiCall sends tok to GET /api/profile.
func (e *env) apiCall(tok string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, api.PathProfile, nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	e.api.ServeHTTP(rec, r)
	return rec
}

// jwtClaims reads a JWT's claims without verifying it.
func jwtClaims(t *testing.T, tok string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
		t.Fatalf("not a JWT: %v", err)
	}
	return claims
}
