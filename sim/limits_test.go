package sim_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// hostile is the world a learner can drive for hours: 30-second tokens
// refreshed automatically, and logins that never end.
func hostile(t *testing.T, lim sim.Limits) *sim.World {
	w := newWorld(t, sim.Config{Seed: 1, Limits: lim})
	apply(t, w, "set access-ttl 30s", "set auto-refresh on", "set family-lifetime 3650d", "set refresh-ttl 3650d")
	return w
}

// TestTimersAreForHeldTokensOnly: thousands of refreshes leave a handful
// of timers, not one per token issued, each waiting ten years.
func TestTimersAreForHeldTokensOnly(t *testing.T) {
	w := hostile(t, sim.Limits{})
	apply(t, w, "login", "advance 1d")
	if n := w.Clock.Pending(); n > 10 {
		t.Errorf("%d timers pending after a day of 30-second auto-refreshes, want a handful", n)
	}
	// A token nobody held lost its timer; read off the wire later, it is
	// watched again.
	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set transport http", "login", "advance 5m", "refresh lost", "attacker sniff")
	if w.Attacker.AccessToken == w.Client.AccessToken {
		t.Fatal("the sniffer read the app's own token, not the one whose answer was lost")
	}
	apply(t, w, "advance 16m")
	var told bool
	for _, e := range last(w) {
		told = told || e.Kind == sim.KindTokenExpired && strings.Contains(e.Text, "the attacker's")
	}
	if !told {
		t.Errorf("the expiry of the attacker's sniffed token went untold: %v", last(w))
	}
}

func TestAutoRefreshStopsAtTheWorldsBudget(t *testing.T) {
	w := hostile(t, sim.Limits{AutoRefreshes: 100, AutoRefreshTotal: 250})
	apply(t, w, "login", "advance 1d")
	if got := sim.CountEvents(w.Log.All(), sim.KindRotated, ""); got != 100 {
		t.Errorf("%d refreshes in one action, want the per-action bound of 100", got)
	}
	apply(t, w, "refresh", "advance 1d", "refresh", "advance 1d")
	if got := sim.CountEvents(w.Log.All(), sim.KindRotated, ""); got != 252 {
		t.Errorf("%d refreshes in all (two by hand), want 250 automatic ones at most", got)
	}
}

func TestAWorldTakesAtMostItsActions(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1, Limits: sim.Limits{Actions: 3}})
	apply(t, w, "login", "call", "refresh")
	a, _ := sim.ParseAction("call")
	var nn *sim.NotNowError
	if err := w.Apply(a); !errors.As(err, &nn) {
		t.Errorf("a fourth action: %v, want a NotNowError", err)
	}
	if fresh, err := w.Reset(); err != nil || fresh.Apply(a) == nil {
		t.Errorf("a reset world refuses nothing it can do: %v", err)
	}
}
