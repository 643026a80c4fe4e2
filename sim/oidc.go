package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// PostLogoutRedirectURI is where the issuer sends alice's browser back
// after a logout there: the app's registered post_logout_redirect_uri
// (RP-Initiated Logout 1.0 §2), on its loopback listener.
const PostLogoutRedirectURI = "http://127.0.0.1:53682" + issuer.PostLogoutPath

// idTokenClaims are the ID token claims the app checks.
type idTokenClaims struct {
	jwt.RegisteredClaims
	Nonce  string `json:"nonce"`
	ATHash string `json:"at_hash"`
	AZP    string `json:"azp"`
}

// idTokenWant is what an ID token must say to be the answer to the app's
// own login.
type idTokenWant struct {
	issuer, clientID, nonce, accessToken string
	now                                  time.Time
}

// validateIDToken checks an ID token as OIDC Core §3.1.3.7 has a client
// do: signed with the issuer's key (keys finds it in the JWKS) under an
// asymmetric alg the client accepts, issued by the issuer it asked, for
// this client, not expired, not issued in the future, and carrying the
// nonce the app sent, so a token minted for another login cannot be
// replayed into this one. When it carries at_hash, that must match the
// access token beside it (§3.1.3.8).
func validateIDToken(raw string, keys jwt.Keyfunc, want idTokenWant) error {
	var claims idTokenClaims
	_, err := jwt.ParseWithClaims(raw, &claims, keys,
		jwt.WithValidMethods([]string{string(issuer.ES256), string(issuer.RS256)}),
		jwt.WithIssuer(want.issuer),
		jwt.WithAudience(want.clientID),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return want.now }),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return errors.New("it is not a JWT")
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return errors.New("its signature does not verify with the issuer's published keys")
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return errors.New("another issuer signed it (iss)")
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return errors.New("it was issued to another client (aud)")
	case errors.Is(err, jwt.ErrTokenExpired):
		return errors.New("it has expired (exp)")
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return errors.New("it was issued in the future (iat)")
	case err != nil:
		return fmt.Errorf("it does not validate: %w", err)
	case len(claims.Audience) > 1 && claims.AZP != want.clientID:
		return errors.New("it names several audiences and another authorized party (azp)")
	case claims.Nonce != want.nonce:
		return errors.New("its nonce is not the one this login sent: it belongs to another login")
	case claims.ATHash != "" && claims.ATHash != leftHalfHash(want.accessToken):
		return errors.New("its at_hash does not match the access token beside it")
	}
	return nil
}

// leftHalfHash is the at_hash of an access token (OIDC Core §3.1.3.6).
func leftHalfHash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// discover reads the issuer's metadata: OpenID Connect Discovery's
// document when the login asks for an ID token, RFC 8414's otherwise. A
// document naming another issuer must not be used (RFC 8414 §3.3,
// OpenID Connect Discovery 1.0 §4.3).
func (c *Client) discover() (issuer.Metadata, bool) {
	w := c.w
	path := issuer.PathMetadata
	if w.cfg.OpenID == OpenIDOn {
		path = issuer.PathOpenIDConfiguration
	}
	res, body := c.do(c.http, http.MethodGet, w.url(path), nil, nil)
	if res.StatusCode != http.StatusOK {
		c.note("login stopped: the metadata request failed")
		return issuer.Metadata{}, false
	}
	var meta issuer.Metadata
	if err := json.Unmarshal(body, &meta); err != nil {
		c.note("login stopped: the metadata is not JSON")
		return issuer.Metadata{}, false
	}
	if meta.Issuer != w.cfg.BaseURL {
		c.note("login stopped: the metadata names issuer %q, not %q", meta.Issuer, w.cfg.BaseURL)
		return issuer.Metadata{}, false
	}
	c.meta = meta
	return meta, true
}

// endpoint is the path of an endpoint the metadata named, or fallback
// before the app has read the metadata.
func endpoint(named, fallback string) string {
	if named == "" {
		return fallback
	}
	return pathOf(named)
}

// checkIDToken validates the ID token of a login's token response,
// fetching the issuer's JWKS when it lacks the token's key, and reports
// whether the login may go on. A failure is told with its own cause.
func (c *Client) checkIDToken(tr issuer.TokenResponse, nonce string) bool {
	rp := relyingParty{hc: c.http, jwks: &c.jwks, clientID: issuer.PublicClientID, actor: ActorClient,
		jwksPath: endpoint(c.meta.JWKSURI, issuer.PathJWKS)}
	return c.w.checkIDToken(rp, tr, nonce)
}

// relyingParty is who checks an ID token: the app, or its backend, each
// with its own connection and its own copy of the issuer's keys.
type relyingParty struct {
	hc       *http.Client
	jwks     **jwtdebug.KeySet
	clientID string
	actor    Actor
	jwksPath string
}

// checkIDToken is rp's check of a login's ID token (OIDC Core §3.1.3.7).
func (w *World) checkIDToken(rp relyingParty, tr issuer.TokenResponse, nonce string) bool {
	keys := func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if *rp.jwks == nil || !(*rp.jwks).Has(kid) {
			res, body := w.Client.do(rp.hc, http.MethodGet, w.url(rp.jwksPath), nil, nil)
			if res.StatusCode != http.StatusOK {
				return nil, errors.New("the issuer's JWKS could not be fetched")
			}
			ks, err := jwtdebug.ParseJWKS(body)
			if err != nil {
				return nil, err
			}
			*rp.jwks = ks
		}
		return (*rp.jwks).Keyfunc(t)
	}
	err := errors.New("the token response carries no id_token")
	if tr.IDToken != "" {
		err = validateIDToken(tr.IDToken, keys, idTokenWant{issuer: w.cfg.BaseURL, clientID: rp.clientID,
			nonce: nonce, accessToken: tr.AccessToken, now: w.Clock.Now()})
	}
	if err != nil {
		w.emit(Event{Kind: KindNote, Actor: rp.actor, Cause: CauseIDTokenInvalid,
			Text: "login stopped: the ID token does not check out: " + err.Error() + "; the app keeps no tokens"})
		return false
	}
	return true
}

// callWithIDToken is the confused app: it sends its ID token to the API
// as if it were an access token.
func (c *Client) callWithIDToken() {
	c.w.sendingIDToken = true
	c.do(c.backChannel(), http.MethodGet, c.w.url(api.PathProfile), nil, bearer(c.IDToken))
	c.w.sendingIDToken = false
}

// backChannel is whoever holds the app's tokens and calls with them: the
// app itself, or its backend.
func (c *Client) backChannel() *http.Client {
	if c.w.bffOn() {
		return c.w.bff.http
	}
	return c.http
}

// callUserinfo asks the issuer's userinfo endpoint who the access token's
// user is (OIDC Core §5.3), presenting the token as it would to the API.
func (c *Client) callUserinfo() {
	target := c.w.url(endpoint(c.meta.UserinfoEndpoint, issuer.PathUserinfo))
	c.do(c.backChannel(), http.MethodGet, target, nil, c.present(target))
}

// logoutEverywhere is the app's logout, then alice's browser sent to the
// issuer's end_session_endpoint (RP-Initiated Logout 1.0 §2) with the ID
// token as a hint, which ends her session there too.
func (c *Client) logoutEverywhere() {
	if c.w.bffOn() && (c.AccessToken != "" || c.RefreshToken != "") {
		c.bffLogout(true)
		return
	}
	hint := c.IDToken
	if c.AccessToken != "" || c.RefreshToken != "" {
		c.logout(true)
	}
	state := c.random(12)
	q := url.Values{"client_id": {issuer.PublicClientID}, "post_logout_redirect_uri": {PostLogoutRedirectURI}, "state": {state}}
	if hint != "" {
		q.Set("id_token_hint", hint)
	}
	target := c.w.url(endpoint(c.meta.EndSessionEndpoint, issuer.PathEndSession))
	res, page := c.do(c.browser, http.MethodGet, target+"?"+q.Encode(), nil, nil)
	if res.StatusCode == http.StatusOK {
		// Without an ID token the issuer cannot tell this request from a
		// forged one, and asks alice (§2); her click posts the page's form,
		// hidden fields and all.
		c.w.emit(Event{Kind: KindNote, Actor: ActorBrowser,
			Text: "with no ID token to show the request is the app's, the issuer asks alice to confirm; she clicks Sign out"})
		res, _ = c.do(c.browser, http.MethodPost, target, formOf(page), nil)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	switch {
	case res.StatusCode != http.StatusFound || err != nil:
		c.note("the logout at the issuer did not complete (status %d)", res.StatusCode)
	case loc.Query().Get("state") != state:
		c.note("the logout came back with a state the app did not send")
	}
}

// formOf reads the hidden fields of the one form on an issuer page, as
// the browser posts them.
func formOf(page []byte) url.Values {
	form := url.Values{}
	rest := string(page)
	for {
		i := strings.Index(rest, `<input type="hidden" name="`)
		if i < 0 {
			return form
		}
		rest = rest[i+len(`<input type="hidden" name="`):]
		name, after, _ := strings.Cut(rest, `" value="`)
		value, tail, _ := strings.Cut(after, `"`)
		form.Set(html.UnescapeString(name), html.UnescapeString(value))
		rest = tail
	}
}

// browserSession reports alice's browser's live session at the issuer.
func (w *World) browserSession() (issuer.SessionInfo, bool) {
	u, err := url.Parse(w.url(issuer.PathAuthorize))
	if err != nil {
		return issuer.SessionInfo{}, false
	}
	cookie, ok := w.Client.jar.value(u, issuer.SessionCookie)
	if !ok {
		return issuer.SessionInfo{}, false
	}
	s, ok := w.Issuer.SessionOf(cookie)
	return s, ok && s.Live
}

// sessionEnded tells when alice's session at the issuer timed out, from
// the timer the world set when it started or was last used: idle if
// nothing used it for the idle timeout, max at its absolute end.
func (w *World) sessionEnded(id string, at time.Time) {
	w.sessionTimer = nil
	s, ok := w.Issuer.Session(id)
	if !ok || s.Live {
		return // ended by logout, which said so, or used since
	}
	cause, text := CauseSessionIdle, fmt.Sprintf("alice's session %s at the issuer ended: unused for %s", id,
		FormatDuration(w.cfg.Policy.SessionIdle))
	if !s.IdleExpiry.Before(s.MaxExpiry) {
		cause, text = CauseSessionMax, fmt.Sprintf("alice's session %s at the issuer ended: it reached its absolute limit, however often it was used", id)
	}
	w.emit(Event{At: at, Kind: KindSessionEnded, Actor: ActorClock, Cause: cause, Text: text + "; her next login needs the password"})
}

// watchSession sets the timer that tells when alice's session ends
// unless used again, replacing the one set before.
func (w *World) watchSession(id string, end time.Time) {
	if w.sessionTimer != nil {
		w.Clock.Stop(w.sessionTimer)
	}
	w.sessionTimer = w.Clock.Schedule(end, func(at time.Time) { w.sessionEnded(id, at) })
}

// forgetSession drops the timer of a session that ended by logout.
func (w *World) forgetSession() {
	if w.sessionTimer != nil {
		w.Clock.Stop(w.sessionTimer)
		w.sessionTimer = nil
	}
}
