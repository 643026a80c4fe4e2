// Package api is tokenflow's resource server: GET /api/profile behind a
// bearer access token (RFC 6750), validated locally as a JWT in the
// RFC 9068 profile, on the world's simulated clock.
//
// Local validation is the point: the API never calls the issuer, so it
// cannot know that a token was revoked unless the optional denylist says
// so. That contrast is what several lessons teach.
package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/challenge"
	"github.com/tokenflow/tokenflow/sim/dpop"
)

// PathProfile is the one protected resource.
const PathProfile = "/api/profile"

// Keys is what the API needs from the issuer: the verification key for a
// token's (alg, kid), the algorithm it currently expects, and the denylist.
// In a real deployment these come from the JWKS and a shared cache.
type Keys interface {
	VerificationKey(alg, kid string) (any, error)
	ExpectedAlg() string
	Denied(jti string) bool
	DenylistEnabled() bool
	Leeway() time.Duration
	// DPoPEnabled says whether the issuer binds tokens to keys, so the
	// API's challenges offer the DPoP scheme. Bound tokens are checked as
	// bound whatever it says.
	DPoPEnabled() bool
}

// Config builds a Server.
type Config struct {
	Issuer   string // expected iss
	Audience string // this API's identifier, expected in aud
	Now      func() time.Time
	Keys     Keys
	// Observe, when set, hears why each request was refused or allowed.
	Observe func(Decision)
}

// Decision is the API's verdict on one request, for the event log.
type Decision struct {
	At      time.Time
	Allowed bool
	Subject string
	JTI     string
	Reason  string  // why a token was refused, in words; empty when allowed
	Refusal Refusal // which check refused it; empty when allowed
}

// Refusal names the check a request failed: one value per reason the API
// says no, so that an explanation can be chosen by cause rather than by
// the status code, which is 401 for nearly all of them.
type Refusal string

// Refusals, in the order Validate makes its checks.
const (
	RefusedNoToken       Refusal = "no-token"        // no bearer token at all (RFC 6750 §3.1)
	RefusedBadRequest    Refusal = "bad-request"     // a malformed Authorization header
	RefusedAlg           Refusal = "alg"             // an alg other than the issuer's, none included (RFC 8725 §3.1)
	RefusedType          Refusal = "type"            // typ is not at+jwt (RFC 9068 §4): an ID token, a refresh JWT
	RefusedMalformed     Refusal = "malformed"       // not a JWT
	RefusedSignature     Refusal = "signature"       // altered, or signed with another key
	RefusedUnknownKey    Refusal = "unknown-key"     // no issuer key under that kid
	RefusedExpired       Refusal = "expired"         // at or after exp
	RefusedMissingClaim  Refusal = "missing-claim"   // a required claim is absent
	RefusedIssuer        Refusal = "issuer"          // iss is not our issuer
	RefusedAudience      Refusal = "audience"        // aud is another API (RFC 8725 §3.9)
	RefusedNotYetValid   Refusal = "not-yet-valid"   // iat or nbf in the future
	RefusedDenylisted    Refusal = "denylisted"      // the jti is on the revocation denylist
	RefusedBoundAsBearer Refusal = "bound-as-bearer" // a key-bound token sent as a bearer token (RFC 9449 §7.2)
	RefusedNotBound      Refusal = "not-bound"       // a bearer token sent under the DPoP scheme
	RefusedDPoPProof     Refusal = "bad-proof"       // the DPoP proof is missing or fails a check of RFC 9449 §4.3
	RefusedDPoPReplay    Refusal = "proof-replayed"  // the DPoP proof was used before
	RefusedDPoPBinding   Refusal = "wrong-key"       // the proof's key is not the one the token is bound to
	RefusedDPoPBusy      Refusal = "proof-busy"      // too many fresh proofs on record to take another: try later
	RefusedInvalid       Refusal = "invalid"         // any other fault
)

// refusal is a failed check: its Refusal and a sentence for
// error_description.
type refusal struct {
	why Refusal
	msg string
}

func (e *refusal) Error() string { return e.msg }

func refused(why Refusal, msg string) error { return &refusal{why: why, msg: msg} }

// RefusalOf reports which check err, from Validate, stands for.
func RefusalOf(err error) Refusal {
	var r *refusal
	var m *malformedError
	switch {
	case errors.Is(err, ErrNoToken):
		return RefusedNoToken
	case errors.As(err, &m):
		return RefusedBadRequest
	case errors.As(err, &r):
		return r.why
	}
	return RefusedInvalid
}

// Server is the resource API.
type Server struct {
	cfg    Config
	proofs *dpop.Checker // the DPoP proofs seen, for replays
}

// New returns the API handler.
func New(cfg Config) *Server { return &Server{cfg: cfg, proofs: dpop.NewChecker()} }

// Profile is the JSON the API returns for alice and anyone else.
type Profile struct {
	Subject string `json:"sub"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Scope   string `json:"scope"`
}

var people = map[string]Profile{
	"alice": {Subject: "alice", Name: "Alice Liddell", Email: "alice@wonderland.example"},
}

// Claims are the access-token claims the API reads.
type Claims struct {
	jwt.RegisteredClaims
	ClientID string        `json:"client_id"`
	Scope    string        `json:"scope"`
	Cnf      *Confirmation `json:"cnf,omitempty"`
}

// UnmarshalJSON reads the claims as jwt/v5 does, but first refuses exp,
// nbf and iat written as strings: RFC 7519 §2 makes them NumericDates, JSON
// numbers, and jwt/v5 would read "1767604500" as a date.
func (c *Claims) UnmarshalJSON(b []byte) error {
	var dates struct {
		Exp json.RawMessage `json:"exp"`
		Nbf json.RawMessage `json:"nbf"`
		Iat json.RawMessage `json:"iat"`
	}
	if err := json.Unmarshal(b, &dates); err != nil {
		return err
	}
	for _, d := range []struct {
		name string
		raw  json.RawMessage
	}{{"exp", dates.Exp}, {"nbf", dates.Nbf}, {"iat", dates.Iat}} {
		if len(d.raw) > 0 && d.raw[0] == '"' {
			return refused(RefusedMalformed, "the token's "+d.name+" claim is a string, not a NumericDate (RFC 7519 §2)")
		}
	}
	type plain Claims // without this method, so the decoder does not recurse
	return json.Unmarshal(b, (*plain)(c))
}

// Validate is jwt/v5's hook for checks beyond the ones it makes: RFC 9068
// §2.2 requires sub in every access token.
func (c *Claims) Validate() error {
	if c.Subject == "" {
		return refused(RefusedMissingClaim, "the token has no sub claim (RFC 9068 §2.2)")
	}
	return nil
}

// ErrNoToken means the request carried no bearer token at all, or
// credentials of another scheme: RFC 6750 §3.1 answers both with a bare
// challenge and no error code.
var ErrNoToken = errors.New("no bearer token")

// malformedError is a request RFC 6750 §3.1 calls invalid_request: 400,
// not 401, because no token was even presented properly.
type malformedError struct{ msg string }

func (e *malformedError) Error() string { return e.msg }

// Validate checks an access token exactly as the handler does.
func (s *Server) Validate(raw string) (*Claims, error) {
	var claims Claims
	expected := s.cfg.Keys.ExpectedAlg()
	header, decoded := jwtHeader(raw)
	if alg, _ := header["alg"].(string); alg != "" && alg != expected {
		// jwt/v5 would refuse this too; saying why teaches RFC 8725 §3.1.
		return nil, refused(RefusedAlg, `the token's alg is "`+alg+`" but this API accepts only `+expected+" (RFC 8725 §3.1)")
	}
	// jwt/v5 does not look at typ; RFC 9068 §4 and RFC 8725 §3.11 want it
	// checked so that an ID token or a refresh JWT is not taken for
	// access. It comes before the claims: an ID token's aud is the app,
	// not this API, and a refusal that named only the aud would hide what
	// the token is.
	// A header that does not decode is left to the parser to call
	// malformed.
	if typ, _ := header["typ"].(string); decoded && !strings.EqualFold(typ, "at+jwt") && !strings.EqualFold(typ, "application/at+jwt") {
		return nil, s.notAccessToken(raw)
	}
	_, err := jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		// RFC 7515 §4.1.11: a crit extension the recipient does not
		// understand makes the token invalid, and this API understands
		// none; an empty list is forbidden outright.
		if _, ok := t.Header["crit"]; ok {
			return nil, refused(RefusedInvalid, "the token's crit header lists extensions this API does not understand (RFC 7515 §4.1.11)")
		}
		// jwt.WithValidMethods below already pins the algorithm; the kid is
		// only a lookup into our own keys (RFC 8725 §3.10), never a URL.
		kid, _ := t.Header["kid"].(string)
		return s.cfg.Keys.VerificationKey(t.Method.Alg(), kid)
	},
		jwt.WithValidMethods([]string{expected}),
		jwt.WithIssuer(s.cfg.Issuer),
		jwt.WithAudience(s.cfg.Audience),
		jwt.WithExpirationRequired(),
		// An iat in this API's future is refused too: golang-jwt's opt-in,
		// this API's choice. RFC 7519 §4.1.5 makes the rule for nbf only.
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(s.cfg.Now),
		jwt.WithLeeway(s.cfg.Keys.Leeway()),
	)
	if err != nil {
		return nil, explain(err, expected, &claims)
	}
	if s.cfg.Keys.DenylistEnabled() && s.cfg.Keys.Denied(claims.ID) {
		return nil, refused(RefusedDenylisted, "the token was revoked (its jti is on the denylist)")
	}
	return &claims, nil
}

// notAccessToken refuses a token whose typ is not at+jwt, and says so of
// its aud too when that is not this API either: an ID token fails both,
// and each is a reason on its own.
func (s *Server) notAccessToken(raw string) error {
	msg := `the token's typ header is not "at+jwt": it is not an access token (RFC 9068 §4)`
	var c jwt.RegisteredClaims
	if _, _, err := jwt.NewParser().ParseUnverified(raw, &c); err == nil && !slices.Contains(c.Audience, s.cfg.Audience) {
		msg += `, and its aud is not this API`
	}
	return refused(RefusedType, msg)
}

// jwtHeader decodes a JWT's header without trusting anything in it; ok
// is false when raw has no header that decodes to a JSON object.
func jwtHeader(raw string) (h map[string]any, ok bool) {
	head, _, found := strings.Cut(raw, ".")
	if !found {
		return nil, false
	}
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil || json.Unmarshal(b, &h) != nil || h == nil {
		return nil, false
	}
	return h, true
}

// explain turns a jwt/v5 error into a sentence for error_description.
// claims are what could be decoded, to name a missing claim.
func explain(err error, expected string, claims *Claims) error {
	var own *refusal
	switch {
	case errors.As(err, &own):
		return own
	case errors.Is(err, jwt.ErrTokenMalformed):
		return refused(RefusedMalformed, "the token is not a well-formed JWT")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return refused(RefusedSignature, "the signature does not verify: the token was altered or signed with another key")
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return refused(RefusedUnknownKey, "the token cannot be verified: its algorithm must be "+expected+" and its kid one of the issuer's keys")
	case errors.Is(err, jwt.ErrTokenExpired):
		return refused(RefusedExpired, "the token expired")
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return refused(RefusedMissingClaim, "the token has no "+missingClaims(claims)+" (RFC 9068 §2.2)")
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return refused(RefusedIssuer, "the token was issued by someone else (iss)")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return refused(RefusedAudience, "the token is not meant for this API (aud)")
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return refused(RefusedNotYetValid, "the token is not valid yet: its nbf lies in the future (RFC 7519 §4.1.5)")
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		// RFC 7519 sets no rule for iat; this API opts in (WithIssuedAt).
		return refused(RefusedNotYetValid, "the token's iat lies in the future, which this API refuses; RFC 7519 requires that only for nbf (§4.1.5)")
	}
	return refused(RefusedInvalid, "the token is not valid")
}

// missingClaims names the required claims that jwt/v5 found missing: it
// requires exp (WithExpirationRequired), iss and aud (WithIssuer,
// WithAudience).
func missingClaims(c *Claims) string {
	var names []string
	if c.ExpiresAt == nil {
		names = append(names, "exp")
	}
	if c.Issuer == "" {
		names = append(names, "iss")
	}
	if len(c.Audience) == 0 || len(c.Audience) == 1 && c.Audience[0] == "" {
		names = append(names, "aud")
	}
	switch len(names) {
	case 0:
		return "required claim"
	case 1:
		return names[0] + " claim"
	}
	return strings.Join(names, ", ") + " claims"
}

// ServeHTTP serves GET /api/profile.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != PathProfile {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found"})
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method_not_allowed"})
		return
	}
	cred, err := authorization(r)
	if err != nil {
		s.refuse(w, cred, err)
		return
	}
	claims, err := s.Validate(cred.token)
	if err == nil {
		err = s.checkBinding(r, cred, claims)
	}
	if err != nil {
		s.refuse(w, cred, err)
		return
	}
	p, ok := people[claims.Subject]
	if !ok {
		p = Profile{Subject: claims.Subject}
	}
	p.Scope = claims.Scope
	s.observe(Decision{Allowed: true, Subject: claims.Subject, JTI: claims.ID})
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) observe(d Decision) {
	if s.cfg.Observe != nil {
		d.At = s.cfg.Now()
		s.cfg.Observe(d)
	}
}

// authorization extracts the token of an Authorization header, under the
// Bearer scheme (RFC 6750 §2.1) or the DPoP one (RFC 9449 §7.1).
func authorization(r *http.Request) (credential, error) {
	vals := r.Header.Values("Authorization")
	if len(vals) == 0 {
		return credential{}, ErrNoToken
	}
	if len(vals) > 1 {
		return credential{}, &malformedError{"more than one Authorization header"}
	}
	scheme, tok, _ := strings.Cut(strings.TrimSpace(vals[0]), " ")
	var cred credential
	switch {
	case strings.EqualFold(scheme, schemeBearer):
		cred.scheme = schemeBearer
	case strings.EqualFold(scheme, schemeDPoP):
		cred.scheme = schemeDPoP
	default:
		return credential{}, ErrNoToken
	}
	cred.token = strings.TrimSpace(tok)
	if cred.token == "" {
		return cred, &malformedError{"the access token is empty"}
	}
	return cred, nil
}

// refuse answers with an RFC 6750 §3 challenge: 401 invalid_token for a
// token that fails validation, 400 invalid_request for a malformed
// request, and a bare 401 challenge with no error code when the client
// sent no token (§3.1). While the API takes DPoP too, it offers both
// schemes, and the error goes in the challenge of the scheme the request
// used (RFC 9449 §7.2); a faulty proof is invalid_dpop_proof (§7.1).
func (s *Server) refuse(w http.ResponseWriter, cred credential, err error) {
	why := RefusalOf(err)
	s.observe(Decision{Reason: err.Error(), Refusal: why})
	offerDPoP := s.cfg.Keys.DPoPEnabled() || cred.scheme == schemeDPoP || why == RefusedBoundAsBearer
	status, code := http.StatusUnauthorized, "invalid_token"
	var malformed *malformedError
	switch {
	case errors.Is(err, ErrNoToken):
		challenge.Write(w.Header(), false, offerDPoP, "")
		hint := "send Authorization: Bearer <access token>"
		if offerDPoP {
			hint += ", or DPoP <access token> with a DPoP proof"
		}
		writeJSON(w, status, map[string]string{"error_description": hint})
		return
	case errors.As(err, &malformed):
		status, code = http.StatusBadRequest, "invalid_request"
	case why == RefusedDPoPProof || why == RefusedDPoPReplay:
		code = "invalid_dpop_proof"
	case why == RefusedDPoPBusy:
		// Not the client's fault, and not for long: a proof is fresh for
		// two windows at most.
		status, code = http.StatusServiceUnavailable, "temporarily_unavailable"
		w.Header().Set("Retry-After", strconv.Itoa(int(2*dpop.Window/time.Second)))
	}
	challenge.Write(w.Header(), cred.scheme == schemeDPoP, offerDPoP, challenge.Error(code, err.Error()))
	writeJSON(w, status, map[string]string{"error": code, "error_description": err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
