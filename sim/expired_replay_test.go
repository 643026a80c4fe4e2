package sim_test

import (
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// TestAlicesOldTokenTripsReusePastItsExpiry holds lesson 7's "While alice
// is away" debrief to the simulator: the thief keeps the login alive for
// twelve days, and alice's app, back with the token the thief rotated out
// at sign-in (its own 7d long over), trips reuse detection, "because this
// issuer keeps used tokens for the whole login". Under expired-replay
// expired, as at Keycloak, the same token is merely expired and the thief
// carries on.
func TestAlicesOldTokenTripsReusePastItsExpiry(t *testing.T) {
	for _, tc := range []struct {
		name      string
		settings  []string
		cause     sim.Cause
		thiefLive int
	}{
		{"default", nil, sim.CauseReuseVictim, 400},
		{"expired-replay expired", []string{"set expired-replay expired"}, sim.CauseRefreshExpired, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, tc.settings...)
			apply(t, w, "login", "steal refresh", "attacker refresh",
				"advance 6d", "attacker refresh", "advance 6d", "attacker refresh")
			if s := w.TokenState(w.Client.RefreshToken); s != issuer.StateRotated {
				t.Fatalf("alice's token is %s at 12d, want rotated-out", s)
			}
			if got := status(t, w, "refresh"); got != 400 {
				t.Fatalf("alice's old token answered %d, want 400", got)
			}
			if ev, _ := sim.Explain(last(w)); ev.Cause != tc.cause {
				t.Errorf("the refusal is explained by %q, want %q:\n%s", ev.Cause, tc.cause, transcript(t, w))
			}
			reuse := tc.cause == sim.CauseReuseVictim
			if hasKind(last(w), sim.KindReuseDetected) != reuse || hasKind(last(w), sim.KindFamilyRevoked) != reuse {
				t.Errorf("reuse detected and the family revoked: want %v:\n%s", reuse, transcript(t, w))
			}
			if got := status(t, w, "attacker refresh"); got != tc.thiefLive {
				t.Errorf("the thief's refresh answered %d afterwards, want %d", got, tc.thiefLive)
			}
		})
	}
}
