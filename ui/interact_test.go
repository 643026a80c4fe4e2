package ui

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/tokenflow/tokenflow/sim"
)

// runProgram drives a real Bubble Tea program with keys, then quits with
// q and returns the final model.
func runProgram(t *testing.T, keys ...string) *Model {
	t.Helper()
	tm := teatest.NewTestModel(t, newModel(t), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
	tm.Send(keyMsg("q"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
	m, ok := fm.(*Model)
	if !ok {
		t.Fatalf("final model is %T, want *Model", fm)
	}
	return m
}

// apiCalls returns the statuses of the client's calls to the API, oldest
// first.
func apiCalls(w *sim.World) []int {
	var out []int
	for _, e := range w.Log.All() {
		if x := e.Exchange; x != nil && x.Actor == sim.ActorClient && strings.HasPrefix(x.Path(), "/api/") {
			out = append(out, x.Status)
		}
	}
	return out
}

// TestExpiredCallFailsUntilRefresh walks the first lesson with keys: log
// in, call, jump to the access token's expiry, see the call refused,
// refresh, and see the call succeed.
func TestExpiredCallFailsUntilRefresh(t *testing.T) {
	m := runProgram(t, "l", "c", "j", "c", "r", "c")
	w := m.World()
	if got, want := apiCalls(w), []int{200, 401, 200}; !slices.Equal(got, want) {
		t.Errorf("API call statuses = %v, want %v", got, want)
	}
	if got, want := w.Now(), w.Records()[0].At.Add(15*time.Minute); !got.Equal(want) {
		t.Errorf("clock = %s, want the first token's expiry %s", got, want)
	}
	if st := w.TokenState(w.Client.AccessToken); st != "valid" {
		t.Errorf("access token after refresh is %q, want valid", st)
	}
}

// TestUndoAndResetReplayTheActionList checks that u takes back exactly
// the last action and ctrl+r starts the world over, both from keys.
func TestUndoAndResetReplayTheActionList(t *testing.T) {
	m := runProgram(t, "l", "c", "j", "u")
	w := m.World()
	if got := len(w.Records()); got != 2 {
		t.Fatalf("after undo, %d actions remain, want 2 (login, call)", got)
	}
	if !w.Now().Equal(w.Records()[0].At) {
		t.Errorf("after undoing the jump the clock reads %s, want %s", w.Now(), w.Records()[0].At)
	}
	if !strings.Contains(m.Status(), "undid “jump”") {
		t.Errorf("status = %q, want it to name the undone jump", m.Status())
	}

	m = runProgram(t, "l", "c", "T", "ctrl+r")
	w = m.World()
	if n := len(w.Records()); n != 0 || w.Client.AccessToken != "" || w.Attacker.RefreshToken != "" {
		t.Errorf("after reset: %d actions, client token %q, attacker token %q; want a fresh world", n, w.Client.AccessToken, w.Attacker.RefreshToken)
	}
}

// TestHelpToggles checks that ? opens the help and ? or esc closes it.
func TestHelpToggles(t *testing.T) {
	if m := runProgram(t, "?"); !m.HelpOpen() {
		t.Error("after ?, help is closed; want it open")
	}
	if m := runProgram(t, "?", "?"); m.HelpOpen() {
		t.Error("after ? ?, help is open; want it closed")
	}
	if m := runProgram(t, "?", "esc"); m.HelpOpen() {
		t.Error("after ? esc, help is open; want it closed")
	}
}

// TestAccessibleModePrintsEachEventOnce runs the accessible mode as a
// program and checks that the transcript lines reach the output and the
// full screen never does.
func TestAccessibleModePrintsEachEventOnce(t *testing.T) {
	var printed safeBuffer
	m, err := New(Options{Seed: 1, Accessible: true, Output: &printed})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithoutRenderer()))
	tm.Send(keyMsg("l"))
	tm.Send(keyMsg("r"))
	tm.Send(keyMsg("r"))
	tm.Send(keyMsg("q"))
	screen := readAll(t, tm.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second)))
	if screen != "" {
		t.Errorf("the renderer wrote %q; accessible mode must draw nothing", screen)
	}
	out := printed.String()
	for _, want := range []string{"09:00:00 ▶ login", "client    POST /token → 200", "09:00:00 ▶ refresh", "next: press c"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "▶ login"); n != 1 {
		t.Errorf("the login line appears %d times, want once", n)
	}
	for _, frame := range []string{"╭", "┏", "\x1b"} {
		if strings.Contains(out, frame) {
			t.Errorf("output contains %q: accessible mode prints plain lines, no frames or escape sequences", frame)
		}
	}
}

// safeBuffer is a bytes.Buffer the printer's commands can write to while
// the test waits.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func readAll(t *testing.T, r interface{ Read([]byte) (int, error) }) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := b.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
