// Package clock is the simulated clock every part of the tokenflow world reads.
//
// Nothing in the simulation calls time.Now: timestamps, token lifetimes and
// expiry checks all come from a Clock, so a learner can stand time still or
// jump seven days in one keypress. Timers scheduled on the clock fire in time
// order during a jump, each one seeing its own instant.
package clock

import (
	"sync"
	"time"
)

// Start is the instant a simulated world begins at in the TUI and in
// scripts: a fixed Monday morning, so transcripts are reproducible.
var Start = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// Clock is a simulated clock. Reading it and scheduling or stopping timers
// are safe from any goroutine. Moves (Advance, AdvanceTo) must come from
// one goroutine at a time — the world's owner serialises them — because a
// move requested while another is firing timers is ignored: that is what
// stops a timer callback from moving time under the move that runs it.
// Callbacks run on the moving goroutine with no lock held, so they may
// schedule further timers or read the clock.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers timerHeap
	seq    uint64 // ties between timers at one instant fire in scheduling order
	moving bool   // guards against a timer callback moving the clock itself
}

// New returns a clock reading start.
func New(start time.Time) *Clock {
	return &Clock{now: start}
}

// Now returns the simulated time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Timer is a callback scheduled at an instant. Stop cancels it.
type Timer struct {
	at      time.Time
	key     int64 // at as Unix nanoseconds: the heap compares integers, not time.Time
	seq     uint64
	fn      func(time.Time)
	index   int
	stopped bool
}

// At reports the instant the timer fires at.
func (t *Timer) At() time.Time { return t.at }

// Schedule arranges for fn to run when the clock reaches at. A timer at or
// before the current instant fires on the next move of the clock, even a move
// by zero.
func (c *Clock) Schedule(at time.Time, fn func(now time.Time)) *Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &Timer{at: at, key: at.UnixNano(), seq: c.seq, fn: fn}
	c.timers.push(t)
	return t
}

// Stop cancels the timer. It reports whether the timer was still pending.
func (c *Clock) Stop(t *Timer) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.stopped || t.index < 0 {
		return false
	}
	c.timers.remove(t.index)
	t.stopped = true
	return true
}

// Pending reports how many timers are scheduled.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Next reports the instant of the earliest pending timer.
func (c *Clock) Next() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.timers) == 0 {
		return time.Time{}, false
	}
	return c.timers[0].at, true
}

// Advance moves the clock forward by d, firing due timers in order. A
// negative d is treated as zero: simulated time never runs backwards.
func (c *Clock) Advance(d time.Duration) time.Time {
	if d < 0 {
		d = 0
	}
	return c.AdvanceTo(c.Now().Add(d))
}

// AdvanceTo moves the clock to t, firing every timer due at or before t in
// time order; while a timer runs, Now reads that timer's instant. A t in the
// past leaves the clock where it is (timers due now still fire).
func (c *Clock) AdvanceTo(t time.Time) time.Time {
	c.mu.Lock()
	if c.moving {
		// A callback asked to move time: firing its timers here would run
		// them out of order, so the outer move picks them up instead.
		defer c.mu.Unlock()
		return c.now
	}
	c.moving = true
	if t.Before(c.now) {
		t = c.now
	}
	limit := t.UnixNano()
	for len(c.timers) > 0 && c.timers[0].key <= limit {
		next := c.timers.remove(0)
		next.stopped = true
		if next.at.After(c.now) {
			c.now = next.at
		}
		at := c.now
		c.mu.Unlock()
		next.fn(at)
		c.mu.Lock()
	}
	c.now = t
	c.moving = false
	now := c.now
	c.mu.Unlock()
	return now
}

// timerHeap is a binary min-heap ordered by (key, seq). It is written out
// rather than built on container/heap: a 30-day jump pops thousands of
// timers, and the interface calls there cost more than the clock's budget.
type timerHeap []*Timer

func (h timerHeap) less(i, j int) bool {
	if h[i].key == h[j].key {
		return h[i].seq < h[j].seq
	}
	return h[i].key < h[j].key
}

func (h timerHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}

func (h *timerHeap) push(t *Timer) {
	t.index = len(*h)
	*h = append(*h, t)
	h.up(t.index)
}

// remove takes out the timer at index i and returns it.
func (h *timerHeap) remove(i int) *Timer {
	old := *h
	n := len(old) - 1
	t := old[i]
	if i != n {
		old.swap(i, n)
	}
	old[n] = nil
	*h = old[:n]
	if i != n {
		if !h.down(i) {
			h.up(i)
		}
	}
	t.index = -1
	return t
}

func (h timerHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		j = i
	}
}

// down sifts the element at i0 towards the leaves and reports whether it moved.
func (h timerHeap) down(i0 int) bool {
	i, n := i0, len(h)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		j := l
		if r := l + 1; r < n && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			break
		}
		h.swap(i, j)
		i = j
	}
	return i > i0
}
