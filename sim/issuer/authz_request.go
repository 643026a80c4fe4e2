package issuer

import (
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// codeTTL is how long an authorization code lives. RFC 6749 §4.1.2
// recommends at most ten minutes; one is plenty for a redirect.
const codeTTL = time.Minute

// maxNonce bounds the nonce an authorization request may carry: it is
// kept with the code until the code expires, and echoed in the ID token.
// OIDC Core sets no limit; real nonces are a few dozen characters.
const maxNonce = 512

type authCode struct {
	clientID    string
	redirectURI string
	challenge   string
	subject     string
	scope       string
	nonce       string    // echoed in the ID token (OIDC Core §3.1.2.1)
	authTime    time.Time // when the password was typed, for auth_time
	session     string    // the id of the issuer session it came from
	expires     time.Time
	used        bool
	family      *family // set once redeemed, so a replay can revoke it
}

// loopbackRedirects are the public client's registered redirect URIs, up
// to the port: RFC 8252 §7.3 lets a native app's loopback listener take any
// port, so only the port varies.
var loopbackRedirects = []struct{ prefix, suffix string }{
	{"http://127.0.0.1:", "/callback"},
	{"http://localhost:", "/callback"},
	{"http://[::1]:", "/callback"},
}

// validLoopbackRedirect accepts the public client's redirect URIs by exact
// string comparison (RFC 9700 §4.1.3; RFC 6749 §3.1.2.3 with RFC 3986
// §6.2.1's simple string comparison): no percent-decoding, no case
// folding, no dot segments, so nothing that merely resolves to a
// registered URI. Only the port varies (RFC 8252 §7.3), written as a
// browser would: decimal, 1 to 65535, no leading zero.
func validLoopbackRedirect(raw string) bool { return loopbackMatch(raw, "/callback") }

// loopbackMatch reports whether raw is a loopback URI of the public
// client's with the given path, compared as validLoopbackRedirect says.
func loopbackMatch(raw, path string) bool {
	for _, r := range loopbackRedirects {
		rest, ok := strings.CutPrefix(raw, r.prefix)
		if !ok {
			continue
		}
		port, ok := strings.CutSuffix(rest, path)
		if !ok {
			return false
		}
		p, err := strconv.Atoi(port)
		return err == nil && p >= 1 && p <= 65535 && strconv.Itoa(p) == port
	}
	return false
}

// validChallenge reports whether an S256 code_challenge has the syntax RFC
// 7636 §4.2 gives it: BASE64URL(SHA256(verifier)), so exactly 32 bytes in
// unpadded base64url. Anything else could never match a verifier, and a
// code bound to it could never be redeemed.
func validChallenge(ch string) bool {
	b, err := base64.RawURLEncoding.Strict().DecodeString(ch)
	return err == nil && len(b) == sha256.Size
}

// prompt is what an authorization request's prompt parameter asks of the
// issuer's login page (OIDC Core §3.1.2.1).
type prompt int

const (
	promptDefault prompt = iota // use the issuer session if it lives, else show the form
	promptNone                  // never show the form: a code from the session, or login_required
	promptLogin                 // show the form even while the session lives
)

type authzRequest struct {
	clientID, redirectURI, state, scope, challenge, nonce string
	prompt                                                prompt
	// maxAge is how long ago the user may have typed the password for
	// the session to answer (OIDC Core §3.1.2.1 max_age); negative: any.
	maxAge time.Duration
}

// maxMaxAge bounds max_age: ten years is already every session.
const maxMaxAge = 10 * 365 * 24 * time.Hour

// parseAuthzRequest checks an authorization request. Errors it cannot
// redirect — an unknown client or a redirect URI that is not registered —
// come back as *Error with redirect == false: RFC 6749 §4.1.2.1 forbids
// sending the user agent to an unverified URI.
func parseAuthzRequest(q url.Values) (authzRequest, *Error, bool) {
	if e := rejectRepeats(q); e != nil {
		return authzRequest{}, e, false
	}
	req := authzRequest{
		clientID:    q.Get("client_id"),
		redirectURI: q.Get("redirect_uri"),
		state:       q.Get("state"),
		scope:       q.Get("scope"),
		challenge:   q.Get("code_challenge"),
		nonce:       q.Get("nonce"),
	}
	c, ok := clients[req.clientID]
	if !ok || !c.allows("authorization_code") {
		return req, oauthErr(ErrInvalidRequest, "unknown client_id "+strconv.Quote(req.clientID)), false
	}
	if !c.redirectOK(req.redirectURI) {
		return req, oauthErr(ErrInvalidRequest, "redirect_uri is not registered for this client"), false
	}
	var e *Error
	switch {
	case q.Get("response_type") != "code":
		return req, oauthErr(ErrUnsupportedResponseType, "only response_type=code is supported"), true
	case req.challenge == "":
		return req, oauthErr(ErrInvalidRequest, "PKCE is required: send code_challenge (RFC 7636)"), true
	case q.Get("code_challenge_method") != "S256":
		return req, oauthErr(ErrInvalidRequest, "code_challenge_method must be S256 (plain is not accepted)"), true
	case !validChallenge(req.challenge):
		return req, oauthErr(ErrInvalidRequest, "code_challenge must be the base64url SHA-256 of the code_verifier: 43 characters of A-Z a-z 0-9 - _ (RFC 7636 §4.2)"), true
	case len(req.nonce) > maxNonce:
		return req, oauthErr(ErrInvalidRequest, "nonce is longer than "+strconv.Itoa(maxNonce)+" characters"), true
	}
	if req.prompt, e = parsePrompt(q.Get("prompt")); e != nil {
		return req, e, true
	}
	if req.maxAge, e = parseMaxAge(q); e != nil {
		return req, e, true
	}
	if req.scope == "" {
		req.scope = DefaultScope
	}
	for _, s := range strings.Fields(req.scope) {
		if !slices.Contains(Scopes, s) {
			return req, oauthErr(ErrInvalidScope, "unknown scope "+strconv.Quote(s)), true
		}
	}
	return req, nil, false
}

// parseMaxAge reads max_age: whole seconds, or absent.
func parseMaxAge(q url.Values) (time.Duration, *Error) {
	if !q.Has("max_age") {
		return -1, nil
	}
	n, err := strconv.ParseInt(q.Get("max_age"), 10, 64)
	if err != nil || n < 0 || time.Duration(n)*time.Second > maxMaxAge {
		return 0, oauthErr(ErrInvalidRequest, "max_age must be a whole number of seconds, 0 to ten years (OIDC Core §3.1.2.1)")
	}
	return time.Duration(n) * time.Second, nil
}

// parsePrompt reads the prompt parameter (OIDC Core §3.1.2.1): a
// space-separated list in which none may not stand with anything else.
// consent and select_account ask for nothing this issuer would show: its
// one client is its own, with no consent screen, and it has one account.
func parsePrompt(raw string) (prompt, *Error) {
	values := strings.Fields(raw)
	p := promptDefault
	for _, v := range values {
		switch v {
		case "none":
			if len(values) > 1 {
				return p, oauthErr(ErrInvalidRequest, "prompt=none must stand alone (OIDC Core §3.1.2.1)")
			}
			p = promptNone
		case "login":
			p = promptLogin
		case "consent", "select_account":
		default:
			return p, oauthErr(ErrInvalidRequest, "unknown prompt value "+strconv.Quote(v))
		}
	}
	return p, nil
}

// hasScope reports whether the space-separated scope holds s.
func hasScope(scope, s string) bool { return slices.Contains(strings.Fields(scope), s) }
