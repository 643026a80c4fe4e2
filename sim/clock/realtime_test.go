package clock_test

import (
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// fakeWall is a wall clock the test moves by hand.
type fakeWall struct{ t time.Time }

func (w *fakeWall) now() time.Time            { return w.t }
func (w *fakeWall) pass(d time.Duration)      { w.t = w.t.Add(d) }
func newWall() *fakeWall                      { return &fakeWall{t: time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)} }
func simElapsed(c *clock.Clock) time.Duration { return c.Now().Sub(t0) }

func TestRealTimeFollowsTheWallAtSpeedOne(t *testing.T) {
	c, wall := clock.New(t0), newWall()
	rt := clock.NewRealTime(c, wall.now)
	if s, paused := rt.Speed(); s != 1 || paused {
		t.Fatalf("Speed = %v, paused %v; want 1, running", s, paused)
	}
	wall.pass(10 * time.Second)
	if got := rt.Sync(); !got.Equal(t0.Add(10 * time.Second)) {
		t.Fatalf("Sync after 10s of wall time = %v, want +10s", got)
	}
	// Sync without wall time passing moves nothing.
	if got := rt.Sync(); !got.Equal(t0.Add(10 * time.Second)) {
		t.Fatalf("second Sync = %v, want +10s", got)
	}
}

func TestRealTimeSpeedMultipliesElapsedWallTime(t *testing.T) {
	for _, speed := range clock.Speeds[1:] {
		c, wall := clock.New(t0), newWall()
		rt := clock.NewRealTime(c, wall.now)
		rt.SetSpeed(speed)
		wall.pass(2 * time.Second)
		rt.Sync()
		want := time.Duration(float64(2*time.Second) * speed)
		if got := simElapsed(c); got != want {
			t.Errorf("×%v: 2s of wall time moved the clock %v, want %v", speed, got, want)
		}
	}
}

func TestRealTimeSetSpeedCatchesUpAtTheOldSpeedFirst(t *testing.T) {
	c, wall := clock.New(t0), newWall()
	rt := clock.NewRealTime(c, wall.now)
	wall.pass(5 * time.Second) // at ×1
	rt.SetSpeed(60)
	if got := simElapsed(c); got != 5*time.Second {
		t.Fatalf("SetSpeed did not catch up at ×1: clock moved %v, want 5s", got)
	}
	wall.pass(time.Second) // at ×60
	rt.Sync()
	if got := simElapsed(c); got != 65*time.Second {
		t.Fatalf("after 1s at ×60: clock moved %v, want 1m5s", got)
	}
}

func TestRealTimePause(t *testing.T) {
	c, wall := clock.New(t0), newWall()
	rt := clock.NewRealTime(c, wall.now)
	rt.SetSpeed(10)
	wall.pass(time.Second)
	rt.SetPaused(true)
	if s, paused := rt.Speed(); s != 10 || !paused {
		t.Fatalf("Speed = %v, paused %v; want 10, paused", s, paused)
	}
	wall.pass(time.Hour)
	rt.Sync()
	if got := simElapsed(c); got != 10*time.Second {
		t.Fatalf("an hour of wall time while paused moved the clock to +%v, want +10s", got)
	}
	// A jump stays instantaneous while paused.
	c.Advance(7 * 24 * time.Hour)
	rt.SetPaused(false)
	wall.pass(time.Second)
	rt.Sync()
	if got, want := simElapsed(c), 7*24*time.Hour+20*time.Second; got != want {
		t.Fatalf("after resuming: clock at +%v, want +%v (the paused hour must not count)", got, want)
	}

	// SetSpeed(0) pauses too; a positive speed resumes at that speed.
	rt.SetSpeed(0)
	if _, paused := rt.Speed(); !paused {
		t.Fatal("SetSpeed(0) did not pause")
	}
	wall.pass(time.Minute)
	before := c.Now()
	rt.Sync()
	if !c.Now().Equal(before) {
		t.Fatal("clock moved at speed 0")
	}
	rt.SetSpeed(60)
	if s, paused := rt.Speed(); s != 60 || paused {
		t.Fatalf("Speed = %v, paused %v; want 60, running", s, paused)
	}
	wall.pass(time.Second)
	rt.Sync()
	if got := c.Now().Sub(before); got != time.Minute {
		t.Fatalf("1s at ×60 after a pause moved %v, want 1m", got)
	}
}

func TestRealTimeCarriesFractionsInsteadOfLosingThem(t *testing.T) {
	c, wall := clock.New(t0), newWall()
	rt := clock.NewRealTime(c, wall.now)
	// A TUI ticking every 400µs at ×1 must still see time pass.
	for i := 0; i < 10; i++ {
		wall.pass(400 * time.Microsecond)
		rt.Sync()
	}
	if got := simElapsed(c); got != 4*time.Millisecond {
		t.Fatalf("ten 400µs syncs moved the clock %v, want 4ms", got)
	}
}

func TestRealTimeIgnoresAWallClockGoingBackwards(t *testing.T) {
	c, wall := clock.New(t0), newWall()
	rt := clock.NewRealTime(c, wall.now)
	wall.pass(-time.Hour) // an NTP step
	rt.Sync()
	if got := simElapsed(c); got != 0 {
		t.Fatalf("a backwards wall step moved the clock %v", got)
	}
	wall.pass(time.Second)
	rt.Sync()
	if got := simElapsed(c); got != time.Second {
		t.Fatalf("after the step: clock moved %v, want 1s", got)
	}
}

func TestRealTimeFiresTimersInOrder(t *testing.T) {
	c, wall := clock.New(t0), newWall()
	rt := clock.NewRealTime(c, wall.now)
	rt.SetSpeed(3600)
	r := &recorder{c: c}
	r.schedule("15m0s", t0.Add(15*time.Minute))
	r.schedule("30m0s", t0.Add(30*time.Minute))
	wall.pass(time.Second) // one simulated hour
	rt.Sync()
	if got := r.names(); !equalStrings(got, []string{"15m0s", "30m0s"}) {
		t.Fatalf("fired %v, want [15m0s 30m0s]", got)
	}
	for _, f := range r.fired {
		if f.now.Sub(t0).String() != f.name {
			t.Errorf("timer %s read Now = +%v", f.name, f.now.Sub(t0))
		}
	}
}
