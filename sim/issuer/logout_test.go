package issuer_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

const postLogout = "http://127.0.0.1:53682" + issuer.PostLogoutPath

// logout sends b to the end-session endpoint by GET with params.
func (b *browser) logout(params url.Values) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest(http.MethodGet, issuer.PathEndSession+"?"+params.Encode(), nil))
}

// confirm asks for the logout page with params and posts its form, as
// alice's click does: its hidden fields, the page's csrf value among them.
func (b *browser) confirm(params url.Values) *httptest.ResponseRecorder {
	page := b.logout(params).Body.String()
	csrf := ""
	if _, after, ok := strings.Cut(page, `name="csrf" value="`); ok {
		csrf, _, _ = strings.Cut(after, `"`)
	}
	return b.post(params, csrf)
}

// post posts the logout form with params and csrf, and confirm=yes.
func (b *browser) post(params url.Values, csrf string) *httptest.ResponseRecorder {
	form := url.Values{"confirm": {"yes"}, "csrf": {csrf}}
	for k, v := range params {
		form[k] = v
	}
	r := httptest.NewRequest(http.MethodPost, issuer.PathEndSession, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(r)
}

// signedIn reports whether b still has a live session at the issuer.
func (b *browser) signedIn() bool {
	_, challenge := b.e.pkcePair()
	return b.open(oidcQuery(challenge, "n")).Code == http.StatusFound
}

// TestLogoutEndsTheSessionAndItsLogins: RP-Initiated Logout 1.0 §2 with an
// ID token as hint ends the session at once, clears the cookie, revokes
// every login the session started (this issuer's choice), and sends the
// browser back to the registered URI with the state.
func TestLogoutEndsTheSessionAndItsLogins(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	first := b.login(t, "n")
	second := b.login(t, "n") // through the session
	other := e.login()        // another browser's login
	rec := b.logout(url.Values{"id_token_hint": {first.IDToken}, "post_logout_redirect_uri": {postLogout}, "state": {"s-1"}})
	got := redirected(t, rec)
	if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, postLogout+"?") || got.Get("state") != "s-1" {
		t.Errorf("redirected to %q, want %s with the state", loc, postLogout)
	}
	if c := rec.Header().Get("Set-Cookie"); !strings.Contains(c, issuer.SessionCookie+"=;") || !strings.Contains(c, "Max-Age=0") {
		t.Errorf("Set-Cookie %q: want the session cookie cleared", c)
	}
	b2 := &browser{e: e, cookie: "stale"}
	if b.signedIn() || b2.signedIn() {
		t.Error("the browser is still signed in after logout")
	}
	for _, tr := range []issuer.TokenResponse{first, second} {
		expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
	}
	e.mustToken(e.refresh(other.RefreshToken))
}

func TestLogoutChecksWhereItSendsTheBrowser(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	tr := b.login(t, "n")
	for _, uri := range []string{"http://evil.example/logged-out", "http://127.0.0.1:53682/callback", postLogout + "/", "HTTP://127.0.0.1:53682/logged-out"} {
		rec := b.logout(url.Values{"id_token_hint": {tr.IDToken}, "post_logout_redirect_uri": {uri}})
		if rec.Code != http.StatusBadRequest || rec.Header().Get("Location") != "" {
			t.Errorf("post_logout_redirect_uri %q: status %d, Location %q; want 400 and no redirect", uri, rec.Code, rec.Header().Get("Location"))
		}
	}
	if rec := b.logout(url.Values{"post_logout_redirect_uri": {postLogout}}); rec.Code != http.StatusBadRequest {
		t.Errorf("a redirect URI with neither hint nor client_id: status %d, want 400", rec.Code)
	}
	if rec := b.logout(url.Values{"id_token_hint": {tr.AccessToken}}); rec.Code != http.StatusBadRequest {
		t.Errorf("an access token as id_token_hint: status %d, want 400", rec.Code)
	}
	if rec := b.logout(url.Values{"id_token_hint": {tr.IDToken}, "client_id": {issuer.APIClientID}}); rec.Code != http.StatusBadRequest {
		t.Errorf("a client_id the hint does not name: status %d, want 400", rec.Code)
	}
	if !b.signedIn() {
		t.Error("a refused logout ended the session")
	}
}

// TestLogoutWithoutAHintAsksFirst: a request that names no ID token could
// come from any site, so the user confirms (RP-Initiated Logout 1.0 §2).
func TestLogoutWithoutAHintAsksFirst(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	b.login(t, "n")
	params := url.Values{"client_id": {issuer.PublicClientID}, "post_logout_redirect_uri": {postLogout}, "state": {"s"}}
	rec := b.logout(params)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `name="confirm"`) || rec.Header().Get("X-Frame-Options") != "DENY" {
		t.Fatalf("no hint: status %d, want the confirmation page, unframeable", rec.Code)
	}
	if !b.signedIn() {
		t.Fatal("asking ended the session")
	}
	if got := redirected(t, b.confirm(params)); got.Get("state") != "s" {
		t.Errorf("confirmed: redirect %v, want the state", got)
	}
	if b.signedIn() {
		t.Error("confirmed, and still signed in")
	}
	if rec := b.logout(nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "signed out") {
		t.Errorf("logout with no session and no redirect: status %d, want the signed-out page", rec.Code)
	}
}

// TestAnExpiredHintStillEndsItsSession: the hint says who, not whether it
// is fresh, and spares alice the question in her own browser.
func TestAnExpiredHintStillEndsItsSession(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.AccessTTL = time.Minute })
	b := e.browser()
	tr := b.login(t, "n")
	e.clock.Advance(5 * time.Minute)
	if got := redirected(t, b.logout(url.Values{"id_token_hint": {tr.IDToken}, "post_logout_redirect_uri": {postLogout}})); got.Get("error") != "" {
		t.Fatalf("expired hint: redirect %v", got)
	}
	if b.signedIn() {
		t.Error("the session the expired hint named lives on")
	}
}

// TestAnIDTokenIsNoKeyToAnyonesSession: a leaked ID token, from another
// browser or an older session, ends nothing without alice's say.
func TestAnIDTokenIsNoKeyToAnyonesSession(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	old := b.login(t, "n").IDToken
	if rec := e.browser().logout(url.Values{"id_token_hint": {old}}); rec.Code >= 500 {
		t.Fatalf("a cookieless logout: %d", rec.Code)
	}
	if !b.signedIn() {
		t.Fatal("an ID token sent from another browser ended alice's session")
	}
	// A hint from an earlier session of alice's, in her browser: asked.
	b.logout(url.Values{"id_token_hint": {old}}) // its own session: ends it
	if b.signedIn() {
		t.Fatal("the session's own hint did not end it")
	}
	b.login(t, "m")
	if rec := b.logout(url.Values{"id_token_hint": {old}}); rec.Code != http.StatusOK || !b.signedIn() {
		t.Errorf("a hint from an ended session: status %d, signed in %v; want the question and the session alive", rec.Code, b.signedIn())
	}
}

// TestAForgedSignOutIsAskedAgain: the session cookie goes along with
// cross-site requests, so the confirmation form must prove it came from
// the page the issuer showed this browser.
func TestAForgedSignOutIsAskedAgain(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	b.login(t, "n")
	for _, csrf := range []string{"", "forged"} {
		if rec := b.post(url.Values{}, csrf); rec.Code != http.StatusOK || !b.signedIn() {
			t.Errorf("a sign-out posted with csrf %q: status %d, signed in %v; want the question again", csrf, rec.Code, b.signedIn())
		}
	}
	b.confirm(url.Values{})
	if b.signedIn() {
		t.Error("the form the issuer showed did not sign alice out")
	}
}
