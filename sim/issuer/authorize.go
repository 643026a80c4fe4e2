package issuer

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// codeTTL is how long an authorization code lives. RFC 6749 §4.1.2
// recommends at most ten minutes; one is plenty for a redirect.
const codeTTL = time.Minute

type authCode struct {
	clientID    string
	redirectURI string
	challenge   string
	subject     string
	scope       string
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
func validLoopbackRedirect(raw string) bool {
	for _, r := range loopbackRedirects {
		rest, ok := strings.CutPrefix(raw, r.prefix)
		if !ok {
			continue
		}
		port, ok := strings.CutSuffix(rest, r.suffix)
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

type authzRequest struct {
	clientID, redirectURI, state, scope, challenge string
}

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
	}
	c, ok := clients[req.clientID]
	if !ok || !c.allows("authorization_code") {
		return req, oauthErr(ErrInvalidRequest, "unknown client_id "+strconv.Quote(req.clientID)), false
	}
	if !validLoopbackRedirect(req.redirectURI) {
		return req, oauthErr(ErrInvalidRequest, "redirect_uri is not registered for this client"), false
	}
	switch {
	case q.Get("response_type") != "code":
		return req, oauthErr(ErrUnsupportedResponseType, "only response_type=code is supported"), true
	case req.challenge == "":
		return req, oauthErr(ErrInvalidRequest, "PKCE is required: send code_challenge (RFC 7636)"), true
	case q.Get("code_challenge_method") != "S256":
		return req, oauthErr(ErrInvalidRequest, "code_challenge_method must be S256 (plain is not accepted)"), true
	case !validChallenge(req.challenge):
		return req, oauthErr(ErrInvalidRequest, "code_challenge must be the base64url SHA-256 of the code_verifier: 43 characters of A-Z a-z 0-9 - _ (RFC 7636 §4.2)"), true
	}
	if req.scope == "" {
		req.scope = DefaultScope
	}
	for _, s := range strings.Fields(req.scope) {
		if s != DefaultScope {
			return req, oauthErr(ErrInvalidScope, "unknown scope "+strconv.Quote(s)), true
		}
	}
	return req, nil, false
}

func redirectWith(w http.ResponseWriter, redirectURI string, params url.Values) {
	u, _ := url.Parse(redirectURI) // validated by parseAuthzRequest
	u.RawQuery = params.Encode()
	w.Header().Set("Location", u.String())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
}

// handleAuthorize is the authorization endpoint (RFC 6749 §4.1.1): GET shows
// the login form; POST with the same query string checks the credentials
// and redirects back with a code.
func (iss *Issuer) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeHTMLError(w, http.StatusMethodNotAllowed, "Use GET to see the login form.")
		return
	}
	req, e, redirect := parseAuthzRequest(r.URL.Query())
	if e != nil {
		if !redirect {
			writeHTMLError(w, http.StatusBadRequest, e.Description)
			return
		}
		p := url.Values{"error": {string(e.Code)}, "error_description": {e.Description}}
		if req.state != "" {
			p.Set("state", req.state)
		}
		redirectWith(w, req.redirectURI, p)
		return
	}
	if r.Method == http.MethodGet {
		writeLoginForm(w, http.StatusOK, r.URL.Query().Encode(), "")
		return
	}
	form, fe := readForm(w, r)
	if fe != nil {
		writeHTMLError(w, fe.Status, fe.Description)
		return
	}
	user, pass := form.Get("username"), form.Get("password")
	now := iss.now()
	if user != DemoUser || pass != DemoPassword {
		iss.emit([]Event{{Kind: EventLoginFailed, At: now, ClientID: req.clientID, Subject: user,
			Detail: "wrong username or password"}})
		writeLoginForm(w, http.StatusOK, r.URL.Query().Encode(), "Wrong username or password.")
		return
	}
	iss.mu.Lock()
	code := iss.randomToken(32)
	iss.addCode(code, now, &authCode{
		clientID: req.clientID, redirectURI: req.redirectURI, challenge: req.challenge,
		subject: user, scope: req.scope, expires: now.Add(codeTTL),
	})
	iss.mu.Unlock()
	iss.emit([]Event{{Kind: EventCodeIssued, At: now, ClientID: req.clientID, Subject: user,
		Expires: now.Add(codeTTL), Detail: "authorization code issued, valid for " + clock.FormatDuration(codeTTL)}})
	p := url.Values{"code": {code}}
	if req.state != "" {
		p.Set("state", req.state)
	}
	redirectWith(w, req.redirectURI, p)
}

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>tokenflow: sign in</title></head>
<body>
<h1>Sign in to tokenflow</h1>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/authorize?{{.Query}}">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
<p>Demo account: alice / wonderland</p>
</body></html>
`))

func writeLoginForm(w http.ResponseWriter, status int, rawQuery, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The form must not be framed by another site (clickjacking).
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_ = loginPage.Execute(w, struct {
		Query template.URL
		Error string
	}{template.URL(rawQuery), msg}) // canonical re-encoding of a parsed query: safe in the attribute
}

func writeHTMLError(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!doctype html><title>tokenflow: error</title><h1>Authorization request refused</h1><p>" +
		template.HTMLEscapeString(msg) + "</p>\n"))
}
