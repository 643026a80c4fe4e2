package clock

import (
	"sync"
	"time"
)

// Speeds are the real-time rates a learner steps through, slowest first.
// Zero means paused.
var Speeds = []float64{0, 1, 10, 60, 600, 3600}

// RealTime lets a simulated clock follow a wall clock at a chosen speed.
// It never reads the wall clock itself: the caller passes a wall-time source
// (time.Now in the TUI and serve, a fake in tests) and calls Sync whenever it
// wants the simulated clock caught up. A jump (Advance on the underlying
// clock) stays instantaneous whatever the speed.
type RealTime struct {
	mu       sync.Mutex
	clock    *Clock
	wall     func() time.Time
	lastWall time.Time
	speed    float64
	paused   bool
	carry    time.Duration // fractional progress that would otherwise be lost to rounding
}

// NewRealTime returns a real-time driver for c running at speed ×1.
func NewRealTime(c *Clock, wall func() time.Time) *RealTime {
	return &RealTime{clock: c, wall: wall, lastWall: wall(), speed: 1}
}

// Sync advances the simulated clock by the wall time elapsed since the last
// Sync, multiplied by the speed, and returns the new simulated time.
func (r *RealTime) Sync() time.Time {
	r.mu.Lock()
	now := r.wall()
	elapsed := now.Sub(r.lastWall)
	r.lastWall = now
	var d time.Duration
	if !r.paused && elapsed > 0 {
		d = time.Duration(float64(elapsed)*r.speed) + r.carry
		r.carry = d % time.Millisecond
		d -= r.carry
	}
	r.mu.Unlock()
	if d <= 0 {
		return r.clock.Now()
	}
	return r.clock.Advance(d)
}

// Speed reports the speed multiplier and whether the clock is paused.
func (r *RealTime) Speed() (speed float64, paused bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.speed, r.paused
}

// SetSpeed catches the clock up at the old speed, then switches to s.
// A speed of zero or less pauses.
func (r *RealTime) SetSpeed(s float64) {
	r.Sync()
	r.mu.Lock()
	defer r.mu.Unlock()
	if s <= 0 {
		r.paused = true
		return
	}
	r.speed = s
	r.paused = false
}

// SetPaused pauses or resumes the clock without changing its speed.
func (r *RealTime) SetPaused(p bool) {
	r.Sync()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.paused = p
}
