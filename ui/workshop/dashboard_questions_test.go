package workshop

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The dashboard's questions and notices: what cannot be undone takes y
// alone, a reset that keeps a finished step says so, and a limit's notice
// shows while a message is typed.

// TestDashboardAsksYAloneForWhatCannotBeUndone: resetting every world and
// clearing a learner's progress cannot be taken back, so their questions
// take y alone (enter, which watches a screen, is easily pressed twice),
// count worlds and learners apart when a learner has two sessions, and
// say that a clear reaches every screen of the learner's.
func TestDashboardAsksYAloneForWhatCannotBeUndone(t *testing.T) {
	rows := fixedLearners()
	second := rows[0]
	second.ID, second.User = 7, "Alice"
	rows = append(rows, second)
	for _, c := range []struct {
		keys     []string
		question string
		did      int // resets, or clears, done by y
	}{
		{[]string{"R"}, "Reset 7 worlds (6 learners, every session of each)? Work inside each step is lost", 1},
		{[]string{"s", "k", "k", "c"}, "lesson progress, on all 2 of their screens?", 1},
	} {
		d, f := newTestDashboard(rows)
		d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40})
		for _, k := range c.keys {
			d, _ = update(t, d, press(k))
		}
		if d.ask == nil || !strings.Contains(d.ask.text, c.question) {
			t.Fatalf("%v: question %+v, want %q", c.keys, d.ask, c.question)
		}
		if !strings.Contains(frame(d), "6 learners connected in 7 sessions (limit 100)") {
			t.Errorf("the summary does not count learners and sessions apart:\n%s", frame(d))
		}
		if !strings.Contains(frame(d), "y yes • n/esc no") {
			t.Errorf("%v: the help does not name y alone:\n%s", c.keys, frame(d))
		}
		d, cmd := update(t, d, press("enter"))
		if cmd != nil || d.ask == nil || f.resetAll+len(f.did) != 0 {
			t.Fatalf("%v: enter answered the question (did %v, %d resets)", c.keys, f.did, f.resetAll)
		}
		d, cmd = update(t, d, press("y"))
		run(t, d, cmd)
		if f.resetAll+len(f.did) != c.did {
			t.Errorf("%v then y: did %v, %d resets", c.keys, f.did, f.resetAll)
		}
	}
}

// TestDashboardSaysAFinishedStepKeepsItsWorld: a reset of a learner on a
// finished step leaves its world, the debrief's evidence, and the notice
// says so instead of claiming the world was reset; a reset of the room
// counts those sessions apart.
func TestDashboardSaysAFinishedStepKeepsItsWorld(t *testing.T) {
	rows := fixedLearners()
	rows[0].Status.Done = true // alice
	d, _ := newTestDashboard(rows)
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40}, press("s"), press("k"), press("k"))
	d, cmd := update(t, d, press("r"), press("y"))
	d = run(t, d, cmd)
	if want := "alice is on a finished step: its world stays for the debrief, and their next step starts on a fresh one."; d.notice != want {
		t.Errorf("notice %q, want %q", d.notice, want)
	}
	d, _ = update(t, d, resetDoneMsg{reset: 5, kept: 1})
	if want := "Reset 5 worlds at 10:30:00. 1 session on a finished step kept theirs: the next step starts on a fresh one."; d.notice != want {
		t.Errorf("notice %q, want %q", d.notice, want)
	}
}

// TestDashboardShowsALimitWhileAMessageIsTyped: a limit's notice that
// arrives while the instructor types a message shows above the message
// line, since the message may have lost what it says; the notice before
// the message began does not.
func TestDashboardShowsALimitWhileAMessageIsTyped(t *testing.T) {
	d, _ := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 100, Height: 30}, doneMsg{"Sent to bob."}, press("b"))
	if strings.Contains(frame(d), "Sent to bob.") {
		t.Errorf("the last notice stays over the new message:\n%s", frame(d))
	}
	d, _ = update(t, d, LimitMsg{Text: "some input was dropped"})
	lines := strings.Split(frame(d), "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "Message to the room:") })
	if at < 1 || !strings.Contains(lines[at-1], "some input was dropped") {
		t.Errorf("the notice is not above the message line:\n%s", frame(d))
	}
}
