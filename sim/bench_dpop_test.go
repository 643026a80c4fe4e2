package sim_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// The DPoP benchmarks measure what binding adds: a refresh grant and an
// API check that each verify one proof more. Their floors are the plain
// ones plus one P-256 verification. The client's signing of each proof is
// done with the timer stopped: it is the client's cost, not the server's.

// BenchmarkDPoPFloor is BenchmarkFloor plus one proof's verification.
func BenchmarkDPoPFloor(b *testing.B) {
	step, verify := floorStep(b), rawVerify(b)
	for b.Loop() {
		step()
		verify()
	}
}

// BenchmarkAPIDPoPFloor is the API's floor with DPoP: the token's
// signature and the proof's.
func BenchmarkAPIDPoPFloor(b *testing.B) {
	verify := rawVerify(b)
	for b.Loop() {
		verify()
		verify()
	}
}

// dpopBench is an issuer with DPoP on, at a fixed instant, and a client
// key that signs proofs for it.
type dpopBench struct {
	b     *testing.B
	iss   *issuer.Issuer
	key   *ecdsa.PrivateKey
	now   time.Time
	nonce string
	n     int
}

func newDPoPBench(b *testing.B) *dpopBench {
	p := issuer.DefaultPolicy()
	p.DPoP = issuer.DPoPOn
	d := &dpopBench{b: b, now: clock.Start}
	var err error
	d.iss, err = issuer.New(issuer.Config{URL: "https://tokenflow.test", Audience: "https://tokenflow.test/api",
		Now: func() time.Time { return d.now }, Rand: rand.NewChaCha8([32]byte{1}), Policy: p})
	if err != nil {
		b.Fatal(err)
	}
	d.key, err = ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("tokenflow benchmark client key 3"))
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func (d *dpopBench) proof(method, htu, accessToken string) string {
	d.n++
	p := dpop.Proof{JTI: "bench-" + strconv.Itoa(d.n), HTM: method, HTU: htu, IAT: d.now, Nonce: d.nonce}
	if accessToken != "" {
		p.ATH = dpop.ATH(accessToken)
	}
	s, err := dpop.Sign(jwt.SigningMethodES256, d.key, p)
	if err != nil {
		d.b.Fatal(err)
	}
	return s
}

// refresh redeems rt with a fresh proof and returns the answer.
func (d *dpopBench) refresh(rt string) issuer.TokenResponse {
	r := httptest.NewRequest(http.MethodPost, issuer.PathToken,
		strings.NewReader("grant_type=refresh_token&client_id="+issuer.PublicClientID+"&refresh_token="+rt))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("DPoP", d.proof(http.MethodPost, "https://tokenflow.test"+issuer.PathToken, ""))
	rec := httptest.NewRecorder()
	d.iss.ServeHTTP(rec, r)
	d.nonce = rec.Header().Get("DPoP-Nonce")
	var tr issuer.TokenResponse
	if rec.Code == http.StatusOK {
		_ = json.Unmarshal(rec.Body.Bytes(), &tr)
	}
	return tr
}

// loggedIn logs in with a bound refresh token: the first proof meets a
// nonce challenge, the second carries the nonce.
func (d *dpopBench) loggedIn() issuer.TokenResponse {
	rt := loginAt(d.b, d.iss) // an unbound family, whose refresh with a proof is bound from here on
	d.refresh(rt)             // the nonce challenge
	tr := d.refresh(rt)
	if tr.TokenType != "DPoP" {
		d.b.Fatalf("no DPoP token: %+v", tr)
	}
	return tr
}

// proofBatch is how many proofs the benchmarks sign at once, with the
// timer stopped: stopping it for each request would charge its own cost
// (and the garbage of each signature) to the handler measured. Each batch
// moves the clock on batchStep, so the jti values of old batches leave
// the verifier's memory as they would at that pace (MaxRemembered), and
// a long run is not refused as a flood.
const (
	proofBatch = 512
	batchStep  = 4 * time.Second
)

// proofs signs n proofs for method and htu, bound to accessToken if any.
func (d *dpopBench) proofs(n int, method, htu, accessToken string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = d.proof(method, htu, accessToken)
	}
	return out
}

// BenchmarkDPoPRefreshHandler is the refresh grant with a proof, at the
// issuer's handler, in process, measured as BenchmarkRefreshHandler is:
// the request copied from a template and the new refresh token cut out of
// the answer.
func BenchmarkDPoPRefreshHandler(b *testing.B) {
	d := newDPoPBench(b)
	rt := d.loggedIn().RefreshToken
	htu := "https://tokenflow.test" + issuer.PathToken
	tmpl := httptest.NewRequest(http.MethodPost, issuer.PathToken, nil)
	tmpl.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var batch []string
	for b.Loop() {
		if len(batch) == 0 {
			b.StopTimer()
			d.now = d.now.Add(batchStep)
			batch = d.proofs(proofBatch, http.MethodPost, htu, "")
			b.StartTimer()
		}
		r := *tmpl
		r.Header = tmpl.Header.Clone()
		r.Header.Set("DPoP", batch[0])
		batch = batch[1:]
		r.Body = io.NopCloser(strings.NewReader("grant_type=refresh_token&client_id=" + issuer.PublicClientID + "&refresh_token=" + rt))
		rec := httptest.NewRecorder()
		d.iss.ServeHTTP(rec, &r)
		d.nonce = rec.Header().Get("DPoP-Nonce")
		body := rec.Body.String()
		_, after, ok := strings.Cut(body, `"refresh_token":"`)
		next, _, ok2 := strings.Cut(after, `"`)
		if rec.Code != http.StatusOK || !ok || !ok2 || !strings.Contains(body, `"token_type":"DPoP"`) {
			b.Fatalf("refresh: %d %s", rec.Code, body)
		}
		rt = next
	}
}

// BenchmarkDPoPAPICheck is the API serving a request with a bound token
// and a fresh proof: the token's checks, the proof's, and the binding.
func BenchmarkDPoPAPICheck(b *testing.B) {
	d := newDPoPBench(b)
	at := d.loggedIn().AccessToken
	srv := api.New(api.Config{Issuer: d.iss.URL(), Audience: d.iss.Audience(), Now: func() time.Time { return d.now }, Keys: d.iss})
	htu := "https://tokenflow.test" + api.PathProfile
	tmpl := httptest.NewRequest(http.MethodGet, api.PathProfile, nil)
	tmpl.Header.Set("Authorization", "DPoP "+at)
	var batch []string
	for b.Loop() {
		if len(batch) == 0 {
			b.StopTimer()
			d.now = d.now.Add(batchStep)
			batch = d.proofs(proofBatch, http.MethodGet, htu, at)
			b.StartTimer()
		}
		r := *tmpl
		r.Header = tmpl.Header.Clone()
		r.Header.Set("DPoP", batch[0])
		batch = batch[1:]
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, &r)
		if rec.Code != http.StatusOK {
			b.Fatalf("API: %d %s", rec.Code, rec.Body)
		}
	}
}
