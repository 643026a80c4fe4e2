package sim_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// TestLostResponseRecoversInsideTheGracePeriod is the grace contract: a
// client whose refresh response was lost retries with the parent inside
// the window and gets the child already issued, so its next refresh, long
// after the window, is an ordinary rotation.
func TestLostResponseRecoversInsideTheGracePeriod(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set grace 30s", "login")
	before := w.Client.RefreshToken
	apply(t, w, "refresh lost")
	if w.Client.RefreshToken != before {
		t.Fatal("refresh lost: the client took tokens from a response it never received")
	}
	if x := lastExchange(t, w); !x.Lost || x.Status != 200 {
		t.Fatalf("refresh lost recorded %d (lost %v), want a 200 that never arrived", x.Status, x.Lost)
	}
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseResponseLost {
		t.Errorf("refresh lost is explained by %q, want %q", ev.Cause, sim.CauseResponseLost)
	}
	apply(t, w, "advance 5s")
	if got := status(t, w, "refresh"); got != 200 {
		t.Fatalf("the retry inside the grace period answered %d, want 200", got)
	}
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseGraceRetry {
		t.Errorf("the retry is explained by %q, want %q", ev.Cause, sim.CauseGraceRetry)
	}
	if w.Client.RefreshToken == before {
		t.Fatal("the retry left the client with its used-up refresh token")
	}
	apply(t, w, "advance 15m")
	if got := status(t, w, "refresh"); got != 200 {
		t.Fatalf("the next refresh, after the window, answered %d, want 200", got)
	}
	if hasKind(w.Log.All(), sim.KindReuseDetected) {
		t.Error("a recovered client was taken for a reuser")
	}
}

// TestLostResponseWithoutGraceRevokesTheFamily: with no grace period the
// same retry is reuse, and the family dies.
func TestLostResponseWithoutGraceRevokesTheFamily(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set grace 0s", "login", "refresh lost", "advance 5s", "refresh")
	x := lastExchange(t, w)
	if x.Status != 400 || !strings.Contains(x.RespBody, `"error":"invalid_grant"`) {
		t.Fatalf("the retry answered %d %s, want 400 invalid_grant", x.Status, x.RespBody)
	}
	if w.TokenState(w.Client.RefreshToken) != issuer.StateRevoked {
		t.Errorf("the family is %s, want revoked", w.TokenState(w.Client.RefreshToken))
	}
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseReuseRetry {
		t.Errorf("the retry is explained by %q, want %q", ev.Cause, sim.CauseReuseRetry)
	}
}

// TestEachActionIsExplainedByItsOwnCause drives the world into every
// situation an explanation must tell apart and checks the cause Explain
// picks for the last action: the same status code, or the same event kind,
// must not get the same explanation when the reason differs.
func TestEachActionIsExplainedByItsOwnCause(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  sim.Cause
	}{
		{"login", []string{"login"}, sim.CauseLogin},
		{"wrong password", []string{"login alice queen"}, sim.CauseLoginFailed},
		{"the app's call", []string{"login", "call"}, sim.CauseAllowed},
		{"the thief's call", []string{"login", "steal access", "attacker call"}, sim.CauseAllowedThief},
		{"a revoked login's token still accepted", []string{"login", "steal access", "logout", "attacker call"}, sim.CauseAllowedRevoked},
		{"the app's token expired", []string{"login", "jump", "call"}, sim.CauseExpired},
		{"the thief's copy expired", []string{"login", "steal access", "jump", "attacker call"}, sim.CauseExpiredThief},
		{"alg none", []string{"forge none"}, sim.CauseAlgRefused},
		{"tampered claims", []string{"login", "forge tamper"}, sim.CauseBadSignature},
		{"the attacker's own key, the issuer's kid", []string{"login", "forge wrong-key"}, sim.CauseBadSignature},
		{"the attacker's own key, no kid", []string{"forge wrong-key"}, sim.CauseUnknownKey},
		{"another API's token", []string{"forge audience"}, sim.CauseWrongAudience},
		{"denylisted", []string{"set denylist on", "login", "steal access", "logout", "attacker call"}, sim.CauseDenylisted},
		{"rotation", []string{"login", "refresh"}, sim.CauseRotated},
		{"the thief rotates", []string{"login", "steal refresh", "attacker refresh"}, sim.CauseRotatedThief},
		{"rotation off", []string{"set rotation off", "login", "refresh"}, sim.CauseNotRotated},
		{"stateless refresh", []string{"set refresh-format stateless", "login", "refresh"}, sim.CauseStatelessRefresh},
		{"the thief replays", []string{"login", "steal refresh", "refresh", "attacker refresh"}, sim.CauseReuseThief},
		{"the thief went first", []string{"login", "steal refresh", "attacker refresh", "refresh"}, sim.CauseReuseVictim},
		{"two tabs, no grace", []string{"login", "race"}, sim.CauseReuseRace},
		{"two tabs, grace", []string{"set grace 30s", "login", "race"}, sim.CauseGraceRace},
		{"the thief inside the grace", []string{"set grace 30s", "login", "steal refresh", "refresh", "attacker refresh"}, sim.CauseGraceThief},
		{"lost response", []string{"login", "refresh lost"}, sim.CauseResponseLost},
		{"retry without grace", []string{"login", "refresh lost", "refresh"}, sim.CauseReuseRetry},
		{"retry with grace", []string{"set grace 30s", "login", "refresh lost", "refresh"}, sim.CauseGraceRetry},
		{"the app after the thief, inside the grace", []string{"set grace 30s", "login", "steal refresh", "attacker refresh", "refresh"}, sim.CauseGraceVictim},
		// grace-returns sibling: a new token beside the child, so the Why
		// must not say "the same child" (review finding 6).
		{"retry with grace, sibling", []string{"set preset auth0", "set grace 30s", "login", "refresh lost", "refresh"}, sim.CauseGraceRetrySibling},
		{"two tabs, grace, sibling", []string{"set grace 30s", "set grace-returns sibling", "login", "race"}, sim.CauseGraceRaceSibling},
		{"the thief inside the grace, sibling", []string{"set grace 30s", "set grace-returns sibling", "login", "steal refresh", "refresh", "attacker refresh"}, sim.CauseGraceThiefSibling},
		{"the app after the thief, inside the grace, sibling", []string{"set preset hydra", "set grace 1m", "login", "steal refresh", "attacker refresh", "refresh"}, sim.CauseGraceVictimSibling},
		{"the parent after the window", []string{"set grace 30s", "login", "steal refresh", "refresh", "advance 1m", "attacker refresh"}, sim.CauseReuseLate},
		{"an older generation inside the window", []string{"set grace 30s", "login", "steal refresh", "refresh", "refresh", "attacker refresh"}, sim.CauseReuseThief},
		{"idle refresh token", []string{"login", "advance 7d", "refresh"}, sim.CauseRefreshExpired},
		{"login past its lifetime", []string{"set family-lifetime 1d", "login", "advance 1d", "refresh"}, sim.CauseLoginEnded},
		{"revoked family", []string{"login", "steal refresh", "logout", "attacker refresh"}, sim.CauseRefreshRevoked},
		{"used, detection off", []string{"set reuse-detection off", "login", "steal refresh", "refresh", "attacker refresh"}, sim.CauseRefreshUsed},
		{"logout", []string{"login", "logout"}, sim.CauseLogoutFamily},
		{"logout with denylist", []string{"set denylist on", "login", "logout"}, sim.CauseLogoutDenylist},
		{"stateless logout", []string{"set refresh-format stateless", "login", "logout"}, sim.CauseLogoutStateless},
		{"revoke refresh", []string{"login", "revoke refresh"}, sim.CauseRevokedFamily},
		{"revoke access, no denylist", []string{"login", "revoke access"}, sim.CauseRevokeAccessLocal},
		{"revoke access, denylist", []string{"set denylist on", "login", "revoke access"}, sim.CauseAccessDenylisted},
		{"access token expires", []string{"login", "jump"}, sim.CauseAccessTokenExpired},
		{"refresh token expires", []string{"set access-ttl 30d", "login", "jump"}, sim.CauseRefreshTokenExpired},
		{"stolen copy", []string{"login", "steal refresh"}, sim.CauseStolenCopy},
		{"xss, localStorage", []string{"set storage local-storage", "login", "attacker xss"}, sim.CauseStolenXSS},
		{"xss, empty localStorage", []string{"set storage local-storage", "attacker xss"}, sim.CauseXSSEmpty},
		{"xss, memory", []string{"login", "attacker xss"}, sim.CauseXSSMemory},
		{"xss, cookie", []string{"set storage cookie", "login", "attacker xss"}, sim.CauseXSSCookie},
		{"sniff, nothing sent", []string{"attacker sniff"}, sim.CauseSniffNothing},
		{"sniff, TLS", []string{"login", "attacker sniff"}, sim.CauseSniffTLS},
		{"sniff, plain HTTP", []string{"login", "set transport http", "call", "attacker sniff"}, sim.CauseStolenSniff},
		{"introspect active", []string{"login", "introspect access"}, sim.CauseIntrospectActive},
		{"introspect inactive", []string{"login", "steal access", "logout", "introspect stolen"}, sim.CauseIntrospectInactive},
		{"inspect", []string{"login", "inspect access"}, sim.CauseInspected},
		{"inspect an opaque token", []string{"login", "inspect refresh"}, sim.CauseInspectedOpaque},
		{"policy", []string{"set access-ttl 5m"}, sim.CausePolicy},
		{"login through the issuer's session", []string{"login", "logout", "login"}, sim.CauseLoginSSO},
		{"the ID token sent to the API", []string{"login", "call id-token"}, sim.CauseIDTokenAsAccess},
		{"the session idles out", []string{"login", "logout", "advance 31m"}, sim.CauseSessionIdle},
		{"the session reaches its max", []string{"set issuer-session-idle 1d", "set issuer-session-max 1h", "login", "logout", "advance 1h"}, sim.CauseSessionMax},
		{"logout everywhere", []string{"login", "logout everywhere"}, sim.CauseSessionLogout},
		{"silent login", []string{"login", "attacker silent"}, sim.CauseSilentStolen},
		{"silent login, DPoP", []string{"set dpop on", "login", "attacker silent"}, sim.CauseSilentBound},
		{"silent login, no session", []string{"attacker silent"}, sim.CauseSilentNone},
		{"userinfo", []string{"login", "call userinfo"}, sim.CauseUserinfo},
		{"userinfo, revoked", []string{"login", "revoke refresh", "call userinfo"}, sim.CauseUserinfoRevoked},
		{"userinfo, expired", []string{"login", "advance 15m", "call userinfo"}, sim.CauseUserinfoRefused},
		{"userinfo, no openid", []string{"set openid off", "login", "call userinfo"}, sim.CauseUserinfoScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, tt.lines...)
			ev, ok := sim.Explain(last(w))
			if !ok || ev.Cause != tt.want {
				t.Errorf("%v: explained by %q (%s), want %q", tt.lines, ev.Cause, ev.Kind, tt.want)
			}
			if !slices.Contains(sim.Causes, ev.Cause) {
				t.Errorf("cause %q is missing from sim.Causes", ev.Cause)
			}
		})
	}
}

// TestCausesAreListedOnce keeps the Causes list, which the goal language
// validates against, free of duplicates: two constants with one value
// would make two explanations indistinguishable.
func TestCausesAreListedOnce(t *testing.T) {
	seen := map[sim.Cause]bool{}
	for _, c := range sim.Causes {
		if c == "" || seen[c] {
			t.Errorf("cause %q is empty or listed twice", c)
		}
		seen[c] = true
	}
}

// TestReuseRevokesTheFamilyForItsOwnCause: a family revoked by reuse
// detection is told apart from one a logout revoked, where an inspector
// opens the revocation itself.
func TestReuseRevokesTheFamilyForItsOwnCause(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  sim.Cause
	}{
		{[]string{"login", "race"}, sim.CauseReuseRevoked},
		// The second login of the same browser, revoked with the first
		// under reuse-revokes client (review finding 3).
		{[]string{"set reuse-revokes client", "login", "steal refresh", "refresh", "login", "attacker refresh"}, sim.CauseReuseRevokedSession},
		{[]string{"login", "logout"}, sim.CauseRevokedFamily},
	} {
		w := newWorld(t, sim.Config{Seed: 1})
		apply(t, w, tt.lines...)
		var got sim.Cause
		for _, e := range last(w) {
			if e.Kind == sim.KindFamilyRevoked {
				got = e.Cause
			}
		}
		if got != tt.want {
			t.Errorf("%v: the family-revoked event's cause is %q, want %q", tt.lines, got, tt.want)
		}
	}
}
