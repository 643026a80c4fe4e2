package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// TestResetWorldMsgStartsTheWorldOver checks that the instructor's reset
// gives the learner a fresh world and says who reset it.
func TestResetWorldMsgStartsTheWorldOver(t *testing.T) {
	m := newModel(t)
	press(m, "l", "c", "T", "s")
	m.Update(workshop.ResetWorldMsg{})
	w := m.World()
	if n := len(w.Records()); n != 0 || w.Client.AccessToken != "" || w.Attacker.RefreshToken != "" {
		t.Errorf("after the reset: %d actions, client token %q, attacker token %q; want a fresh world", n, w.Client.AccessToken, w.Attacker.RefreshToken)
	}
	if m.focus.Settings {
		t.Error("the settings panel stayed open over the fresh world")
	}
	if !strings.Contains(m.Status(), "instructor reset your world") {
		t.Errorf("status %q does not say the instructor reset the world", m.Status())
	}
}

// TestAResetSaysWhoseItWasAndKeepsAFinishedStep: the learner reads
// whether the instructor reset their world or every world; on a finished
// step the world stays, the debrief's evidence, and the status says so
// rather than that it was reset.
func TestAResetSaysWhoseItWasAndKeepsAFinishedStep(t *testing.T) {
	for _, tt := range []struct {
		msg  workshop.ResetWorldMsg
		want string
	}{
		{workshop.ResetWorldMsg{}, "the instructor reset your world; it stays, on a finished step: N goes on"},
		{workshop.ResetWorldMsg{Room: true}, "the instructor reset every world; yours stays, on a finished step: N goes on"},
	} {
		m := newCourseModel(t, nil)
		resize(m, 120, 40)
		keys(m, "enter", "l")
		if !m.course.Done() {
			t.Fatal("logging in did not finish the lesson's first step")
		}
		before := len(m.World().Records())
		m.Update(tt.msg)
		if got := m.Status(); got != tt.want {
			t.Errorf("Room %v: status %q, want %q", tt.msg.Room, got, tt.want)
		}
		if n := len(m.World().Records()); n != before || !m.course.Done() {
			t.Errorf("Room %v: the finished step's world went from %d actions to %d", tt.msg.Room, before, n)
		}
	}
	m := newModel(t)
	press(m, "l")
	m.Update(workshop.ResetWorldMsg{Room: true})
	if got, want := m.Status(), "the instructor reset every world; your lesson progress is kept; the clock is back at 09:00:00"; got != want {
		t.Errorf("the room's reset: status %q, want %q", got, want)
	}
}

// TestShutdownMsgEndsTheProgram checks that the server's ShutdownMsg
// makes a running program quit by itself, without being killed.
func TestShutdownMsgEndsTheProgram(t *testing.T) {
	tm := teatest.NewTestModel(t, newModel(t), teatest.WithInitialTermSize(100, 30))
	tm.Send(keyMsg("l"))
	tm.Send(workshop.ShutdownMsg{Reason: "the workshop server is shutting down"})
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !strings.Contains(m.Status(), "shutting down") {
		t.Errorf("status %q does not give the reason", m.Status())
	}
}

// TestShutdownMsgQuits checks the command the model answers with.
func TestShutdownMsgQuits(t *testing.T) {
	_, cmd := newModel(t).Update(workshop.ShutdownMsg{Reason: "idle"})
	if cmd == nil {
		t.Fatal("no command after ShutdownMsg")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the command after ShutdownMsg does not quit")
	}
}

// TestLimitMsgShowsOnTheStatusLine checks that a limit the workshop server
// applied is told to the learner, and that the session goes on.
func TestLimitMsgShowsOnTheStatusLine(t *testing.T) {
	m := newModel(t)
	if _, cmd := m.Update(workshop.LimitMsg{Text: "that paste was longer than 4 KiB"}); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("a LimitMsg quit the program")
		}
	}
	if got := m.Status(); !strings.Contains(got, "that paste was longer than 4 KiB") {
		t.Errorf("status %q does not tell the learner about the limit", got)
	}
	press(m, "l")
	if len(m.World().Records()) == 0 {
		t.Error("a key after the LimitMsg did nothing")
	}
}

// TestLimitMsgShowsInTheOpenPrompt checks that a notice reaches the learner
// while the prompt, which a paste usually goes to, holds the status line.
func TestLimitMsgShowsInTheOpenPrompt(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 30)
	keys(m, ":")
	if !m.prompt.Active() {
		t.Fatal("the prompt did not open")
	}
	m.Update(workshop.LimitMsg{Text: "that paste was longer than 4 KiB"})
	if got := m.prompt.Render(120); !strings.Contains(got, "that paste was longer than 4 KiB") {
		t.Errorf("the prompt %q does not show the notice", got)
	}
}

// TestProgressClearedMsgForgetsCompletedSteps checks that the instructor's
// clearing of a learner's progress reaches the menu at once: the step
// completed before is no longer counted, nor offered to continue from, and
// the learner is told.
func TestProgressClearedMsgForgetsCompletedSteps(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	keys(m, "enter", "l", "L")
	for _, want := range []string{"1/3", "Continue where you left off"} {
		if !strings.Contains(m.render(), want) {
			t.Fatalf("the menu does not show %q after the first step:\n%s", want, m.render())
		}
	}
	send(m, workshop.ProgressClearedMsg{})
	if !strings.Contains(m.Status(), "instructor cleared your lesson progress") {
		t.Errorf("status %q does not say the instructor cleared the progress", m.Status())
	}
	for _, gone := range []string{"1/3", "Continue where you left off"} {
		if strings.Contains(m.render(), gone) {
			t.Errorf("the menu still shows %q after the progress was cleared:\n%s", gone, m.render())
		}
	}
}

// TestQuitAsksSaysSoInHelp checks that the help names what the quit key
// does under the workshop server, where it asks first, and keeps the
// plain word at a learner's own terminal, where it quits at once.
func TestQuitAsksSaysSoInHelp(t *testing.T) {
	for _, asks := range []bool{false, true} {
		m, err := New(Options{Seed: 1, QuitAsks: asks})
		if err != nil {
			t.Fatal(err)
		}
		got := m.com.Keys.Quit.Help().Desc
		if want := map[bool]string{false: "quit", true: "quit (asks first)"}[asks]; got != want {
			t.Errorf("QuitAsks %v: the quit key's help reads %q, want %q", asks, got, want)
		}
	}
}

// TestAClearedLessonIsNotCompleteAtItsLastStep: when the instructor clears
// a learner's progress in the middle of a lesson, finishing its last step
// does not call the lesson complete: the step says enter goes back to the
// lessons, and the menu says which step is open again, with the lesson
// selected, its row showing the steps done.
func TestAClearedLessonIsNotCompleteAtItsLastStep(t *testing.T) {
	m := newCourseModel(t, lessons.Open(t.TempDir()))
	resize(m, 120, 40)
	keys(m, "enter", "l", "N") // step 1 done; step 2
	send(m, workshop.ProgressClearedMsg{})
	keys(m, "c", "N") // step 2 done; step 3
	keys(m, keysOf(m, current(t, m).Step.Solution[0].Action.String())...)
	if !m.course.Done() {
		t.Fatalf("step %d's solution did not finish it", current(t, m).Step.Number)
	}
	if got := m.Status(); strings.Contains(got, "finishes the lesson") || !strings.Contains(got, "goes back to the lessons, where step 1 is open again") {
		t.Errorf("the last step's status %q; want the way back, not the lesson finished", got)
	}
	keys(m, "N")
	if got, want := m.Status(), "The wristband is not finished: 2 of 3 steps done, step 1 is open again; enter opens it."; got != want {
		t.Errorf("back in the menu: status %q, want %q", got, want)
	}
	if lesson, step, _ := m.course.Selection(); lesson != 0 || step != 1 {
		t.Errorf("the menu selects lesson %d at step %d, want lesson 1 at step 1", lesson+1, step)
	}
	if frame := m.render(); !strings.Contains(frame, "2/3") {
		t.Errorf("the menu does not show 2/3 done:\n%s", frame)
	}
}
