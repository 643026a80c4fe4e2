package issuer_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

const (
	day            = 24 * time.Hour
	familyLifetime = 30 * day // DefaultPolicy's
)

// bounded is a record limit no test below comes near unless it means to.
var bounded = issuer.Limits{Records: 1000}

// collectNow sends a request that can add records, so the issuer collects
// first; the request itself (an unknown refresh token) adds nothing.
func (e *env) collectNow() {
	e.t.Helper()
	expectError(e.t, e.refresh("no-such-token"), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

// revokeToken logs out as the public client does (RFC 7009).
func (e *env) revokeToken(tok string) {
	e.t.Helper()
	if rec := e.post(issuer.PathRevoke, url.Values{"token": {tok}, "client_id": {issuer.PublicClientID}}); rec.Code != http.StatusOK {
		e.t.Fatalf("revoke: status %d, body %s", rec.Code, rec.Body)
	}
}

func description(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body struct {
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error response is not JSON: %v: %s", err, rec.Body)
	}
	return body.Description
}

// TestReuseIsCaughtUntilTheFamilyEnds: collection must not forget a
// rotated-out token while its family can still be redeemed, or a replay
// would read as "unknown" and revoke nothing (RFC 9700 §4.14.2).
func TestReuseIsCaughtUntilTheFamilyEnds(t *testing.T) {
	e := newLimitedEnv(t, 1, bounded, func(p *issuer.Policy) { p.RefreshTTL = familyLifetime })
	first := e.login()
	second := e.mustToken(e.refresh(first.RefreshToken))
	e.clock.Advance(familyLifetime - time.Second)
	e.collectNow()
	if h := e.iss.Holding(); h.Families != 1 || h.Refresh != 2 {
		t.Fatalf("one second before the family's end: %+v, want its family and both refresh tokens", h)
	}
	mark := e.mark()
	expectError(t, e.refresh(first.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
	if kinds := e.kinds(mark); !hasKind(kinds, issuer.EventReuseDetected) || !hasKind(kinds, issuer.EventFamilyRevoked) {
		t.Errorf("replay of a rotated token: events %v, want reuse detected and the family revoked", kinds)
	}
	expectError(t, e.refresh(second.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

func TestFamilyIsForgottenOnceNothingAboutItMatters(t *testing.T) {
	e := newLimitedEnv(t, 1, bounded, nil)
	tr := e.login()
	old := tr.RefreshToken
	for range 3 {
		tr = e.mustToken(e.refresh(tr.RefreshToken))
	}
	if h := e.iss.Holding(); h.Families != 1 || h.Refresh != 4 || h.Access != 4 || h.Codes != 1 {
		t.Fatalf("after a login and three refreshes: %+v", h)
	}
	// Past the absolute expiry, and long past the last access token's exp.
	e.clock.Advance(familyLifetime)
	e.collectNow()
	if h := e.iss.Holding(); h != (issuer.Holding{}) {
		t.Errorf("after the family's end: %+v, want nothing on record", h)
	}
	for _, rt := range []string{old, tr.RefreshToken} {
		expectError(t, e.refresh(rt), http.StatusBadRequest, issuer.ErrInvalidGrant)
	}
	if got := e.introspect(tr.AccessToken).Body.String(); strings.TrimSpace(got) != `{"active":false}` {
		t.Errorf("introspection of a forgotten login's access token: %s", got)
	}
}

// TestFamilyOutlivesItsEndWhileAnAccessTokenLives: a refresh just before
// the absolute expiry mints an access token that outlives it. Revoking the
// login must still deny that token, so the family stays until its exp.
func TestFamilyOutlivesItsEndWhileAnAccessTokenLives(t *testing.T) {
	e := newLimitedEnv(t, 1, bounded, func(p *issuer.Policy) {
		p.Denylist = true
		p.RefreshTTL = familyLifetime
	})
	tr := e.login()
	e.clock.Advance(familyLifetime - 5*time.Minute)
	late := e.mustToken(e.refresh(tr.RefreshToken)) // its access token expires 10 minutes after the family
	e.clock.Advance(6 * time.Minute)
	e.collectNow()
	if h := e.iss.Holding(); h.Families != 1 {
		t.Fatalf("family forgotten while one of its access tokens lives: %+v", h)
	}
	e.revokeToken(late.RefreshToken)
	if rec := e.apiCall(late.AccessToken); rec.Code != http.StatusUnauthorized {
		t.Errorf("revoked login's access token: API status %d, want 401 (denylisted)", rec.Code)
	}
	e.clock.Advance(10 * time.Minute)
	e.collectNow()
	if h := e.iss.Holding(); h != (issuer.Holding{}) {
		t.Errorf("after the last access token's exp: %+v, want nothing on record", h)
	}
}

// TestRedeemedCodeStaysWithItsFamily: a code presented again must revoke
// the login it produced (RFC 6749 §4.1.2) for as long as the login
// matters, long after the code itself expired.
func TestRedeemedCodeStaysWithItsFamily(t *testing.T) {
	e := newLimitedEnv(t, 1, bounded, nil)
	verifier, challenge := e.pkcePair()
	code := e.authorize(authzQuery(challenge))
	e.mustToken(e.post(issuer.PathToken, codeForm(code, verifier)))
	e.clock.Advance(time.Hour)
	e.collectNow()
	mark := e.mark()
	expectError(t, e.post(issuer.PathToken, codeForm(code, verifier)), http.StatusBadRequest, issuer.ErrInvalidGrant)
	if kinds := e.kinds(mark); !hasKind(kinds, issuer.EventCodeReplayed) || !hasKind(kinds, issuer.EventFamilyRevoked) {
		t.Errorf("code replayed an hour later: events %v, want the replay noticed and the login revoked", kinds)
	}
}

// TestPendingCodesAndSessionsAreForgottenWhenTheyExpire: each password
// login leaves a code and, since the test's requests carry no cookie, a
// session of its own; each is forgotten once it has expired.
func TestPendingCodesAndSessionsAreForgottenWhenTheyExpire(t *testing.T) {
	e := newLimitedEnv(t, 1, bounded, nil)
	for range 3 {
		_, challenge := e.pkcePair()
		e.authorize(authzQuery(challenge))
	}
	if h := e.iss.Holding(); h.Codes != 3 || h.Sessions != 3 || h.Held != 6 {
		t.Fatalf("three pending codes and their sessions: %+v", h)
	}
	e.clock.Advance(time.Minute)
	e.collectNow()
	if h := e.iss.Holding(); h.Codes != 0 || h.Sessions != 3 || h.Held != 3 {
		t.Errorf("after the codes expired: %+v, want the sessions alone on record", h)
	}
	e.clock.Advance(issuer.DefaultPolicy().SessionIdle)
	e.collectNow()
	if h := e.iss.Holding(); h != (issuer.Holding{}) {
		t.Errorf("after the sessions' idle timeout: %+v, want nothing on record", h)
	}
}

func TestFamilylessAccessTokensAreForgottenAfterExp(t *testing.T) {
	e := newLimitedEnv(t, 1, bounded, func(p *issuer.Policy) {
		p.RefreshFormat = issuer.RefreshStateless
		p.Leeway = 30 * time.Second
	})
	tr := e.login()
	e.mustToken(e.refresh(tr.RefreshToken))
	if h := e.iss.Holding(); h.Access != 2 {
		t.Fatalf("stateless login and refresh: %+v, want two access tokens on record", h)
	}
	e.clock.Advance(15 * time.Minute) // exp, but not past the leeway
	e.collectNow()
	if h := e.iss.Holding(); h.Access != 2 {
		t.Errorf("at exp, inside the leeway: %+v, want both still on record", h)
	}
	e.clock.Advance(30 * time.Second)
	e.collectNow()
	if h := e.iss.Holding(); h.Access != 0 || h.Held != h.Sessions {
		t.Errorf("past exp and leeway: %+v, want nothing on record but the session", h)
	}
}

// TestDenylistCoversTheLeeway: the API accepts a token until exp plus the
// leeway, so the denylist must refuse it that long too, whether the token
// was denied before exp or inside the leeway.
func TestDenylistCoversTheLeeway(t *testing.T) {
	for _, revokeAfterExp := range []bool{false, true} {
		e := newLimitedEnv(t, 1, bounded, func(p *issuer.Policy) {
			p.Denylist = true
			p.Leeway = 30 * time.Second
		})
		tr := e.login()
		if !revokeAfterExp {
			e.revokeToken(tr.RefreshToken)
		}
		e.clock.Advance(15*time.Minute + 10*time.Second) // past exp, inside the leeway
		if revokeAfterExp {
			e.revokeToken(tr.RefreshToken)
		}
		e.collectNow()
		if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusUnauthorized {
			t.Errorf("revoked after exp: %v: API status %d inside the leeway, want 401", revokeAfterExp, rec.Code)
		}
		e.clock.Advance(20 * time.Second)
		e.collectNow()
		if h := e.iss.Holding(); h.Denylist != 0 {
			t.Errorf("revoked after exp: %v: %d denylist entries past exp and leeway, want 0", revokeAfterExp, h.Denylist)
		}
	}
}

// TestRecordLimitForgetsLeastRecentlyUsedLogins: past the limit, the login
// redeemed longest ago goes first; one in use stays.
func TestRecordLimitForgetsLeastRecentlyUsedLogins(t *testing.T) {
	limits := issuer.Limits{Records: issuer.MinRecords, PerLogin: issuer.MinRecords / 2}
	e := newLimitedEnv(t, 1, limits, nil)
	inUse := e.login()
	idle := e.login()
	var newest issuer.TokenResponse
	for i := range 40 {
		newest = e.login()
		if i%5 == 0 {
			inUse = e.mustToken(e.refresh(inUse.RefreshToken))
		}
		// A login adds four records after the limit was enforced.
		if h := e.iss.Holding(); h.Held > limits.Records+4 {
			t.Fatalf("login %d: %+v, want at most %d records", i, h, limits.Records+4)
		}
	}
	rec := e.refresh(idle.RefreshToken)
	expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidGrant)
	if d := description(t, rec); d != "unknown refresh token" {
		t.Errorf("idle login's refresh: %q, want it forgotten", d)
	}
	e.mustToken(e.refresh(inUse.RefreshToken))
	e.mustToken(e.refresh(newest.RefreshToken))
}

// TestOneLoginCannotFillTheIssuer: a login that reaches its share ends, so
// one client refreshing in a loop cannot push the others out.
func TestOneLoginCannotFillTheIssuer(t *testing.T) {
	e := newLimitedEnv(t, 1, issuer.Limits{Records: issuer.MinRecords, PerLogin: 10}, nil)
	other := e.login()
	tr := e.login() // family (with its code), refresh and access token: 3 records
	for range 3 {
		tr = e.mustToken(e.refresh(tr.RefreshToken)) // 2 more each: 9, and a fourth would make 11
	}
	mark := e.mark()
	rec := e.refresh(tr.RefreshToken)
	expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidGrant)
	if d := description(t, rec); !strings.Contains(d, "limit of 10 tokens") {
		t.Errorf("refresh of a full login: %q, want the limit named", d)
	}
	if kinds := e.kinds(mark); !hasKind(kinds, issuer.EventFamilyRevoked) {
		t.Errorf("events %v, want the full login revoked", kinds)
	}
	e.mustToken(e.refresh(other.RefreshToken))
}

// TestWithoutLimitsNothingIsForgotten: the tutorial's issuer keeps a dead
// login, so it can say why its tokens fail.
func TestWithoutLimitsNothingIsForgotten(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	e.clock.Advance(familyLifetime + day)
	e.collectNow()
	if h := e.iss.Holding(); h.Families != 1 || h.Refresh != 1 || h.Access != 1 || h.Codes != 1 {
		t.Errorf("a day after the family's end: %+v, want everything still on record", h)
	}
	rec := e.refresh(tr.RefreshToken)
	if d := description(t, rec); !strings.Contains(d, "login expired") {
		t.Errorf("refresh a day after the family's end: %q, want login expired", d)
	}
}

func TestLimitsAreValidated(t *testing.T) {
	for _, l := range []issuer.Limits{
		{Records: -1},
		{Records: issuer.MinRecords - 1},
		{Records: issuer.MinRecords, PerLogin: issuer.MinRecords + 1},
		{Records: issuer.MinRecords, PerLogin: 1},
		{PerLogin: 50},
	} {
		_, err := issuer.New(issuer.Config{URL: issuerURL, Now: (&fakeClock{t: t0}).Now, Rand: newSeededRand(1),
			Policy: issuer.DefaultPolicy(), Limits: l})
		if err == nil {
			t.Errorf("limits %+v accepted", l)
		}
	}
}

// TestBookkeepingSurvivesARandomWalk runs a seeded mix of logins, refreshes,
// replays, logouts, pending codes and jumps of the clock against small
// limits, checking after every step that the issuer's indexes agree with
// its tables and that it holds no more than its limit allows.
func TestBookkeepingSurvivesARandomWalk(t *testing.T) {
	limits := issuer.Limits{Records: issuer.MinRecords, PerLogin: 20}
	for _, walk := range []struct {
		name string
		edit func(*issuer.Policy)
		tick time.Duration // the clock jumps up to 255 ticks at a time
	}{
		// Logins outnumber the limit: the least recently used go.
		{"crowded", func(p *issuer.Policy) { p.Denylist, p.ReuseGrace = true, 10*time.Second }, time.Second},
		// Logins end within hours: collection keeps up.
		{"short logins", func(p *issuer.Policy) {
			p.Denylist, p.Leeway, p.FamilyLifetime = true, time.Minute, 3*time.Hour
		}, time.Minute},
		{"stateless", func(p *issuer.Policy) { p.RefreshFormat = issuer.RefreshStateless }, time.Minute},
	} {
		e := newLimitedEnv(t, 1, limits, walk.edit)
		rng := newSeededRand(7)
		var held []issuer.TokenResponse
		for step := range 2000 {
			var b [2]byte
			rng.Read(b[:])
			pick := func() issuer.TokenResponse { return held[int(b[1])%len(held)] }
			switch op := b[0] % 8; {
			case op < 2 || len(held) == 0:
				held = append(held, e.login())
			case op < 5:
				if tr, ok := tryToken(e.refresh(pick().RefreshToken)); ok && tr.RefreshToken != "" {
					held = append(held, tr)
				}
			case op == 5:
				tok := pick().RefreshToken
				if b[1]%2 == 0 {
					tok = pick().AccessToken
				}
				// Stateless refresh tokens cannot be revoked: a 400 is fine.
				if rec := e.post(issuer.PathRevoke, url.Values{"token": {tok}, "client_id": {issuer.PublicClientID}}); rec.Code >= 500 {
					t.Fatalf("%s, step %d: revoke: status %d", walk.name, step, rec.Code)
				}
			case op == 6:
				_, challenge := e.pkcePair()
				e.authorize(authzQuery(challenge))
			default:
				e.clock.Advance(time.Duration(b[1]) * walk.tick)
			}
			if len(held) > 50 {
				held = held[len(held)-50:]
			}
			if err := e.iss.CheckBookkeeping(); err != nil {
				t.Fatalf("%s, step %d: %v", walk.name, step, err)
			}
			// A request adds at most a login's records (and denylist
			// entries, which a small login has few of) after collecting.
			if h := e.iss.Holding(); h.Held > limits.Records+limits.PerLogin {
				t.Fatalf("%s, step %d: %+v, over the limit of %d", walk.name, step, h, limits.Records)
			}
		}
	}
}

// tryToken reads a token response, reporting whether the grant succeeded.
func tryToken(rec *httptest.ResponseRecorder) (issuer.TokenResponse, bool) {
	var tr issuer.TokenResponse
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &tr) != nil {
		return tr, false
	}
	return tr, true
}
