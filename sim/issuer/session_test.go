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

// browser is a user agent at the issuer: it keeps the session cookie the
// issuer sets and sends it back, as alice's browser does.
type browser struct {
	e      *env
	cookie string
}

func (e *env) browser() *browser { return &browser{e: e} }

func (b *browser) do(r *http.Request) *httptest.ResponseRecorder {
	if b.cookie != "" {
		r.AddCookie(&http.Cookie{Name: issuer.SessionCookie, Value: b.cookie})
	}
	rec := b.e.serve(r)
	for _, c := range rec.Result().Cookies() {
		if c.Name == issuer.SessionCookie {
			b.cookie = c.Value
			if c.MaxAge < 0 {
				b.cookie = ""
			}
		}
	}
	return rec
}

// open sends the browser to the authorization endpoint.
func (b *browser) open(q url.Values) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest(http.MethodGet, issuer.PathAuthorize+"?"+q.Encode(), nil))
}

// signIn submits alice's credentials on the login form.
func (b *browser) signIn(q url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, issuer.PathAuthorize+"?"+q.Encode(),
		strings.NewReader(credentials(issuer.DemoUser, issuer.DemoPassword).Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(r)
}

// oidcQuery is an OpenID Connect authorization request with a nonce.
func oidcQuery(challenge, nonce string) url.Values {
	q := authzQuery(challenge)
	q.Set("scope", "openid profile")
	if nonce != "" {
		q.Set("nonce", nonce)
	}
	return q
}

// redirected returns the query of a 302's Location, failing on anything else.
func redirected(t testing.TB, rec *httptest.ResponseRecorder) url.Values {
	t.Helper()
	if rec.Code != http.StatusFound {
		t.Fatalf("status %d, want 302 (body %s)", rec.Code, rec.Body)
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		t.Fatalf("unreadable Location: %v", err)
	}
	return loc.Query()
}

// login signs b in with its password, or through its live session when
// the issuer sends it straight back, and redeems the code.
func (b *browser) login(t testing.TB, nonce string) issuer.TokenResponse {
	t.Helper()
	verifier, challenge := b.e.pkcePair()
	q := oidcQuery(challenge, nonce)
	rec := b.open(q)
	if rec.Code == http.StatusOK {
		rec = b.signIn(q)
	}
	return b.e.mustToken(b.e.post(issuer.PathToken, codeForm(redirected(t, rec).Get("code"), verifier)))
}

func isLoginForm(rec *httptest.ResponseRecorder) bool {
	return rec.Code == http.StatusOK && strings.Contains(rec.Body.String(), `name="password"`)
}

// TestSessionCookieIsHttpOnlySecureAndCrossSite: SameSite=None, as
// Keycloak and Auth0 set theirs, so an app on another site can renew in a
// hidden frame; None needs Secure.
func TestSessionCookieIsHttpOnlySecureAndCrossSite(t *testing.T) {
	e := newEnv(t, nil)
	_, challenge := e.pkcePair()
	rec := e.browser().signIn(oidcQuery(challenge, "n"))
	var c *http.Cookie
	for _, got := range rec.Result().Cookies() {
		if got.Name == issuer.SessionCookie {
			c = got
		}
	}
	switch {
	case c == nil:
		t.Fatalf("no session cookie in %v", rec.Header()["Set-Cookie"])
	case !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteNoneMode || c.Path != "/":
		t.Errorf("Set-Cookie %q: want HttpOnly, Secure, SameSite=None, Path=/", rec.Header().Get("Set-Cookie"))
	case len(c.Value) < 43:
		t.Errorf("session cookie %q is too short to be unguessable", c.Value)
	case time.Duration(c.MaxAge)*time.Second != issuer.DefaultPolicy().SessionMax:
		t.Errorf("cookie Max-Age %ds, want the session's absolute lifetime", c.MaxAge)
	}
	if e.iss.HoldsInTheClear(c.Value) {
		t.Error("the issuer keeps the session cookie's value readable")
	}
}

func TestALiveSessionSkipsTheLoginForm(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	b.login(t, "first")
	_, challenge := e.pkcePair()
	q := oidcQuery(challenge, "second")
	if got := redirected(t, b.open(q)); got.Get("code") == "" || got.Get("state") != "xyz" {
		t.Errorf("GET /authorize with a live session redirected with %v, want a code and the state", got)
	}
	q.Set("prompt", "login")
	if rec := b.open(q); !isLoginForm(rec) {
		t.Errorf("prompt=login with a live session: status %d, want the form", rec.Code)
	}
	q.Del("prompt")
	if rec := e.browser().open(q); !isLoginForm(rec) {
		t.Errorf("another browser, with no cookie: status %d, want the form", rec.Code)
	}
}

func TestPromptNoneGivesACodeOrLoginRequired(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	_, challenge := e.pkcePair()
	q := oidcQuery(challenge, "n")
	q.Set("prompt", "none")
	got := redirected(t, b.open(q))
	if got.Get("error") != string(issuer.ErrLoginRequired) || got.Get("state") != "xyz" || got.Get("code") != "" {
		t.Errorf("prompt=none, no session: redirect %v, want error=login_required with the state", got)
	}
	b.login(t, "n")
	if got := redirected(t, b.open(q)); got.Get("code") == "" || got.Get("error") != "" {
		t.Errorf("prompt=none, live session: redirect %v, want a code", got)
	}
}

func TestPromptValuesAreChecked(t *testing.T) {
	e := newEnv(t, nil)
	_, challenge := e.pkcePair()
	for _, tt := range []struct {
		prompt string
		form   bool
	}{{"none login", false}, {"wave", false}, {"consent", true}, {"login select_account", true}} {
		q := oidcQuery(challenge, "n")
		q.Set("prompt", tt.prompt)
		rec := e.browser().open(q)
		if tt.form {
			if !isLoginForm(rec) {
				t.Errorf("prompt=%q: status %d, want the form", tt.prompt, rec.Code)
			}
			continue
		}
		if got := redirected(t, rec); got.Get("error") != string(issuer.ErrInvalidRequest) {
			t.Errorf("prompt=%q: redirect %v, want invalid_request", tt.prompt, got)
		}
	}
	q := oidcQuery(challenge, strings.Repeat("n", 513))
	if got := redirected(t, e.browser().open(q)); got.Get("error") != string(issuer.ErrInvalidRequest) {
		t.Errorf("a 513-character nonce: redirect %v, want invalid_request", got)
	}
}

// TestEachUseRenewsTheIdleTimerUpToTheMax: used every 20 minutes, a
// session with a 30-minute idle timeout lives on, but never past its
// absolute lifetime; left alone, it ends after the idle timeout.
func TestEachUseRenewsTheIdleTimerUpToTheMax(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.SessionIdle, p.SessionMax = 30*time.Minute, time.Hour })
	b := e.browser()
	b.login(t, "n")
	_, challenge := e.pkcePair()
	q := oidcQuery(challenge, "n")
	for _, at := range []string{"20m", "40m"} {
		e.clock.Advance(20 * time.Minute)
		if rec := b.open(q); rec.Code != http.StatusFound {
			t.Fatalf("used again at +%s: status %d, want 302 from the session", at, rec.Code)
		}
	}
	e.clock.Advance(20 * time.Minute) // +60m: used 20 minutes ago, but at its max
	if rec := b.open(q); !isLoginForm(rec) {
		t.Errorf("at the absolute lifetime: status %d, want the form", rec.Code)
	}
	b = e.browser()
	b.login(t, "n")
	e.clock.Advance(30*time.Minute - time.Second)
	if rec := b.open(q); rec.Code != http.StatusFound {
		t.Fatalf("a second before the idle timeout: status %d, want 302", rec.Code)
	}
	e.clock.Advance(30 * time.Minute)
	if rec := b.open(q); !isLoginForm(rec) {
		t.Errorf("the idle timeout after the last use: status %d, want the form", rec.Code)
	}
}

// TestSessionEventsCarryItsTimes: the world sets its timers from these.
func TestSessionEventsCarryItsTimes(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	mark := e.mark()
	b.login(t, "n")
	e.clock.Advance(10 * time.Minute)
	b.login(t, "n")
	e.mu.Lock()
	defer e.mu.Unlock()
	var started, used *issuer.Event
	for i, ev := range e.events[mark:] {
		switch ev.Kind {
		case issuer.EventSessionStarted:
			started = &e.events[mark+i]
		case issuer.EventSessionUsed:
			used = &e.events[mark+i]
		}
	}
	switch {
	case started == nil || used == nil:
		t.Fatal("no session-started or session-used event")
	case !started.Expires.Equal(t0.Add(30*time.Minute)) || !started.SessionMax.Equal(t0.Add(10*time.Hour)):
		t.Errorf("started: idle end %v, max %v", started.Expires, started.SessionMax)
	case used.ID != started.ID || !used.Expires.Equal(t0.Add(40*time.Minute)):
		t.Errorf("used: session %s (started %s), idle end %v, want 09:40", used.ID, started.ID, used.Expires)
	}
}

func TestAuthTimeIsWhenThePasswordWasTyped(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	b.login(t, "n")
	e.clock.Advance(10 * time.Minute)
	tr := b.login(t, "n") // single sign-on
	claims := jwtClaims(t, tr.IDToken)
	if at, iat := claims["auth_time"], claims["iat"]; at != float64(t0.Unix()) || iat != float64(t0.Add(10*time.Minute).Unix()) {
		t.Errorf("auth_time %v, iat %v: want auth_time when the password was typed, iat now", at, iat)
	}
}

// TestSessionsCountTowardTheLimit: a flood of sign-ins that never redeem
// their codes stays within the record limit, and pushes out its own kind
// (sessions, codes) before a login in use.
func TestSessionsCountTowardTheLimit(t *testing.T) {
	limits := issuer.Limits{Records: issuer.MinRecords}
	e := newLimitedEnv(t, 1, limits, nil)
	kept := e.browser().login(t, "n")
	for range 3 * issuer.MinRecords {
		_, challenge := e.pkcePair()
		e.browser().signIn(oidcQuery(challenge, "n"))
		if h := e.iss.Holding(); h.Held > limits.Records+2 {
			t.Fatalf("%+v, want at most %d records", h, limits.Records+2)
		}
	}
	if err := e.iss.CheckBookkeeping(); err != nil {
		t.Fatal(err)
	}
	if h := e.iss.Holding(); h.Sessions == 0 || h.Sessions == 3*issuer.MinRecords {
		t.Errorf("%+v: want sessions on record, and the oldest forgotten", h)
	}
	e.mustToken(e.refresh(kept.RefreshToken))
}

// TestMaxAgeAsksForThePasswordAgain: OIDC Core §3.1.2.1, a session older
// than max_age does not answer; under prompt=none that is login_required.
func TestMaxAgeAsksForThePasswordAgain(t *testing.T) {
	e := newEnv(t, nil)
	b := e.browser()
	b.login(t, "n")
	e.clock.Advance(10 * time.Minute)
	_, challenge := e.pkcePair()
	q := oidcQuery(challenge, "n")
	q.Set("max_age", "600")
	if got := redirected(t, b.open(q)); got.Get("code") == "" {
		t.Errorf("max_age 600, password typed 600 s ago: %v, want a code from the session", got)
	}
	q.Set("max_age", "599")
	if rec := b.open(q); !isLoginForm(rec) {
		t.Errorf("max_age 599: status %d, want the login form", rec.Code)
	}
	q.Set("prompt", "none")
	if got := redirected(t, b.open(q)); got.Get("error") != string(issuer.ErrLoginRequired) {
		t.Errorf("max_age 599, prompt=none: %v, want login_required", got)
	}
	for _, bad := range []string{"-1", "x", "1.5", "999999999999"} {
		q.Set("max_age", bad)
		if got := redirected(t, b.open(q)); got.Get("error") != string(issuer.ErrInvalidRequest) {
			t.Errorf("max_age %q: %v, want invalid_request", bad, got)
		}
	}
}

// TestAPlainHTTPIssuerSetsACookieBrowsersKeep: a Secure cookie from plain
// HTTP away from loopback would be dropped, and None needs Secure: such an
// issuer (serve --public-url http://...) sets neither, and Lax.
func TestAPlainHTTPIssuerSetsACookieBrowsersKeep(t *testing.T) {
	for _, tt := range []struct {
		url    string
		secure bool
	}{{"http://192.168.1.10:8080", false}, {"http://127.0.0.1:8080", true}, {"https://idp.example", true}} {
		iss, err := issuer.New(issuer.Config{URL: tt.url, Audience: tt.url + "/api", Now: func() time.Time { return t0 },
			Rand: newSeededRand(1), Policy: issuer.DefaultPolicy()})
		if err != nil {
			t.Fatal(err)
		}
		_, challenge := (&env{}).pkcePair()
		r := httptest.NewRequest(http.MethodPost, issuer.PathAuthorize+"?"+oidcQuery(challenge, "n").Encode(),
			strings.NewReader(credentials(issuer.DemoUser, issuer.DemoPassword).Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		iss.ServeHTTP(rec, r)
		var c *http.Cookie
		for _, got := range rec.Result().Cookies() {
			if got.Name == issuer.SessionCookie {
				c = got
			}
		}
		wantSite := http.SameSiteNoneMode
		if !tt.secure {
			wantSite = http.SameSiteLaxMode
		}
		if c == nil || c.Secure != tt.secure || c.SameSite != wantSite {
			t.Errorf("%s: cookie %v, want Secure %v and SameSite %v", tt.url, c, tt.secure, wantSite)
		}
	}
}
