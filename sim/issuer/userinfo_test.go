package issuer_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// userinfo sends a request to the userinfo endpoint.
func (e *env) userinfo(method, authorization, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, issuer.PathUserinfo, strings.NewReader(body))
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	if body != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return e.serve(r)
}

// userClaims decodes a 200 userinfo answer.
func userClaims(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("userinfo: status %d, body %s", rec.Code, rec.Body)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("userinfo is not JSON: %v", err)
	}
	return m
}

// TestUserinfoByGETAndPOST: OIDC Core §5.3.1 takes both methods, the
// token in the header or, by POST, in the form (RFC 6750 §2.2).
func TestUserinfoByGETAndPOST(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.browser().login(t, "n")
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"GET, header":  e.userinfo(http.MethodGet, "Bearer "+tr.AccessToken, ""),
		"POST, header": e.userinfo(http.MethodPost, "Bearer "+tr.AccessToken, ""),
		"POST, form":   e.userinfo(http.MethodPost, "", url.Values{"access_token": {tr.AccessToken}}.Encode()),
	} {
		m := userClaims(t, rec)
		if m["sub"] != issuer.DemoUser || m["name"] != "Alice Liddell" {
			t.Errorf("%s: %v, want sub and name", name, m)
		}
		if _, has := m["email"]; has {
			t.Errorf("%s: email without the email scope", name)
		}
	}
}

func TestUserinfoGivesEmailForTheEmailScope(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	verifier, challenge := e.pkcePair()
	q := oidcQuery(challenge, "n")
	q.Set("scope", "openid email")
	code := redirected(t, b.signIn(q)).Get("code")
	tr := e.mustToken(e.post(issuer.PathToken, codeForm(code, verifier)))
	m := userClaims(t, e.userinfo(http.MethodGet, "Bearer "+tr.AccessToken, ""))
	if m["email"] != "alice@wonderland.example" || m["email_verified"] != true || m["name"] != nil {
		t.Errorf("scope openid email: %v, want email and email_verified, no name", m)
	}
}

// TestUserinfoRefusals: RFC 6750 §3 challenges for each way a request
// can fail, and the issuer's knowledge of revocations.
func TestUserinfoRefusals(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.browser().login(t, "n")
	plain := e.login() // scope profile: no openid
	revoked := e.browser().login(t, "n")
	e.revokeToken(revoked.RefreshToken)
	tests := []struct {
		name              string
		method, authz     string
		body              string
		status            int
		code, challengeIn string
	}{
		{"no token", http.MethodGet, "", "", 401, "", `Bearer realm="tokenflow"`},
		{"another scheme", http.MethodGet, "Basic YTpi", "", 401, "", `Bearer realm="tokenflow"`},
		{"garbage", http.MethodGet, "Bearer garbage", "", 401, "invalid_token", `error="invalid_token"`},
		{"the ID token", http.MethodGet, "Bearer " + tr.IDToken, "", 401, "invalid_token", `error="invalid_token"`},
		{"a revoked login's token", http.MethodGet, "Bearer " + revoked.AccessToken, "", 401, "invalid_token", "revoked"},
		{"no openid scope", http.MethodGet, "Bearer " + plain.AccessToken, "", 403, "insufficient_scope", `scope="openid"`},
		{"two ways at once", http.MethodPost, "Bearer " + tr.AccessToken, "access_token=" + tr.AccessToken, 400, "invalid_request", `error="invalid_request"`},
		{"a repeated field", http.MethodPost, "", "access_token=a&access_token=b", 400, "invalid_request", `error="invalid_request"`},
		{"an empty bearer", http.MethodGet, "Bearer ", "", 400, "invalid_request", `error="invalid_request"`},
		{"a bound token's scheme, unbound", http.MethodGet, "DPoP " + tr.AccessToken, "", 401, "invalid_token", `DPoP algs=`},
	}
	for _, tt := range tests {
		rec := e.userinfo(tt.method, tt.authz, tt.body)
		challenge := strings.Join(rec.Header().Values("WWW-Authenticate"), ", ")
		if rec.Code != tt.status || !strings.Contains(challenge, tt.challengeIn) {
			t.Errorf("%s: %d with challenge %q, want %d with %s", tt.name, rec.Code, challenge, tt.status, tt.challengeIn)
		}
		if tt.code == "" && strings.Contains(challenge, "error=") {
			t.Errorf("%s: challenge %q names an error, but no token came (RFC 6750 §3.1)", tt.name, challenge)
		}
		if tt.code != "" && !strings.Contains(rec.Body.String(), `"error":"`+tt.code+`"`) {
			t.Errorf("%s: body %s, want error %s", tt.name, rec.Body, tt.code)
		}
	}
	if rec := e.apiCall(revoked.AccessToken); rec.Code != http.StatusOK {
		t.Errorf("the API, checking JWTs by itself, refused the revoked login's token: %d", rec.Code)
	}
	e.clock.Advance(15 * time.Minute)
	if rec := e.userinfo(http.MethodGet, "Bearer "+tr.AccessToken, ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("an expired token: status %d, want 401", rec.Code)
	}
	if rec := e.userinfo(http.MethodPut, "", ""); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, POST" {
		t.Errorf("PUT: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	big := "access_token=" + strings.Repeat("a", 17<<10)
	if rec := e.userinfo(http.MethodPost, "", big); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 17 KiB form: status %d, want 413", rec.Code)
	}
}

// TestUserinfoHoldsABoundTokenToItsKey: RFC 9449 §7 at the issuer's own
// resource: the DPoP scheme with a proof of the bound key, once.
func TestUserinfoHoldsABoundTokenToItsKey(t *testing.T) {
	e := newEnv(t, dpopOn)
	p := newProver(t, 1)
	verifier, challenge := e.pkcePair()
	code := redirected(t, e.browser().signIn(oidcQuery(challenge, "n"))).Get("code")
	tr := e.mustToken(p.post(e, codeForm(code, verifier)))
	if tr.TokenType != "DPoP" {
		t.Fatalf("token_type %q, want DPoP", tr.TokenType)
	}
	proof := p.proof(e.clock.Now(), func(pr *dpop.Proof) {
		pr.HTM, pr.HTU, pr.ATH, pr.Nonce = http.MethodGet, issuerURL+issuer.PathUserinfo, dpop.ATH(tr.AccessToken), ""
	})
	send := func(authz string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, issuerURL+issuer.PathUserinfo, nil)
		r.Header.Set("Authorization", authz)
		r.Header.Set("DPoP", proof)
		return e.serve(r)
	}
	if rec := send("Bearer " + tr.AccessToken); rec.Code != http.StatusUnauthorized {
		t.Errorf("a bound token as Bearer: status %d, want 401", rec.Code)
	}
	if m := userClaims(t, send("DPoP "+tr.AccessToken)); m["sub"] != issuer.DemoUser {
		t.Errorf("bound token with its proof: %v", m)
	}
	rec := send("DPoP " + tr.AccessToken)
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "invalid_dpop_proof") {
		t.Errorf("the same proof again: %d %s, want 401 invalid_dpop_proof", rec.Code, rec.Body)
	}
}

// TestUserinfoRefusesATokenForAnotherAPI: RFC 9068 §4, the audience is
// checked here as at the API.
func TestUserinfoRefusesATokenForAnotherAPI(t *testing.T) {
	e := newEnv(t, nil)
	tok, err := e.iss.MintForAudience(issuer.DemoUser, "https://billing.tokenflow.test")
	if err != nil {
		t.Fatal(err)
	}
	if rec := e.userinfo(http.MethodGet, "Bearer "+tok, ""); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "aud") {
		t.Errorf("a token for another API: %d %s, want 401 naming aud", rec.Code, rec.Body)
	}
}
