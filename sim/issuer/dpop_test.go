package issuer_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// prover is a DPoP client: a key, the last nonce the issuer gave it and a
// counter for unique jti values.
type prover struct {
	t     *testing.T
	key   *ecdsa.PrivateKey
	nonce string
	n     int
}

func newProver(t *testing.T, seed byte) *prover {
	t.Helper()
	var raw [32]byte
	raw[0], raw[31] = 9, seed
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw[:])
	if err != nil {
		t.Fatal(err)
	}
	return &prover{t: t, key: k}
}

func (p *prover) jkt() string {
	jkt, err := dpop.Thumbprint(dpop.PublicJWK(&p.key.PublicKey))
	if err != nil {
		p.t.Fatal(err)
	}
	return jkt
}

// proof signs a proof for the token endpoint at instant at.
func (p *prover) proof(at time.Time, edit func(*dpop.Proof)) string {
	p.n++
	pr := dpop.Proof{JTI: "jti-" + strconv.Itoa(p.n), HTM: http.MethodPost, HTU: issuerURL + issuer.PathToken, IAT: at, Nonce: p.nonce}
	if edit != nil {
		edit(&pr)
	}
	s, err := dpop.Sign(jwt.SigningMethodES256, p.key, pr)
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// post sends form to the token endpoint with a fresh proof, and once more
// with the nonce when the issuer asks for one, as RFC 9449 §8 has a
// client do.
func (p *prover) post(e *env, form url.Values) *httptest.ResponseRecorder {
	rec := e.post(issuer.PathToken, form, withHeader("DPoP", p.proof(e.clock.Now(), nil)))
	if n := rec.Header().Get("DPoP-Nonce"); n != "" {
		p.nonce = n
	}
	if rec.Code == http.StatusBadRequest && oauthErr(p.t, rec) == string(issuer.ErrUseDPoPNonce) {
		rec = e.post(issuer.PathToken, form, withHeader("DPoP", p.proof(e.clock.Now(), nil)))
	}
	return rec
}

// loginWith logs in through the authorization-code grant, proving p's key
// at the token endpoint.
func (e *env) loginWith(p *prover) issuer.TokenResponse {
	e.t.Helper()
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))
	return e.mustToken(p.post(e, codeForm(code, verifier)))
}

func dpopOn(p *issuer.Policy) { p.DPoP = issuer.DPoPOn }

func TestDPoPOffBindsNothing(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.loginWith(newProver(t, 1))
	if tr.TokenType != "Bearer" || jwtClaims(t, tr.AccessToken)["cnf"] != nil {
		t.Errorf("with DPoP off: token_type %q, claims %v; want a plain bearer token", tr.TokenType, jwtClaims(t, tr.AccessToken))
	}
	if e.iss.Metadata().DPoPSigningAlgValuesSupported != nil {
		t.Error("metadata advertises DPoP while it is off")
	}
}

func TestDPoPOnBindsTokensToTheProofsKey(t *testing.T) {
	e := newEnv(t, dpopOn)
	p := newProver(t, 1)

	// The first proof carries no nonce: the issuer asks for one (§8).
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))
	rec := e.post(issuer.PathToken, codeForm(code, verifier), withHeader("DPoP", p.proof(e.clock.Now(), nil)))
	expectError(t, rec, http.StatusBadRequest, issuer.ErrUseDPoPNonce)
	p.nonce = rec.Header().Get("DPoP-Nonce")
	if p.nonce == "" {
		t.Fatal("use_dpop_nonce without a DPoP-Nonce header")
	}
	tr := e.mustToken(e.post(issuer.PathToken, codeForm(code, verifier), withHeader("DPoP", p.proof(e.clock.Now(), nil))))
	if tr.TokenType != "DPoP" {
		t.Errorf("token_type %q, want DPoP (RFC 9449 §5)", tr.TokenType)
	}
	cnf, _ := jwtClaims(t, tr.AccessToken)["cnf"].(map[string]any)
	if cnf["jkt"] != p.jkt() {
		t.Errorf("cnf %v, want jkt %s (RFC 9449 §6.1)", cnf, p.jkt())
	}
	if got := e.iss.Metadata().DPoPSigningAlgValuesSupported; len(got) != 2 || got[0] != "ES256" {
		t.Errorf("dpop_signing_alg_values_supported %v", got)
	}

	// A login without a proof still gets bearer tokens when DPoP is on.
	if tr := e.login(); tr.TokenType != "Bearer" || jwtClaims(t, tr.AccessToken)["cnf"] != nil {
		t.Errorf("without a proof: token_type %q, want Bearer", tr.TokenType)
	}

	// Introspection tells the API which key the token is bound to.
	var out struct {
		Active    bool              `json:"active"`
		TokenType string            `json:"token_type"`
		Cnf       map[string]string `json:"cnf"`
	}
	if err := json.Unmarshal(e.introspect(tr.AccessToken).Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if !out.Active || out.TokenType != "DPoP" || out.Cnf["jkt"] != p.jkt() {
		t.Errorf("introspection %+v, want active DPoP bound to %s", out, p.jkt())
	}
}

func TestABoundRefreshTokenNeedsItsKey(t *testing.T) {
	e := newEnv(t, dpopOn)
	app, thief := newProver(t, 1), newProver(t, 2)
	tr := e.loginWith(app)
	mark := e.mark()

	// Without a proof, or with the thief's own key: refused, and nothing
	// changes, so neither rotates the family nor trips reuse detection.
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
	expectError(t, thief.post(e, refreshForm(tr.RefreshToken)), http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
	for _, k := range e.kinds(mark) {
		if k != issuer.EventRefused {
			t.Errorf("a refused proof emitted %q", k)
		}
	}

	next := e.mustToken(app.post(e, refreshForm(tr.RefreshToken)))
	if next.TokenType != "DPoP" || next.RefreshToken == tr.RefreshToken {
		t.Errorf("the app's refresh: token_type %q, rotated %v", next.TokenType, next.RefreshToken != tr.RefreshToken)
	}
	if cnf, _ := jwtClaims(t, next.AccessToken)["cnf"].(map[string]any); cnf["jkt"] != app.jkt() {
		t.Errorf("the refreshed access token is bound to %v, want the app's key", cnf)
	}
}

func TestABindingOutlivesTheSettingThatMadeIt(t *testing.T) {
	e := newEnv(t, dpopOn)
	app := newProver(t, 1)
	tr := e.loginWith(app)
	e.setPolicy(func(p *issuer.Policy) { p.DPoP = issuer.DPoPOff })
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
	next := e.mustToken(app.post(e, refreshForm(tr.RefreshToken)))
	if next.TokenType != "DPoP" {
		t.Errorf("a bound family's refresh with DPoP off: token_type %q, want DPoP still", next.TokenType)
	}
}

// TestAFamilyBecomesBoundAtItsFirstRefreshWithAProof: RFC 9449 §5 binds
// every refresh token issued to a public client that proves a key, so a
// login from before DPoP was on is bound from that refresh on.
func TestAFamilyBecomesBoundAtItsFirstRefreshWithAProof(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	e.setPolicy(dpopOn)
	app := newProver(t, 1)
	next := e.mustToken(app.post(e, refreshForm(tr.RefreshToken)))
	if cnf, _ := jwtClaims(t, next.AccessToken)["cnf"].(map[string]any); next.TokenType != "DPoP" || cnf["jkt"] != app.jkt() {
		t.Errorf("token_type %q, cnf %v; want an access token bound to the proof's key", next.TokenType, cnf)
	}
	expectError(t, e.refresh(next.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
	e.mustToken(app.post(e, refreshForm(next.RefreshToken)))
}

func TestAStatelessRefreshTokenIsBoundToo(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.DPoP = issuer.DPoPOn; p.RefreshFormat = issuer.RefreshStateless })
	app := newProver(t, 1)
	tr := e.loginWith(app)
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
	if next := e.mustToken(app.post(e, refreshForm(tr.RefreshToken))); next.TokenType != "DPoP" {
		t.Errorf("token_type %q, want DPoP", next.TokenType)
	}
}

func TestTokenEndpointProofChecks(t *testing.T) {
	e := newEnv(t, dpopOn)
	app := newProver(t, 1)
	tr := e.loginWith(app)
	now := e.clock.Now()
	replayed := app.proof(now, nil)
	e.mustToken(e.post(issuer.PathToken, refreshForm(tr.RefreshToken), withHeader("DPoP", replayed)))

	tests := []struct {
		name  string
		proof string
	}{
		{"a replayed proof", replayed},
		{"a proof for GET", app.proof(now, func(p *dpop.Proof) { p.HTM = http.MethodGet })},
		{"a proof for the API", app.proof(now, func(p *dpop.Proof) { p.HTU = issuerURL + "/api/profile" })},
		{"a stale proof", app.proof(now.Add(-2*time.Minute), nil)},
		{"not a JWT", "x.y.z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.post(issuer.PathToken, refreshForm(tr.RefreshToken), withHeader("DPoP", tt.proof))
			expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
		})
	}
}

func TestNoncesExpireOnTheSimulatedClock(t *testing.T) {
	e := newEnv(t, dpopOn)
	app := newProver(t, 1)
	tr := e.loginWith(app)
	old := app.nonce

	// The nonce is good for its lifetime, and the one before it a
	// lifetime longer, so a client never races a rotation.
	e.clock.Advance(issuer.NonceLifetime + time.Second)
	rec := e.post(issuer.PathToken, refreshForm(tr.RefreshToken), withHeader("DPoP", app.proof(e.clock.Now(), nil)))
	tr = e.mustToken(rec)
	if fresh := rec.Header().Get("DPoP-Nonce"); fresh == old || fresh == "" {
		t.Errorf("after a lifetime the issuer still hands out %q", fresh)
	}
	e.clock.Advance(issuer.NonceLifetime)
	rec = e.post(issuer.PathToken, refreshForm(tr.RefreshToken), withHeader("DPoP", app.proof(e.clock.Now(), nil)))
	expectError(t, rec, http.StatusBadRequest, issuer.ErrUseDPoPNonce)
}

func TestDPoPRequiredRefusesAPublicClientWithoutAProof(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.DPoP = issuer.DPoPRequired })
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))
	expectError(t, e.post(issuer.PathToken, codeForm(code, verifier)), http.StatusBadRequest, issuer.ErrInvalidDPoPProof)
	if tr := e.mustToken(newProver(t, 1).post(e, codeForm(code, verifier))); tr.TokenType != "DPoP" {
		t.Errorf("with a proof: token_type %q", tr.TokenType)
	}
}

func TestTheAPITakesTheIssuersBoundTokenOnlyWithAProof(t *testing.T) {
	e := newEnv(t, dpopOn)
	app := newProver(t, 1)
	tr := e.loginWith(app)
	if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusUnauthorized {
		t.Errorf("a bound token sent as Bearer: %d, want 401 (RFC 9449 §7.2)", rec.Code)
	}
	r := httptest.NewRequest(http.MethodGet, "/api/profile", nil)
	r.Header.Set("Authorization", "DPoP "+tr.AccessToken)
	pr, err := dpop.Sign(jwt.SigningMethodES256, app.key, dpop.Proof{JTI: "api-1", HTM: http.MethodGet,
		HTU: issuerURL + "/api/profile", IAT: e.clock.Now(), ATH: dpop.ATH(tr.AccessToken)})
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("DPoP", pr)
	rec := httptest.NewRecorder()
	e.api.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Errorf("with the app's proof: %d %s", rec.Code, rec.Body)
	}
}

// TestWithDPoPOffAProofCostsNothing: a server that binds nothing ignores
// proofs, bad ones included, unless the refresh token is bound.
func TestWithDPoPOffAProofCostsNothing(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	if rec := e.post(issuer.PathToken, refreshForm(tr.RefreshToken), withHeader("DPoP", "not.a.proof")); rec.Code != http.StatusOK {
		t.Errorf("a garbage proof with DPoP off: %d, want it ignored", rec.Code)
	}
}
