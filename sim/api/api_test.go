package api_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/api"
)

const (
	issuerURL = "https://tokenflow.test"
	audience  = issuerURL + "/api"
	ecKID     = "ec-1"
	rsaKID    = "rsa-1"
	hsKID     = "hs-1"
)

var t0 = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// ecKey is fixed, so the tests sign the same bytes every run.
var ecKey = func() *ecdsa.PrivateKey {
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("tokenflow api test key, 32 bytes"))
	if err != nil {
		panic(err)
	}
	return k
}()

// rsaKey is generated once: RSA key generation is slow, and no assertion
// depends on the key's bytes.
var rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

var hmacSecret = []byte("a shared secret of thirty-two by")

// keys is the issuer as the API sees it.
type keys struct {
	alg      string
	denied   map[string]bool
	denylist bool
	dpop     bool
	leeway   time.Duration
}

func (k *keys) VerificationKey(alg, kid string) (any, error) {
	switch {
	case alg == "ES256" && kid == ecKID:
		return &ecKey.PublicKey, nil
	case alg == "RS256" && kid == rsaKID:
		return &rsaKey().PublicKey, nil
	case alg == "HS256" && kid == hsKID:
		return hmacSecret, nil
	}
	return nil, errors.New("unknown key")
}
func (k *keys) ExpectedAlg() string    { return k.alg }
func (k *keys) Denied(jti string) bool { return k.denied[jti] }
func (k *keys) DenylistEnabled() bool  { return k.denylist }
func (k *keys) DPoPEnabled() bool      { return k.dpop }
func (k *keys) Leeway() time.Duration  { return k.leeway }
func newServer(k *keys, now *time.Time) *api.Server {
	return api.New(api.Config{Issuer: issuerURL, Audience: audience, Keys: k, Now: func() time.Time { return *now }})
}

func claims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": issuerURL, "sub": "alice", "aud": audience, "client_id": "tokenflow-cli", "scope": "profile",
		"jti": "at-1", "iat": t0.Unix(), "exp": t0.Add(15 * time.Minute).Unix(),
	}
}

// sign makes a compact JWT with the given header fields and claims.
func sign(t testing.TB, method jwt.SigningMethod, key any, header map[string]any, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	tok.Header["typ"] = "at+jwt"
	for k, v := range header {
		if v == nil {
			delete(tok.Header, k)
			continue
		}
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return s
}

func es256(t testing.TB, c jwt.MapClaims) string {
	return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID}, c)
}

func seg(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

func call(s *api.Server, authorization ...string) *httptest.ResponseRecorder {
	return get(s, http.Header{"Authorization": authorization})
}

// get sends GET /api/profile with header.
func get(s *api.Server, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, api.PathProfile, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	return rec
}

func TestValidTokenGetsTheProfile(t *testing.T) {
	now := t0.Add(time.Minute)
	s := newServer(&keys{alg: "ES256"}, &now)
	rec := call(s, "Bearer "+es256(t, claims()))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var p api.Profile
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Subject != "alice" || p.Scope != "profile" || p.Email == "" {
		t.Fatalf("profile %+v (%v)", p, err)
	}
	// RFC 9068 §2.1 also allows the full media type.
	if rec := call(s, "Bearer "+sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID, "typ": "application/at+jwt"}, claims())); rec.Code != http.StatusOK {
		t.Errorf("typ application/at+jwt: status %d", rec.Code)
	}
}

// TestJWTAttacksAreRejected runs the RFC 8725 catalogue against the API:
// each answer is 401 with an RFC 6750 invalid_token challenge.
func TestJWTAttacksAreRejected(t *testing.T) {
	ecPub, err := ecKey.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	ecPEM := pemOf(t, &ecKey.PublicKey)
	rsaPEM := pemOf(t, &rsaKey().PublicKey)
	without := func(name string) jwt.MapClaims { c := claims(); delete(c, name); return c }
	with := func(name string, v any) jwt.MapClaims { c := claims(); c[name] = v; return c }

	tests := []struct {
		name string
		alg  string // what the API expects
		tok  func(t *testing.T) string
	}{
		{"alg none", "ES256", func(t *testing.T) string {
			return seg(map[string]any{"alg": "none", "typ": "at+jwt", "kid": ecKID}) + "." + seg(claims()) + "."
		}},
		{"alg NONE", "ES256", func(t *testing.T) string {
			return seg(map[string]any{"alg": "NONE", "typ": "at+jwt"}) + "." + seg(claims()) + "."
		}},
		{"HS256 with the ES256 public key bytes", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, ecPub, map[string]any{"kid": ecKID}, claims())
		}},
		{"HS256 with the ES256 public key PEM", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, ecPEM, map[string]any{"kid": ecKID}, claims())
		}},
		{"HS256 with the RS256 public key PEM", "RS256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, rsaPEM, map[string]any{"kid": rsaKID}, claims())
		}},
		{"HS256 with the RS256 public key PEM under the HS kid", "RS256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodHS256, rsaPEM, map[string]any{"kid": hsKID}, claims())
		}},
		{"ES256 token when RS256 is expected", "RS256", func(t *testing.T) string { return es256(t, claims()) }},
		{"tampered payload", "ES256", func(t *testing.T) string {
			parts := strings.Split(es256(t, claims()), ".")
			return parts[0] + "." + seg(with("scope", "profile admin")) + "." + parts[2]
		}},
		{"tampered header", "ES256", func(t *testing.T) string {
			parts := strings.Split(es256(t, claims()), ".")
			return seg(map[string]any{"alg": "ES256", "typ": "at+jwt", "kid": ecKID, "x": 1}) + "." + parts[1] + "." + parts[2]
		}},
		{"signature stripped", "ES256", func(t *testing.T) string {
			parts := strings.Split(es256(t, claims()), ".")
			return parts[0] + "." + parts[1] + "."
		}},
		{"attacker's own key under our kid", "ES256", func(t *testing.T) string {
			other, _ := ecdsa.ParseRawPrivateKey(elliptic.P256(), []byte("an attacker's very own key bytes"))
			return sign(t, jwt.SigningMethodES256, other, map[string]any{"kid": ecKID}, claims())
		}},
		{"wrong iss", "ES256", func(t *testing.T) string { return es256(t, with("iss", "https://evil.example")) }},
		{"missing iss", "ES256", func(t *testing.T) string { return es256(t, without("iss")) }},
		{"wrong aud", "ES256", func(t *testing.T) string { return es256(t, with("aud", "https://billing.tokenflow.test")) }},
		{"missing aud", "ES256", func(t *testing.T) string { return es256(t, without("aud")) }},
		{"missing exp", "ES256", func(t *testing.T) string { return es256(t, without("exp")) }},
		{"exp not a number", "ES256", func(t *testing.T) string { return es256(t, with("exp", "tomorrow")) }},
		{"expired", "ES256", func(t *testing.T) string { return es256(t, with("exp", t0.Unix())) }},
		{"issued in the future", "ES256", func(t *testing.T) string { return es256(t, with("iat", t0.Add(time.Hour).Unix())) }},
		{"typ JWT", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID, "typ": "JWT"}, claims())
		}},
		{"typ rt+jwt", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID, "typ": "rt+jwt"}, claims())
		}},
		{"no typ", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID, "typ": nil}, claims())
		}},
		{"unknown kid", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": "someone-else"}, claims())
		}},
		{"no kid", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodES256, ecKey, nil, claims())
		}},
		{"kid as a URL", "ES256", func(t *testing.T) string {
			return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": "https://evil.example/key.pem"}, claims())
		}},
		{"denylisted jti", "ES256", func(t *testing.T) string { return es256(t, with("jti", "at-denied")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.Add(time.Minute)
			s := newServer(&keys{alg: tt.alg, denylist: true, denied: map[string]bool{"at-denied": true}}, &now)
			tok := tt.tok(t)
			rec := call(s, "Bearer "+tok)
			expectInvalidToken(t, rec)
			if _, err := s.Validate(tok); err == nil {
				t.Error("Validate accepted the token")
			}
		})
	}
}

func pemOf(t testing.TB, pub any) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// expectInvalidToken checks an RFC 6750 §3 refusal of a presented token.
func expectInvalidToken(t testing.TB, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401 (body %s)", rec.Code, rec.Body)
	}
	ch := rec.Header().Get("WWW-Authenticate")
	if !strings.HasPrefix(ch, "Bearer ") || !strings.Contains(ch, `error="invalid_token"`) {
		t.Errorf("WWW-Authenticate %q, want a Bearer challenge with error=\"invalid_token\"", ch)
	}
	checkChallengeSyntax(t, ch)
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error != "invalid_token" {
		t.Errorf("body %s, want JSON with error invalid_token", rec.Body)
	}
}

// checkChallengeSyntax enforces RFC 6750 §3: error_description holds only
// %x20-21 / %x23-5B / %x5D-7E, so the quoted string cannot be broken.
func checkChallengeSyntax(t testing.TB, ch string) {
	t.Helper()
	_, desc, ok := strings.Cut(ch, `error_description="`)
	if !ok {
		return
	}
	if !strings.HasSuffix(desc, `"`) {
		t.Errorf("challenge %q: error_description is not the last, closed parameter", ch)
		return
	}
	for _, c := range []byte(strings.TrimSuffix(desc, `"`)) {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			t.Errorf("challenge %q: error_description holds byte %#x, outside RFC 6750 §3's set", ch, c)
			return
		}
	}
}

func TestExpiryIsExactlyAtExp(t *testing.T) {
	tok := es256(t, claims())
	for _, tt := range []struct {
		at     time.Duration
		status int
	}{{15*time.Minute - time.Second, 200}, {15 * time.Minute, 401}} {
		now := t0.Add(tt.at)
		if rec := call(newServer(&keys{alg: "ES256"}, &now), "Bearer "+tok); rec.Code != tt.status {
			t.Errorf("at iat+%v: status %d, want %d", tt.at, rec.Code, tt.status)
		}
	}
}

func TestNoTokenGetsABareChallenge(t *testing.T) {
	now := t0
	rec := call(newServer(&keys{alg: "ES256"}, &now))
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status %d", rec.Code)
	}
	ch := rec.Header().Get("WWW-Authenticate")
	if !strings.HasPrefix(ch, "Bearer realm=") || strings.Contains(ch, "error=") {
		t.Errorf("WWW-Authenticate %q, want a bare Bearer realm=... challenge (RFC 6750 §3.1)", ch)
	}
}

// TestChallengeFollowsRFC6750 pins which refusal gets which answer (§3.1).
func TestChallengeFollowsRFC6750(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		status  int
		code    string // the challenge's error, "" for a bare challenge
	}{
		{"no header", nil, 401, ""},
		{"another scheme", []string{"Basic YWxpY2U6d29uZGVybGFuZA=="}, 401, ""},
		{"empty bearer", []string{"Bearer "}, 400, "invalid_request"},
		{"two headers", []string{"Bearer x", "Bearer y"}, 400, "invalid_request"},
		{"garbage token", []string{"Bearer a.b.c"}, 401, "invalid_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0
			rec := call(newServer(&keys{alg: "ES256"}, &now), tt.headers...)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			ch := rec.Header().Get("WWW-Authenticate")
			if tt.code == "" && strings.Contains(ch, "error=") {
				t.Errorf("WWW-Authenticate %q carries an error code", ch)
			}
			if tt.code != "" && !strings.Contains(ch, `error="`+tt.code+`"`) {
				t.Errorf("WWW-Authenticate %q, want error=%q", ch, tt.code)
			}
		})
	}
}

// TestGarbageBearerIsRefusedNeverServerError feeds the API what a broken
// client or a curious learner might send.
func TestGarbageBearerIsRefusedNeverServerError(t *testing.T) {
	long := strings.Repeat("A", 64<<10)
	headers := [][]string{
		{""}, {"Bearer"}, {"Bearer "}, {"Bearer     "}, {"bearer x"}, {"Basic YWxpY2U6d29uZGVybGFuZA=="},
		{"Bearer a.b.c"}, {"Bearer ..."}, {"Bearer ....."}, {"Bearer " + long}, {"Bearer " + long + "." + long + "." + long},
		{"Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig"}, {"Bearer eyJhbGciOiJFUzI1NiJ9=.e30=.c2ln"},
		{"Bearer W10.W10.W10"}, {"Bearer bnVsbA.bnVsbA.bnVsbA"}, {"Bearer \x00\xff\xfe"},
		{"Bearer " + seg(map[string]any{"alg": "ES256\"\\\r\nX-Injected: 1 §", "typ": "at+jwt"}) + "." + seg(claims()) + ".c2ln"},
		{"Bearer " + seg(map[string]any{"alg": 42}) + "." + seg(claims()) + ".c2ln"},
		{"Bearer " + seg(map[string]any{"alg": "ES256", "kid": []int{1}, "typ": "at+jwt"}) + "." + seg(claims()) + ".c2ln"},
		{"Bearer x", "Bearer y"},
	}
	for i, h := range headers {
		now := t0
		rec := call(newServer(&keys{alg: "ES256"}, &now), h...)
		if rec.Code != http.StatusUnauthorized && rec.Code != http.StatusBadRequest {
			t.Errorf("case %d: status %d, want 401 or 400", i, rec.Code)
		}
		ch := rec.Header().Get("WWW-Authenticate")
		if !strings.HasPrefix(ch, "Bearer realm=") {
			t.Errorf("case %d: WWW-Authenticate %q", i, ch)
		}
		checkChallengeSyntax(t, ch)
	}
}

func TestDenylistIsConsultedOnlyWhenEnabled(t *testing.T) {
	now := t0.Add(time.Minute)
	tok := es256(t, claims())
	k := &keys{alg: "ES256", denied: map[string]bool{"at-1": true}}
	if rec := call(newServer(k, &now), "Bearer "+tok); rec.Code != http.StatusOK {
		t.Errorf("denylist off: status %d, want 200", rec.Code)
	}
	k.denylist = true
	expectInvalidToken(t, call(newServer(k, &now), "Bearer "+tok))
}

func TestEachAlgorithmVerifiesOnlyItsOwnTokens(t *testing.T) {
	now := t0.Add(time.Minute)
	toks := map[string]string{
		"ES256": es256(t, claims()),
		"RS256": sign(t, jwt.SigningMethodRS256, rsaKey(), map[string]any{"kid": rsaKID}, claims()),
		"HS256": sign(t, jwt.SigningMethodHS256, hmacSecret, map[string]any{"kid": hsKID}, claims()),
	}
	for expected := range toks {
		s := newServer(&keys{alg: expected}, &now)
		for alg, tok := range toks {
			rec := call(s, "Bearer "+tok)
			if alg == expected && rec.Code != http.StatusOK {
				t.Errorf("API expecting %s refused its own token: %d %s", expected, rec.Code, rec.Body)
			}
			if alg != expected {
				expectInvalidToken(t, rec)
			}
		}
	}
}

func TestOnlyGetProfileIsServed(t *testing.T) {
	now := t0.Add(time.Minute)
	s := newServer(&keys{alg: "ES256"}, &now)
	r := httptest.NewRequest(http.MethodPost, api.PathProfile, nil)
	r.Header.Set("Authorization", "Bearer "+es256(t, claims()))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, r)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/admin", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("GET /api/admin: status %d", rec.Code)
	}
}

func TestDecisionsAreObserved(t *testing.T) {
	now := t0.Add(time.Minute)
	var got []api.Decision
	s := api.New(api.Config{Issuer: issuerURL, Audience: audience, Keys: &keys{alg: "ES256"},
		Now: func() time.Time { return now }, Observe: func(d api.Decision) { got = append(got, d) }})
	call(s, "Bearer "+es256(t, claims()))
	call(s, "Bearer garbage")
	if len(got) != 2 || !got[0].Allowed || got[0].Subject != "alice" || got[0].JTI != "at-1" ||
		got[1].Allowed || got[1].Reason == "" || !got[1].At.Equal(now) {
		t.Fatalf("decisions %+v", got)
	}
}

// TestTokensOutsideTheirRFCsAreRefusedWithTheRightReason pins what the
// JOSE and JWT RFCs require beyond a good signature, and that each refusal
// names its own cause: a learner reads the reason in the transcript.
func TestTokensOutsideTheirRFCsAreRefusedWithTheRightReason(t *testing.T) {
	without := func(name string) jwt.MapClaims { c := claims(); delete(c, name); return c }
	with := func(name string, v any) jwt.MapClaims { c := claims(); c[name] = v; return c }
	crit := func(list any) string {
		return sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID, "crit": list, "exp-ext": true}, claims())
	}
	tests := []struct {
		name, tok, reason string
		refusal           api.Refusal
	}{
		// RFC 7515 §4.1.11: an extension the recipient does not
		// understand makes the JWS invalid; this API understands none.
		{"crit with an unknown extension", crit([]string{"exp-ext"}), "crit", api.RefusedInvalid},
		{"crit empty", crit([]string{}), "crit", api.RefusedInvalid},
		// RFC 7519 §2, §4.1.4-6: exp, nbf and iat are NumericDates, JSON
		// numbers; a string of digits is not one.
		{"exp as a string", es256(t, with("exp", "1767604500")), "exp", api.RefusedMalformed},
		{"iat as a string", es256(t, with("iat", "1767603600")), "iat", api.RefusedMalformed},
		{"nbf as a string", es256(t, with("nbf", "1767603600")), "nbf", api.RefusedMalformed},
		// RFC 9068 §2.2: sub is required.
		{"missing sub", es256(t, without("sub")), "sub", api.RefusedMissingClaim},
		{"empty sub", es256(t, with("sub", "")), "sub", api.RefusedMissingClaim},
		{"missing aud", es256(t, without("aud")), "aud", api.RefusedMissingClaim},
		{"missing iss", es256(t, without("iss")), "iss", api.RefusedMissingClaim},
		{"missing exp", es256(t, without("exp")), "exp", api.RefusedMissingClaim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.Add(time.Minute)
			s := newServer(&keys{alg: "ES256"}, &now)
			expectInvalidToken(t, call(s, "Bearer "+tt.tok))
			_, err := s.Validate(tt.tok)
			if err == nil {
				t.Fatal("Validate accepted the token")
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("refused with %q, want a reason naming %s", err, tt.reason)
			}
			if got := api.RefusalOf(err); got != tt.refusal {
				t.Errorf("refused as %q, want %q", got, tt.refusal)
			}
		})
	}
}

// TestAFutureIatIsThisAPIsChoiceAndNbfTheRFCs is review finding 2: RFC
// 7519 sets a rule for nbf (§4.1.5), none for iat, so the refusal of a
// token issued in the API's future says it is this API's own check, and
// one not valid before its nbf says it is the RFC's.
func TestAFutureIatIsThisAPIsChoiceAndNbfTheRFCs(t *testing.T) {
	future := func(claim string) string {
		c := claims()
		c[claim] = t0.Add(2 * time.Minute).Unix()
		return es256(t, c)
	}
	for _, tt := range []struct {
		claim string
		want  []string
	}{
		{"iat", []string{"iat", "this API refuses", "only for nbf"}},
		{"nbf", []string{"nbf", "RFC 7519 §4.1.5"}},
	} {
		now := t0
		_, err := newServer(&keys{alg: "ES256"}, &now).Validate(future(tt.claim))
		if api.RefusalOf(err) != api.RefusedNotYetValid {
			t.Fatalf("a future %s: refused as %q (%v), want %q", tt.claim, api.RefusalOf(err), err, api.RefusedNotYetValid)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("a future %s was refused with %q, want it to say %q", tt.claim, err, w)
			}
		}
	}
}

// TestAnIDTokenIsRefusedForWhatMakesItNoAccessToken sends the handler the
// tokens a confused app might: an ID token fails on typ and on aud, and
// its refusal names both (RFC 9068 §4), where a refusal that named only
// the aud would leave the learner thinking the audience was the problem.
func TestAnIDTokenIsRefusedForWhatMakesItNoAccessToken(t *testing.T) {
	with := func(name string, v any) jwt.MapClaims { c := claims(); c[name] = v; return c }
	idToken := with("aud", "tokenflow-cli")
	tests := []struct {
		name     string
		typ      any
		c        jwt.MapClaims
		want     api.Refusal
		say, not []string
	}{
		{"ID token: typ JWT, aud the app", "JWT", idToken, api.RefusedType, []string{"typ header is not 'at+jwt'", "aud is not this API"}, nil},
		{"ID token with no typ", nil, idToken, api.RefusedType, []string{"typ header", "aud is not this API"}, nil},
		{"typ JWT for this API", "JWT", claims(), api.RefusedType, []string{"typ header"}, []string{"aud"}},
		{"access token for another API", "at+jwt", idToken, api.RefusedAudience, []string{"not meant for this API (aud)"}, []string{"typ"}},
		{"expired ID token", "JWT", with("exp", t0.Unix()), api.RefusedType, []string{"typ header"}, []string{"expired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.Add(time.Minute)
			var got api.Decision
			s := api.New(api.Config{Issuer: issuerURL, Audience: audience, Keys: &keys{alg: "ES256"},
				Now: func() time.Time { return now }, Observe: func(d api.Decision) { got = d }})
			rec := call(s, "Bearer "+sign(t, jwt.SigningMethodES256, ecKey, map[string]any{"kid": ecKID, "typ": tt.typ}, tt.c))
			expectInvalidToken(t, rec)
			challenge := rec.Header().Get("WWW-Authenticate")
			if got.Refusal != tt.want {
				t.Errorf("refusal %q, want %q (%s)", got.Refusal, tt.want, challenge)
			}
			for _, w := range tt.say {
				if !strings.Contains(challenge, w) {
					t.Errorf("challenge %s does not say %q", challenge, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(challenge, w) {
					t.Errorf("challenge %s says %q", challenge, w)
				}
			}
		})
	}
}
