package sim

import (
	"net/http"
	"net/url"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// bffOn reports whether the app keeps its tokens in a backend-for-frontend.
func (w *World) bffOn() bool { return w.cfg.Storage == StorageBFF }

// bffLogin is the login with a backend-for-frontend: the page sends
// alice's browser to its backend, which starts an authorization-code flow
// of its own as a confidential client; alice signs in at the issuer as
// always; the callback lands at the backend, which redeems the code with
// its secret and keeps the tokens. The browser comes back with a session
// cookie and nothing else.
func (c *Client) bffLogin(user, pass string) error {
	w := c.w
	res, _ := c.do(c.browser, http.MethodGet, w.appURL("/bff/login"), nil, nil)
	authz := res.Header.Get("Location")
	if res.StatusCode != http.StatusFound || authz == "" {
		c.note("login stopped: the app's backend answered %d", res.StatusCode)
		return nil
	}
	res, _ = c.do(c.browser, http.MethodGet, authz, nil, nil)
	sso := res.StatusCode == http.StatusFound
	if !sso {
		if res.StatusCode != http.StatusOK {
			c.note("login stopped: the authorization endpoint answered %d", res.StatusCode)
			return nil
		}
		res, _ = c.do(c.browser, http.MethodPost, authz, url.Values{"username": {user}, "password": {pass}}, nil)
		if res.StatusCode != http.StatusFound {
			c.note("the login form came back: wrong username or password")
			return nil
		}
	}
	res, _ = c.do(c.browser, http.MethodGet, res.Header.Get("Location"), nil, nil)
	if res.StatusCode != http.StatusFound || c.AccessToken == "" {
		c.note("login stopped: the app's backend could not complete it")
		return nil
	}
	text, cause := user+" is logged in", CauseLogin
	if sso {
		text, cause = text+" with no password typed: her session at the issuer still lives", CauseLoginSSO
	}
	w.emit(Event{Kind: KindLogin, Actor: ActorClient, Cause: cause,
		Text: text + "; the app's backend holds the tokens, and the browser only an HttpOnly session cookie"})
	return nil
}

// bffCall is the page asking its backend for the profile; the backend
// calls the API with the access token it keeps.
func (c *Client) bffCall() {
	c.do(c.page, http.MethodGet, c.w.appURL("/bff/api/profile"), nil, pageHeader())
}

// bffRefresh is the backend redeeming the refresh token it keeps.
func (c *Client) bffRefresh() {
	if tr, ok := c.w.bff.refresh(false); ok {
		c.take(tr)
	}
}

// bffRefreshLost is bffRefresh on a connection that drops the answer.
func (c *Client) bffRefreshLost() {
	c.w.bff.refresh(true)
	c.w.emit(Event{Kind: KindNote, Actor: ActorBFF, Cause: CauseResponseLost,
		Text: "the connection dropped before the answer arrived: the app's backend never saw new tokens and still holds refresh token " +
			tokenID(c.w, c.RefreshToken)})
}

// bffLogout is the page signing out at its backend, which revokes the
// refresh token and forgets the tokens; everywhere, the backend then
// sends the browser to the issuer's end-session endpoint with the ID
// token as its hint.
func (c *Client) bffLogout(everywhere bool) {
	cause := c.logoutCause()
	target := c.w.appURL("/bff/logout")
	if everywhere {
		target += "?everywhere=1"
	}
	res, _ := c.do(c.page, http.MethodPost, target, nil, pageHeader())
	text := "the app's backend revoked the refresh token and forgot the tokens; the browser's session cookie is cleared"
	c.forget()
	c.w.emit(Event{Kind: KindLoggedOut, Actor: ActorClient, Cause: cause, Text: text})
	if everywhere && res.StatusCode == http.StatusFound {
		res, _ = c.do(c.browser, http.MethodGet, res.Header.Get("Location"), nil, nil)
		if res.StatusCode != http.StatusFound {
			c.note("the logout at the issuer did not complete (status %d)", res.StatusCode)
		}
	}
}

// bffSilent is injected script trying the silent flow against an app
// with a backend: the app's client is now the backend's, a confidential
// one, so the code lands at the backend's callback, which did not start
// this login and refuses it. The script can read the code from the frame,
// but redeeming it needs the backend's secret.
func (w *World) bffSilent(verifier, state string) {
	c, a := w.Client, w.Attacker
	q := authorizationQuery(verifier, state)
	q.Set("client_id", issuer.BFFClientID)
	q.Set("redirect_uri", issuer.BFFRedirectURI)
	q.Set("prompt", "none")
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Text: "injected script opens a hidden frame at the issuer's authorization endpoint: " +
		"prompt=none, the app's client_id (its backend's) and redirect URI, and a PKCE challenge of its own"})
	res, _ := c.do(c.browser, http.MethodGet, w.url(issuer.PathAuthorize)+"?"+q.Encode(), nil, nil)
	loc, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" {
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseSilentNone,
			Text: "the hidden frame came back with no code: alice has no live session at the issuer, and the script gets nothing"})
		return
	}
	c.do(c.browser, http.MethodGet, loc.String(), nil, nil) // the frame lands on the backend's callback
	code := loc.Query().Get("code")
	c.do(a.http, http.MethodPost, w.url(issuer.PathToken), url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {issuer.BFFRedirectURI}, "client_id": {issuer.BFFClientID}, "code_verifier": {verifier}}, nil)
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseSilentBFF,
		Text: "the code landed at the app's backend, which had not started this login and refused it; " +
			"the script read the code from the frame, but the token endpoint wants the backend's secret: the attacker gets nothing"})
}

// bffXSS is injected script in a page whose tokens live on the backend:
// there is no token to read anywhere in the browser, but while the page
// is open the script can call the backend, and the browser attaches the
// session cookie, so it acts as alice through the backend.
func (w *World) bffXSS() {
	c := w.Client
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseXSSBFF,
		Text: "XSS found no token: the tokens live on the app's backend, and the browser holds only an HttpOnly session cookie. " +
			"While the page is open, though, the script can call the backend from it, and the browser attaches the cookie"})
	w.viaPage = true
	c.do(c.page, http.MethodGet, w.appURL("/bff/api/profile"), nil, pageHeader())
	w.viaPage = false
}

// pageHeader is what the app's own script sends with a call to its
// backend: the CSRF header, which injected script can send as well.
func pageHeader() http.Header { return http.Header{bffCSRFHeader: {"1"}} }
