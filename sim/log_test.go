package sim_test

import (
	"slices"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// session is a stretch of ordinary use: enough events to trim a small
// window several times over.
var session = []string{
	"login", "call", "advance 16m", "call", "refresh", "call", "steal refresh",
	"attacker refresh", "refresh", "advance 1h", "login", "call", "logout",
}

// TestLogWindowKeepsRecentEventsAtAbsolutePositions: a world with an event
// window appends exactly what an unbounded one does; it holds only the
// tail, and every position (Seq, Len, Since, ActionStart) stays absolute.
func TestLogWindowKeepsRecentEventsAtAbsolutePositions(t *testing.T) {
	const window = 16 // more than the longest action here, a login, makes
	full := newWorld(t, sim.Config{Seed: 1})
	kept := newWorld(t, sim.Config{Seed: 1, Limits: sim.Limits{Events: window}})
	var heard []sim.Event
	kept.Log.Listen(func(e sim.Event) { heard = append(heard, e) })
	for _, line := range session {
		apply(t, full, line)
		apply(t, kept, line)
		if kept.Log.Len() != full.Log.Len() || kept.ActionStart() != full.ActionStart() {
			t.Fatalf("after %q: Len %d, ActionStart %d; unbounded world: %d, %d",
				line, kept.Log.Len(), kept.ActionStart(), full.Log.Len(), full.ActionStart())
		}
		if got, want := texts(last(kept)), texts(last(full)); !slices.Equal(got, want) {
			t.Errorf("after %q: last action's events %q, want %q", line, got, want)
		}
	}
	if kept.Log.Len() < 3*window {
		t.Fatalf("the session made only %d events: too few to trim a window of %d", kept.Log.Len(), window)
	}
	all, tail := kept.Log.All(), full.Log.All()
	if len(all) < window || len(all) > window+window/4 {
		t.Errorf("window of %d holds %d events", window, len(all))
	}
	if got, want := texts(all), texts(tail[len(tail)-len(all):]); !slices.Equal(got, want) {
		t.Errorf("kept events %q, want the unbounded log's tail %q", got, want)
	}
	for i, e := range all {
		if want := kept.Log.Len() - len(all) + i + 1; e.Seq != want {
			t.Fatalf("kept event %d has Seq %d, want %d", i, e.Seq, want)
		}
	}
	if n := kept.Log.Len() - 3; !slices.Equal(seqs(kept.Log.Since(n)), []int{n + 1, n + 2, n + 3}) {
		t.Errorf("Since(Len-3) = %v", seqs(kept.Log.Since(n)))
	}
	if got := kept.Log.Since(0); len(got) != len(all) {
		t.Errorf("Since(0) from before the window: %d events, want the %d kept", len(got), len(all))
	}
	if len(heard) != full.Log.Len() {
		t.Errorf("a listener heard %d events, want all %d", len(heard), full.Log.Len())
	}
}

// TestSliceFromSinceSurvivesTrimming: a reader may hold a slice from Since
// while the log trims; what it holds does not change under it.
func TestSliceFromSinceSurvivesTrimming(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1, Limits: sim.Limits{Events: 4}})
	apply(t, w, "login")
	held := w.Log.All()
	before := texts(held)
	for _, line := range session[1:] {
		apply(t, w, line)
	}
	if after := texts(held); !slices.Equal(before, after) {
		t.Errorf("held events changed from %q to %q", before, after)
	}
}

func TestUnboundedLogKeepsEverything(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	for _, line := range session {
		apply(t, w, line)
	}
	if all := w.Log.All(); len(all) != w.Log.Len() || all[0].Seq != 1 {
		t.Errorf("unbounded log holds %d of %d events, first Seq %d", len(all), w.Log.Len(), all[0].Seq)
	}
}

func TestNegativeEventWindowIsRefused(t *testing.T) {
	if _, err := sim.New(sim.Config{Limits: sim.Limits{Events: -1}}); err == nil {
		t.Error("a negative event window was accepted")
	}
}

func texts(events []sim.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e.Kind) + ": " + e.Text
	}
	return out
}

func seqs(events []sim.Event) []int {
	out := make([]int, len(events))
	for i, e := range events {
		out[i] = e.Seq
	}
	return out
}
