package issuer_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

func TestGraceSiblingMintsANewTokenBesideTheChild(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) {
		p.ReuseGrace = 30 * time.Second
		p.GraceReturns = issuer.GraceSibling
	})
	parent := e.login().RefreshToken
	child := e.mustToken(e.refresh(parent)).RefreshToken
	mark := e.mark()
	sibling := e.mustToken(e.refresh(parent)).RefreshToken
	if sibling == child || sibling == parent {
		t.Fatalf("a sibling grace retry answered %q, want a new token", sibling)
	}
	if k := e.kinds(mark); !hasKind(k, issuer.EventGraceUsed) || !hasKind(k, issuer.EventTokenIssued) {
		t.Errorf("the retry emitted %v, want grace-used and token-issued", k)
	}
	for name, tok := range map[string]string{"child": child, "sibling": sibling} {
		if info, _ := e.iss.RefreshInfo(tok); info.State != issuer.StateActive {
			t.Errorf("the %s is %s, want valid", name, info.State)
		}
	}
	// Redeeming one sibling makes the parent a grandparent of the live
	// token: the window no longer covers it.
	e.mustToken(e.refresh(sibling))
	expectError(t, e.refresh(parent), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

func TestGraceCountBoundsRetriesInsideTheWindow(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) {
		p.ReuseGrace = time.Minute
		p.GraceCount = 2
	})
	parent := e.login().RefreshToken
	e.mustToken(e.refresh(parent))
	e.mustToken(e.refresh(parent))
	e.mustToken(e.refresh(parent))
	mark := e.mark()
	expectError(t, e.refresh(parent), http.StatusBadRequest, issuer.ErrInvalidGrant)
	if !hasKind(e.kinds(mark), issuer.EventReuseDetected) {
		t.Fatalf("a third retry emitted %v, want reuse-detected", e.kinds(mark))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if got := e.events[mark].Reason; got != issuer.ReasonGraceSpent {
		t.Errorf("reuse reason %q, want %q", got, issuer.ReasonGraceSpent)
	}
}

// TestReuseRevokesNoneKeepsRotatedTokensValid is Entra ID's behaviour:
// every refresh returns a new token, and the old ones keep working.
func TestReuseRevokesNoneKeepsRotatedTokensValid(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.ReuseRevokes = issuer.ReuseNone })
	stolen := e.login().RefreshToken
	next := e.mustToken(e.refresh(stolen)).RefreshToken
	if info, _ := e.iss.RefreshInfo(stolen); info.State != issuer.StateActive {
		t.Fatalf("a rotated-out token under reuse-revokes none is %s, want valid", info.State)
	}
	mark := e.mark()
	thief := e.mustToken(e.refresh(stolen))
	if k := e.kinds(mark); !hasKind(k, issuer.EventKeptValid) || hasKind(k, issuer.EventReuseDetected) || hasKind(k, issuer.EventFamilyRevoked) {
		t.Fatalf("redeeming the old token emitted %v, want kept-valid and nothing revoked", k)
	}
	if thief.RefreshToken == "" || thief.RefreshToken == next {
		t.Errorf("the old token's redemption answered %q, want a refresh token of its own", thief.RefreshToken)
	}
	e.mustToken(e.refresh(next)) // the victim carries on too
	var active struct {
		Active bool `json:"active"`
	}
	if err := json.Unmarshal(e.introspect(stolen).Body.Bytes(), &active); err != nil || !active.Active {
		t.Error("introspection calls the kept token inactive")
	}
	// It still expires on its own.
	e.clock.Advance(7 * 24 * time.Hour)
	expectError(t, e.refresh(stolen), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

// TestReuseRevokesClientTakesTheLoginsOfOneIssuerSession: Keycloak
// detaches the client session of the user's SSO session, which holds the
// logins of one browser; another device has a session of its own and
// keeps its login (review finding 3).
func TestReuseRevokesClientTakesTheLoginsOfOneIssuerSession(t *testing.T) {
	for _, tc := range []struct {
		scope      issuer.ReuseScope
		tabLives   bool
		phoneLives bool
	}{{issuer.ReuseFamily, true, true}, {issuer.ReuseClient, false, true}} {
		t.Run(string(tc.scope), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.ReuseRevokes = tc.scope })
			laptop := e.browser()
			tab1 := laptop.login(t, "n1").RefreshToken
			tab2 := laptop.login(t, "n2").RefreshToken // single sign-on: the same issuer session
			phone := e.browser().login(t, "n3").RefreshToken
			e.mustToken(e.refresh(tab1))
			mark := e.mark()
			rec := e.refresh(tab1)
			expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidGrant)
			for name, c := range map[string]struct {
				tok   string
				lives bool
			}{"the other tab's login": {tab2, tc.tabLives}, "the phone's login": {phone, tc.phoneLives}} {
				info, _ := e.iss.RefreshInfo(c.tok)
				if lives := info.State == issuer.StateActive; lives != c.lives {
					t.Errorf("reuse-revokes %s: %s is %s", tc.scope, name, info.State)
				}
			}
			revoked := 0
			for _, k := range e.kinds(mark) {
				if k == issuer.EventFamilyRevoked {
					revoked++
				}
			}
			if want := map[bool]int{true: 1, false: 2}[tc.tabLives]; revoked != want {
				t.Errorf("reuse-revokes %s: %d family-revoked events, want %d", tc.scope, revoked, want)
			}
			// The answer says what went (finding 17).
			wantDesc := map[issuer.ReuseScope]string{
				issuer.ReuseFamily: "every token of this login is revoked",
				issuer.ReuseClient: "every login of this user at this client in the same issuer session is revoked",
			}[tc.scope]
			if desc := errDescription(t, rec); !strings.HasSuffix(desc, wantDesc) {
				t.Errorf("reuse-revokes %s answered %q, want it to end %q", tc.scope, desc, wantDesc)
			}
		})
	}
}

func TestFreshRotatedExpiryStartsTheAbsoluteLifetimeAgain(t *testing.T) {
	for _, tc := range []struct {
		expiry issuer.RotatedExpiry
		lives  bool
	}{{issuer.ExpiryInherit, false}, {issuer.ExpiryFresh, true}} {
		t.Run(string(tc.expiry), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) {
				p.RefreshTTL = 0
				p.FamilyLifetime = 3*time.Hour + 30*time.Minute
				p.RotatedExpiry = tc.expiry
			})
			rt := e.login().RefreshToken
			for range 3 {
				e.clock.Advance(time.Hour)
				rt = e.mustToken(e.refresh(rt)).RefreshToken
			}
			e.clock.Advance(time.Hour) // +4h: past sign-in's absolute end, not the last rotation's
			rec := e.refresh(rt)
			if lives := rec.Code == http.StatusOK; lives != tc.lives {
				t.Errorf("rotated-expiry %s: a login kept in use answered %d at +4h", tc.expiry, rec.Code)
			}
		})
	}
}

func TestNoIdleLifetimeLeavesOnlyTheAbsoluteEnd(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) {
		p.RefreshTTL = 0
		p.FamilyLifetime = 24 * time.Hour
		p.Rotation = false
	})
	rt := e.login().RefreshToken
	info, _ := e.iss.RefreshInfo(rt)
	if want := t0.Add(24 * time.Hour); !info.Expires.Equal(want) {
		t.Fatalf("with no idle lifetime the token expires %v, want the login's end %v", info.Expires, want)
	}
	e.clock.Advance(24*time.Hour - time.Second)
	e.mustToken(e.refresh(rt))
	e.clock.Advance(time.Second)
	expectError(t, e.refresh(rt), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

func TestNewPolicyFieldsAreValidated(t *testing.T) {
	for i, edit := range []func(*issuer.Policy){
		func(p *issuer.Policy) { p.RotatedExpiry = "forever" },
		func(p *issuer.Policy) { p.ReuseRevokes = "user" },
		func(p *issuer.Policy) { p.GraceReturns = "parent" },
		func(p *issuer.Policy) { p.ExpiredReplay = "never" },
		func(p *issuer.Policy) { p.GraceCount = -1 },
		func(p *issuer.Policy) { p.GraceCount = issuer.MaxGraceCount + 1 },
	} {
		p := issuer.DefaultPolicy()
		edit(&p)
		if p.Validate() == nil {
			t.Errorf("case %d: %+v validated", i, p)
		}
	}
}

// TestRotationRevokesTheAccessTokensIssuedWithThePresentedToken: under
// RotationRevokesAccess (Ory Hydra), using a refresh token revokes the
// access token that came with it and no other: introspection says
// inactive at once, and the API, checking JWTs itself, refuses it only
// with the denylist.
func TestRotationRevokesTheAccessTokensIssuedWithThePresentedToken(t *testing.T) {
	for _, denylist := range []bool{true, false} {
		t.Run(map[bool]string{true: "denylist", false: "no denylist"}[denylist], func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) {
				p.RotationRevokesAccess, p.Denylist = true, denylist
				p.ReuseGrace, p.GraceReturns = 30*time.Second, issuer.GraceSibling
			})
			first := e.login()
			second := e.mustToken(e.refresh(first.RefreshToken))
			want := map[bool]int{true: http.StatusUnauthorized, false: http.StatusOK}[denylist]
			if rec := e.apiCall(first.AccessToken); rec.Code != want {
				t.Errorf("the access token issued with the rotated refresh token: API %d, want %d", rec.Code, want)
			}
			var active struct {
				Active bool `json:"active"`
			}
			if err := json.Unmarshal(e.introspect(first.AccessToken).Body.Bytes(), &active); err != nil || active.Active {
				t.Error("introspection calls the replaced access token active")
			}
			third := e.mustToken(e.refresh(second.RefreshToken))
			// A grace retry with the same parent mints a sibling; the
			// access token issued with the child is no business of it.
			e.mustToken(e.refresh(second.RefreshToken))
			if rec := e.apiCall(third.AccessToken); rec.Code != http.StatusOK {
				t.Errorf("the child's access token after a sibling retry: API %d, want 200", rec.Code)
			}
		})
	}
	e := newEnv(t, func(p *issuer.Policy) { p.Denylist = true })
	first := e.login()
	e.mustToken(e.refresh(first.RefreshToken))
	if rec := e.apiCall(first.AccessToken); rec.Code != http.StatusOK {
		t.Errorf("without rotation-revokes-access a rotation revoked the access token before it: API %d", rec.Code)
	}
}

// TestARefreshTokenRemembersFewAccessTokens: without rotation one refresh
// token is redeemed without end; what it remembers to revoke stays
// bounded, so a client refreshing in a loop cannot grow the issuer.
func TestARefreshTokenRemembersFewAccessTokens(t *testing.T) {
	for _, rotation := range []bool{false, true} {
		e := newEnv(t, func(p *issuer.Policy) {
			p.Rotation, p.RotationRevokesAccess = rotation, true
			p.ReuseGrace, p.GraceReturns = time.Hour, issuer.GraceSibling
		})
		first := e.login()
		for range 200 {
			// Without rotation the same token each time; with it, a
			// grace retry of the first token each time.
			e.mustToken(e.refresh(first.RefreshToken))
		}
		if got := e.iss.MostPaired(); got > 16 {
			t.Errorf("rotation %v: a refresh token remembers %d access tokens after 200 refreshes, want at most 16", rotation, got)
		}
	}
}
