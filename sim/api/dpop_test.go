package api_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/dpop"
)

// clientKey returns a fixed P-256 key, distinct per seed: the app's key
// and a thief's.
func clientKey(t *testing.T, seed byte) *ecdsa.PrivateKey {
	t.Helper()
	var raw [32]byte
	raw[0], raw[31] = 7, seed
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw[:])
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func thumbprint(t *testing.T, k *ecdsa.PrivateKey) string {
	t.Helper()
	jkt, err := dpop.Thumbprint(dpop.PublicJWK(&k.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	return jkt
}

// boundToken is an access token bound to k's thumbprint.
func boundToken(t *testing.T, k *ecdsa.PrivateKey) string {
	c := claims()
	c["cnf"] = map[string]any{"jkt": thumbprint(t, k)}
	return es256(t, c)
}

// proofFor signs a proof for GET /api/profile with tok, edited by edit.
func proofFor(t *testing.T, k *ecdsa.PrivateKey, tok, jti string, at time.Time, edit func(*dpop.Proof)) string {
	t.Helper()
	p := dpop.Proof{JTI: jti, HTM: http.MethodGet, HTU: issuerURL + api.PathProfile, IAT: at, ATH: dpop.ATH(tok)}
	if edit != nil {
		edit(&p)
	}
	s, err := dpop.Sign(jwt.SigningMethodES256, k, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func callWith(s *api.Server, authorization string, proofs ...string) *httptest.ResponseRecorder {
	h := http.Header{"Authorization": {authorization}}
	if len(proofs) > 0 {
		h["Dpop"] = proofs
	}
	return get(s, h)
}

func TestABoundTokenWorksOnlyWithItsKeysProof(t *testing.T) {
	now := t0.Add(time.Minute)
	var decisions []api.Decision
	s := api.New(api.Config{Issuer: issuerURL, Audience: audience, Keys: &keys{alg: "ES256", dpop: true},
		Now: func() time.Time { return now }, Observe: func(d api.Decision) { decisions = append(decisions, d) }})
	app, thief := clientKey(t, 1), clientKey(t, 2)
	tok := boundToken(t, app)
	good := proofFor(t, app, tok, "p1", now, nil)
	if rec := callWith(s, "DPoP "+tok, good); rec.Code != http.StatusOK {
		t.Fatalf("the app's token with its proof: %d %s", rec.Code, rec.Body)
	}

	tests := []struct {
		name   string
		auth   string
		proofs []string
		status int
		code   string
		why    api.Refusal
	}{
		{"the same proof again", "DPoP " + tok, []string{good}, 401, "invalid_dpop_proof", api.RefusedDPoPReplay},
		{"as a bearer token", "Bearer " + tok, nil, 401, "invalid_token", api.RefusedBoundAsBearer},
		{"without a proof", "DPoP " + tok, nil, 401, "invalid_dpop_proof", api.RefusedDPoPProof},
		// RFC 9449 §7.1, figure 16: a key that does not match the binding
		// makes the token invalid, not the proof.
		{"a thief's own key", "DPoP " + tok, []string{proofFor(t, thief, tok, "p2", now, nil)}, 401, "invalid_token", api.RefusedDPoPBinding},
		{"a proof for another token", "DPoP " + tok, []string{proofFor(t, app, "other", "p3", now, nil)}, 401, "invalid_dpop_proof", api.RefusedDPoPProof},
		{"a proof for POST", "DPoP " + tok, []string{proofFor(t, app, tok, "p4", now, func(p *dpop.Proof) { p.HTM = "POST" })}, 401, "invalid_dpop_proof", api.RefusedDPoPProof},
		{"a proof for the token endpoint", "DPoP " + tok, []string{proofFor(t, app, tok, "p5", now, func(p *dpop.Proof) { p.HTU = issuerURL + "/token" })}, 401, "invalid_dpop_proof", api.RefusedDPoPProof},
		{"a stale proof", "DPoP " + tok, []string{proofFor(t, app, tok, "p6", now.Add(-2*time.Minute), nil)}, 401, "invalid_dpop_proof", api.RefusedDPoPProof},
		{"an unbound token under DPoP", "DPoP " + es256(t, claims()), []string{proofFor(t, app, es256(t, claims()), "p7", now, nil)}, 401, "invalid_token", api.RefusedNotBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decisions = nil
			rec := callWith(s, tt.auth, tt.proofs...)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d (%s)", rec.Code, tt.status, rec.Body)
			}
			// RFC 9449 §7.2: both schemes offered, the error in the
			// challenge of the scheme the request used.
			scheme, _, _ := strings.Cut(tt.auth, " ")
			var withError, others []string
			for _, ch := range rec.Header().Values("WWW-Authenticate") {
				if strings.Contains(ch, "error=") {
					withError = append(withError, ch)
				} else {
					others = append(others, ch)
				}
			}
			if len(withError) != 1 || !strings.HasPrefix(withError[0], scheme+" ") || !strings.Contains(withError[0], `error="`+tt.code+`"`) {
				t.Errorf("challenges %q: want the %s one to carry error=%q", rec.Header().Values("WWW-Authenticate"), scheme, tt.code)
			}
			all := strings.Join(rec.Header().Values("WWW-Authenticate"), "|")
			if len(others) != 1 || !strings.Contains(all, `DPoP algs="ES256 RS256"`) || !strings.Contains(all, `Bearer realm=`) {
				t.Errorf("challenges %q: want a Bearer and a DPoP challenge with algs", all)
			}
			if len(decisions) != 1 || decisions[0].Refusal != tt.why {
				t.Errorf("decisions %+v, want one refusal %q", decisions, tt.why)
			}
		})
	}

	// The proof window is the simulated clock's: a minute later the same
	// token needs a new proof, and a new one works.
	now = now.Add(dpop.Window + time.Second)
	if rec := callWith(s, "DPoP "+tok, good); rec.Code != http.StatusUnauthorized {
		t.Errorf("a proof past its window: %d", rec.Code)
	}
	if rec := callWith(s, "DPoP "+tok, proofFor(t, app, tok, "p8", now, nil)); rec.Code != http.StatusOK {
		t.Errorf("a fresh proof: %d %s", rec.Code, rec.Body)
	}
}

func TestTheChallengeOffersDPoPOnlyWhenTheIssuerBinds(t *testing.T) {
	now := t0
	for _, on := range []bool{false, true} {
		rec := call(newServer(&keys{alg: "ES256", dpop: on}, &now))
		got := rec.Header().Values("WWW-Authenticate")
		want := []string{`Bearer realm="tokenflow"`}
		if on {
			want = append(want, `DPoP algs="ES256 RS256"`)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("dpop %v: challenges %q, want %q", on, got, want)
		}
	}
}

// TestTheProofMustNameThisServer: the request line's absolute form is the
// client's to write; a proof made for another server must not pass by
// naming that server there too (RFC 9449 §4.3 check 9).
func TestTheProofMustNameThisServer(t *testing.T) {
	now := t0.Add(time.Minute)
	s := newServer(&keys{alg: "ES256", dpop: true}, &now)
	app := clientKey(t, 1)
	tok := boundToken(t, app)
	elsewhere := "http://evil.example" + api.PathProfile
	r := httptest.NewRequest(http.MethodGet, elsewhere, nil)
	r.Header.Set("Authorization", "DPoP "+tok)
	r.Header.Set("DPoP", proofFor(t, app, tok, "e1", now, func(p *dpop.Proof) { p.HTU = elsewhere }))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("a proof for another server, sent with that server in the request line: %d, want 401", rec.Code)
	}
}
