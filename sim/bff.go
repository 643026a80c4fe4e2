package sim

import (
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// The app's origin, where its pages and its backend-for-frontend live.
const (
	appHost = "app.tokenflow.test"
	// bffSessionCookie is the one thing the browser holds with a BFF: an
	// HttpOnly, Secure, SameSite=Strict cookie naming a session on the
	// server, which holds the tokens. The __Host- prefix pins it to this
	// host (browser-based-apps BCP §6.1.3.2).
	bffSessionCookie = "__Host-bff_session"
	// bffLoginCookie ties a login the BFF started to the browser it
	// started in, so a callback it did not start is refused (login CSRF,
	// RFC 6749 §10.12).
	bffLoginCookie = "__Host-bff_login"
	// bffCSRFHeader is the header the app's page sends with every call to
	// its backend. A form or an image on another site cannot send a
	// custom header, and SameSite alone is not enough: the app shares a
	// site with the issuer (BCP §6.1.3.3).
	bffCSRFHeader = "X-Csrf"
	// maxPendingBFFLogins bounds the logins the BFF waits to hear back
	// about; past it the oldest is forgotten.
	maxPendingBFFLogins = 8
)

// bff is the app's backend-for-frontend (browser-based-apps BCP §6.1): a
// confidential OAuth client on the app's server. It runs the login, keeps
// the tokens, refreshes them and calls the API; the browser talks only to
// it, with a session cookie script cannot read. The tokens it holds are
// the app's (World.Client's), so everything that shows or steals the
// app's tokens sees them where they now live.
type bff struct {
	w       *World
	http    *http.Client // the BFF's own requests, server to server
	lossy   *http.Client
	rand    io.Reader
	session string // the session id the browser's cookie must carry, "" when signed out
	pending []pendingBFFLogin
	jwks    *jwtdebug.KeySet // the issuer's keys, as the BFF fetched them
}

type pendingBFFLogin struct{ state, verifier, nonce string }

func newBFF(w *World, r io.Reader) *bff {
	return &bff{w: w, rand: r, http: w.httpClient(ActorBFF),
		lossy: w.httpClientVia(&recordingTransport{world: w, actor: ActorBFF, lose: true})}
}

// appURL is the URL of path on the app's origin. It is HTTPS whatever the
// transport setting: the backend's cookies are Secure, so a browser would
// never send them over plain HTTP, and the app would not work at all.
func (w *World) appURL(path string) string { return "https://" + appHost + path }

func (b *bff) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/bff/login":
		b.startLogin(rw)
	case "/bff/callback":
		b.callback(rw, r)
	case "/bff/api/profile":
		b.proxyProfile(rw, r)
	case "/bff/logout":
		b.logout(rw, r)
	case "/":
		writeText(rw, http.StatusOK, "tokenflow app")
	default:
		writeText(rw, http.StatusNotFound, "not found")
	}
}

func writeText(rw http.ResponseWriter, status int, text string) {
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = io.WriteString(rw, text+"\n")
}

// admit reports whether r may act on the session: it carries the live
// session's cookie and comes from the app's own page (its CSRF header);
// when it may not, it has answered.
func (b *bff) admit(rw http.ResponseWriter, r *http.Request) bool {
	c, err := r.Cookie(bffSessionCookie)
	switch {
	case err != nil || b.session == "" || c.Value != b.session:
		writeText(rw, http.StatusUnauthorized, "not signed in")
	case r.Header.Get(bffCSRFHeader) != "1":
		writeText(rw, http.StatusForbidden, "not sent by the app's page (no "+bffCSRFHeader+" header)")
	default:
		return true
	}
	return false
}

// startLogin sends the browser to the issuer with an authorization request
// of the BFF's own: its client_id and callback, PKCE and a nonce.
func (b *bff) startLogin(rw http.ResponseWriter) {
	verifier, state, nonce := randomString(b.rand, 32), randomString(b.rand, 12), randomString(b.rand, 16)
	if len(b.pending) == maxPendingBFFLogins {
		b.pending = b.pending[1:]
	}
	b.pending = append(b.pending, pendingBFFLogin{state: state, verifier: verifier, nonce: nonce})
	q := authorizationQuery(verifier, state)
	q.Set("client_id", issuer.BFFClientID)
	q.Set("redirect_uri", issuer.BFFRedirectURI)
	q.Set("scope", issuer.ScopeOpenID+" "+issuer.DefaultScope)
	q.Set("nonce", nonce)
	http.SetCookie(rw, &http.Cookie{Name: bffLoginCookie, Value: state, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(rw, &http.Request{Method: http.MethodGet}, b.w.url(issuer.PathAuthorize)+"?"+q.Encode(), http.StatusFound)
}

// callback redeems a code, if this browser's login started it.
func (b *bff) callback(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := q.Get("state")
	started, err := r.Cookie(bffLoginCookie)
	i := -1
	for j, p := range b.pending {
		if p.state == state {
			i = j
		}
	}
	switch {
	case q.Get("error") != "":
		writeText(rw, http.StatusBadRequest, "the issuer refused the login: "+q.Get("error"))
		return
	case i < 0 || err != nil || started.Value != state:
		// A code this BFF did not ask for, in this browser, is not
		// redeemed: it could be anyone's (RFC 6749 §10.12).
		b.w.emit(Event{Kind: KindNote, Actor: ActorBFF, Text: "the backend did not start this login in this browser: it refuses the callback and redeems nothing"})
		writeText(rw, http.StatusBadRequest, "this login was not started here")
		return
	}
	p := b.pending[i]
	b.pending = append(b.pending[:i], b.pending[i+1:]...)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {issuer.BFFRedirectURI},
		"code_verifier": {p.verifier}}
	tr, ok := parseTokenResponse(b.tokenPost(b.http, form))
	c := b.w.Client
	rp := relyingParty{hc: b.http, jwks: &b.jwks, clientID: issuer.BFFClientID, actor: ActorBFF, jwksPath: issuer.PathJWKS}
	if !ok || !b.w.checkIDToken(rp, tr, p.nonce) {
		writeText(rw, http.StatusBadGateway, "the login did not complete")
		return
	}
	c.AccessToken, c.RefreshToken, c.IDToken, c.tokenType, c.refreshBound = tr.AccessToken, tr.RefreshToken, tr.IDToken, tr.TokenType, false
	c.noteLifetime(tr)
	c.scheduleAutoRefresh()
	b.session = randomString(b.rand, 18)
	http.SetCookie(rw, &http.Cookie{Name: bffSessionCookie, Value: b.session, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	http.SetCookie(rw, &http.Cookie{Name: bffLoginCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: true})
	http.Redirect(rw, r, "/", http.StatusFound)
}

// tokenPost is a token request of the BFF's, authenticated with its
// secret (client_secret_basic, RFC 6749 §2.3.1).
func (b *bff) tokenPost(hc *http.Client, form url.Values) (*http.Response, []byte) {
	h := http.Header{}
	h.Set("Authorization", basicAuth(issuer.BFFClientID, issuer.BFFClientKey))
	return b.w.Client.do(hc, http.MethodPost, b.w.url(issuer.PathToken), form, h)
}

// basicAuth is an RFC 6749 §2.3.1 credential: both halves form-encoded.
func basicAuth(id, secret string) string {
	r := &http.Request{Header: http.Header{}}
	r.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	return r.Header.Get("Authorization")
}

// proxyProfile is the app's page asking its backend for alice's profile:
// the BFF calls the API with the access token it holds and passes the
// answer on. The token never reaches the browser.
func (b *bff) proxyProfile(rw http.ResponseWriter, r *http.Request) {
	c := b.w.Client
	if !b.admit(rw, r) {
		return
	}
	if c.AccessToken == "" {
		writeText(rw, http.StatusUnauthorized, "signed in, but the backend holds no access token")
		return
	}
	res, body := c.do(b.http, http.MethodGet, b.w.url(api.PathProfile), nil, bearer(c.AccessToken))
	rw.Header().Set("Content-Type", res.Header.Get("Content-Type"))
	rw.WriteHeader(res.StatusCode)
	_, _ = rw.Write(body)
}

// refresh is the BFF redeeming the app's refresh token; lose drops the
// answer on the way back.
func (b *bff) refresh(lose bool) (issuer.TokenResponse, bool) {
	hc := b.http
	if lose {
		hc = b.lossy
	}
	form := refreshForm(b.w.Client.RefreshToken)
	form.Set("client_id", issuer.BFFClientID)
	return parseTokenResponse(b.tokenPost(hc, form))
}

// revoke is the BFF revoking one of the app's tokens (RFC 7009).
func (b *bff) revoke(tok, hint string) {
	h := http.Header{}
	h.Set("Authorization", basicAuth(issuer.BFFClientID, issuer.BFFClientKey))
	b.w.Client.do(b.http, http.MethodPost, b.w.url(issuer.PathRevoke), url.Values{"token": {tok}, "token_type_hint": {hint}}, h)
}

// logout ends the browser's session at the BFF: the BFF revokes the
// refresh token, forgets the tokens and clears the cookie. everywhere
// sends the browser on to the issuer's end-session endpoint.
func (b *bff) logout(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		writeText(rw, http.StatusMethodNotAllowed, "use POST")
		return
	}
	if !b.admit(rw, r) {
		return
	}
	c := b.w.Client
	hint := c.IDToken
	if c.RefreshToken != "" {
		b.revoke(c.RefreshToken, "refresh_token")
	}
	b.session = ""
	http.SetCookie(rw, &http.Cookie{Name: bffSessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	if r.URL.Query().Get("everywhere") == "" || hint == "" {
		writeText(rw, http.StatusOK, "signed out")
		return
	}
	q := url.Values{"id_token_hint": {hint}, "post_logout_redirect_uri": {issuer.BFFPostLogoutURI}}
	http.Redirect(rw, r, b.w.url(issuer.PathEndSession)+"?"+q.Encode(), http.StatusFound)
}

// isApp reports whether a request is for the app's origin.
func isApp(u *url.URL) bool { return strings.EqualFold(u.Hostname(), appHost) }
