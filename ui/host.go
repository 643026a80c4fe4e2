package ui

import (
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/course"
	"github.com/tokenflow/tokenflow/ui/demo"
)

// host is the root as the course and the demo see it (course.Host,
// demo.Host): they steer the world on screen, the clock, the status line
// and the focus through it, and nothing else of the root.
type host struct{ m *Model }

var (
	_ course.Host = host{}
	_ demo.Host   = host{}
)

func (h host) SwapWorld(w *sim.World, speed int) (*sim.World, int) {
	m := h.m
	old, oldSpeed := m.sc.World, m.clock.Speed()
	m.showWorld(w, speed)
	m.focus.Settings = false
	return old, oldSpeed
}

func (h host) HoldClock()                { h.m.clock.Hold() }
func (h host) Undo()                     { h.m.undo() }
func (h host) Reset()                    { h.m.reset() }
func (h host) SetWorld(w *sim.World)     { h.m.setWorld(w) }
func (h host) Perform(a sim.Action)      { h.m.perform(a) }
func (h host) Status() common.Status     { return h.m.status }
func (h host) Say(s common.Status)       { h.m.say(s) }
func (h host) SetStatus(s common.Status) { h.m.status = s }
func (h host) Focus() *common.Focus      { return &h.m.focus }

func (h host) NewStep() {
	h.m.seq.Follow()
	h.m.setPane.Top()
}

func (h host) Announce() { h.m.focusedPane().Announce() }
