package issuer

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/internal/unchecked"
)

// PostLogoutPath is the path of the public client's registered
// post_logout_redirect_uri, on a loopback host and any port, as its
// redirect_uri is.
const PostLogoutPath = "/logged-out"

// logoutRequest is an RP-initiated logout request (RP-Initiated Logout 1.0
// §2) once checked.
type logoutRequest struct {
	hint        *IDClaims // the verified id_token_hint, if any
	redirectURI string    // a registered post_logout_redirect_uri, or ""
	state       string
	confirmed   bool // the user confirmed on the issuer's page
}

// handleEndSession is the end_session_endpoint (RP-Initiated Logout 1.0
// §2), by GET or POST: it ends the browser's session at the issuer, and
// with it every login the session started (see endSession), clears the
// cookie, and sends the browser back to the client's registered
// post_logout_redirect_uri with its state, or shows a signed-out page.
// A request without a valid id_token_hint could come from any site, so
// the user confirms it first (§2, §6).
func (iss *Issuer) handleEndSession(w http.ResponseWriter, r *http.Request) {
	var params url.Values
	switch r.Method {
	case http.MethodGet:
		params = r.URL.Query()
	case http.MethodPost:
		form, e := readForm(w, r)
		if e != nil {
			writeHTMLError(w, e.Status, e.Description)
			return
		}
		params = form
	default:
		w.Header().Set("Allow", "GET, POST")
		writeHTMLError(w, http.StatusMethodNotAllowed, "Use GET or POST to sign out.")
		return
	}
	now := iss.now()
	req, msg := iss.parseLogout(params, r.Method == http.MethodPost)
	if msg != "" {
		// Never redirect on a request that did not check out: the URI
		// could be anyone's (§3).
		writeHTMLError(w, http.StatusBadRequest, msg)
		return
	}
	iss.mu.Lock()
	// Only the session of the browser asking can end: an ID token is no
	// key to anyone's session, and old ones leak (to APIs, to logs). The
	// hint spares the user the question only when it is this session's
	// own (§2: the OP asks when the ID token does not belong to the
	// current session).
	s := iss.liveSession(r, now)
	if s != nil && req.hint != nil && (s.subject != req.hint.Subject || s.id != req.hint.SessionID) {
		req.hint = nil
	}
	if req.confirmed && (s == nil || params.Get("csrf") != s.logoutToken()) {
		req.confirmed = false // a sign-out posted from a page this browser was not shown
	}
	if req.hint == nil && !req.confirmed && s != nil {
		params.Del("confirm")
		params.Set("csrf", s.logoutToken())
		iss.mu.Unlock()
		writeLogoutPage(w, params, false)
		return
	}
	var events []Event
	if s != nil {
		events = iss.endSession(s, now)
	}
	iss.mu.Unlock()
	iss.emit(events)
	iss.clearSessionCookie(w)
	if req.redirectURI == "" {
		writeLogoutPage(w, nil, true)
		return
	}
	p := url.Values{}
	if req.state != "" {
		p.Set("state", req.state)
	}
	redirectWith(w, req.redirectURI, p)
}

// parseLogout checks a logout request's parameters, and returns a message
// for the user when they do not check out. fromForm says the request is
// the POST of the confirmation page.
func (iss *Issuer) parseLogout(params url.Values, fromForm bool) (logoutRequest, string) {
	if e := rejectRepeats(params); e != nil {
		return logoutRequest{}, e.Description
	}
	req := logoutRequest{state: params.Get("state"), confirmed: fromForm && params.Get("confirm") == "yes"}
	clientID := params.Get("client_id")
	if raw := params.Get("id_token_hint"); raw != "" {
		hint, err := iss.verifyIDTokenHint(raw)
		if err != nil {
			return req, "id_token_hint is not an ID token this issuer signed: " + err.Error()
		}
		if clientID != "" && clientID != hint.Audience {
			return req, "client_id does not match the audience of id_token_hint"
		}
		req.hint, clientID = hint, hint.Audience
	}
	if uri := params.Get("post_logout_redirect_uri"); uri != "" {
		// §3: only a URI registered for the client, which the hint or
		// client_id must name, and compared exactly.
		if c, ok := clients[clientID]; !ok || !c.postLogoutOK(uri) {
			return req, "post_logout_redirect_uri is not registered for this client"
		}
		req.redirectURI = uri
	}
	return req, ""
}

// verifyIDTokenHint checks that raw is an ID token this issuer signed. An
// expired one is still a good hint (RP-Initiated Logout 1.0 §2: the
// issuer should take it while the session it names may be live).
func (iss *Issuer) verifyIDTokenHint(raw string) (*IDClaims, error) {
	var claims hintClaims
	parsed, err := jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		iss.mu.Lock()
		defer iss.mu.Unlock()
		return iss.keys.verificationKey(Alg(t.Method.Alg()), kid)
	}, jwt.WithValidMethods([]string{string(ES256), string(RS256)}), jwt.WithoutClaimsValidation())
	switch {
	case err != nil:
		return nil, errors.New("it does not verify")
	case parsed.Header["typ"] != "JWT":
		return nil, errors.New("it is not an ID token (typ)")
	case claims.Issuer != iss.url:
		return nil, errors.New("another issuer signed it")
	case claims.Subject == "" || claims.Audience == "":
		return nil, errors.New("it names no user or no client")
	}
	return &claims.IDClaims, nil
}

// hintClaims reads an id_token_hint's claims, none of them validated by
// jwt/v5, since a hint is checked for who signed it, not for whether it
// is still fresh.
type hintClaims struct {
	unchecked.Claims
	IDClaims
}
