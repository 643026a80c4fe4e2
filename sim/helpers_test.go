package sim_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
)

func newWorld(t testing.TB, cfg sim.Config) *sim.World {
	t.Helper()
	w, err := sim.New(cfg)
	if err != nil {
		t.Fatalf("sim.New: %v", err)
	}
	return w
}

// apply performs script lines in order, failing the test on any error.
func apply(t testing.TB, w *sim.World, lines ...string) {
	t.Helper()
	for _, l := range lines {
		a, err := sim.ParseAction(l)
		if err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if err := w.Apply(a); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
	}
}

// last returns the events of the last action.
func last(w *sim.World) []sim.Event { return w.Log.Since(w.ActionStart()) }

// lastExchange is the last HTTP exchange of the last action.
func lastExchange(t testing.TB, w *sim.World) *sim.Exchange {
	t.Helper()
	ev := last(w)
	for i := len(ev) - 1; i >= 0; i-- {
		if ev[i].Exchange != nil {
			return ev[i].Exchange
		}
	}
	t.Fatalf("the last action made no exchange")
	return nil
}

func hasKind(events []sim.Event, k sim.Kind) bool {
	for _, e := range events {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// status applies line and returns the status of its last exchange.
func status(t testing.TB, w *sim.World, line string) int {
	t.Helper()
	apply(t, w, line)
	return lastExchange(t, w).Status
}

// transcript renders the whole log as `tokenflow run` prints it.
func transcript(t testing.TB, w *sim.World) string {
	t.Helper()
	var b bytes.Buffer
	var day time.Time
	if err := sim.WriteText(&b, w.Log.All(), &day); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
