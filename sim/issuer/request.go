package issuer

import (
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
)

// maxBodyBytes bounds every request body: no legitimate OAuth request comes
// close, and an unbounded read is a denial of service.
const maxBodyBytes = 16 << 10

// readForm parses an application/x-www-form-urlencoded POST body (RFC 6749
// §3.2 and §4.1.3) and rejects repeated parameters (§3.1: "Request and
// response parameters MUST NOT be included more than once").
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *Error) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		e := oauthErr(ErrInvalidRequest, "this endpoint accepts POST only")
		e.Status = http.StatusMethodNotAllowed
		return nil, e
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, oauthErr(ErrInvalidRequest, "the body must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			e := oauthErr(ErrInvalidRequest, "request body too large")
			e.Status = http.StatusRequestEntityTooLarge
			return nil, e
		}
		return nil, oauthErr(ErrInvalidRequest, "malformed form body")
	}
	if e := rejectRepeats(r.PostForm); e != nil {
		return nil, e
	}
	return r.PostForm, nil
}

func rejectRepeats(v url.Values) *Error {
	for k, vals := range v {
		if len(vals) > 1 {
			return oauthErr(ErrInvalidRequest, "parameter "+k+" is repeated")
		}
	}
	return nil
}

// client is a registered OAuth client.
type client struct {
	id           string
	secret       string // empty for a public client
	grants       []string
	introspector bool
	// redirects and postLogout are a confidential client's registered
	// URIs, compared exactly; the public client's are its loopback ones.
	redirects, postLogout []string
}

var clients = map[string]client{
	PublicClientID: {id: PublicClientID, grants: []string{"authorization_code", "refresh_token"}},
	APIClientID:    {id: APIClientID, secret: APIClientKey, introspector: true},
	BFFClientID: {id: BFFClientID, secret: BFFClientKey, grants: []string{"authorization_code", "refresh_token"},
		redirects: []string{BFFRedirectURI}, postLogout: []string{BFFPostLogoutURI}},
}

// redirectOK reports whether uri is one of c's registered redirect URIs
// (RFC 9700 §4.1.3: exact string comparison).
func (c client) redirectOK(uri string) bool {
	if c.id == PublicClientID {
		return validLoopbackRedirect(uri)
	}
	return slices.Contains(c.redirects, uri)
}

// postLogoutOK is redirectOK for a post_logout_redirect_uri
// (RP-Initiated Logout 1.0 §3).
func (c client) postLogoutOK(uri string) bool {
	if c.id == PublicClientID {
		return loopbackMatch(uri, PostLogoutPath)
	}
	return slices.Contains(c.postLogout, uri)
}

func (c client) allows(grant string) bool { return slices.Contains(c.grants, grant) }

// clientForm reads a POSTed form and authenticates the client that sent
// it: the first two steps of every back-channel endpoint.
func clientForm(w http.ResponseWriter, r *http.Request) (client, url.Values, *Error) {
	form, e := readForm(w, r)
	if e != nil {
		return client{}, nil, e
	}
	c, e := authenticateClient(r, form)
	return c, form, e
}

// tokenForm reads a request about one token, a revocation (RFC 7009 §2.1)
// or an introspection (RFC 7662 §2.1): it authenticates the client, lets
// may refuse it (nil allows every client), and requires the token
// parameter.
func tokenForm(w http.ResponseWriter, r *http.Request, may func(client) *Error) (client, string, *Error) {
	c, form, e := clientForm(w, r)
	if e == nil && may != nil {
		e = may(c)
	}
	if e != nil {
		return client{}, "", e
	}
	tok := form.Get("token")
	if tok == "" {
		return client{}, "", oauthErr(ErrInvalidRequest, "token is missing")
	}
	return c, tok, nil
}

// authenticateClient identifies the calling client (RFC 6749 §2.3):
// HTTP Basic or client_secret_post for the confidential client, client_id
// alone for the public one. Using both methods at once is refused (§2.3:
// "MUST NOT use more than one authentication method in each request").
func authenticateClient(r *http.Request, form url.Values) (client, *Error) {
	user, pass, hasBasic := r.BasicAuth()
	formID, formSecret := form.Get("client_id"), form.Get("client_secret")
	if hasBasic && formSecret != "" {
		return client{}, oauthErr(ErrInvalidRequest, "use one client authentication method, not two")
	}
	id, secret := formID, formSecret
	if hasBasic {
		// RFC 6749 §2.3.1: Basic credentials are form-urlencoded first.
		var err1, err2 error
		id, err1 = url.QueryUnescape(user)
		secret, err2 = url.QueryUnescape(pass)
		if err1 != nil || err2 != nil {
			return client{}, oauthErr(ErrInvalidClient, "malformed client credentials")
		}
		if formID != "" && formID != id {
			return client{}, oauthErr(ErrInvalidRequest, "client_id does not match the authenticated client")
		}
	}
	if id == "" {
		return client{}, oauthErr(ErrInvalidClient, "client_id is missing")
	}
	c, ok := clients[id]
	if !ok {
		return client{}, oauthErr(ErrInvalidClient, "unknown client "+id)
	}
	if c.secret != "" || secret != "" {
		if subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1 {
			e := oauthErr(ErrInvalidClient, "client authentication failed")
			e.Reason = ReasonClientAuth
			return client{}, e
		}
	}
	return c, nil
}
