package sim_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// The benchmarks below put the cost of one refresh in context: the issuer
// handler alone, the whole world action (recording, events, timers), a
// floor of the unavoidable work (hash, store update, one signature), and
// the API's verification against a raw ECDSA verify.

func loggedIn(b *testing.B, cfg sim.Config) *sim.World {
	b.Helper()
	w := newWorld(b, cfg)
	apply(b, w, "login")
	return w
}

// BenchmarkRefreshHandler is the refresh grant at the issuer's handler,
// in process: no world, no transport, no recording, no events.
func BenchmarkRefreshHandler(b *testing.B) {
	iss := benchIssuer(b)
	rt := loginAt(b, iss)
	// The request is built once and copied, and the new refresh token is
	// cut out of the answer rather than decoded: what is measured is the
	// handler, not the client around it.
	tmpl := httptest.NewRequest(http.MethodPost, issuer.PathToken, nil)
	tmpl.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for b.Loop() {
		r := *tmpl
		r.Body = io.NopCloser(strings.NewReader("grant_type=refresh_token&client_id=" + issuer.PublicClientID + "&refresh_token=" + rt))
		rec := httptest.NewRecorder()
		iss.ServeHTTP(rec, &r)
		body := rec.Body.String()
		_, after, ok := strings.Cut(body, `"refresh_token":"`)
		next, _, ok2 := strings.Cut(after, `"`)
		if rec.Code != http.StatusOK || !ok || !ok2 {
			b.Fatalf("refresh: %d %s", rec.Code, body)
		}
		rt = next
	}
}

// benchIssuer is a bare issuer handler on a clock that stands still.
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

// loginAt runs the code + PKCE login against a bare issuer handler and
// returns the refresh token.
func loginAt(b *testing.B, iss *issuer.Issuer) string {
	return loginWithScope(b, iss, issuer.DefaultScope).RefreshToken
}

// loginWithScope signs in with the password at a bare issuer handler,
// asking for scope (with a nonce, for openid), and redeems the code.
func loginWithScope(b *testing.B, iss *issuer.Issuer, scope string) issuer.TokenResponse {
	b.Helper()
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {issuer.PublicClientID}, "redirect_uri": {sim.RedirectURI},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
		"state": {"s"}, "scope": {scope}, "nonce": {"n"}}
	r := httptest.NewRequest(http.MethodPost, issuer.PathAuthorize+"?"+q.Encode(),
		strings.NewReader(url.Values{"username": {issuer.DemoUser}, "password": {issuer.DemoPassword}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	iss.ServeHTTP(rec, r)
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		b.Fatalf("authorize: %d %s", rec.Code, rec.Header())
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {sim.RedirectURI},
		"client_id": {issuer.PublicClientID}, "code_verifier": {verifier}}
	r = httptest.NewRequest(http.MethodPost, issuer.PathToken, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	iss.ServeHTTP(rec, r)
	var tr issuer.TokenResponse
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &tr) != nil {
		b.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	return tr
}

// BenchmarkRefreshWorldAction is w.Apply(refresh): the handler plus the
// recorded exchange, the events and the expiry timers.
func BenchmarkRefreshWorldAction(b *testing.B) {
	w := loggedIn(b, sim.Config{Seed: 1})
	refresh := sim.Act("refresh")
	for b.Loop() {
		if err := w.Apply(refresh); err != nil {
			b.Fatal(err)
		}
	}
	if x := lastExchange(b, w); x.Status != http.StatusOK {
		b.Fatalf("last refresh: %d", x.Status)
	}
}

// BenchmarkFloor is what any rotating issuer must do per refresh: hash the
// presented token, swap it for its successor in a locked map, and sign
// one access token (about 200 bytes of header and claims) with P-256.
func BenchmarkFloor(b *testing.B) {
	step := floorStep(b)
	for b.Loop() {
		step()
	}
}

// floorStep returns one iteration of BenchmarkFloor.
func floorStep(b *testing.B) func() {
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("tokenflow benchmark floor key 32"))
	if err != nil {
		b.Fatal(err)
	}
	claims := []byte(strings.Repeat("c", 200))
	var mu sync.Mutex
	store := map[[32]byte]int{}
	tok := strings.Repeat("r", 43)
	store[sha256.Sum256([]byte(tok))] = 1
	next := strings.Repeat("s", 43)
	return func() {
		old := sha256.Sum256([]byte(tok))
		mu.Lock()
		gen := store[old]
		delete(store, old)
		store[sha256.Sum256([]byte(next))] = gen + 1
		mu.Unlock()
		tok, next = next, tok
		digest := sha256.Sum256(claims)
		if _, err := key.Sign(nil, digest[:], crypto.SHA256); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAPIVerify is the resource API validating a valid access token.
func BenchmarkAPIVerify(b *testing.B) {
	w := loggedIn(b, sim.Config{Seed: 1})
	tok := w.Client.AccessToken
	for b.Loop() {
		if _, err := w.API.Validate(tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawECDSAVerify is the P-256 verification inside BenchmarkAPIVerify.
func BenchmarkRawECDSAVerify(b *testing.B) {
	verify := rawVerify(b)
	for b.Loop() {
		verify()
	}
}

// rawVerify returns one P-256 verification of a 200-byte message.
func rawVerify(b *testing.B) func() {
	key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("tokenflow benchmark floor key 32"))
	if err != nil {
		b.Fatal(err)
	}
	digest := sha256.Sum256([]byte(strings.Repeat("c", 200)))
	sig, err := key.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		b.Fatal(err)
	}
	return func() {
		if !ecdsa.VerifyASN1(&key.PublicKey, digest[:], sig) {
			b.Fatal("signature does not verify")
		}
	}
}

// BenchmarkAutoRefresh30Days is DESIGN's bound: a 30-day jump with
// auto-refresh on (about 3,000 refreshes) must cost little.
func BenchmarkAutoRefresh30Days(b *testing.B) {
	refreshes := 0
	for b.Loop() {
		w := newWorld(b, sim.Config{Seed: 1})
		apply(b, w, "set family-lifetime 60d", "set auto-refresh on", "login")
		n := w.Log.Len()
		apply(b, w, "advance 30d")
		for _, e := range w.Log.Since(n) {
			if e.Kind == sim.KindRotated {
				refreshes++
			}
		}
	}
	b.ReportMetric(float64(refreshes)/float64(b.N), "refreshes/op")
}

// BenchmarkRefreshes3000 is as many refresh actions as the 30-day jump
// makes, without the clock: the difference is the cost of the timers.
func BenchmarkRefreshes3000(b *testing.B) {
	refresh := sim.Act("refresh")
	for b.Loop() {
		w := newWorld(b, sim.Config{Seed: 1})
		apply(b, w, "login")
		for range 3000 {
			if err := w.Apply(refresh); err != nil {
				b.Fatal(err)
			}
		}
	}
}
