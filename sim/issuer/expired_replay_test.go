package issuer_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// expiredCopy logs in under a 30-minute idle lifetime, keeps the login
// alive with three refreshes 4m, 24m and 44m in, and returns the first
// refresh token (rotated out, expired at +30m) and the newest.
func expiredCopy(e *env) (stolen, live string) {
	stolen = e.login().RefreshToken
	e.clock.Advance(4 * time.Minute)
	live = e.mustToken(e.refresh(stolen)).RefreshToken
	for range 2 {
		e.clock.Advance(20 * time.Minute)
		live = e.mustToken(e.refresh(live)).RefreshToken
	}
	return stolen, live
}

// TestExpiredReplayCountsAsTheSettingSays: a rotated-out refresh token
// presented after its own exp is reuse under expired-replay reuse, the
// default (the course's DESIGN.md, Ory fosite), so the family dies; under
// expired (Keycloak) it is refused as expired and the login lives on
// (review finding 9).
func TestExpiredReplayCountsAsTheSettingSays(t *testing.T) {
	for _, tc := range []struct {
		replay  issuer.ExpiredReplay
		reuse   bool
		desc    string
		liveEnd issuer.TokenState
	}{
		{"", true, "refresh token reuse detected; every token of this login is revoked", issuer.StateRevoked},
		{issuer.ReplayReuse, true, "refresh token reuse detected; every token of this login is revoked", issuer.StateRevoked},
		{issuer.ReplayExpired, false, "refresh token expired", issuer.StateActive},
	} {
		t.Run("expired-replay "+string(tc.replay), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) {
				p.RefreshTTL = 30 * time.Minute
				p.ExpiredReplay = tc.replay
			})
			stolen, live := expiredCopy(e)
			mark := e.mark()
			rec := e.refresh(stolen)
			expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidGrant)
			if desc := errDescription(t, rec); desc != tc.desc {
				t.Errorf("the expired copy was refused with %q, want %q", desc, tc.desc)
			}
			k := e.kinds(mark)
			if hasKind(k, issuer.EventReuseDetected) != tc.reuse || hasKind(k, issuer.EventFamilyRevoked) != tc.reuse {
				t.Errorf("the expired copy emitted %v, want reuse detected and the family revoked: %v", k, tc.reuse)
			}
			if info, _ := e.iss.RefreshInfo(live); info.State != tc.liveEnd {
				t.Errorf("the newest token is %s after the replay, want %s", info.State, tc.liveEnd)
			}
		})
	}
}

// TestAnExpiredTokenIsNeverRedeemed: expired-replay reuse sends an
// expired rotated-out token to reuse detection only; whatever else would
// have redeemed it, or refused it without revoking, refuses it as expired.
func TestAnExpiredTokenIsNeverRedeemed(t *testing.T) {
	for name, edit := range map[string]func(*issuer.Policy){
		"reuse-revokes none keeps rotated-out tokens valid": func(p *issuer.Policy) { p.ReuseRevokes = issuer.ReuseNone },
		"reuse-detection off":                               func(p *issuer.Policy) { p.ReuseDetection = false },
		// The window outlasts the token: the parent's retry comes after
		// its exp, while the grace period would still forgive it.
		"a retry inside the grace period": func(p *issuer.Policy) { p.ReuseGrace = 5 * time.Minute },
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) {
				p.RefreshTTL = 30 * time.Minute
				p.ExpiredReplay = issuer.ReplayReuse
				edit(p)
			})
			parent := e.login().RefreshToken
			e.clock.Advance(28 * time.Minute)
			child := e.mustToken(e.refresh(parent)).RefreshToken
			e.clock.Advance(3 * time.Minute) // +31m: the parent expired at +30m
			mark := e.mark()
			rec := e.refresh(parent)
			expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidGrant)
			if desc := errDescription(t, rec); desc != "refresh token expired" {
				t.Errorf("the expired parent was refused with %q, want \"refresh token expired\"", desc)
			}
			if k := e.kinds(mark); hasKind(k, issuer.EventReuseDetected) || hasKind(k, issuer.EventFamilyRevoked) ||
				hasKind(k, issuer.EventKeptValid) || hasKind(k, issuer.EventGraceUsed) {
				t.Errorf("the expired parent emitted %v, want a refusal and nothing else", k)
			}
			e.mustToken(e.refresh(child))
		})
	}
}

// TestAReplayBeforeExpiryIsReuseWhateverTheOrder: the setting is about
// expired tokens only; a rotated-out token inside its lifetime is reuse
// under either value.
func TestAReplayBeforeExpiryIsReuseWhateverTheOrder(t *testing.T) {
	for _, replay := range []issuer.ExpiredReplay{issuer.ReplayReuse, issuer.ReplayExpired} {
		t.Run(string(replay), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) {
				p.RefreshTTL = 30 * time.Minute
				p.ExpiredReplay = replay
			})
			copied := e.login().RefreshToken
			e.mustToken(e.refresh(copied))
			e.clock.Advance(29 * time.Minute)
			mark := e.mark()
			expectError(t, e.refresh(copied), http.StatusBadRequest, issuer.ErrInvalidGrant)
			if !hasKind(e.kinds(mark), issuer.EventFamilyRevoked) {
				t.Errorf("a rotated-out token inside its lifetime emitted %v, want the family revoked", e.kinds(mark))
			}
		})
	}
}
