package sim_test

import (
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// explained is the cause that explains the last action.
func explained(w *sim.World) sim.Cause {
	e, _ := sim.Explain(last(w))
	return e.Cause
}

// callIs calls the API and checks the answer and the cause behind it.
func callIs(t *testing.T, w *sim.World, status int, cause sim.Cause) {
	t.Helper()
	if got := statusOf(t, w, "call"); got != status {
		t.Errorf("call answered %d, want %d", got, status)
	}
	if got := explained(w); got != cause {
		t.Errorf("call is explained by %s, want %s", got, cause)
	}
}

func statusOf(t *testing.T, w *sim.World, line string) int {
	t.Helper()
	return status(t, w, line)
}

// TestAFreshTokenLiesInTheFutureOfAClockBehindTheIssuers pins the first
// effect of skew: an API whose clock is behind the issuer's (or an issuer
// ahead of the API) refuses a token it has just seen issued, as not yet
// valid, until leeway covers the gap (RFC 7519 §4.1.4) or its clock
// catches up.
func TestAFreshTokenLiesInTheFutureOfAClockBehindTheIssuers(t *testing.T) {
	for _, skew := range []string{"set skew api -2m", "set skew issuer 2m"} {
		t.Run(skew, func(t *testing.T) {
			// Without openid, or the app's own check of the ID token
			// would stop the login first (see the test below).
			w := newWorld(t, sim.Config{OpenID: sim.OpenIDOff})
			apply(t, w, skew, "login")
			callIs(t, w, 401, sim.CauseSkewNotYetValid)
			apply(t, w, "set leeway 1m")
			callIs(t, w, 401, sim.CauseSkewNotYetValid) // a minute does not cover two
			apply(t, w, "set leeway 5m")
			callIs(t, w, 200, sim.CauseAllowed)
			apply(t, w, "set leeway 0s", "advance 2m")
			callIs(t, w, 200, sim.CauseAllowed) // the API's clock caught up with iat
		})
	}
}

// TestAnAPIAheadRefusesATokenEarly: exp passes sooner on a fast clock.
func TestAnAPIAheadRefusesATokenEarly(t *testing.T) {
	w := newWorld(t, sim.Config{})
	apply(t, w, "login", "advance 10m")
	callIs(t, w, 200, sim.CauseAllowed)
	apply(t, w, "set skew api 5m")
	callIs(t, w, 401, sim.CauseSkewExpired) // 10m into a 15m token, 15m by the API's clock
	apply(t, w, "set leeway 5m")
	callIs(t, w, 200, sim.CauseAllowed)
}

// TestAutoRefreshFollowsExpiresInNotTheAPIsClock: the app schedules its
// refresh a minute before the end expires_in announced; an issuer whose
// clock is two minutes behind stamps an exp that a true clock reaches
// two minutes early, so for a minute the app's token is refused before
// it thinks to refresh. The app's own skew moves nothing: expires_in is
// a duration (RFC 6749 §5.1).
func TestAutoRefreshFollowsExpiresInNotTheAPIsClock(t *testing.T) {
	w := newWorld(t, sim.Config{})
	apply(t, w, "set skew issuer -2m", "set skew client 5m", "set auto-refresh on", "login", "advance 13m30s")
	callIs(t, w, 401, sim.CauseSkewExpired)
	apply(t, w, "advance 1m") // 14m30s: the auto-refresh ran at 14m
	callIs(t, w, 200, sim.CauseAllowed)

	calm := newWorld(t, sim.Config{})
	apply(t, calm, "set skew client 5m", "set auto-refresh on", "login", "advance 13m30s")
	callIs(t, calm, 200, sim.CauseAllowed)
}

// TestAProofStampedByAClockFarOffIsRefused: a DPoP proof's iat must lie
// within the verifier's window (RFC 9449 §4.3), so an app whose clock is
// further off than that cannot use DPoP at all.
func TestAProofStampedByAClockFarOffIsRefused(t *testing.T) {
	w := newWorld(t, sim.Config{})
	apply(t, w, "set dpop on", "set skew client -2m", "login")
	if w.Client.AccessToken != "" {
		t.Fatal("a login with proofs two minutes old got tokens")
	}
	if got := explained(w); got != sim.CauseSkewProof {
		t.Errorf("the login is explained by %s, want %s", got, sim.CauseSkewProof)
	}
	ok := newWorld(t, sim.Config{})
	apply(t, ok, "set dpop on", "set skew client -30s", "login")
	if ok.Client.AccessToken == "" {
		t.Fatal("half a minute of skew broke the login")
	}
	callIs(t, ok, 200, sim.CauseAllowed)
	apply(t, ok, "set skew api 2m") // now the API, not the issuer, is far from the app
	callIs(t, ok, 401, sim.CauseSkewProof)
}

// TestSkewNeverReordersTheLog: events are logged by the world's clock,
// whatever the issuer's or the API's says.
func TestSkewNeverReordersTheLog(t *testing.T) {
	w := newWorld(t, sim.Config{OpenID: sim.OpenIDOff})
	apply(t, w, "set skew issuer -1h", "set skew api 1h", "login", "call")
	events := w.Log.All()
	for i := 1; i < len(events); i++ {
		if events[i].At.Before(events[i-1].At) {
			t.Fatalf("event %d (%s) at %v comes before event %d at %v", i, events[i].Kind, events[i].At, i-1, events[i-1].At)
		}
	}
}

// TestAnIssuerAheadOfTheAppFailsItsIDTokenCheck: the app checks the ID
// token's iat by its clock with no leeway (OIDC Core §3.1.3.7 leaves the
// tolerance to the client), so an issuer two minutes ahead issues ID
// tokens from the app's future, and the login stops.
func TestAnIssuerAheadOfTheAppFailsItsIDTokenCheck(t *testing.T) {
	w := newWorld(t, sim.Config{})
	apply(t, w, "set skew issuer 2m", "login")
	if w.Client.AccessToken != "" || explained(w) != sim.CauseIDTokenInvalid {
		t.Errorf("login with an issuer 2m ahead: holds a token %v, explained by %s", w.Client.AccessToken != "", explained(w))
	}
}
