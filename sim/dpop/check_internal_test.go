package dpop

import (
	"strconv"
	"testing"
	"time"
)

func TestRememberingIsBounded(t *testing.T) {
	c := NewChecker()
	c.limit = 3
	t0 := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	if !c.remember("first", t0) || c.remember("first", t0) {
		t.Fatal("a jti must be taken once and refused the second time")
	}
	for i := range 3 {
		c.remember("n"+strconv.Itoa(i), t0)
	}
	if len(c.seen) != 3 || c.order.Len() != 3 {
		t.Fatalf("%d remembered, %d in order; want the bound, 3", len(c.seen), c.order.Len())
	}
	if !c.remember("first", t0) {
		t.Error("past the bound the oldest jti is forgotten, so it is taken again")
	}
	if !c.remember("n1", t0.Add(3*Window)) || len(c.seen) != 1 {
		t.Errorf("after the window every jti is forgotten: %d left", len(c.seen))
	}
}
