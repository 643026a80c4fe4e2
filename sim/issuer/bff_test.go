package issuer_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// bffQuery is the backend-for-frontend's authorization request.
func bffQuery(challenge, redirect string) url.Values {
	q := authzQuery(challenge)
	q.Set("client_id", issuer.BFFClientID)
	q.Set("redirect_uri", redirect)
	return q
}

func bffCodeForm(code, verifier string) url.Values {
	f := codeForm(code, verifier)
	f.Set("client_id", issuer.BFFClientID)
	f.Set("redirect_uri", issuer.BFFRedirectURI)
	return f
}

// TestTheBackendIsAConfidentialClient: its redirect URI is compared
// exactly, and every grant it makes needs its secret (RFC 6749 §3.2.1).
func TestTheBackendIsAConfidentialClient(t *testing.T) {
	e := newEnv(t, nil)
	for _, uri := range []string{issuer.BFFRedirectURI + "/", "https://APP.tokenflow.test/bff/callback", "http://127.0.0.1:53682/callback"} {
		if rec := e.post(issuer.PathAuthorize+"?"+bffQuery("x", uri).Encode(), credentials(issuer.DemoUser, issuer.DemoPassword)); rec.Code != http.StatusBadRequest {
			t.Errorf("redirect_uri %q: status %d, want 400 and no redirect", uri, rec.Code)
		}
	}
	verifier, challenge := e.pkcePair()
	code := e.authorize(bffQuery(challenge, issuer.BFFRedirectURI))
	mark := e.mark()
	rec := e.post(issuer.PathToken, bffCodeForm(code, verifier))
	expectError(t, rec, http.StatusUnauthorized, issuer.ErrInvalidClient)
	if !hasKind(e.kinds(mark), issuer.EventRefused) {
		t.Error("a confidential client's grant without its secret left no audit event")
	}
	tr := e.mustToken(e.post(issuer.PathToken, bffCodeForm(code, verifier), withBasic(issuer.BFFClientID, issuer.BFFClientKey)))
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken}, "client_id": {issuer.BFFClientID}}
	expectError(t, e.post(issuer.PathToken, refresh), http.StatusUnauthorized, issuer.ErrInvalidClient)
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant) // as the public client
	e.mustToken(e.post(issuer.PathToken, refresh, withBasic(issuer.BFFClientID, issuer.BFFClientKey)))
}
