package clock_test

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

var t0 = clock.Start

// firing records what each timer saw when it ran.
type firing struct {
	name string
	at   time.Time // the instant passed to the callback
	now  time.Time // what Now read inside the callback
}

type recorder struct {
	c     *clock.Clock
	fired []firing
}

func (r *recorder) schedule(name string, at time.Time) *clock.Timer {
	return r.c.Schedule(at, func(now time.Time) {
		r.fired = append(r.fired, firing{name: name, at: now, now: r.c.Now()})
	})
}

func (r *recorder) names() []string {
	out := make([]string, len(r.fired))
	for i, f := range r.fired {
		out[i] = f.name
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAdvanceMovesTheClock(t *testing.T) {
	c := clock.New(t0)
	if got := c.Now(); !got.Equal(t0) {
		t.Fatalf("New: Now = %v, want %v", got, t0)
	}
	if got := c.Advance(15 * time.Minute); !got.Equal(t0.Add(15 * time.Minute)) {
		t.Fatalf("Advance returned %v", got)
	}
	if got := c.Now(); !got.Equal(t0.Add(15 * time.Minute)) {
		t.Fatalf("after Advance: Now = %v", got)
	}
	target := t0.Add(7 * 24 * time.Hour)
	if got := c.AdvanceTo(target); !got.Equal(target) {
		t.Fatalf("AdvanceTo returned %v, want %v", got, target)
	}
	if got := c.Now(); !got.Equal(target) {
		t.Fatalf("after AdvanceTo: Now = %v, want %v", got, target)
	}
}

func TestClockNeverGoesBackwards(t *testing.T) {
	c := clock.New(t0)
	c.Advance(time.Hour)
	want := t0.Add(time.Hour)
	if got := c.Advance(-30 * time.Minute); !got.Equal(want) {
		t.Errorf("Advance(-30m) = %v, want the clock to stay at %v", got, want)
	}
	if got := c.AdvanceTo(t0); !got.Equal(want) {
		t.Errorf("AdvanceTo(the past) = %v, want the clock to stay at %v", got, want)
	}

	// A random walk of moves, forward and backward, with timers scattered
	// around it: Now never decreases, and neither do the instants timers see.
	r := rand.New(rand.NewPCG(1, 2))
	c = clock.New(t0)
	var seen []time.Time
	for i := 0; i < 200; i++ {
		at := t0.Add(time.Duration(r.IntN(48*60)) * time.Minute)
		c.Schedule(at, func(now time.Time) { seen = append(seen, now) })
	}
	last := c.Now()
	for i := 0; i < 300; i++ {
		var got time.Time
		d := time.Duration(r.IntN(60)-20) * time.Minute
		if i%2 == 0 {
			got = c.Advance(d)
		} else {
			got = c.AdvanceTo(last.Add(d))
		}
		if got.Before(last) {
			t.Fatalf("move %d went backwards: %v after %v", i, got, last)
		}
		last = got
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Before(seen[i-1]) {
			t.Fatalf("timer %d saw %v after a timer saw %v", i, seen[i], seen[i-1])
		}
	}
}

func TestTimersFireInTimeOrderEachSeeingItsOwnInstant(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	// Scheduled out of order on purpose.
	r.schedule("c", t0.Add(3*time.Hour))
	r.schedule("a", t0.Add(time.Minute))
	r.schedule("d", t0.Add(10*24*time.Hour)) // beyond the jump
	r.schedule("b", t0.Add(2*time.Hour))

	end := c.AdvanceTo(t0.Add(24 * time.Hour))
	if !end.Equal(t0.Add(24 * time.Hour)) {
		t.Fatalf("AdvanceTo returned %v", end)
	}
	if got, want := r.names(), []string{"a", "b", "c"}; !equalStrings(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	wantAt := []time.Time{t0.Add(time.Minute), t0.Add(2 * time.Hour), t0.Add(3 * time.Hour)}
	for i, f := range r.fired {
		if !f.at.Equal(wantAt[i]) || !f.now.Equal(wantAt[i]) {
			t.Errorf("timer %s: callback got %v and Now read %v, want both %v", f.name, f.at, f.now, wantAt[i])
		}
	}
	if n := c.Pending(); n != 1 {
		t.Errorf("Pending = %d, want 1 (the timer ten days out)", n)
	}
}

func TestTimerAtTheTargetInstantFires(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	r.schedule("edge", t0.Add(15*time.Minute))
	c.Advance(15*time.Minute - time.Nanosecond)
	if len(r.fired) != 0 {
		t.Fatalf("timer fired a nanosecond early")
	}
	c.Advance(time.Nanosecond)
	if got := r.names(); !equalStrings(got, []string{"edge"}) {
		t.Fatalf("fired %v at its own instant, want [edge]", got)
	}
}

func TestTimerTiesFireInSchedulingOrder(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	at := t0.Add(time.Hour)
	want := []string{"first", "second", "third", "fourth", "fifth"}
	r.schedule("early", t0.Add(time.Minute))
	for _, name := range want {
		r.schedule(name, at)
	}
	c.Advance(2 * time.Hour)
	if got := r.names(); !equalStrings(got, append([]string{"early"}, want...)) {
		t.Fatalf("fired %v, want early then %v", got, want)
	}
}

func TestTimerDueNowFiresOnAZeroMove(t *testing.T) {
	c := clock.New(t0)
	c.Advance(time.Hour)
	r := &recorder{c: c}
	r.schedule("past", t0) // an hour ago
	r.schedule("now", c.Now())
	c.Advance(0)
	if got := r.names(); !equalStrings(got, []string{"past", "now"}) {
		t.Fatalf("fired %v, want [past now]", got)
	}
	for _, f := range r.fired {
		if !f.at.Equal(t0.Add(time.Hour)) {
			t.Errorf("timer %s saw %v: a late timer fires at the present, never in the past", f.name, f.at)
		}
	}
}

func TestStopCancelsATimer(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	keep := r.schedule("keep", t0.Add(time.Minute))
	drop := r.schedule("drop", t0.Add(2*time.Minute))
	r.schedule("keep2", t0.Add(3*time.Minute))

	if !c.Stop(drop) {
		t.Fatal("Stop of a pending timer reported false")
	}
	if c.Stop(drop) {
		t.Error("second Stop of the same timer reported true")
	}
	if n := c.Pending(); n != 2 {
		t.Errorf("Pending = %d after Stop, want 2", n)
	}
	c.Advance(time.Hour)
	if got := r.names(); !equalStrings(got, []string{"keep", "keep2"}) {
		t.Fatalf("fired %v, want [keep keep2]", got)
	}
	if c.Stop(keep) {
		t.Error("Stop of a timer that already fired reported true")
	}
	if !keep.At().Equal(t0.Add(time.Minute)) {
		t.Errorf("At = %v", keep.At())
	}
}

func TestStopFromACallbackCancelsALaterTimer(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	var victim *clock.Timer
	c.Schedule(t0.Add(time.Minute), func(time.Time) { c.Stop(victim) })
	victim = r.schedule("victim", t0.Add(2*time.Minute))
	c.Advance(time.Hour)
	if len(r.fired) != 0 {
		t.Fatalf("a timer stopped by an earlier callback in the same jump fired: %v", r.names())
	}
}

func TestCallbacksSchedulingDuringAJump(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	// A timer that reschedules itself every 14 minutes, like auto-refresh.
	var tick func(now time.Time)
	ticks := 0
	tick = func(now time.Time) {
		ticks++
		r.fired = append(r.fired, firing{name: "tick", at: now, now: c.Now()})
		c.Schedule(now.Add(14*time.Minute), tick)
	}
	c.Schedule(t0.Add(14*time.Minute), tick)
	// A callback scheduling a timer in its own past fires it next, at the
	// callback's instant, still inside the same jump.
	c.Schedule(t0.Add(30*time.Minute), func(now time.Time) {
		r.schedule("late", now.Add(-time.Hour))
		r.schedule("soon", now.Add(time.Minute))
	})

	c.Advance(time.Hour)
	want := []string{"tick", "tick", "late", "soon", "tick", "tick"}
	if got := r.names(); !equalStrings(got, want) {
		t.Fatalf("fired %v, want %v", got, want)
	}
	wantAt := []time.Duration{14 * time.Minute, 28 * time.Minute, 30 * time.Minute, 31 * time.Minute, 42 * time.Minute, 56 * time.Minute}
	for i, f := range r.fired {
		if !f.at.Equal(t0.Add(wantAt[i])) || !f.now.Equal(f.at) {
			t.Errorf("firing %d (%s) at %v reading %v, want %v", i, f.name, f.at, f.now, t0.Add(wantAt[i]))
		}
	}
	if next, ok := c.Next(); !ok || !next.Equal(t0.Add(70*time.Minute)) {
		t.Errorf("Next = %v, %v; want the fifth tick at +70m", next, ok)
	}
}

func TestCallbackCannotMoveTheClock(t *testing.T) {
	c := clock.New(t0)
	r := &recorder{c: c}
	c.Schedule(t0.Add(time.Minute), func(now time.Time) {
		if got := c.Advance(24 * time.Hour); !got.Equal(now) {
			t.Errorf("Advance inside a callback returned %v, want it to leave the clock at %v", got, now)
		}
	})
	r.schedule("later", t0.Add(2*time.Minute))
	c.Advance(10 * time.Minute)
	if got := c.Now(); !got.Equal(t0.Add(10 * time.Minute)) {
		t.Fatalf("Now = %v, want +10m", got)
	}
	if len(r.fired) != 1 || !r.fired[0].at.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("the later timer fired %v, want once at +2m", r.fired)
	}
}

func TestNextReportsTheEarliestPendingTimer(t *testing.T) {
	c := clock.New(t0)
	if _, ok := c.Next(); ok {
		t.Fatal("Next on an empty clock reported a timer")
	}
	c.Schedule(t0.Add(2*time.Hour), func(time.Time) {})
	first := c.Schedule(t0.Add(time.Hour), func(time.Time) {})
	if next, ok := c.Next(); !ok || !next.Equal(t0.Add(time.Hour)) {
		t.Fatalf("Next = %v, %v; want +1h", next, ok)
	}
	c.Stop(first)
	if next, ok := c.Next(); !ok || !next.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("after Stop: Next = %v, %v; want +2h", next, ok)
	}
	// Jumping to Next fires exactly that timer.
	next, _ := c.Next()
	c.AdvanceTo(next)
	if _, ok := c.Next(); ok || c.Pending() != 0 {
		t.Fatalf("after jumping to Next: %d timers pending", c.Pending())
	}
}

func TestClockIsSafeForConcurrentUse(t *testing.T) {
	c := clock.New(t0)
	var mu sync.Mutex
	fired := 0
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				tm := c.Schedule(c.Now().Add(time.Duration(i)*time.Second), func(time.Time) {
					mu.Lock()
					fired++
					mu.Unlock()
				})
				if i%10 == 0 {
					c.Stop(tm)
				}
				_, _ = c.Next()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			c.Advance(time.Second)
		}
	}()
	wg.Wait()
	c.Advance(time.Hour)
	// 4 goroutines × 100 timers, each tenth stopped (or already fired: a
	// timer at +0s may fire before its Stop); all others fire.
	if fired < 360 || fired > 400 || c.Pending() != 0 {
		t.Fatalf("fired %d timers with %d pending; want 360-400 fired and none pending", fired, c.Pending())
	}
}
