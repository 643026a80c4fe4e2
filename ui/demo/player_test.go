package demo

import (
	"os"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// fakeHost applies the player's actions to a world of its own.
type fakeHost struct {
	sc     *common.Scene
	status common.Status
}

func (h *fakeHost) Perform(a sim.Action) {
	if err := h.sc.World.Apply(a); err != nil {
		h.status = common.Status{Text: err.Error(), Level: common.LevelWarn}
	}
}
func (h *fakeHost) Status() common.Status { return h.status }
func (h *fakeHost) Say(s common.Status)   { h.status = s }
func (h *fakeHost) SetWorld(w *sim.World) { h.sc.World, h.sc.Gen = w, h.sc.Gen+1 }
func (h *fakeHost) Reset() {
	if w, err := h.sc.World.Reset(); err == nil {
		h.SetWorld(w)
	}
}

// newPlayer plays testdata/steps.tf (a two-line opening caption, a
// caption over two actions, an expectation that fails on purpose, and a
// last caption) on a fresh world, with auto-play every auto.
func newPlayer(t *testing.T, auto time.Duration) *Player {
	t.Helper()
	src, err := os.ReadFile("testdata/steps.tf")
	if err != nil {
		t.Fatal(err)
	}
	return newScript(t, "steps.tf", string(src), auto, nil, nil)
}

// TestDemoAutoPlay checks that auto-play steps on its own timer, that a
// timer made stale by a key press does nothing, and that p pauses it.
func TestDemoAutoPlay(t *testing.T) {
	p := newPlayer(t, 3*time.Second)
	if p.Init() == nil {
		t.Fatal("Init returned no command; auto-play needs a timer")
	}
	tick := func() { p.Tick(TickMsg{gen: p.autoGen}) }
	tick()
	if got := p.Pos(); got != 2 {
		t.Fatalf("after one auto-play tick the demo is at step %d, want 2", got)
	}
	stale := TickMsg{gen: p.autoGen}
	p.Key(tea.KeyPressMsg{Code: tea.KeyRight}) // a key press restarts the timer
	p.Tick(stale)
	if got := p.Pos(); got != 3 {
		t.Errorf("a stale timer moved the demo: at step %d, want 3", got)
	}
	pause := tea.KeyPressMsg{Code: 'p', Text: "p"}
	p.Key(pause)
	tick()
	if got := p.Pos(); got != 3 {
		t.Errorf("auto-play paused, yet a tick moved the demo to step %d", got)
	}
	p.Key(pause)
	for range 10 {
		tick()
	}
	if !p.Done() || p.auto {
		t.Errorf("after the last step: done %v, auto-play %v; want done and auto-play off", p.Done(), p.auto)
	}
}
