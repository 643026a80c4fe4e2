package ui

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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

// TestRecordingReproducesTheFinalFrame records an auto-played demo as
// asciicast v2 and reads the file back: a header line with version 2,
// the terminal's size and the start time; one event per step at the
// time auto-play scheduled it, the same on every run; and events that,
// played into a terminal, leave the final frame on it.
func TestRecordingReproducesTheFinalFrame(t *testing.T) {
	path := filepath.Join(t.TempDir(), "talk.cast")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	rec := demo.NewRecorder(f, demo.RecordOptions{Title: "steps.tf", Now: func() time.Time { return start }, Scheduled: true})
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

	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	sc.Scan()
	var header struct {
		Version   int   `json:"version"`
		Width     int   `json:"width"`
		Height    int   `json:"height"`
		Timestamp int64 `json:"timestamp"`
	}
	if err := json.Unmarshal(sc.Bytes(), &header); err != nil {
		t.Fatalf("header %q: %v", sc.Text(), err)
	}
	if header.Version != 2 || header.Width != 80 || header.Height != 24 || header.Timestamp != start.Unix() {
		t.Errorf("header %+v, want version 2, 80×24, timestamp %d", header, start.Unix())
	}
	var screen string // what a terminal shows after each event
	var times []float64
	for sc.Scan() {
		var ev []any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil || len(ev) != 3 {
			t.Fatalf("event %q: %v", sc.Text(), err)
		}
		at, kind, data := ev[0].(float64), ev[1].(string), ev[2].(string)
		if kind != "o" {
			t.Errorf("event of kind %q at %v; the size never changed", kind, at)
			continue
		}
		if len(times) == 0 || times[len(times)-1] != at {
			times = append(times, at)
		}
		// Each frame is drawn whole: home, clear, the rows.
		if rows, ok := strings.CutPrefix(data, "\x1b[H\x1b[J"); ok {
			screen = strings.ReplaceAll(rows, "\r\n", "\n")
		}
	}
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
