package issuer_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// document fetches a discovery document and checks the members in want.
func (e *env) document(path string, want map[string]any) map[string]any {
	e.t.Helper()
	rec := e.get(path)
	if rec.Code != http.StatusOK {
		e.t.Fatalf("GET %s: status %d", path, rec.Code)
	}
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		e.t.Fatalf("%s is not JSON: %v", path, err)
	}
	for k, v := range want {
		if !reflect.DeepEqual(m[k], v) {
			e.t.Errorf("%s: %s = %#v, want %#v", path, k, m[k], v)
		}
	}
	return m
}

func TestMetadataDocument(t *testing.T) {
	e := newEnv(t, nil)
	e.document(issuer.PathMetadata, map[string]any{
		"issuer":                                issuerURL,
		"authorization_endpoint":                issuerURL + "/authorize",
		"token_endpoint":                        issuerURL + "/token",
		"jwks_uri":                              issuerURL + "/jwks.json",
		"revocation_endpoint":                   issuerURL + "/revoke",
		"introspection_endpoint":                issuerURL + "/introspect",
		"grant_types_supported":                 []any{"authorization_code", "refresh_token"},
		"response_types_supported":              []any{"code"},
		"code_challenge_methods_supported":      []any{"S256"},
		"token_endpoint_auth_methods_supported": []any{"none", "client_secret_basic", "client_secret_post"},
	})
	if rec := e.post(issuer.PathMetadata, url.Values{}); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST metadata: status %d, want 405", rec.Code)
	}
}

// jwks fetches and decodes the key set.
func (e *env) jwks() []map[string]string {
	e.t.Helper()
	rec := e.get(issuer.PathJWKS)
	if rec.Code != http.StatusOK {
		e.t.Fatalf("GET jwks: status %d", rec.Code)
	}
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &set); err != nil {
		e.t.Fatalf("JWKS is not a JSON key set: %v: %s", err, rec.Body)
	}
	return set.Keys
}

// publicKey builds the verification key of one JWK, as any resource server would.
func publicKey(t testing.TB, k map[string]string) any {
	t.Helper()
	b64 := func(s string) []byte {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			t.Fatalf("JWK member is not base64url: %q", s)
		}
		return b
	}
	switch k["kty"] {
	case "EC":
		if k["crv"] != "P-256" {
			t.Fatalf("EC key on curve %q", k["crv"])
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, b64(k["x"])...), b64(k["y"])...))
		if err != nil {
			t.Fatalf("EC JWK is not a P-256 point: %v", err)
		}
		return pub
	case "RSA":
		return &rsa.PublicKey{N: new(big.Int).SetBytes(b64(k["n"])), E: int(new(big.Int).SetBytes(b64(k["e"])).Int64())}
	}
	t.Fatalf("unexpected key type %q", k["kty"])
	return nil
}

// verifyWithJWKS checks tok, meant for aud, against the published keys
// only.
func verifyWithJWKS(t testing.TB, e *env, tok, aud string) error {
	t.Helper()
	keys := e.jwks()
	_, err := jwt.Parse(tok, func(tk *jwt.Token) (any, error) {
		kid, _ := tk.Header["kid"].(string)
		for _, k := range keys {
			if k["kid"] == kid && k["alg"] == tk.Method.Alg() {
				return publicKey(t, k), nil
			}
		}
		return nil, jwt.ErrTokenUnverifiable
	}, jwt.WithValidMethods([]string{string(issuer.ES256), string(issuer.RS256)}), jwt.WithTimeFunc(e.clock.Now),
		jwt.WithIssuer(issuerURL), jwt.WithAudience(aud), jwt.WithExpirationRequired())
	return err
}

func TestJWKSVerifiesAnIssuedToken(t *testing.T) {
	for _, alg := range []issuer.Alg{issuer.ES256, issuer.RS256} {
		t.Run(string(alg), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.Alg = alg })
			tr := e.login()
			for _, k := range e.jwks() {
				for _, private := range []string{"d", "p", "q", "dp", "dq", "qi", "k"} {
					if k[private] != "" {
						t.Errorf("JWK %s publishes private member %q", k["kid"], private)
					}
				}
				if k["use"] != "sig" {
					t.Errorf("JWK %s: use %q, want sig", k["kid"], k["use"])
				}
			}
			if err := verifyWithJWKS(t, e, tr.AccessToken, audience); err != nil {
				t.Fatalf("an issued %s token does not verify with the JWKS: %v", alg, err)
			}
		})
	}
}

func TestAuthorizeGetShowsTheLoginForm(t *testing.T) {
	e := newEnv(t, nil)
	_, challenge := e.pkcePair()
	rec := e.get(issuer.PathAuthorize + "?" + authzQuery(challenge).Encode())
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range []string{`<form method="post"`, `name="username"`, `name="password"`, "code_challenge=" + challenge} {
		if !strings.Contains(body, want) {
			t.Errorf("login form lacks %q", want)
		}
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	if rec.Header().Get("Location") != "" {
		t.Error("GET redirected")
	}
}

func TestAuthorizePostGoodCredentialsRedirectsWithCodeAndState(t *testing.T) {
	e := newEnv(t, nil)
	_, challenge := e.pkcePair()
	rec := e.post(issuer.PathAuthorize+"?"+authzQuery(challenge).Encode(), credentials("alice", "wonderland"))
	if rec.Code != http.StatusFound {
		t.Fatalf("status %d, want 302: %s", rec.Code, rec.Body)
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURI {
		t.Errorf("redirected to %s, want %s", got, redirectURI)
	}
	if loc.Query().Get("code") == "" || loc.Query().Get("state") != "xyz" {
		t.Errorf("redirect query %q lacks code or state=xyz", loc.RawQuery)
	}
	if !hasKind(e.kinds(0), issuer.EventCodeIssued) {
		t.Error("no code-issued event")
	}
}

func TestAuthorizePostBadPasswordReshowsTheForm(t *testing.T) {
	e := newEnv(t, nil)
	_, challenge := e.pkcePair()
	for _, creds := range []url.Values{credentials("alice", "looking-glass"), credentials("bob", "wonderland"), credentials("", "")} {
		rec := e.post(issuer.PathAuthorize+"?"+authzQuery(challenge).Encode(), creds)
		if rec.Code != http.StatusOK {
			t.Errorf("%v: status %d, want 200 (the form again)", creds, rec.Code)
		}
		if loc := rec.Header().Get("Location"); loc != "" {
			t.Errorf("%v: bad credentials redirected to %s", creds, loc)
		}
		if !strings.Contains(rec.Body.String(), "Wrong username or password") || !strings.Contains(rec.Body.String(), "<form") {
			t.Errorf("%v: the form is not shown again with a message", creds)
		}
	}
	if k := e.kinds(0); len(k) != 3 || k[0] != issuer.EventLoginFailed {
		t.Errorf("events %v, want three login-failed", k)
	}
}

// TestAuthorizeNeverRedirectsToAnUnverifiedURI pins RFC 6749 §4.1.2.1: an
// unknown client or an unregistered redirect URI gets an error page, and
// the user agent is never sent anywhere.
func TestAuthorizeNeverRedirectsToAnUnverifiedURI(t *testing.T) {
	tests := []struct {
		name string
		edit func(url.Values)
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "evil-app") }},
		{"missing client", func(q url.Values) { q.Del("client_id") }},
		{"confidential api client", func(q url.Values) { q.Set("client_id", issuer.APIClientID) }},
		{"missing redirect", func(q url.Values) { q.Del("redirect_uri") }},
		{"other host", func(q url.Values) { q.Set("redirect_uri", "http://evil.example:53682/callback") }},
		{"https loopback", func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:53682/callback") }},
		{"other path", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682/steal") }},
		{"no port", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1/callback") }},
		{"port zero", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:0/callback") }},
		{"port too big", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:65536/callback") }},
		{"userinfo", func(q url.Values) { q.Set("redirect_uri", "http://evil@127.0.0.1:53682/callback") }},
		{"query in redirect", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682/callback?next=http://evil.example") }},
		{"fragment", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682/callback#x") }},
		{"loopback lookalike", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1.evil.example:53682/callback") }},
		// RFC 9700 §4.1.3: exact string matching, so nothing that only
		// decodes or normalises to the registered URI.
		{"percent-encoded path", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682/%63allback") }},
		{"encoded slash", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682%2Fcallback") }},
		{"upper-case scheme", func(q url.Values) { q.Set("redirect_uri", "HTTP://127.0.0.1:53682/callback") }},
		{"upper-case host", func(q url.Values) { q.Set("redirect_uri", "http://LOCALHOST:53682/callback") }},
		{"IPv6 loopback written long", func(q url.Values) { q.Set("redirect_uri", "http://[0:0:0:0:0:0:0:1]:53682/callback") }},
		{"dot segment", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682/x/../callback") }},
		{"empty query", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:53682/callback?") }},
		{"leading zero port", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:08080/callback") }},
		{"repeated redirect", func(q url.Values) { q.Add("redirect_uri", "http://evil.example/callback") }},
		{"unknown client, bad PKCE", func(q url.Values) { q.Set("client_id", "evil-app"); q.Del("code_challenge") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			_, challenge := e.pkcePair()
			q := authzQuery(challenge)
			tt.edit(q)
			target := issuer.PathAuthorize + "?" + q.Encode()
			for method, rec := range map[string]*httptest.ResponseRecorder{
				http.MethodGet:  e.get(target),
				http.MethodPost: e.post(target, credentials("alice", "wonderland")),
			} {
				if rec.Code != http.StatusBadRequest {
					t.Errorf("%s: status %d, want 400", method, rec.Code)
				}
				if loc := rec.Header().Get("Location"); loc != "" {
					t.Errorf("%s: redirected to %s", method, loc)
				}
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("%s: Content-Type %q, want an HTML error page", method, ct)
				}
			}
			if hasKind(e.kinds(0), issuer.EventCodeIssued) {
				t.Error("a code was issued")
			}
		})
	}
}

func TestAuthorizeAcceptsAnyLoopbackPort(t *testing.T) {
	for _, uri := range []string{
		"http://127.0.0.1:1/callback",
		"http://127.0.0.1:65535/callback",
		"http://localhost:8080/callback",
		"http://[::1]:49152/callback",
	} {
		t.Run(uri, func(t *testing.T) {
			e := newEnv(t, nil)
			verifier, challenge := e.pkcePair()
			q := authzQuery(challenge)
			q.Set("redirect_uri", uri)
			rec := e.post(issuer.PathAuthorize+"?"+q.Encode(), credentials("alice", "wonderland"))
			if rec.Code != http.StatusFound {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			loc := rec.Header().Get("Location")
			if !strings.HasPrefix(loc, uri+"?") {
				t.Fatalf("redirected to %s, want %s", loc, uri)
			}
			u, _ := url.Parse(loc)
			form := codeForm(u.Query().Get("code"), verifier)
			form.Set("redirect_uri", uri)
			e.mustToken(e.post(issuer.PathToken, form))
		})
	}
}

// TestAuthorizeErrorsRedirectOnceTheClientIsKnown covers the errors RFC
// 6749 §4.1.2.1 sends back to a verified redirect URI, PKCE's among them
// (RFC 7636 §4.4.1).
func TestAuthorizeErrorsRedirectOnceTheClientIsKnown(t *testing.T) {
	tests := []struct {
		name string
		code issuer.ErrorCode
		edit func(url.Values)
	}{
		{"PKCE missing", issuer.ErrInvalidRequest, func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }},
		{"PKCE plain", issuer.ErrInvalidRequest, func(q url.Values) { q.Set("code_challenge_method", "plain") }},
		{"PKCE method missing", issuer.ErrInvalidRequest, func(q url.Values) { q.Del("code_challenge_method") }},
		{"PKCE challenge too short", issuer.ErrInvalidRequest, func(q url.Values) { q.Set("code_challenge", "abc") }},
		// RFC 7636 §4.2: BASE64URL(SHA256(verifier)), which no verifier
		// can match unless it is 32 bytes in unpadded base64url.
		{"PKCE challenge not base64url", issuer.ErrInvalidRequest, func(q url.Values) { q.Set("code_challenge", strings.Repeat("!", 43)) }},
		{"PKCE challenge padded", issuer.ErrInvalidRequest, func(q url.Values) { q.Set("code_challenge", strings.Repeat("A", 42)+"=") }},
		{"PKCE challenge standard base64", issuer.ErrInvalidRequest, func(q url.Values) { q.Set("code_challenge", strings.Repeat("A", 41)+"+A") }},
		{"PKCE challenge stray bits", issuer.ErrInvalidRequest, func(q url.Values) { q.Set("code_challenge", strings.Repeat("A", 42)+"B") }},
		{"response type token", issuer.ErrUnsupportedResponseType, func(q url.Values) { q.Set("response_type", "token") }},
		{"unknown scope", issuer.ErrInvalidScope, func(q url.Values) { q.Set("scope", "profile admin") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			_, challenge := e.pkcePair()
			q := authzQuery(challenge)
			tt.edit(q)
			rec := e.get(issuer.PathAuthorize + "?" + q.Encode())
			if rec.Code != http.StatusFound {
				t.Fatalf("status %d, want 302 with an error", rec.Code)
			}
			loc, _ := url.Parse(rec.Header().Get("Location"))
			if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirectURI {
				t.Fatalf("error sent to %s", got)
			}
			if loc.Query().Get("error") != string(tt.code) || loc.Query().Get("state") != "xyz" || loc.Query().Get("code") != "" {
				t.Errorf("redirect query %q, want error=%s, state=xyz and no code", loc.RawQuery, tt.code)
			}
		})
	}
}

func TestAuthorizeRejectsOtherMethods(t *testing.T) {
	e := newEnv(t, nil)
	rec := e.serve(newRequest(http.MethodPut, issuer.PathAuthorize, ""))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Location") != "" {
		t.Errorf("PUT /authorize: status %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestCodeGrantChecksPKCE(t *testing.T) {
	e := newEnv(t, nil)
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))

	wrong := codeForm(code, strings.Repeat("w", 43))
	expectError(t, e.post(issuer.PathToken, wrong), http.StatusBadRequest, issuer.ErrInvalidGrant)
	noVerifier := codeForm(code, "")
	noVerifier.Del("code_verifier")
	expectError(t, e.post(issuer.PathToken, noVerifier), http.StatusBadRequest, issuer.ErrInvalidRequest)
	// "plain" PKCE would send the challenge itself as the verifier.
	expectError(t, e.post(issuer.PathToken, codeForm(code, challenge)), http.StatusBadRequest, issuer.ErrInvalidGrant)
	expectError(t, e.post(issuer.PathToken, codeForm(code, "short")), http.StatusBadRequest, issuer.ErrInvalidRequest)

	// A failed comparison uses the code up (RFC 7636 §4.6 allows one), so
	// the right verifier comes too late; a fresh code works.
	expectError(t, e.post(issuer.PathToken, codeForm(code, verifier)), http.StatusBadRequest, issuer.ErrInvalidGrant)
	e.mustToken(e.post(issuer.PathToken, codeForm(e.authorize(authzQuery(challenge)), verifier)))
}

func TestCodeIsSingleUseAndReplayRevokesTheFamily(t *testing.T) {
	e := newEnv(t, nil)
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))
	tr := e.mustToken(e.post(issuer.PathToken, codeForm(code, verifier)))

	mark := e.mark()
	expectError(t, e.post(issuer.PathToken, codeForm(code, verifier)), http.StatusBadRequest, issuer.ErrInvalidGrant)
	k := e.kinds(mark)
	if !hasKind(k, issuer.EventCodeReplayed) || !hasKind(k, issuer.EventFamilyRevoked) {
		t.Fatalf("code replay emitted %v, want code-replayed and family-revoked", k)
	}
	// RFC 6749 §4.1.2: what the first redemption produced is revoked.
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
	if body := e.introspect(tr.AccessToken).Body.String(); strings.TrimSpace(body) != `{"active":false}` {
		t.Errorf("introspection of the replayed login's access token: %s", body)
	}
}

func TestCodeGrantRejectsMismatches(t *testing.T) {
	tests := []struct {
		name string
		edit func(url.Values)
		code issuer.ErrorCode
	}{
		{"unknown code", func(f url.Values) { f.Set("code", "not-a-code") }, issuer.ErrInvalidGrant},
		{"other redirect", func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:9/callback") }, issuer.ErrInvalidGrant},
		{"missing redirect", func(f url.Values) { f.Del("redirect_uri") }, issuer.ErrInvalidRequest},
		{"missing code", func(f url.Values) { f.Del("code") }, issuer.ErrInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			verifier, challenge := e.pkcePair()
			form := codeForm(e.authorize(authzQuery(challenge)), verifier)
			tt.edit(form)
			expectError(t, e.post(issuer.PathToken, form), http.StatusBadRequest, tt.code)
		})
	}
	t.Run("expired code", func(t *testing.T) {
		e := newEnv(t, nil)
		verifier, challenge := e.pkcePair()
		code := e.authorize(authzQuery(challenge))
		e.clock.Advance(time.Minute) // codes live one minute; expired at exp
		expectError(t, e.post(issuer.PathToken, codeForm(code, verifier)), http.StatusBadRequest, issuer.ErrInvalidGrant)
	})
}

// TestTokenEndpointErrors pins the RFC 6749 §5.2 error of each malformed
// or unauthorised token request.
func TestTokenEndpointErrors(t *testing.T) {
	type request struct {
		method, contentType, body string
		opts                      []reqOpt
	}
	form := func(f url.Values, opts ...reqOpt) request {
		return request{http.MethodPost, "application/x-www-form-urlencoded", f.Encode(), opts}
	}
	refresh := refreshForm("some-token")
	tests := []struct {
		name   string
		req    request
		status int
		code   issuer.ErrorCode
		basic  bool // a Basic challenge is expected
	}{
		{"no grant_type", form(url.Values{"client_id": {issuer.PublicClientID}}), 400, issuer.ErrInvalidRequest, false},
		{"no refresh_token", form(url.Values{"grant_type": {"refresh_token"}, "client_id": {issuer.PublicClientID}}), 400, issuer.ErrInvalidRequest, false},
		{"duplicated grant_type", request{http.MethodPost, "application/x-www-form-urlencoded",
			"grant_type=refresh_token&grant_type=refresh_token&refresh_token=x&client_id=tokenflow-cli", nil}, 400, issuer.ErrInvalidRequest, false},
		{"duplicated refresh_token", request{http.MethodPost, "application/x-www-form-urlencoded",
			"grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=tokenflow-cli", nil}, 400, issuer.ErrInvalidRequest, false},
		{"JSON body", request{http.MethodPost, "application/json", `{"grant_type":"refresh_token"}`, nil}, 400, issuer.ErrInvalidRequest, false},
		{"no content type", request{http.MethodPost, "", refresh.Encode(), nil}, 400, issuer.ErrInvalidRequest, false},
		{"multipart", request{http.MethodPost, "multipart/form-data; boundary=x", "--x--", nil}, 400, issuer.ErrInvalidRequest, false},
		{"malformed body", request{http.MethodPost, "application/x-www-form-urlencoded", "grant_type=%zz", nil}, 400, issuer.ErrInvalidRequest, false},
		{"oversized body", request{http.MethodPost, "application/x-www-form-urlencoded",
			"grant_type=refresh_token&refresh_token=" + strings.Repeat("a", 1<<20), nil}, 413, issuer.ErrInvalidRequest, false},
		{"GET", request{http.MethodGet, "", "", nil}, 405, issuer.ErrInvalidRequest, false},
		{"both auth methods", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_secret": {"api-secret"}},
			withBasic(issuer.APIClientID, issuer.APIClientKey)), 400, issuer.ErrInvalidRequest, false},

		{"no client", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}}), 401, issuer.ErrInvalidClient, false},
		{"unknown client", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {"evil"}}), 401, issuer.ErrInvalidClient, false},
		{"unknown client via Basic", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}},
			withBasic("evil", "x")), 401, issuer.ErrInvalidClient, true},
		{"wrong secret via Basic", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}},
			withBasic(issuer.APIClientID, "guess")), 401, issuer.ErrInvalidClient, true},
		{"wrong secret via post", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"},
			"client_id": {issuer.APIClientID}, "client_secret": {"guess"}}), 401, issuer.ErrInvalidClient, false},
		{"confidential client without secret", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"},
			"client_id": {issuer.APIClientID}}), 401, issuer.ErrInvalidClient, false},
		{"public client with a secret", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"},
			"client_id": {issuer.PublicClientID}, "client_secret": {"x"}}), 401, issuer.ErrInvalidClient, false},

		{"unknown refresh token", form(refresh), 400, issuer.ErrInvalidGrant, false},
		{"unknown code", form(codeForm("nope", strings.Repeat("v", 43))), 400, issuer.ErrInvalidGrant, false},

		{"password grant", form(url.Values{"grant_type": {"password"}, "username": {"alice"}, "password": {"wonderland"},
			"client_id": {issuer.PublicClientID}}), 400, issuer.ErrUnsupportedGrantType, false},
		{"client_credentials grant", form(url.Values{"grant_type": {"client_credentials"}},
			withBasic(issuer.APIClientID, issuer.APIClientKey)), 400, issuer.ErrUnsupportedGrantType, false},

		{"api client with authorization_code", form(url.Values{"grant_type": {"authorization_code"}, "code": {"x"},
			"redirect_uri": {redirectURI}, "code_verifier": {strings.Repeat("v", 43)}},
			withBasic(issuer.APIClientID, issuer.APIClientKey)), 400, issuer.ErrUnauthorizedClient, false},
		{"api client with refresh_token via post", form(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"},
			"client_id": {issuer.APIClientID}, "client_secret": {issuer.APIClientKey}}), 400, issuer.ErrUnauthorizedClient, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			r := newRequest(tt.req.method, issuer.PathToken, tt.req.body)
			if tt.req.contentType != "" {
				r.Header.Set("Content-Type", tt.req.contentType)
			}
			for _, o := range tt.req.opts {
				o(r)
			}
			rec := e.serve(r)
			expectError(t, rec, tt.status, tt.code)
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", cc)
			}
			// Every 401 names a scheme (RFC 9110 §15.5.2); other errors carry none.
			challenge := rec.Header().Get("WWW-Authenticate")
			if tt.status == http.StatusUnauthorized && !strings.HasPrefix(challenge, "Basic ") {
				t.Errorf("WWW-Authenticate %q, want a Basic challenge (RFC 6749 §5.2)", challenge)
			}
			if tt.status != http.StatusUnauthorized && challenge != "" {
				t.Errorf("unexpected WWW-Authenticate %q", challenge)
			}
			if tt.req.method == http.MethodGet && rec.Header().Get("Allow") != http.MethodPost {
				t.Errorf("405 without Allow: POST")
			}
		})
	}
}

func TestTokenResponsesAreNotCached(t *testing.T) {
	e := newEnv(t, nil)
	verifier, challenge := e.pkcePair()
	rec := e.post(issuer.PathToken, codeForm(e.authorize(authzQuery(challenge)), verifier))
	tr := e.mustToken(rec)
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("code grant: Cache-Control %q, want no-store", cc)
	}
	if tr.TokenType != "Bearer" || tr.ExpiresIn != 900 || tr.Scope != issuer.DefaultScope || tr.RefreshToken == "" {
		t.Errorf("token response %+v", tr)
	}
	rec = e.refresh(tr.RefreshToken)
	e.mustToken(rec)
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("refresh grant: Cache-Control %q, want no-store", cc)
	}
}

func TestRefreshRejectsAWiderScope(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	form := refreshForm(tr.RefreshToken)
	form.Set("scope", "profile admin")
	expectError(t, e.post(issuer.PathToken, form), http.StatusBadRequest, issuer.ErrInvalidScope)
	// The same or a narrower scope is fine (RFC 6749 §6).
	form.Set("scope", issuer.DefaultScope)
	e.mustToken(e.post(issuer.PathToken, form))
}

func TestAccessTokenIsAnRFC9068JWT(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	tok, _, err := jwt.NewParser().ParseUnverified(tr.AccessToken, jwt.MapClaims{})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Header["typ"] != "at+jwt" || tok.Header["kid"] == nil || tok.Header["alg"] != string(issuer.ES256) {
		t.Errorf("header %v, want typ at+jwt, a kid and alg ES256", tok.Header)
	}
	claims := tok.Claims.(jwt.MapClaims)
	for _, c := range []string{"iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope"} {
		if claims[c] == nil {
			t.Errorf("claim %s missing", c)
		}
	}
	if claims["iss"] != issuerURL || claims["sub"] != "alice" || claims["client_id"] != issuer.PublicClientID {
		t.Errorf("claims %v", claims)
	}
	if exp, _ := claims.GetExpirationTime(); !exp.Equal(t0.Add(15 * time.Minute)) {
		t.Errorf("exp %v, want iat+15m", exp)
	}
}
