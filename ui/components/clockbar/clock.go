// Package clockbar is the simulated clock as the learner steers it —
// paused or at a speed, following the wall clock — and the bar at the top
// of the screen that shows it: the date and time, the speed, and which
// token expires next; in presenter mode, the time in digits three rows
// high.
package clockbar

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// tickEvery is how often, in wall time, the simulated clock catches up
// with the real one: often enough that the seconds tick smoothly.
const tickEvery = 200 * time.Millisecond

// TickMsg is the wall clock's heartbeat in real-time mode.
type TickMsg time.Time

// Model is the clock of the world on screen and its bar.
type Model struct {
	c   *common.Common
	sc  *common.Scene
	now func() time.Time // nil: time moves only when a key moves it

	rt     *clock.RealTime // nil without a wall clock
	speed  int             // index into clock.Speeds; 0 is paused
	resume int             // the speed the pause key resumes at

	bar, big common.Cached[barKey]
}

type barKey struct {
	world  common.WorldKey
	w      int
	speed  int
	styles *styles.Styles
}

// New returns the clock of the world in sc, following now at 1×, or
// paused. A nil now means no real-time ticking: time moves only when a key
// moves it, as tests need.
func New(c *common.Common, sc *common.Scene, now func() time.Time, paused bool) *Model {
	m := &Model{c: c, sc: sc, now: now, resume: 1}
	speed := 1
	if paused {
		speed = 0
	}
	m.Follow(speed)
	return m
}

// Follow lets the clock of the world now on screen follow the wall clock
// at speed: a new world (undo, reset, a lesson) needs a new driver.
func (m *Model) Follow(speed int) {
	m.speed = speed
	m.rt = nil
	if m.now == nil {
		return
	}
	m.rt = clock.NewRealTime(m.sc.World.Clock, m.now)
	m.rt.SetSpeed(clock.Speeds[m.speed])
}

// Sync catches the simulated clock up with the wall clock.
func (m *Model) Sync() {
	if m.rt != nil {
		m.rt.Sync()
	}
}

// Tick is the command that brings the next TickMsg, or nil without a
// wall clock.
func (m *Model) Tick() tea.Cmd {
	if m.now == nil {
		return nil
	}
	return tea.Tick(tickEvery, func(t time.Time) tea.Msg { return TickMsg(t) })
}

// Speed is the index into clock.Speeds the clock runs at; 0 is paused.
func (m *Model) Speed() int { return m.speed }

// Hold pauses the clock, remembering its speed for the pause key: a step
// begins, or ends, while the learner reads, and a step whose goal depends
// on time (a token still valid, a ten-minute budget) must not slip away
// meanwhile.
func (m *Model) Hold() {
	if m.speed > 0 {
		m.resume = m.speed
	}
	m.set(0)
}

// Update handles the clock's keys: pause (or run), faster and slower. It
// returns what changed, for the status line, and whether msg was one of
// them.
func (m *Model) Update(msg tea.KeyPressMsg) (said string, ok bool) {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Pause):
		if m.speed > 0 {
			m.resume = m.speed
			m.set(0)
		} else {
			m.set(max(m.resume, 1))
		}
	case key.Matches(msg, k.Faster):
		m.set(min(m.speed+1, len(clock.Speeds)-1))
	case key.Matches(msg, k.Slower):
		m.set(max(m.speed-1, 0))
	default:
		return "", false
	}
	return "clock " + m.SpeedText(), true
}

// set changes how fast simulated time follows the wall clock.
func (m *Model) set(i int) {
	m.speed = i
	if m.rt != nil {
		m.rt.SetSpeed(clock.Speeds[i])
	}
}

// SpeedText says how the clock runs: "paused", "running at 10×".
func (m *Model) SpeedText() string {
	if m.speed == 0 {
		return "paused"
	}
	return fmt.Sprintf("running at %g×", clock.Speeds[m.speed])
}
