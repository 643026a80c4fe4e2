package issuer_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// jwtHeader reads a JWT's header without verifying it.
func jwtHeader(t *testing.T, tok string) map[string]any {
	t.Helper()
	parsed, _, err := jwt.NewParser().ParseUnverified(tok, jwt.MapClaims{})
	if err != nil {
		t.Fatalf("not a JWT: %v", err)
	}
	return parsed.Header
}

// TestIDTokenClaims: OIDC Core §2 and §3.1.3.3 — who signed in, at which
// issuer, for which client, when, the nonce echoed, the access token
// bound by at_hash (§3.1.3.6); typ JWT, never at+jwt.
func TestIDTokenClaims(t *testing.T) {
	e := newEnv(t, nil)
	e.clock.Advance(time.Minute)
	tr := e.browser().login(t, "n-0S6_WzA2Mj")
	if tr.IDToken == "" {
		t.Fatal("an openid request got no id_token")
	}
	if err := verifyWithJWKS(t, e, tr.IDToken, issuer.PublicClientID); err != nil {
		t.Fatalf("the ID token does not verify with the JWKS: %v", err)
	}
	h := jwtHeader(t, tr.IDToken)
	if h["typ"] != "JWT" || h["alg"] != "ES256" || h["kid"] == "" {
		t.Errorf("header %v, want typ JWT, alg ES256 and a kid", h)
	}
	sum := sha256.Sum256([]byte(tr.AccessToken))
	now := e.clock.Now().Unix()
	want := map[string]any{
		"iss": issuerURL, "sub": issuer.DemoUser, "aud": issuer.PublicClientID,
		"iat": float64(now), "exp": float64(now + 15*60), "auth_time": float64(now),
		"nonce": "n-0S6_WzA2Mj", "at_hash": base64.RawURLEncoding.EncodeToString(sum[:16]),
	}
	claims := jwtClaims(t, tr.IDToken)
	for k, v := range want {
		if !reflect.DeepEqual(claims[k], v) {
			t.Errorf("%s = %#v, want %#v", k, claims[k], v)
		}
	}
	if sid, _ := claims["sid"].(string); sid == "" {
		t.Error("no sid naming the session")
	}
	if rec := e.apiCall(tr.IDToken); rec.Code != http.StatusUnauthorized {
		t.Errorf("the API took the ID token as an access token: status %d", rec.Code)
	}
}

func TestIDTokenAlgFollowsThePolicyButNeverHMAC(t *testing.T) {
	for policy, want := range map[issuer.Alg]string{issuer.ES256: "ES256", issuer.RS256: "RS256", issuer.HS256: "ES256"} {
		e := newEnv(t, func(p *issuer.Policy) { p.Alg = policy })
		tr := e.browser().login(t, "n")
		if got := jwtHeader(t, tr.IDToken)["alg"]; got != want {
			t.Errorf("policy %s: ID token alg %v, want %s", policy, got, want)
		}
		if err := verifyWithJWKS(t, e, tr.IDToken, issuer.PublicClientID); err != nil {
			t.Errorf("policy %s: the ID token does not verify with the JWKS: %v", policy, err)
		}
	}
}

func TestIDTokensOnlyForOpenIDAndNeverOnRefresh(t *testing.T) {
	e := newEnv(t, nil)
	if tr := e.login(); tr.IDToken != "" {
		t.Error("a plain OAuth login (scope profile) got an ID token")
	}
	tr := e.browser().login(t, "")
	if tr.IDToken == "" {
		t.Fatal("openid without a nonce got no ID token (the nonce is optional in the code flow, OIDC Core §3.1.2.1)")
	}
	if _, has := jwtClaims(t, tr.IDToken)["nonce"]; has {
		t.Error("an ID token carries a nonce the request never sent")
	}
	if again := e.mustToken(e.refresh(tr.RefreshToken)); again.IDToken != "" || again.Scope != "openid profile" {
		t.Errorf("refresh answered id_token %q, scope %q: want no ID token and the login's scope", again.IDToken, again.Scope)
	}
}

// TestOpenIDConfiguration: OpenID Connect Discovery 1.0 §3, RS256 listed
// as required without deriving the RSA key.
func TestOpenIDConfiguration(t *testing.T) {
	e := newEnv(t, nil)
	m := e.document(issuer.PathOpenIDConfiguration, map[string]any{
		"issuer":                                issuerURL,
		"authorization_endpoint":                issuerURL + issuer.PathAuthorize,
		"token_endpoint":                        issuerURL + issuer.PathToken,
		"userinfo_endpoint":                     issuerURL + issuer.PathUserinfo,
		"end_session_endpoint":                  issuerURL + issuer.PathEndSession,
		"jwks_uri":                              issuerURL + issuer.PathJWKS,
		"response_types_supported":              []any{"code"},
		"subject_types_supported":               []any{"public"},
		"code_challenge_methods_supported":      []any{"S256"},
		"token_endpoint_auth_methods_supported": []any{"none", "client_secret_basic", "client_secret_post"},
		"request_uri_parameter_supported":       false,
	})
	has := func(field, v string) bool {
		list, _ := m[field].([]any)
		return slices.Contains(list, any(v))
	}
	for _, c := range []struct{ field, value string }{
		{"id_token_signing_alg_values_supported", "RS256"}, {"id_token_signing_alg_values_supported", "ES256"},
		{"scopes_supported", "openid"}, {"claims_supported", "sub"}, {"claims_supported", "nonce"},
	} {
		if !has(c.field, c.value) {
			t.Errorf("%s lacks %s: %v", c.field, c.value, m[c.field])
		}
	}
	if _, listed := m["dpop_signing_alg_values_supported"]; listed {
		t.Error("DPoP algs listed with DPoP off")
	}
	for _, k := range e.jwks() {
		if k["kty"] == "RSA" {
			t.Error("listing RS256 derived the RSA key")
		}
	}
	e.setPolicy(dpopOn)
	if !jsonHas(t, e.get(issuer.PathOpenIDConfiguration).Body.Bytes(), "dpop_signing_alg_values_supported") {
		t.Error("DPoP algs not listed with DPoP on")
	}
}

func jsonHas(t *testing.T, body []byte, field string) bool {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	_, ok := m[field]
	return ok
}
