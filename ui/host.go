package ui

import (
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/course"
)

// host is the root as the course sees it (course.Host): the course steers
// the world on screen, the clock, the status line and the focus through
// it, and nothing else of the root.
type host struct{ m *Model }

var _ course.Host = host{}

func (h host) SwapWorld(w *sim.World, speed int) (*sim.World, int) {
	m := h.m
	old, oldSpeed := m.sc.World, m.clock.Speed()
	m.showWorld(w, speed)
	m.focus.Settings = false
	return old, oldSpeed
}

func (h host) HoldClock()                { h.m.clock.Hold() }
func (h host) Undo()                     { h.m.undo() }
func (h host) SetStatus(s common.Status) { h.m.status = s }
func (h host) Focus() *common.Focus      { return &h.m.focus }

func (h host) NewStep() {
	h.m.seq.Follow()
	h.m.setPane.Top()
}

func (h host) Announce() {
	if h.m.focus.Pane == common.PaneWallet {
		h.m.wallet.Announce()
	} else {
		h.m.seq.Announce()
	}
}
