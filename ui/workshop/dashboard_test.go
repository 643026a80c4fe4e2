package workshop

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

var dashNow = time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)

// fixedLearners is a room in mid-workshop, as the server would list it.
func fixedLearners() []learnerRow {
	at := func(d time.Duration) time.Time { return dashNow.Add(-d) }
	return []learnerRow{
		{User: "alice", Status: Status{Lesson: "Refresh tokens rotate", Step: 2, Steps: 5, Completed: 3}, Connected: at(92 * time.Minute), LastInput: at(12 * time.Second)},
		{User: "bob", Connected: at(4 * time.Minute), LastInput: at(4 * time.Minute)},
		{User: "carol\x1b[2J", Status: Status{Lesson: "Stolen refresh tokens and reuse detection", Step: 7, Completed: 5}, Connected: at(3 * time.Hour), LastInput: at(31*time.Minute + 5*time.Second)},
	}
}

func newTestDashboard(rows []learnerRow, resets *int) dashboard {
	return newDashboard(
		func() []learnerRow { return rows },
		func() int { *resets++; return len(rows) },
		func() time.Time { return dashNow },
		100,
	)
}

func update(t *testing.T, d dashboard, msgs ...tea.Msg) (dashboard, tea.Cmd) {
	t.Helper()
	var m tea.Model = d
	var cmd tea.Cmd
	for _, msg := range msgs {
		m, cmd = m.Update(msg)
	}
	return m.(dashboard), cmd
}

func press(s string) tea.Msg {
	if s == "esc" {
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// frame is the dashboard's text without styling, as goldens keep it.
func frame(d dashboard) string { return ansi.Strip(d.View().Content) }

func TestDashboardListsLearners(t *testing.T) {
	var resets int
	d, _ := update(t, newTestDashboard(fixedLearners(), &resets), tea.WindowSizeMsg{Width: 90, Height: 12})
	golden.RequireEqual(t, frame(d))
}

func TestDashboardWithoutLearners(t *testing.T) {
	var resets int
	d, _ := update(t, newTestDashboard(nil, &resets), tea.WindowSizeMsg{Width: 70, Height: 10})
	golden.RequireEqual(t, frame(d))
}

func TestDashboardScrollsALargeRoom(t *testing.T) {
	var rows []learnerRow
	for i := range 30 {
		rows = append(rows, learnerRow{User: fmt.Sprintf("learner%02d", i+1), Connected: dashNow, LastInput: dashNow})
	}
	var resets int
	d, _ := update(t, newTestDashboard(rows, &resets), tea.WindowSizeMsg{Width: 80, Height: 12},
		press("j"), press("j"), press("j"))
	golden.RequireEqual(t, frame(d))

	// Scrolling stops at both ends.
	d, _ = update(t, d, press("k"), press("k"), press("k"), press("k"))
	if d.offset != 0 {
		t.Errorf("offset %d after scrolling back past the top, want 0", d.offset)
	}
	for range 40 {
		d, _ = update(t, d, press("j"))
	}
	if want := 30 - d.visibleRows(); d.offset != want {
		t.Errorf("offset %d after scrolling past the end, want %d", d.offset, want)
	}
}

func TestDashboardResetNeedsConfirmation(t *testing.T) {
	var resets int
	d, _ := update(t, newTestDashboard(fixedLearners(), &resets), tea.WindowSizeMsg{Width: 90, Height: 12})

	d, cmd := update(t, d, press("R"))
	if !d.confirming || cmd != nil || resets != 0 {
		t.Fatalf("R: confirming=%v cmd=%v resets=%d; want a question and nothing done", d.confirming, cmd != nil, resets)
	}
	golden.RequireEqual(t, frame(d))

	d, _ = update(t, d, press("n"))
	if d.confirming || resets != 0 {
		t.Fatalf("n: confirming=%v resets=%d; want the reset cancelled", d.confirming, resets)
	}

	d, _ = update(t, d, press("R"), press("x"))
	if !d.confirming || resets != 0 {
		t.Fatalf("another key answered the question: confirming=%v resets=%d", d.confirming, resets)
	}
	d, cmd = update(t, d, press("y"))
	if cmd == nil {
		t.Fatal("y did not start the reset")
	}
	d, _ = update(t, d, cmd())
	if resets != 1 {
		t.Errorf("%d resets, want 1", resets)
	}
	if want := "Reset 3 worlds at 10:30:00."; d.notice != want {
		t.Errorf("notice %q, want %q", d.notice, want)
	}
}

func TestDashboardRefreshesOnTick(t *testing.T) {
	rows := fixedLearners()[:1]
	var resets int
	d := newDashboard(func() []learnerRow { return rows }, func() int { resets++; return 0 }, func() time.Time { return dashNow }, 0)
	rows = fixedLearners()
	d, cmd := update(t, d, dashTickMsg{})
	if len(d.rows) != 3 || cmd == nil {
		t.Errorf("after a tick: %d rows, next tick %v; want 3 rows and another tick", len(d.rows), cmd != nil)
	}
}

func TestDashboardQuitsOnShutdown(t *testing.T) {
	var resets int
	_, cmd := update(t, newTestDashboard(nil, &resets), ShutdownMsg{Reason: "bye"})
	if cmd == nil {
		t.Fatal("no command after ShutdownMsg")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the dashboard did not quit on ShutdownMsg")
	}
}

func TestDashboardShowsALimitThatBit(t *testing.T) {
	var resets int
	d, _ := update(t, newTestDashboard(fixedLearners(), &resets),
		tea.WindowSizeMsg{Width: 90, Height: 12},
		LimitMsg{Text: "your terminal is 900×300; the tutorial draws at most 500×200"})
	if want := "your terminal is 900×300"; !strings.Contains(frame(d), want) {
		t.Errorf("the dashboard does not show %q:\n%s", want, frame(d))
	}
}

// TestSinceIsWhatThePanesSay: the dashboard's idle and connected times are
// the clock's short format, and a clock that stepped back reads 0s.
func TestSinceIsWhatThePanesSay(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		-time.Second:                      "0s",
		45*time.Second + time.Millisecond: "45s",
		4*time.Minute + 5*time.Second:     "4m5s",
		62 * time.Minute:                  "1h2m",
		76 * time.Hour:                    "3d4h",
	} {
		if got := since(now, now.Add(-d)); got != want {
			t.Errorf("since %v ago = %q, want %q", d, got, want)
		}
	}
}

// TestDashboardShowsNamesAsTypedAndSafe: names in any script read as the
// learner typed them, joined emoji and combining accents included, while
// escape sequences, bidi overrides and line breaks show as escapes and
// leave the table's columns where they are.
func TestDashboardShowsNamesAsTypedAndSafe(t *testing.T) {
	at := dashNow.Add(-time.Minute)
	var rows []learnerRow
	for _, user := range []string{"José", "Jose\u0301", "李小龙", "👩\u200d💻 dev", "mal\u202eyrolam", "eve\x1b]0;pwned\a", "tab\tname\nx", "instructor\u200b", "al\u200dice"} {
		rows = append(rows, learnerRow{User: user, Connected: at, LastInput: at})
	}
	var resets int
	d, _ := update(t, newTestDashboard(rows, &resets), tea.WindowSizeMsg{Width: 90, Height: 16})
	got := frame(d)
	for _, want := range []string{"José", "Jose\u0301", "李小龙", "👩\u200d💻 dev", `mal\u202eyrolam`, `eve\u001b]0;pwn…`, `tab\u0009name\u…`, `instructor\u200b`, `al\u200dice`} {
		if !strings.Contains(got, want) {
			t.Errorf("the dashboard does not show %q:\n%s", want, got)
		}
	}
	for i, line := range strings.Split(got, "\n") {
		if w := ansi.StringWidth(line); w > 90 {
			t.Errorf("line %d is %d columns wide, more than the terminal's 90: %q", i+1, w, line)
		}
	}
	for _, r := range got {
		if r == 0x1b || r == 0x202e || r == '\t' || r == 0x07 || r == 0x200b {
			t.Errorf("the frame carries %U from a name", r)
		}
	}
}
