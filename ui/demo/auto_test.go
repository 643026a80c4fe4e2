package demo

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// talk is a demo script with the demo's directives: speaker notes, a
// pause, a caption-only step and an expectation that fails on purpose.
const talk = `# Opening caption.
#> Say hello; the clock is paused.
login
expect status 200
# A caption over the call.
#> Ask the room what the API checks.
call
expect status 401
# pause 7s
jump
#> The end: thank the room.
`

// newTalk plays talk.tf (src) as newScript does.
func newTalk(t *testing.T, src string, auto time.Duration, at *[]time.Duration, mod func(*Script)) *Player {
	t.Helper()
	return newScript(t, "talk.tf", src, auto, at, mod)
}

// newScript plays the script src, named name, on a fresh world, with
// auto-play every auto and its timer fired at once; the scheduled times
// of the steps auto-play plays go in at, and mod changes the script's
// options.
func newScript(t *testing.T, name, src string, auto time.Duration, at *[]time.Duration, mod func(*Script)) *Player {
	t.Helper()
	lines, err := script.ParseDemo(strings.NewReader(src), name)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	sc := &common.Scene{World: w}
	c := &common.Common{Width: 120, Height: 40, Styles: styles.NewStyles(true), Keys: keymap.DefaultKeyMap()}
	s := &Script{Name: name, Lines: lines, Auto: auto,
		Timer: func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return fn(time.Time{}) }
		}}
	if at != nil {
		s.OnAuto = func(d time.Duration, playing bool) {
			if playing {
				*at = append(*at, d)
			}
		}
	}
	if mod != nil {
		mod(s)
	}
	p, err := New(c, sc, &fakeHost{sc: sc}, s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ticks runs cmd and every command it leads to, handing auto-play's
// timer messages to the player, as Bubble Tea would, until none is left.
func ticks(p *Player, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			ticks(p, c)
		}
	case TickMsg:
		ticks(p, p.Tick(msg))
	}
}

// TestAutoPlayTimesEachStep: auto-play waits the interval after an
// action, half of it after a caption-only step, and what a `# pause`
// directive says before the step under it; the schedule is the same on
// every run.
func TestAutoPlayTimesEachStep(t *testing.T) {
	var at []time.Duration
	p := newTalk(t, talk, 4*time.Second, &at, nil)
	ticks(p, p.Init())
	if !p.Done() {
		t.Fatalf("auto-play stopped at step %d of %d", p.Pos(), p.Steps())
	}
	// Steps: 1 opening caption (on screen at 0), 2 login, 3 caption,
	// 4 call, 5 jump after the 7s pause.
	want := []time.Duration{0, 2 * time.Second, 6 * time.Second, 8 * time.Second, 15 * time.Second}
	if !reflect.DeepEqual(at, want) {
		t.Errorf("auto-play played at %v, want %v", at, want)
	}
}

// TestJumpGoesToAStepBothWays: JumpTo plays forward to a step, or starts
// over and plays up to an earlier one, and refuses a step the demo does
// not have; From opens the demo at a step.
func TestJumpGoesToAStepBothWays(t *testing.T) {
	p := newTalk(t, talk, 0, nil, nil)
	p.JumpTo(4)
	if p.Pos() != 4 || len(p.sc.World.Records()) != 2 {
		t.Fatalf("JumpTo(4): at step %d with %d actions, want step 4 after login and call", p.Pos(), len(p.sc.World.Records()))
	}
	p.JumpTo(2)
	if p.Pos() != 2 || len(p.sc.World.Records()) != 1 {
		t.Errorf("JumpTo(2): at step %d with %d actions, want step 2 after login alone", p.Pos(), len(p.sc.World.Records()))
	}
	p.JumpTo(9)
	if p.Pos() != 2 || !strings.Contains(p.h.Status().Text, "steps 1 to 5") {
		t.Errorf("JumpTo(9): at step %d, status %q; want to stay and be told the steps", p.Pos(), p.h.Status().Text)
	}
	from := newTalk(t, talk, 0, nil, func(s *Script) { s.From = 4 })
	if from.Pos() != 4 || len(from.sc.World.Records()) != 2 {
		t.Errorf("From 4: at step %d with %d actions", from.Pos(), len(from.sc.World.Records()))
	}
	lines, _ := script.ParseDemo(strings.NewReader(talk), "talk.tf")
	if _, err := New(from.c, from.sc, from.h, &Script{Name: "talk.tf", Lines: lines, From: 6}); err == nil {
		t.Error("From 6 of a demo of 5 steps was accepted")
	}
}

// TestPresenterModeHidesChecksFromTheRoom: in presenter mode the caption
// box shows no expect results unless asked to; the presenter still
// learns of a failure from Failures and the notes.
func TestPresenterModeHidesChecksFromTheRoom(t *testing.T) {
	for _, show := range []bool{false, true} {
		p := newTalk(t, talk, 0, nil, func(s *Script) { s.ShowChecks = show })
		p.SetPresent(true)
		p.JumpTo(4) // the call, whose expect status 401 fails
		box := p.Render(100)
		if got := strings.Contains(box, "expect status 401"); got != show {
			t.Errorf("ShowChecks %v: the caption box shows the check: %v\n%s", show, got, box)
		}
		f := p.Failures()
		if len(f) != 1 || f[0].Line != 8 {
			t.Errorf("Failures() = %+v, want the failed expect on line 8", f)
		}
	}
}

// TestNotesFollowThePresenter: the presenter's player writes the cue
// file at each step; the notes terminal, reading it, shows the step on
// screen with its notes and checks, the next step's notes, and every
// failure so far.
func TestNotesFollowThePresenter(t *testing.T) {
	cue := CuePath(t.TempDir(), "talk.tf")
	p := newTalk(t, talk, 0, nil, func(s *Script) { s.Cue = cue })
	lines, _ := script.ParseDemo(strings.NewReader(talk), "talk.tf")
	notes, err := NewNotes("talk.tf", lines)
	if err != nil {
		t.Fatal(err)
	}
	out, tick, stop := follow(t, notes, cue, func() int { return 0 })
	defer stop()
	step := func(keys ...string) string {
		for _, k := range keys {
			code := map[string]rune{"right": tea.KeyRight}[k]
			cmd, _ := p.Key(tea.KeyPressMsg{Code: code})
			ticks(p, cmd)
		}
		tick <- time.Time{} // the notes terminal reads the cue
		tick <- time.Time{} // and has drawn it by the time it waits again
		return out.String()
	}
	if got := step(); !strings.Contains(got, "Waiting for the presenter") && !strings.Contains(got, "NOW  step 1") {
		t.Errorf("before any step: %q", got)
	}
	got := step("right", "right", "right")
	screen := got[strings.LastIndex(got, "\x1b[2J"):]
	for _, want := range []string{"NOW  step 4 of 5 · ▶ call", "caption: A caption over the call.", "» Ask the room what the API checks.",
		"✗ line 8: expect status 401 failed", "NEXT step 5 · ▶ jump", "» The end: thank the room.", "FAILED so far (1"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the notes lack %q:\n%s", want, screen)
		}
	}
}

// follow runs notes.Follow on cue in a goroutine, with the terminal's
// width from width; the test sends on tick to make it read the cue, and
// stop ends it.
func follow(t *testing.T, notes *Notes, cue string, width func() int) (out *syncWriter, tick chan time.Time, stop func()) {
	out, tick = &syncWriter{}, make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- notes.Follow(ctx, out, cue, tick, width) }()
	return out, tick, func() {
		cancel()
		close(tick)
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// syncWriter lets the test read what Follow writes from another
// goroutine.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
