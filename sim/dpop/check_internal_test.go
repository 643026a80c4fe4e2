package dpop

import (
	"strconv"
	"testing"
	"time"
)

// TestAFullCheckerFailsClosed: a flood fills the memory, but no fresh jti
// is forgotten early, so a captured proof cannot be replayed after it;
// new proofs wait until the flood ages out.
func TestAFullCheckerFailsClosed(t *testing.T) {
	c := NewChecker()
	c.limit = 3
	t0 := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	if c.remember("captured", t0) != nil || FaultOf(c.remember("captured", t0)) != FaultReplay {
		t.Fatal("a jti must be taken once and refused the second time")
	}
	for i := range 2 {
		if err := c.remember("flood"+strconv.Itoa(i), t0); err != nil {
			t.Fatal(err)
		}
	}
	if got := FaultOf(c.remember("flood-more", t0)); got != FaultBusy {
		t.Errorf("a full checker took a new jti (fault %q), want busy", got)
	}
	if got := FaultOf(c.remember("captured", t0.Add(Window))); got != FaultReplay {
		t.Errorf("after the flood the captured proof's jti: fault %q, want replay", got)
	}
	if c.remember("later", t0.Add(3*Window)) != nil || len(c.seen) != 1 {
		t.Errorf("after two windows every jti is forgotten: %d left", len(c.seen))
	}
}
