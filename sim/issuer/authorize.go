package issuer

import (
	"net/http"
	"net/url"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

func redirectWith(w http.ResponseWriter, redirectURI string, params url.Values) {
	u, _ := url.Parse(redirectURI) // validated by parseAuthzRequest or endSessionTarget
	u.RawQuery = params.Encode()
	w.Header().Set("Location", u.String())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
}

// redirectError sends the user agent back to the client with an error
// (RFC 6749 §4.1.2.1), and the request's state.
func redirectError(w http.ResponseWriter, req authzRequest, e *Error) {
	p := url.Values{"error": {string(e.Code)}, "error_description": {e.Description}}
	if req.state != "" {
		p.Set("state", req.state)
	}
	redirectWith(w, req.redirectURI, p)
}

// handleAuthorize is the authorization endpoint (RFC 6749 §4.1.1). GET
// shows the login form, or, while the browser's session at the issuer
// lives, redirects back with a code at once (single sign-on); prompt=none
// and prompt=login ask for only the one or only the other (OIDC Core
// §3.1.2.1). POST with the same query string checks the credentials,
// starts the session, and redirects back with a code.
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
		redirectError(w, req, e)
		return
	}
	if r.Method == http.MethodGet {
		iss.authorizeFromSession(w, r, req)
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
	var events []Event
	s := iss.liveSession(r, now)
	if s != nil && s.subject == user {
		events = append(events, iss.useSession(s, now, true))
	} else {
		var cookie string
		var started Event
		cookie, s, started = iss.startSession(user, now)
		events = append(events, started)
		iss.setSessionCookie(w, cookie, s.maxExpiry.Sub(now))
	}
	code, issued := iss.issueCode(req, s, now, "")
	iss.mu.Unlock()
	iss.emit(append(events, issued))
	redirectWithCode(w, req, code)
}

// authorizeFromSession answers a GET: a code at once while the browser's
// session lives (unless prompt=login asks for the password anyway), the
// login form when it does not, or login_required for prompt=none, which
// must not show a form (OIDC Core §3.1.2.6).
func (iss *Issuer) authorizeFromSession(w http.ResponseWriter, r *http.Request, req authzRequest) {
	now := iss.now()
	iss.mu.Lock()
	var s *session
	if req.prompt != promptLogin {
		s = iss.liveSession(r, now)
	}
	if s != nil && req.maxAge >= 0 && now.Sub(s.authTime) > req.maxAge {
		// OIDC Core §3.1.2.1: too long since the password; the session
		// does not answer for this request (prompt=none gets
		// login_required, as with no session).
		s = nil
	}
	if s == nil {
		iss.mu.Unlock()
		if req.prompt == promptNone {
			redirectError(w, req, oauthErr(ErrLoginRequired, "the user is not signed in at the issuer"))
			return
		}
		writeLoginForm(w, http.StatusOK, r.URL.Query().Encode(), "")
		return
	}
	used := iss.useSession(s, now, false)
	code, issued := iss.issueCode(req, s, now, " from session "+s.id+", no password asked")
	iss.mu.Unlock()
	iss.emit([]Event{used, issued})
	redirectWithCode(w, req, code)
}

// issueCode puts a new authorization code for req on record, signed in by
// s; how says how, for the event. Callers hold iss.mu.
func (iss *Issuer) issueCode(req authzRequest, s *session, now time.Time, how string) (string, Event) {
	code := iss.randomToken(32)
	iss.addCode(code, now, &authCode{
		clientID: req.clientID, redirectURI: req.redirectURI, challenge: req.challenge,
		subject: s.subject, scope: req.scope, nonce: req.nonce, authTime: s.authTime, session: s.id,
		expires: now.Add(codeTTL),
	})
	return code, Event{Kind: EventCodeIssued, At: now, ClientID: req.clientID, Subject: s.subject,
		Expires: now.Add(codeTTL), Detail: "authorization code issued" + how + ", valid for " + clock.FormatDuration(codeTTL)}
}

func redirectWithCode(w http.ResponseWriter, req authzRequest, code string) {
	p := url.Values{"code": {code}}
	if req.state != "" {
		p.Set("state", req.state)
	}
	redirectWith(w, req.redirectURI, p)
}
