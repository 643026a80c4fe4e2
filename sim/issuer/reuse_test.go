package issuer_test

import (
	"encoding/json"
	"net/http"
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

func TestReuseRevokesClientTakesEveryLoginOfTheUserAtTheClient(t *testing.T) {
	for _, tc := range []struct {
		scope      issuer.ReuseScope
		otherLives bool
	}{{issuer.ReuseFamily, true}, {issuer.ReuseClient, false}} {
		t.Run(string(tc.scope), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.ReuseRevokes = tc.scope })
			laptop := e.login().RefreshToken
			phone := e.login().RefreshToken
			e.mustToken(e.refresh(laptop))
			expectError(t, e.refresh(laptop), http.StatusBadRequest, issuer.ErrInvalidGrant)
			info, _ := e.iss.RefreshInfo(phone)
			if lives := info.State == issuer.StateActive; lives != tc.otherLives {
				t.Errorf("reuse-revokes %s: the other login is %s", tc.scope, info.State)
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
