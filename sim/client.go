package sim

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// maxAutoRefreshes bounds the refreshes auto-refresh makes during one
// action unless Limits says less: a 30-day jump on 15-minute tokens, a
// whole login's worth, is about 3,100; 30-second tokens over the same jump
// would be 115,000.
const maxAutoRefreshes = 5000

// RedirectURI is the client's loopback callback (RFC 8252 §7.3). A real
// native app picks a free port at run time; a fixed one keeps transcripts
// reproducible.
const RedirectURI = "http://127.0.0.1:53682/callback"

// Client is the learner's app: a public OAuth client holding an access
// token and a refresh token in its configured storage.
type Client struct {
	AccessToken  string
	RefreshToken string
	// IDToken is the ID token of the app's login (OpenID Connect), kept
	// once it checked out: it says who signed in, and is for no API.
	IDToken string

	// accessExp and accessTTL come from expires_in (RFC 6749 §5.1), as a
	// real client learns them: it need not decode the token.
	accessExp time.Time
	accessTTL time.Duration

	// autoRefreshes counts the refreshes auto-refresh made during the
	// current action, and autoRefreshTotal those over the world's life,
	// which Limits bound.
	autoRefreshes, autoRefreshTotal int

	// tokenType is how the access token must be presented, as the token
	// response said: "DPoP" for one bound to the app's key (RFC 9449 §5).
	tokenType string
	// refreshBound says the issuer bound this login's refresh token to the
	// app's key, so every refresh needs a proof, whatever the policy now.
	refreshBound bool
	dpop         *prover // the app's key: non-extractable, usable by any script on the page
	lastProof    capture // the proof of its latest API call, and the token it went with

	w         *World
	http      *http.Client
	lossy     *http.Client // the same app on a connection that drops responses
	tab2      *http.Client
	browser   *http.Client // alice's browser, which shows the issuer's login page
	page      *http.Client // the app's page calling its own backend, with the browser's cookies
	jar       *cookieJar   // the browser's cookies: the issuer's session
	rand      io.Reader
	autoTimer *clock.Timer

	meta issuer.Metadata  // the endpoints, as the last login discovered them
	jwks *jwtdebug.KeySet // the issuer's published keys, fetched when an ID token needs one
}

func newClient(w *World, r, keys io.Reader) *Client {
	c := &Client{w: w, http: w.httpClient(ActorClient), tab2: w.httpClient(ActorTab2), browser: w.httpClient(ActorBrowser), rand: r,
		lossy: w.httpClientVia(&recordingTransport{world: w, actor: ActorClient, lose: true}), dpop: newProver(keys),
		jar: newCookieJar(w.Clock.Now)}
	c.browser.Jar = c.jar
	c.page = w.httpClient(ActorClient)
	c.page.Jar = c.jar
	return c
}

// prover is the key the app proves at the token endpoint: its own while
// the issuer binds tokens, or while its refresh token is bound; none
// otherwise, so a world without DPoP sends no proofs at all.
func (c *Client) prover() *prover {
	if c.refreshBound || dpopOn(c.w.cfg.Policy) {
		return c.dpop
	}
	return nil
}

func dpopOn(p issuer.Policy) bool { return p.DPoP == issuer.DPoPOn || p.DPoP == issuer.DPoPRequired }

func (c *Client) random(n int) string { return randomString(c.rand, n) }

func (c *Client) note(format string, args ...any) {
	c.w.emit(Event{Kind: KindNote, Actor: ActorClient, Text: fmt.Sprintf(format, args...)})
}

// login runs the authorization-code flow with PKCE (RFC 7636): discover the
// endpoints, send alice's browser to the authorization endpoint, where
// she signs in unless her session at the issuer still lives, catch the
// redirect, and redeem the code with the verifier. With openid on, the
// request asks for an ID token with a nonce, and the login completes only
// if the ID token checks out (OIDC Core §3.1.3.7).
func (c *Client) login(user, pass string) error {
	w := c.w
	if w.bffOn() {
		return c.bffLogin(user, pass)
	}
	meta, ok := c.discover()
	if !ok {
		return nil
	}
	verifier := c.random(32) // 43 characters, the RFC 7636 §4.1 minimum
	state := c.random(12)
	q := authorizationQuery(verifier, state)
	var nonce string
	if w.cfg.OpenID == OpenIDOn {
		nonce = c.random(16)
		q.Set("scope", issuer.ScopeOpenID+" "+issuer.DefaultScope)
		q.Set("nonce", nonce)
	}
	// The app sends alice's browser to the login page; she types her
	// password there, into the issuer's page, never into the app. While
	// her session there lives, the issuer sends the browser straight back.
	authz := w.url(pathOf(meta.AuthorizationEndpoint)) + "?" + q.Encode()
	res, _ := c.do(c.browser, http.MethodGet, authz, nil, nil)
	sso := res.StatusCode == http.StatusFound
	switch {
	case sso:
	case res.StatusCode != http.StatusOK:
		c.note("login stopped: the authorization endpoint answered %d", res.StatusCode)
		return nil
	default:
		res, _ = c.do(c.browser, http.MethodPost, authz, url.Values{"username": {user}, "password": {pass}}, nil)
		if res.StatusCode != http.StatusFound {
			c.note("the login form came back: wrong username or password")
			return nil
		}
	}
	code, ok := c.callback(res, state)
	if !ok {
		return nil
	}
	tr, ok := c.tokenRequest(c.http, url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {RedirectURI},
		"client_id":     {issuer.PublicClientID},
		"code_verifier": {verifier},
	}, pathOf(meta.TokenEndpoint), c.prover())
	if !ok || nonce != "" && !c.checkIDToken(tr, nonce) {
		return nil
	}
	c.AccessToken, c.RefreshToken, c.IDToken = tr.AccessToken, tr.RefreshToken, tr.IDToken
	c.tokenType = tr.TokenType
	c.refreshBound = tr.TokenType == "DPoP" && tr.RefreshToken != ""
	c.noteLifetime(tr)
	text, cause := user+" is logged in", CauseLogin
	if sso {
		text, cause = text+" with no password typed: her session at the issuer still lives", CauseLoginSSO
	}
	if c.IDToken != "" {
		text += "; the ID token checks out, and the app keeps its tokens in " + storagePhrase(w.cfg.Storage)
	} else {
		text += "; the app keeps both tokens in " + storagePhrase(w.cfg.Storage)
	}
	if c.tokenType == "DPoP" {
		text += ", bound to the app's key"
	}
	w.emit(Event{Kind: KindLogin, Actor: ActorClient, Cause: cause, Text: text})
	c.scheduleAutoRefresh()
	return nil
}

// authorizationQuery is the app's authorization request (RFC 6749
// §4.1.1), with the S256 challenge of verifier (RFC 7636 §4.2).
func authorizationQuery(verifier, state string) url.Values {
	sum := sha256.Sum256([]byte(verifier))
	return url.Values{
		"response_type":         {"code"},
		"client_id":             {issuer.PublicClientID},
		"redirect_uri":          {RedirectURI},
		"scope":                 {issuer.DefaultScope},
		"state":                 {state},
		"code_challenge":        {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"},
	}
}

// callback reads the redirect back to the app and returns its code.
func (c *Client) callback(res *http.Response, state string) (string, bool) {
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		c.note("login stopped: unreadable redirect")
		return "", false
	}
	cb := loc.Query()
	// RFC 6749 §10.12: a callback whose state we did not send is CSRF,
	// an injected error included, so state is checked first.
	if cb.Get("state") != state {
		c.note("login stopped: the callback's state does not match (possible CSRF)")
		return "", false
	}
	if e := cb.Get("error"); e != "" {
		c.note("login refused by the issuer: %s", e)
		return "", false
	}
	return cb.Get("code"), true
}

func storagePhrase(s Storage) string {
	switch s {
	case StorageLocalStorage:
		return "localStorage"
	case StorageCookie:
		return "HttpOnly cookies"
	case StorageBFF:
		return "its backend (a BFF), never in the browser"
	}
	return "memory"
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// do sends one request; form, when non-nil, is the urlencoded body, and
// header adds to the request's. Transport errors cannot happen in-process,
// so only the response matters.
func (c *Client) do(hc *http.Client, method, target string, form url.Values, header http.Header) (*http.Response, []byte) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		return &http.Response{StatusCode: 0, Header: http.Header{}}, nil
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "tokenflow-app/1")
	res, err := hc.Do(req)
	if err != nil {
		return &http.Response{StatusCode: 0, Header: http.Header{}}, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// bearer presents tok under the Bearer scheme (RFC 6750 §2.1).
func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

// presentDPoP presents tok under the DPoP scheme with proof (RFC 9449 §7.1).
func presentDPoP(tok, proof string) http.Header {
	return http.Header{"Authorization": {"DPoP " + tok}, "Dpop": {proof}}
}

// tokenPost posts form to the token endpoint, with a proof of p's key when
// p is set; asked for a nonce, it sends the request once more with it, as
// RFC 9449 §8 has a client do.
func (c *Client) tokenPost(hc *http.Client, form url.Values, path string, p *prover) (*http.Response, []byte) {
	target := c.w.url(path)
	send := func() (*http.Response, []byte) {
		var h http.Header
		if p != nil {
			h = http.Header{"Dpop": {p.sign(http.MethodPost, target, "", c.proofTime(p))}}
		}
		return c.do(hc, http.MethodPost, target, form, h)
	}
	res, body := send()
	if p != nil && p.heard(res, body) {
		res, body = send()
		p.heard(res, body)
	}
	return res, body
}

// tokenRequest posts to the token endpoint and reports the parsed success.
func (c *Client) tokenRequest(hc *http.Client, form url.Values, path string, p *prover) (issuer.TokenResponse, bool) {
	return parseTokenResponse(c.tokenPost(hc, form, path, p))
}

// parseTokenResponse reads a successful token response. A refusal is
// told by the issuer, which knows why it refused.
func parseTokenResponse(res *http.Response, body []byte) (issuer.TokenResponse, bool) {
	var tr issuer.TokenResponse
	ok := res.StatusCode == http.StatusOK && json.Unmarshal(body, &tr) == nil
	return tr, ok
}

func refreshForm(tok string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok}, "client_id": {issuer.PublicClientID}}
}

// refresh redeems the refresh token (RFC 6749 §6). Without a new refresh
// token in the answer, the client keeps the one it has (§6, last paragraph).
func (c *Client) refresh() {
	if c.w.bffOn() {
		c.bffRefresh()
		return
	}
	tr, ok := c.tokenRequest(c.http, refreshForm(c.RefreshToken), issuer.PathToken, c.prover())
	if !ok {
		return
	}
	c.take(tr)
}

// refreshLost redeems the refresh token on a connection that drops the
// answer: the issuer rotates as usual, but the app never sees the new
// tokens and keeps the refresh token it sent. Its next refresh presents
// that token again, which is exactly what a grace period is for.
func (c *Client) refreshLost() {
	if c.w.bffOn() {
		c.bffRefreshLost()
		return
	}
	c.tokenPost(c.lossy, refreshForm(c.RefreshToken), issuer.PathToken, c.prover())
	c.w.emit(Event{Kind: KindNote, Actor: ActorClient, Cause: CauseResponseLost,
		Text: "the connection dropped before the answer arrived: the app never saw new tokens and still holds refresh token " +
			tokenID(c.w, c.RefreshToken)})
}

func (c *Client) take(tr issuer.TokenResponse) {
	c.AccessToken, c.tokenType = tr.AccessToken, tr.TokenType
	// A refresh with a proof binds a public client's login from then on
	// (RFC 9449 §5), whatever it was before.
	c.refreshBound = c.refreshBound || tr.TokenType == "DPoP"
	c.noteLifetime(tr)
	if tr.RefreshToken != "" {
		c.RefreshToken = tr.RefreshToken
	}
	c.scheduleAutoRefresh()
}

// race is two tabs sharing one storage that both find the access token
// expired and refresh with the same refresh token in the same instant.
func (c *Client) race() {
	rt := c.RefreshToken
	first, ok1 := c.tokenRequest(c.http, refreshForm(rt), issuer.PathToken, c.prover())
	second, ok2 := c.tokenRequest(c.tab2, refreshForm(rt), issuer.PathToken, c.prover())
	if ok1 {
		c.take(first)
	}
	if ok2 {
		c.take(second)
	}
}

// proofTime is when a proof of p's key says it was made: by the app's
// clock for the app's own key; the backend-for-frontend is a server with
// a clock of its own, which the world keeps true.
func (c *Client) proofTime(p *prover) time.Time {
	if p == c.dpop {
		return c.w.clientNow()
	}
	return c.w.Clock.Now()
}

// noteLifetime keeps when the access token expires, as expires_in tells
// it: a lifetime, not an instant (RFC 6749 §5.1), so the app's own clock
// being off moves nothing. It is kept, and scheduled, on the world's
// clock, which is the same thing.
func (c *Client) noteLifetime(tr issuer.TokenResponse) {
	c.accessTTL = time.Duration(tr.ExpiresIn) * time.Second
	c.accessExp = c.w.Clock.Now().Add(c.accessTTL)
}

func (c *Client) call() {
	if c.w.bffOn() {
		c.bffCall()
		return
	}
	target := c.w.url(api.PathProfile)
	c.do(c.http, http.MethodGet, target, nil, c.present(target))
}

// present is how the app sends its access token to target: under the
// scheme its token response named, with a proof when that is DPoP.
func (c *Client) present(target string) http.Header {
	if c.tokenType == "DPoP" {
		proof := c.dpop.sign(http.MethodGet, target, c.AccessToken, c.w.clientNow())
		c.lastProof = capture{token: c.AccessToken, proof: proof}
		return presentDPoP(c.AccessToken, proof)
	}
	return bearer(c.AccessToken)
}

// revoke asks the issuer to revoke one of the client's tokens (RFC 7009).
func (c *Client) revoke(kind string) {
	tok, hint := c.AccessToken, "access_token"
	if kind == "refresh" {
		tok, hint = c.RefreshToken, "refresh_token"
	}
	if c.w.bffOn() {
		c.w.bff.revoke(tok, hint)
		return
	}
	c.do(c.http, http.MethodPost, c.w.url(issuer.PathRevoke),
		url.Values{"token": {tok}, "token_type_hint": {hint}, "client_id": {issuer.PublicClientID}}, nil)
}

// logout revokes the refresh token, which ends the family, then forgets
// the tokens; everywhere says a logout at the issuer follows. A copy of
// the access token elsewhere lives on until exp: this API checks JWTs by
// itself and hears of the revocation only through the denylist.
func (c *Client) logout(everywhere bool) {
	if c.w.bffOn() {
		c.bffLogout(everywhere)
		return
	}
	cause := c.logoutCause()
	if c.RefreshToken != "" {
		c.revoke("refresh")
	}
	text := "the app forgot both tokens"
	if c.IDToken != "" {
		text = "the app forgot its tokens, the ID token too"
	}
	switch _, live := c.w.browserSession(); {
	case everywhere:
		text += "; alice's browser goes on to log out at the issuer"
	case live:
		// RFC 7009 ends a login's tokens, not the user's sign-in at the
		// issuer, which only a logout there ends.
		text += "; alice's session at the issuer lives on, so her next login needs no password"
	}
	c.forget()
	c.w.emit(Event{Kind: KindLoggedOut, Actor: ActorClient, Cause: cause, Text: text})
}

// logoutCause is what revoking the refresh token at logout does, under the
// policy in force: nothing to revoke for a stateless one, the family, and
// the access tokens too when the API reads a denylist.
func (c *Client) logoutCause() Cause {
	switch p := c.w.cfg.Policy; {
	case c.RefreshToken == "":
		return ""
	case p.RefreshFormat == issuer.RefreshStateless:
		return CauseLogoutStateless
	case p.Denylist:
		return CauseLogoutDenylist
	}
	return CauseLogoutFamily
}

// forget drops every token the app holds.
func (c *Client) forget() {
	c.AccessToken, c.RefreshToken, c.IDToken, c.tokenType, c.refreshBound = "", "", "", "", false
	c.stopAutoRefresh()
}

func (c *Client) stopAutoRefresh() {
	if c.autoTimer != nil {
		c.w.Clock.Stop(c.autoTimer)
		c.autoTimer = nil
	}
}

// scheduleAutoRefresh arranges a refresh shortly before the access token
// expires: a minute before, or a quarter of its lifetime for short ones.
func (c *Client) scheduleAutoRefresh() {
	c.stopAutoRefresh()
	if !c.w.cfg.AutoRefresh || c.AccessToken == "" || c.RefreshToken == "" {
		return
	}
	lead := time.Minute
	if c.accessTTL < 4*lead {
		lead = c.accessTTL / 4
	}
	tok := c.AccessToken
	c.autoTimer = c.w.Clock.Schedule(c.accessExp.Add(-lead), func(time.Time) {
		c.autoTimer = nil
		if c.AccessToken != tok || c.RefreshToken == "" {
			return
		}
		lim := c.w.cfg.Limits
		perAction := cmp.Or(lim.AutoRefreshes, maxAutoRefreshes)
		switch {
		case lim.AutoRefreshTotal > 0 && c.autoRefreshTotal >= lim.AutoRefreshTotal:
			c.w.emit(Event{Kind: KindNote, Actor: ActorClient, Text: fmt.Sprintf(
				"auto-refresh stopped: this world has made %d automatic refreshes, the most it makes; reset the world to start afresh", lim.AutoRefreshTotal)})
			return
		case c.autoRefreshes >= perAction:
			// One keypress must not cost the server unbounded work: a
			// 30-second token refreshed across a jump of months would.
			c.w.emit(Event{Kind: KindNote, Actor: ActorClient, Text: fmt.Sprintf(
				"auto-refresh paused after %d refreshes in one action; a refresh, or logging in again, resumes it", perAction)})
			return
		}
		c.autoRefreshes++
		c.autoRefreshTotal++
		c.w.emit(Event{Kind: KindNote, Actor: ActorClient, Text: "auto-refresh: the access token expires soon"})
		c.refresh()
		c.w.pruneExpiries()
	})
}
