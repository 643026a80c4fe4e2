package workshop_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// The tests here pin issue 13's first point: nothing a learner did is lost
// when one learner has two sessions, and a name is one learner however
// it is capitalised.

// tutorial is the real tutorial with the built-in course, keeping its
// progress in the learner's store as `tokenflow ssh` does.
func tutorial(t *testing.T) func(workshop.Session) (tea.Model, error) {
	t.Helper()
	course, err := lessons.LoadAll(lessons.Source{Dir: "content", FS: content.FS})
	if err != nil {
		t.Fatal(err)
	}
	return func(s workshop.Session) (tea.Model, error) {
		return ui.New(ui.Options{Seed: 1, Now: time.Now, Lessons: course, Progress: s.Progress(), Limits: workshop.SessionLimits})
	}
}

// TestTwoSessionsOfOneLearnerKeepEachOthersSteps: Alice opens a second
// terminal (as alice@) before finishing a step in the first; each session
// finishes a different step, and the saved progress holds both.
func TestTwoSessionsOfOneLearnerKeepEachOthersSteps(t *testing.T) {
	h := start(t, workshop.Config{NewModel: tutorial(t)})
	first, second := h.openPty("Alice", 120, 40), h.openPty("alice", 120, 40)
	first.waitFor("The wristband")
	second.waitFor("The wristband")

	// enter opens lesson 1 at "Log in"; l logs in and meets its goal.
	first.typ("\rl")
	first.waitFor("Step 1/3 done")
	// ↓ enter opens lesson 2 at "Get a wristband": log in, then call.
	second.typ("\x1b[B\r")
	second.waitFor("Get a wristband")
	second.typ("lc")
	second.waitFor("Step 1/3 done")
	// q writes what is still queued before the program ends.
	first.leave()
	second.leave()
	first.exitStatus()
	second.exitStatus()

	saved := lessons.Open(filepath.Join(h.state, "users", "alice")).Progress()
	want := map[string][]int{"the-wristband": {1}, "it-expires": {1}}
	if !reflect.DeepEqual(saved.Lessons, want) {
		data, _ := os.ReadFile(filepath.Join(h.state, "users", "alice", lessons.ProgressFile))
		t.Errorf("saved progress %v, want both sessions' steps %v:\n%s", saved.Lessons, want, data)
	}
}

// TestAStepDoneInOneSessionShowsInTheOther: a step Alice completes in one
// terminal shows in her second terminal's menu at once, as clearing her
// progress does, rather than when that session next opens the lesson.
func TestAStepDoneInOneSessionShowsInTheOther(t *testing.T) {
	h := start(t, workshop.Config{NewModel: tutorial(t)})
	first, second := h.openPty("Alice", 120, 40), h.openPty("alice", 120, 40)
	first.waitFor("The wristband")
	second.waitFor("0 of 20 done")
	first.typ("\rl")
	first.waitFor("Step 1/3 done")
	first.typ("\r\rc") // step 2 done too: ↵ goes on, ↵ shows its text, c calls
	first.waitFor("Step 2/3 done")
	second.waitFor("2/3")
	second.waitFor("The wristband · 3 steps, 2 done")
	first.leave()
	second.leave()
}

// TestSessionsOfOneLearnerShareOneStore: however the name is written, the
// sessions of one learner hand their models the same progress store, and
// another learner gets another.
func TestSessionsOfOneLearnerShareOneStore(t *testing.T) {
	stores := make(chan *lessons.Store, 3)
	h := start(t, workshop.Config{NewModel: func(s workshop.Session) (tea.Model, error) {
		stores <- s.Progress()
		return nameModel(s.User()), nil
	}})
	for _, user := range []string{"José", "JOSÉ", "bob"} {
		h.open(user)
	}
	got := map[*lessons.Store]int{}
	for range 3 {
		select {
		case st := <-stores:
			got[st]++
		case <-time.After(patience):
			t.Fatal("a session did not open")
		}
	}
	if len(got) != 2 {
		t.Errorf("three sessions of two learners got %d stores, want 2", len(got))
	}
}

// nameModel shows the user's name and quits on q.
type nameModel string

func (m nameModel) Init() tea.Cmd { return nil }
func (m nameModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}
func (m nameModel) View() tea.View { return tea.NewView("user=" + string(m)) }

// TestInstructorNameIgnoresCase: Instructor@ is the instructor, who needs
// the password, never a learner let in without one.
func TestInstructorNameIgnoresCase(t *testing.T) {
	h := start(t, workshop.Config{Instructor: "teacher", InstructorPassword: "s3cret"})
	for _, name := range []string{"Teacher", "TEACHER"} {
		if _, err := h.dial(name); err == nil {
			t.Errorf("%s got in without a password", name)
		}
	}
	dash := h.open("Teacher", gossh.Password("s3cret"))
	dash.waitFor("instructor dashboard")
}

// TestInstructorNameIsReservedWithTheDashboardOff: without the
// instructor's password or key, the instructor's name, in any case, lets
// nobody in; it never becomes a learner's. A name that only looks like it
// is a learner's.
func TestInstructorNameIsReservedWithTheDashboardOff(t *testing.T) {
	h := start(t, workshop.Config{Instructor: workshop.DefaultInstructor})
	for _, name := range []string{"instructor", "Instructor", "INSTRUCTOR"} {
		if _, err := h.dial(name); err == nil {
			t.Errorf("%s got in with the dashboard off", name)
		}
		if _, err := h.dial(name, gossh.Password("")); err == nil {
			t.Errorf("%s got in with an empty password", name)
		}
	}
	h.open("instructor\u200b").waitFor("user=instructor\u200b")
}
