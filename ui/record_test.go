package ui

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui/demo"
)

// playAuto runs cmd and what it leads to as Bubble Tea would for an
// auto-playing demo whose timer fires at once: each timer message goes
// to Update, and the frame is drawn after it, as the renderer does.
func playAuto(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			playAuto(m, c)
		}
	case demo.TickMsg:
		_, next := m.Update(msg)
		m.View()
		playAuto(m, next)
	}
}

// recordSteps is steps.tf in presenter mode at 80x24, auto-playing every
// 2s on a timer that fires at once, recorded to a file in a temporary
// directory with now for the wall clock.
func recordSteps(t *testing.T, now func() time.Time) (*Model, *demo.Recorder, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "talk.cast")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	rec := demo.NewRecorder(f, demo.RecordOptions{Title: "steps.tf", Now: now, Scheduled: true})
	lines, err := script.ParseDemo(strings.NewReader(stepScript(t)), "steps.tf")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Options{Seed: 1, Present: true, Recorder: rec, Demo: &Demo{Name: "steps.tf", Lines: lines, Auto: 2 * time.Second,
		OnAuto: rec.Mark,
		Timer: func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return fn(time.Time{}) }
		}}})
	if err != nil {
		t.Fatal(err)
	}
	resize(m, 80, 24)
	return m, rec, path
}

// TestRecordingReproducesTheFinalFrame records an auto-played demo as
// asciicast v2 and reads the file back: a header line with version 2,
// the terminal's size and the start time; one event per step at the
// time auto-play scheduled it, the same on every run; and events that,
// played into a terminal, leave the final frame on it.
func TestRecordingReproducesTheFinalFrame(t *testing.T) {
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	m, rec, path := recordSteps(t, func() time.Time { return start })
	init := m.Init()
	m.View()
	playAuto(m, init)
	if !m.demo.Done() {
		t.Fatalf("auto-play stopped at step %d", m.demo.Pos())
	}
	final := m.View().Content
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}

	header, events := readCast(t, path)
	if header.Version != 2 || header.Width != 80 || header.Height != 24 || header.Timestamp != start.Unix() {
		t.Errorf("header %+v, want version 2, 80×24, timestamp %d", header, start.Unix())
	}
	var screen string // what a terminal shows after each event
	for _, ev := range events {
		if ev.kind != "o" {
			t.Errorf("event of kind %q at %v; the size never changed", ev.kind, ev.at)
			continue
		}
		// Each frame is drawn whole: home, clear, the rows.
		if rows, ok := strings.CutPrefix(ev.data, "\x1b[H\x1b[J"); ok {
			screen = strings.ReplaceAll(rows, "\r\n", "\n")
		}
	}
	times := eventTimes(events)
	if screen != final {
		t.Errorf("the recording's last frame differs from the screen:\n%s\nwant\n%s", screen, final)
	}
	// steps.tf: the opening caption at 0; a caption 1s later (half the
	// 2s interval after a caption-only step), login 1s after that, call
	// 2s after the login, a caption 2s later, and jump 1s after it.
	if want := []float64{0, 1, 2, 4, 6, 7}; !reflect.DeepEqual(times, want) {
		t.Errorf("frames at %v seconds, want %v", times, want)
	}
}

// castHeader is the first line of an asciicast v2 file.
type castHeader struct {
	Version   int   `json:"version"`
	Width     int   `json:"width"`
	Height    int   `json:"height"`
	Timestamp int64 `json:"timestamp"`
}

// castEvent is one event line of an asciicast v2 file.
type castEvent struct {
	at         float64
	kind, data string
}

// readCast reads an asciicast v2 file: its header and every event.
func readCast(t *testing.T, path string) (castHeader, []castEvent) {
	t.Helper()
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	sc.Scan()
	var header castHeader
	if err := json.Unmarshal(sc.Bytes(), &header); err != nil {
		t.Fatalf("header %q: %v", sc.Text(), err)
	}
	var events []castEvent
	for sc.Scan() {
		var ev []any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || len(ev) != 3 {
			t.Fatalf("event %q: %v", sc.Text(), err)
		}
		events = append(events, castEvent{ev[0].(float64), ev[1].(string), ev[2].(string)})
	}
	return header, events
}

// eventTimes are the times of the frames, each once: the times at which
// the screen changed.
func eventTimes(events []castEvent) []float64 {
	var times []float64
	for _, ev := range events {
		if len(times) == 0 || times[len(times)-1] != ev.at {
			times = append(times, ev.at)
		}
	}
	return times
}

// tickOnce runs cmd as Bubble Tea would and hands the first auto-play
// timer message it leads to to the model, drawing the frame after it; it
// returns what that step leads to.
func tickOnce(m *Model, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if next := tickOnce(m, c); next != nil {
				return next
			}
		}
	case demo.TickMsg:
		_, next := m.Update(msg)
		m.View()
		return next
	}
	return nil
}

// TestRecordingFollowsTheWallClockWhileAutoPlayIsPaused: while auto-play
// plays, a recording is timed by its schedule; paused, the steps the
// presenter plays by hand keep the pace they were played at on the wall
// clock, rather than all landing on the instant of the pause; resumed,
// the schedule goes on from where the pause left the recording. It ends
// with attributes reset and the cursor shown, at the time of its last
// frame.
func TestRecordingFollowsTheWallClockWhileAutoPlayIsPaused(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	m, rec, path := recordSteps(t, func() time.Time { return now })
	init := m.Init()
	m.View()
	tickOnce(m, init) // the caption "Log in and call." at 1s
	now = now.Add(5 * time.Second)
	press(m, "p") // paused: the frame says so, at 1s still
	m.View()
	for _, wait := range []time.Duration{3 * time.Second, 4 * time.Second} {
		now = now.Add(wait)
		press(m, "right") // login at 4s, call at 8s
		m.View()
	}
	now = now.Add(2 * time.Second)
	resume := pressCmd(m, "p") // at 10s
	m.View()
	for next := tickOnce(m, resume); next != nil; next = tickOnce(m, next) {
	}
	if !m.demo.Done() {
		t.Fatalf("the demo stopped at step %d", m.demo.Pos())
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	_, events := readCast(t, path)
	// Resumed at 10s: a caption 2s after the call, the jump 1s after it.
	if got, want := eventTimes(events), []float64{0, 1, 4, 8, 10, 12, 13}; !reflect.DeepEqual(got, want) {
		t.Errorf("frames at %v seconds, want %v", got, want)
	}
	last := events[len(events)-1]
	if last.kind != "o" || last.at != 13 || !strings.Contains(last.data, "\x1b[?25h") || !strings.Contains(last.data, "\x1b[0m") ||
		slices.ContainsFunc(events[:len(events)-1], func(ev castEvent) bool { return strings.Contains(ev.data, "\x1b[?25h") }) {
		t.Errorf("the recording ends with %+v; want the cursor shown and the attributes reset, at 13s, after every frame", last)
	}
}
