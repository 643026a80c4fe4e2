package issuer

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tokenflow/tokenflow/sim/dpop"
)

// The demo account and clients every world has.
const (
	DemoUser       = "alice"
	DemoPassword   = "wonderland"
	PublicClientID = "tokenflow-cli" // the learner's app: public, PKCE required
	APIClientID    = "tokenflow-api" // the resource API: confidential, introspects
	APIClientKey   = "api-secret"
	// BFFClientID is the app's backend-for-frontend: a confidential client
	// that holds the tokens on the server, so the browser never sees one
	// (browser-based-apps BCP §6.1).
	BFFClientID  = "tokenflow-bff"
	BFFClientKey = "bff-secret"
	// BFFRedirectURI and BFFPostLogoutURI are the BFF's registered
	// redirect URIs, on the app's own origin, compared exactly.
	BFFRedirectURI   = "https://app.tokenflow.test/bff/callback"
	BFFPostLogoutURI = "https://app.tokenflow.test/"
	// DefaultScope is what an authorization request without a scope gets.
	DefaultScope = "profile"
	// ScopeOpenID makes an authorization request an OpenID Connect one
	// (OIDC Core §3.1.2.1): its code grant returns an ID token too.
	ScopeOpenID = "openid"
	// ScopeEmail asks userinfo for the email claims (OIDC Core §5.4).
	ScopeEmail = "email"
)

// Scopes are the scopes the issuer grants.
var Scopes = []string{ScopeOpenID, DefaultScope, ScopeEmail}

// Refresh-token formats.
const (
	RefreshOpaque    = "opaque"    // random, stored as a hash, in families
	RefreshStateless = "stateless" // a JWT under a second secret, no server state
)

// Config builds an Issuer.
type Config struct {
	// URL is the issuer identifier (RFC 8414 §2), also the base of every
	// endpoint; no trailing slash.
	URL string
	// Audience is the resource API's identifier, put in every access token's aud.
	Audience string
	Now      func() time.Time // the world's clock
	Rand     io.Reader        // the world's seeded randomness
	Policy   Policy
	// Observe, when set, receives every Event; it runs synchronously with no
	// issuer lock held.
	Observe func(Event)
	// Limits bounds what the issuer remembers; the zero value remembers
	// everything.
	Limits Limits
}

// Issuer is the authorization server. It is safe for concurrent use.
type Issuer struct {
	url, audience string
	now           func() time.Time
	observe       func(Event)
	mux           *http.ServeMux

	mu       sync.Mutex // guards everything below
	policy   Policy
	limits   Limits
	keys     *keySet
	rand     io.Reader
	store    store
	codes    map[string]*authCode
	sessions sessions
	dpop     *dpop.Checker // the proofs seen at the token and userinfo endpoints, for replays
	nonces   nonces
}

// New builds an issuer. It fails only on an invalid configuration.
func New(cfg Config) (*Issuer, error) {
	if cfg.URL == "" || cfg.Now == nil || cfg.Rand == nil {
		return nil, fmt.Errorf("issuer: URL, Now and Rand are required")
	}
	if err := cfg.Limits.Validate(); err != nil {
		return nil, err
	}
	keys, err := newKeySet(cfg.Rand)
	if err != nil {
		return nil, err
	}
	iss := &Issuer{
		url:      strings.TrimRight(cfg.URL, "/"),
		audience: cfg.Audience,
		// Whole seconds: a JWT's iat and exp are (RFC 7519 §2), so the
		// issuer's records must agree with the tokens it signs, or a token
		// would be past its exp by the JWT and valid by the record for
		// the fraction of a second the clock ran on.
		now:      func() time.Time { return cfg.Now().Truncate(time.Second) },
		observe:  cfg.Observe,
		keys:     keys,
		rand:     cfg.Rand,
		limits:   cfg.Limits,
		store:    newStore(),
		codes:    map[string]*authCode{},
		sessions: newSessions(),
		dpop:     dpop.NewChecker(),
	}
	// Half the records at most: the rest stays for sign-ins and refreshes.
	iss.store.denyCap = cfg.Limits.Records / 2
	// One path for the first policy and every later one: SetPolicy
	// validates it and derives the RSA key when RS256 needs it.
	if err := iss.SetPolicy(cfg.Policy); err != nil {
		return nil, err
	}
	iss.mux = http.NewServeMux()
	iss.mux.HandleFunc(PathMetadata, iss.handleMetadata)
	iss.mux.HandleFunc(PathJWKS, iss.handleJWKS)
	iss.mux.HandleFunc(PathAuthorize, iss.handleAuthorize)
	iss.mux.HandleFunc(PathToken, iss.handleToken)
	iss.mux.HandleFunc(PathRevoke, iss.handleRevoke)
	iss.mux.HandleFunc(PathIntrospect, iss.handleIntrospect)
	iss.mux.HandleFunc(PathOpenIDConfiguration, iss.handleOpenIDConfiguration)
	iss.mux.HandleFunc(PathUserinfo, iss.handleUserinfo)
	iss.mux.HandleFunc(PathEndSession, iss.handleEndSession)
	return iss, nil
}

// Endpoint paths, relative to the issuer URL.
const (
	PathMetadata   = "/.well-known/oauth-authorization-server"
	PathJWKS       = "/jwks.json"
	PathAuthorize  = "/authorize"
	PathToken      = "/token"
	PathRevoke     = "/revoke"
	PathIntrospect = "/introspect"
	// PathOpenIDConfiguration is OpenID Connect Discovery 1.0 §4's
	// document, beside RFC 8414's.
	PathOpenIDConfiguration = "/.well-known/openid-configuration"
	PathUserinfo            = "/userinfo" // OIDC Core §5.3
	PathEndSession          = "/logout"   // RP-Initiated Logout 1.0 §2
)

// URL returns the issuer identifier.
func (iss *Issuer) URL() string { return iss.url }

// Audience returns the aud every access token carries.
func (iss *Issuer) Audience() string { return iss.audience }

// Policy returns the current policy.
func (iss *Issuer) Policy() Policy {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	return iss.policy
}

// SetPolicy replaces the policy. Tokens already issued keep the lifetimes
// they were issued with, as at a real issuer.
func (iss *Issuer) SetPolicy(p Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	iss.mu.Lock()
	defer iss.mu.Unlock()
	if p.Alg == RS256 {
		if _, err := iss.keys.rsaKey(); err != nil {
			return err
		}
	}
	iss.policy = p
	iss.store.leeway = p.Leeway
	return nil
}

// ServeHTTP routes to the endpoints.
func (iss *Issuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	iss.mux.ServeHTTP(w, r)
}

func (iss *Issuer) emit(events []Event) {
	if iss.observe == nil {
		return
	}
	for _, e := range events {
		iss.observe(e)
	}
}

// randomToken draws n random bytes, base64url-encoded. Callers hold iss.mu,
// which also serialises reads of the shared random source.
func (iss *Issuer) randomToken(n int) string {
	b := make([]byte, n)
	if _, err := io.ReadFull(iss.rand, b); err != nil {
		// The world's source is a deterministic stream that never fails.
		panic(fmt.Sprintf("issuer: random source failed: %v", err))
	}
	return b64url(b)
}

// VerificationKey returns the public key (or, for HS256, the shared secret)
// that checks a token signed with alg under kid. The API uses it the way a
// real resource server uses the JWKS.
func (iss *Issuer) VerificationKey(alg, kid string) (any, error) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	return iss.keys.verificationKey(Alg(alg), kid)
}

// ExpectedAlg is the algorithm the API accepts: the one the issuer signs
// with, spelled as a JWT's alg header is, which is what the API compares.
func (iss *Issuer) ExpectedAlg() string { return string(iss.Policy().Alg) }

// DenylistEnabled reports whether the access-token denylist policy is on.
func (iss *Issuer) DenylistEnabled() bool { return iss.Policy().Denylist }

// Leeway is the clock-skew allowance for exp checks (zero by default:
// RFC 7519 §4.1.4, a token is expired at and after exp).
func (iss *Issuer) Leeway() time.Duration { return iss.Policy().Leeway }

// MintForAudience issues an access token for another resource server, as
// a multi-API issuer does every day; the forge action replays one at our
// API to show why the audience check matters (RFC 8725 §3.9).
func (iss *Issuer) MintForAudience(subject, audience string) (string, error) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	tok, _, e := iss.mintAccess(PublicClientID, subject, DefaultScope, audience, nil, "", iss.now())
	if e != nil {
		return "", e
	}
	return tok, nil
}

// DPoPEnabled reports whether the issuer binds tokens to keys (RFC 9449),
// so the API offers the DPoP scheme.
func (iss *Issuer) DPoPEnabled() bool { return iss.Policy().dpopEnabled() }
