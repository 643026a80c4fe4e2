package issuer_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

const inactive = `{"active":false}`

// body returns a response body without its trailing newline.
func body(rec *httptest.ResponseRecorder) string { return strings.TrimRight(rec.Body.String(), "\n") }

func TestRevocationAnswers200ForUnknownTokens(t *testing.T) {
	e := newEnv(t, nil)
	for _, tok := range []string{"never-issued", "a.b.c", strings.Repeat("x", 200)} {
		rec := e.post(issuer.PathRevoke, url.Values{"token": {tok}, "client_id": {issuer.PublicClientID}})
		if rec.Code != http.StatusOK {
			t.Errorf("revoke %q: status %d, want 200 (RFC 7009 §2.2)", tok, rec.Code)
		}
	}
}

func TestRevocationRequestErrors(t *testing.T) {
	e := newEnv(t, nil)
	expectError(t, e.post(issuer.PathRevoke, url.Values{"token": {"x"}}), http.StatusUnauthorized, issuer.ErrInvalidClient)
	expectError(t, e.post(issuer.PathRevoke, url.Values{"client_id": {issuer.PublicClientID}}), http.StatusBadRequest, issuer.ErrInvalidRequest)
	expectError(t, e.serve(newRequest(http.MethodGet, issuer.PathRevoke, "")), http.StatusMethodNotAllowed, issuer.ErrInvalidRequest)
}

func TestRevokingARefreshTokenRevokesItsFamily(t *testing.T) {
	e := newEnv(t, nil)
	first := e.login()
	second := e.mustToken(e.refresh(first.RefreshToken))
	info, _ := e.iss.RefreshInfo(second.RefreshToken)

	rec := e.post(issuer.PathRevoke, url.Values{"token": {second.RefreshToken}, "token_type_hint": {"refresh_token"},
		"client_id": {issuer.PublicClientID}})
	if rec.Code != http.StatusOK {
		t.Fatalf("revoke: status %d", rec.Code)
	}
	fam, _ := e.iss.Family(info.FamilyID)
	if !fam.Revoked {
		t.Fatal("the family is not revoked")
	}
	expectError(t, e.refresh(second.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
	for _, tok := range []string{first.AccessToken, second.AccessToken, second.RefreshToken} {
		if got := body(e.introspect(tok)); got != inactive {
			t.Errorf("introspection after revocation: %s", got)
		}
	}
	// Another login is a separate family and unaffected.
	other := e.login()
	e.mustToken(e.refresh(other.RefreshToken))
}

// An unknown token_type_hint "is ignored" (RFC 7009 §2.2): the token is
// still found and revoked.
func TestRevocationIgnoresAnInvalidHint(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	rec := e.post(issuer.PathRevoke, url.Values{"token": {tr.RefreshToken}, "client_id": {issuer.PublicClientID}, "token_type_hint": {"id_token"}})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", rec.Code)
	}
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

// RFC 7009 §2.1: a token issued to another client is refused with an
// error, and stays valid.
func TestRevocationOfAnotherClientsTokenIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	for _, tok := range []string{tr.RefreshToken, tr.AccessToken} {
		rec := e.post(issuer.PathRevoke, url.Values{"token": {tok}}, withBasic(issuer.APIClientID, issuer.APIClientKey))
		expectError(t, rec, http.StatusBadRequest, issuer.ErrUnauthorizedClient)
	}
	e.mustToken(e.refresh(tr.RefreshToken))
}

// Revoking an access token takes effect at the issuer at once (RFC 7009
// §2.1), so introspection says inactive (RFC 7662 §4), even when the API,
// checking JWTs locally without a denylist, would still accept it.
func TestRevokedAccessTokenIsInactiveWithoutADenylist(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	rec := e.post(issuer.PathRevoke, url.Values{"token": {tr.AccessToken}, "client_id": {issuer.PublicClientID}})
	if rec.Code != http.StatusOK {
		t.Fatalf("revoke: status %d", rec.Code)
	}
	if got := body(e.introspect(tr.AccessToken)); got != inactive {
		t.Errorf("introspection after revocation: %s, want %s", got, inactive)
	}
	claims := jwtClaims(t, tr.AccessToken)
	if e.iss.Denied(claims["jti"].(string)) {
		t.Error("the jti is on the denylist although the denylist policy is off")
	}
}

func TestIntrospectionRequiresTheAPIClient(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	form := url.Values{"token": {tr.AccessToken}}
	withPost := url.Values{"token": {tr.AccessToken}, "client_id": {issuer.APIClientID}, "client_secret": {issuer.APIClientKey}}

	for name, rec := range map[string]*httptest.ResponseRecorder{
		"basic": e.post(issuer.PathIntrospect, form, withBasic(issuer.APIClientID, issuer.APIClientKey)),
		"post":  e.post(issuer.PathIntrospect, withPost),
	} {
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"active":true`) {
			t.Errorf("%s: status %d, body %s", name, rec.Code, rec.Body)
		}
	}

	noAuth := e.post(issuer.PathIntrospect, form)
	expectError(t, noAuth, http.StatusUnauthorized, issuer.ErrInvalidClient)
	public := e.post(issuer.PathIntrospect, url.Values{"token": {tr.AccessToken}, "client_id": {issuer.PublicClientID}})
	expectError(t, public, http.StatusUnauthorized, issuer.ErrInvalidClient)
	wrong := e.post(issuer.PathIntrospect, form, withBasic(issuer.APIClientID, "guess"))
	expectError(t, wrong, http.StatusUnauthorized, issuer.ErrInvalidClient)
	if !strings.HasPrefix(wrong.Header().Get("WWW-Authenticate"), "Basic") {
		t.Errorf("Basic failure without a Basic challenge")
	}
	for _, rec := range []*httptest.ResponseRecorder{noAuth, public, wrong} {
		if strings.Contains(rec.Body.String(), "alice") || strings.Contains(rec.Body.String(), `"active"`) {
			t.Errorf("an unauthenticated caller learned about the token: %s", rec.Body)
		}
	}
	expectError(t, e.post(issuer.PathIntrospect, url.Values{}, withBasic(issuer.APIClientID, issuer.APIClientKey)),
		http.StatusBadRequest, issuer.ErrInvalidRequest)
	// The client is refused before the missing token is noticed: the
	// public client learns nothing about what it would have to send.
	expectError(t, e.post(issuer.PathIntrospect, url.Values{"client_id": {issuer.PublicClientID}}),
		http.StatusUnauthorized, issuer.ErrInvalidClient)
}

// TestIntrospectionOfInactiveTokensSaysOnlyActiveFalse pins RFC 7662 §2.2:
// whatever made a token inactive, the answer is exactly {"active":false}.
func TestIntrospectionOfInactiveTokensSaysOnlyActiveFalse(t *testing.T) {
	tests := []struct {
		name string
		tok  func(e *env) string
	}{
		{"unknown opaque", func(*env) string { return "no-such-token" }},
		{"garbage", func(*env) string { return "\x00\xff<script>" }},
		{"three dots of garbage", func(*env) string { return "a.b.c" }},
		{"expired access", func(e *env) string { tok := e.login().AccessToken; e.clock.Advance(15 * time.Minute); return tok }},
		{"expired refresh", func(e *env) string { tok := e.login().RefreshToken; e.clock.Advance(7 * 24 * time.Hour); return tok }},
		{"rotated-out refresh", func(e *env) string { tok := e.login().RefreshToken; e.mustToken(e.refresh(tok)); return tok }},
		{"revoked refresh", func(e *env) string {
			tok := e.login().RefreshToken
			e.post(issuer.PathRevoke, url.Values{"token": {tok}, "client_id": {issuer.PublicClientID}})
			return tok
		}},
		{"access of a revoked family", func(e *env) string {
			tr := e.login()
			e.post(issuer.PathRevoke, url.Values{"token": {tr.RefreshToken}, "client_id": {issuer.PublicClientID}})
			return tr.AccessToken
		}},
		{"tampered access", func(e *env) string {
			parts := strings.Split(e.login().AccessToken, ".")
			return parts[0] + "." + parts[1] + "x." + parts[2]
		}},
		{"forged signature", func(e *env) string {
			parts := strings.Split(e.login().AccessToken, ".")
			return parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			rec := e.introspect(tt.tok(e))
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if got := body(rec); got != inactive {
				t.Errorf("body %s, want exactly %s", got, inactive)
			}
		})
	}
}

func TestIntrospectionOfAnActiveToken(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	for name, tok := range map[string]string{"access": tr.AccessToken, "refresh": tr.RefreshToken} {
		t.Run(name, func(t *testing.T) {
			rec := e.introspect(tok)
			var got map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			for _, field := range []string{"active", "scope", "client_id", "sub", "aud", "iss", "exp", "iat", "jti"} {
				if _, ok := got[field]; !ok {
					t.Errorf("field %s missing from %s", field, rec.Body)
				}
			}
			if got["active"] != true || got["scope"] != issuer.DefaultScope || got["client_id"] != issuer.PublicClientID ||
				got["sub"] != issuer.DemoUser || got["iss"] != issuerURL || got["iat"] != float64(t0.Unix()) {
				t.Errorf("introspection %s", rec.Body)
			}
			wantExp := t0.Add(15 * time.Minute)
			if name == "refresh" {
				wantExp = t0.Add(7 * 24 * time.Hour)
			}
			if got["exp"] != float64(wantExp.Unix()) {
				t.Errorf("exp %v, want %v", got["exp"], wantExp.Unix())
			}
		})
	}
}
