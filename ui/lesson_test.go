package ui

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
	"github.com/tokenflow/tokenflow/ui/course"
)

// TestLessonOneCompletesWithKeysAlone takes lesson 1, "The wristband",
// from the menu to the end in a real program with keys alone: enter
// starts it, l logs in, c calls the API, 1 opens the access token (esc
// closes it), and enter after each debrief goes on. Every step is saved, and the menu
// comes back with lesson 2 selected.
func TestLessonOneCompletesWithKeysAlone(t *testing.T) {
	dir := t.TempDir()
	m := newCourseModel(t, lessons.Open(dir))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	for _, k := range []string{"enter", "l", "enter", "c", "enter", "1", "esc", "enter", "q"} {
		tm.Send(keyMsg(k))
	}
	fm, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !ok {
		t.Fatal("final model is not a *Model")
	}
	if fm.course.InLesson() || fm.course.Screen() != course.ScreenMenu {
		t.Errorf("after the last step the screen is %d, want the menu", fm.course.Screen())
	}
	if lesson, step, resume := fm.course.Selection(); resume || lesson != 1 {
		t.Errorf("menu selection = lesson %d step %d (resume %v), want lesson 2's row", lesson, step, resume)
	}
	// Read the file afresh: what was saved, not what is in memory.
	saved := lessons.Open(dir)
	if err := saved.Problem(); err != nil {
		t.Fatal(err)
	}
	if got := saved.Completed("the-wristband"); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("saved steps of the-wristband = %v, want [1 2 3]", got)
	}
}

// openStep starts lesson `lesson` (1-based) from the menu of m and plays
// the solutions of the steps before `step`, going on after each debrief.
func openStep(t *testing.T, m *Model, lesson, step int) {
	t.Helper()
	m.course.SelectLesson(lesson - 1)
	keys(m, "enter")
	l := current(t, m).Lesson
	for _, s := range l.Steps[:step-1] {
		for _, line := range s.Solution {
			if line.Action != nil {
				m.perform(*line.Action)
			}
		}
		send(m, clockbar.TickMsg{}) // lets the model see the goal met, as after a key
		if !current(t, m).Done {
			t.Fatalf("%s step %d: the solution did not complete it", l.ID, s.Number)
		}
		keys(m, "enter")
	}
	if got := current(t, m).Step.Number; got != step {
		t.Fatalf("open step = %d, want %d", got, step)
	}
}

// TestForbiddenActionIsRefusedWithReason checks that a key a step
// switches off leaves the world alone and says why in the status line.
func TestForbiddenActionIsRefusedWithReason(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	openStep(t, m, 2, 2) // "Almost there" forbids refresh, login, race, jump
	before := len(m.World().Records())
	for _, k := range []string{"j", "r", "l"} {
		keys(m, k)
		if n := len(m.World().Records()); n != before {
			t.Errorf("%q applied an action in a step that forbids it", k)
		}
		if !strings.Contains(m.Status(), "is switched off in this step") || m.status.Level != common.LevelWarn {
			t.Errorf("after %q the status is %q (level %d), want a warning that it is switched off", k, m.Status(), m.status.Level)
		}
	}
	keys(m, "b", "l") // the sandbox forbids nothing
	if n := len(m.World().Records()); n != 1 {
		t.Errorf("l in the sandbox: %d actions, want 1", n)
	}
}

// TestHintsRevealOneTierPerPress checks that h shows the next tier of
// hints, nudge to exact action with its key, and that S shows the
// solution without running it.
func TestHintsRevealOneTierPerPress(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	keys(m, "enter")
	for tier, want := range []string{"Everything starts with signing in.", "The verb is login ‹l›.", "Run login. — keys: l"} {
		keys(m, "h")
		if hints := current(t, m).Hints; hints != tier+1 {
			t.Fatalf("after %d presses, %d tiers shown", tier+1, hints)
		}
		if !strings.Contains(m.Status(), want) {
			t.Errorf("tier %d: status %q, want it to contain %q", tier+1, m.Status(), want)
		}
	}
	keys(m, "h")
	if hints := current(t, m).Hints; hints != 3 || !strings.Contains(m.Status(), "last hint") {
		t.Errorf("a fourth h: %d tiers, status %q; want 3 and a word on the solution", hints, m.Status())
	}
	pane := ansi.Strip(m.View().Content)
	for _, want := range []string{"Hint 1/3: Everything starts", "Hint 3/3: Run login. — keys: l"} {
		if !strings.Contains(pane, want) {
			t.Errorf("the lesson pane lacks %q", want)
		}
	}
	keys(m, "S")
	if !strings.Contains(ansi.Strip(m.View().Content), "Solution, not run") || len(m.World().Records()) != 0 {
		t.Errorf("S: solution shown = %v, actions = %d; want it shown and nothing run",
			strings.Contains(ansi.Strip(m.View().Content), "Solution, not run"), len(m.World().Records()))
	}
}

// TestProgressIsSavedAfterEveryStep checks the progress file after each
// step of a lesson: the step completed, then the next one opened.
func TestProgressIsSavedAfterEveryStep(t *testing.T) {
	dir := t.TempDir()
	m := newCourseModel(t, lessons.Open(dir))
	resize(m, 80, 24)
	keys(m, "enter")
	if last, ok := lessons.Open(dir).Last(); !ok || last != (lessons.Position{Lesson: "the-wristband", Step: 1}) {
		t.Errorf("after opening lesson 1, last = %+v (%v), want the-wristband step 1", last, ok)
	}
	keys(m, "l")
	if got := lessons.Open(dir).Completed("the-wristband"); !slices.Equal(got, []int{1}) {
		t.Errorf("after step 1, saved %v, want [1]", got)
	}
	keys(m, "enter", "c")
	saved := lessons.Open(dir)
	if got := saved.Completed("the-wristband"); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("after step 2, saved %v, want [1 2]", got)
	}
	if last, _ := saved.Last(); last.Step != 2 {
		t.Errorf("after step 2, last = %+v, want step 2", last)
	}
}

// TestReturningLearnerContinuesWhereTheyLeftOff checks that a store whose
// last position is lesson 2 step 2 preselects "continue" in the menu, and
// that enter opens that step on the world its earlier steps leave.
func TestReturningLearnerContinuesWhereTheyLeftOff(t *testing.T) {
	dir := t.TempDir()
	st := lessons.Open(dir)
	if err := st.Complete("it-expires", 1); err != nil {
		t.Fatal(err)
	}
	if err := st.SetLast("it-expires", 2); err != nil {
		t.Fatal(err)
	}
	m := newCourseModel(t, lessons.Open(dir))
	resize(m, 120, 40)
	if lesson, step, resume := m.course.Selection(); !resume || lesson != 1 || step != 2 {
		t.Fatalf("preselected row = lesson %d step %d (resume %v), want continue at lesson 2 step 2", lesson, step, resume)
	}
	if !strings.Contains(ansi.Strip(m.View().Content), "Continue where you left off: It expires, step 2 of 3") {
		t.Error("the menu does not offer to continue where the learner left off")
	}
	keys(m, "enter")
	if cur := current(t, m); !m.course.InLesson() || cur.Lesson.ID != "it-expires" || cur.Step.Number != 2 {
		t.Fatalf("enter opened %+v, want it-expires step 2", cur)
	}
	w := m.World()
	if w.Client.AccessToken == "" || len(apiCalls(w)) != 1 {
		t.Errorf("step 2's world: access token %q, API calls %v; want step 1's login and call done", w.Client.AccessToken, apiCalls(w))
	}
	if m.clock.Speed() != 0 {
		t.Errorf("the clock runs at speed %d when a step opens, want paused", m.clock.Speed())
	}
}

// TestUndoAndRestartStayInsideTheStep checks that undo takes back the
// step's own actions and no earlier ones, that ctrl+r rebuilds the step's
// world, and that the goal is tracked on the new world: the step then
// completes by the typed actions its hints name.
func TestUndoAndRestartStayInsideTheStep(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	openStep(t, m, 2, 2)
	start := len(m.World().Records())
	keys(m, "}", "u")
	if n := len(m.World().Records()); n != start {
		t.Fatalf("after } and u, %d actions, want %d", n, start)
	}
	keys(m, "u")
	if n := len(m.World().Records()); n != start || !strings.Contains(m.Status(), "nothing to undo in this step") {
		t.Errorf("undo past the step's start: %d actions, status %q", n, m.Status())
	}
	keys(m, "}", "c", "ctrl+r") // expired and refused: start over
	if n := len(m.World().Records()); n != start || apiCalls(m.World())[len(apiCalls(m.World()))-1] != 200 {
		t.Fatalf("after ctrl+r: %d actions, calls %v; want the step's starting world", n, apiCalls(m.World()))
	}
	keys(m, ":", "a", "d", "v", "a", "n", "c", "e", "space", "1", "4", "m", "enter", "c")
	if !current(t, m).Done {
		t.Errorf("advance 14m then call did not complete the step; goal status %v, status %q",
			m.course.GoalMet(), m.Status())
	}
}

// TestCorruptProgressIsReportedOnce checks that a progress file that
// cannot be read is named in the status line until the next message
// replaces it.
func TestCorruptProgressIsReportedOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, lessons.ProgressFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newCourseModel(t, lessons.Open(dir))
	resize(m, 80, 24)
	if !strings.Contains(m.Status(), "unreadable") || m.status.Level != common.LevelWarn {
		t.Fatalf("status = %q, want the corrupt progress file reported", m.Status())
	}
	keys(m, "b")
	if strings.Contains(m.Status(), "unreadable") {
		t.Errorf("the report is still there after a key: %q", m.Status())
	}
}

// TestOnLessonHearsEveryChange checks what a dashboard hears: the menu
// first, the step opened, the step completed, the next step, and leaving
// for the sandbox and coming back.
func TestOnLessonHearsEveryChange(t *testing.T) {
	var heard []LessonStatus
	m, err := New(Options{Seed: 1, Lessons: theCourse(t), OnLesson: func(s LessonStatus) { heard = append(heard, s) }})
	if err != nil {
		t.Fatal(err)
	}
	resize(m, 120, 40)
	keys(m, "enter", "l", "enter", "b", "b")
	steps := theCourse(t)[0].Steps
	at := func(step, completed int, done bool) LessonStatus {
		return LessonStatus{Screen: course.ScreenLesson, Lesson: "the-wristband", Step: step, Steps: 3, Completed: completed,
			HintTiers: len(steps[step-1].Hints), Done: done}
	}
	want := []LessonStatus{{Screen: course.ScreenMenu}, at(1, 0, false), at(1, 1, true), at(2, 1, false), {Screen: course.ScreenSandbox}, at(2, 1, false)}
	if !slices.Equal(heard, want) {
		t.Errorf("OnLesson heard %+v, want %+v", heard, want)
	}
}

// TestOnLessonCountsHintsAndRefusals checks that a dashboard hears the
// hints shown in the step, the solution, and each action the step
// refused, and that the next step starts counting afresh.
func TestOnLessonCountsHintsAndRefusals(t *testing.T) {
	var last LessonStatus
	m, err := New(Options{Seed: 1, Lessons: theCourse(t), OnLesson: func(s LessonStatus) { last = s }})
	if err != nil {
		t.Fatal(err)
	}
	resize(m, 120, 40)
	keys(m, "enter", "h", "h", "l", "c", "c")
	if last.Hints != 2 || last.Refused != 2 || !last.Done || last.Solution {
		t.Errorf("after two hints, the goal and two refused calls: heard %+v", last)
	}
	keys(m, "enter", "h", "h", "h", "S")
	if last.Step != 2 || last.Hints != last.HintTiers || !last.Solution || last.Refused != 0 {
		t.Errorf("step 2 with every hint and the solution: heard %+v", last)
	}
}

// TestAccessibleLessonPrintsTheCourse checks that the accessible mode
// prints the menu, the step's text and goal, hints and the debrief as
// plain lines.
func TestAccessibleLessonPrintsTheCourse(t *testing.T) {
	var printed safeBuffer
	m, err := New(Options{Seed: 1, Accessible: true, Output: &printed, Lessons: theCourse(t)})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithoutRenderer()))
	for _, k := range []string{"enter", "h", "l", "q"} {
		tm.Send(keyMsg(k))
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	out := printed.String()
	for _, want := range []string{
		"lesson 1, The wristband (new)", "Lesson 1, The wristband: step 1 of 3, Log in.", "Alice opens your app and signs in.",
		"Goal: Alice is logged in", "to do: alice logged in", "hint 1 of 3: Everything starts with signing in.",
		"Step 1 of 3 done.", "That was the authorization-code grant", "Press N for step 2: Show the wristband.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("the accessible output contains escape sequences")
	}
}

// TestMonkeyInTheCourse presses random keys through the menu, lessons
// and sandbox: no key panics, every frame fits, and an open step's
// tracker always belongs to the world on screen.
func TestMonkeyInTheCourse(t *testing.T) {
	steps := 1500
	if testing.Short() {
		steps = 300
	}
	rng := rand.New(rand.NewPCG(3, 5))
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	var pool []string
	for _, g := range m.com.Keys.Groups() {
		for _, b := range g.Bindings {
			if b.Help().Key != "q" {
				pool = append(pool, b.Keys()...)
			}
		}
	}
	// Enter and the course keys often, so lessons open and steps go by.
	pool = append(pool, "enter", "enter", "enter", "b", "L", "h", "S", "v", "esc", "down", "l", "c", "j", "1")
	for i := 0; i < steps; i++ {
		if rng.IntN(15) == 0 {
			resize(m, 80+rng.IntN(100), 24+rng.IntN(30))
		} else {
			send(m, keyMsg(pool[rng.IntN(len(pool))]))
		}
		if cur, ok := m.course.Current(); m.course.InLesson() && ok && cur.Records > len(m.World().Records()) {
			t.Fatalf("step %d: the world has %d actions, fewer than when the step began (%d)", i, len(m.World().Records()), cur.Records)
		}
		lines := strings.Split(m.View().Content, "\n")
		if len(lines) != m.com.Height {
			t.Fatalf("step %d: a %d-row terminal got %d lines", i, m.com.Height, len(lines))
		}
		for j, l := range lines {
			// Every size here is a full frame, which fills every cell.
			if lw := ansi.StringWidth(l); lw != m.com.Width {
				t.Fatalf("step %d: line %d is %d cells in a %d-cell terminal: %q", i, j+1, lw, m.com.Width, ansi.Strip(l))
			}
		}
	}
	if m.course.Version() == 0 {
		t.Error("no step was completed: the keys no longer reach into the lessons")
	}
}

// TestWhyTellsTheCauseNotTheStatus drives the sandbox through refusals that
// all answer 401 and checks the What happened pane explains each by its own
// cause: a forgery is not explained as routine expiry.
func TestWhyTellsTheCauseNotTheStatus(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		want  string
	}{
		{[]string{"login", "jump", "call"}, "a 401 invalid_token is routine"},
		{[]string{"forge none"}, "accepts exactly one algorithm"},
		{[]string{"login", "forge tamper"}, "covers the header and claims"},
		{[]string{"forge audience"}, "meant for another API"},
		{[]string{"set denylist on", "login", "steal access", "logout", "attacker call"}, "denylist holds this token's jti"},
		{[]string{"set refresh-format stateless", "login", "logout"}, "cannot comply"},
		{[]string{"login", "race"}, "There is no thief here"},
	} {
		m := newModel(t)
		resize(m, 120, 40)
		for _, l := range tt.lines {
			m.applyLine(l)
		}
		// The pane alone, tall enough for the events and the reason: on
		// the full screen it shares its rows with other columns.
		pane := ansi.Strip(m.last.Render(70, 30))
		var words []string
		for _, l := range strings.Split(pane, "\n") {
			words = append(words, strings.Fields(strings.Trim(l, "│╭╮╰╯─ "))...)
		}
		if text := strings.Join(words, " "); !strings.Contains(text, tt.want) {
			t.Errorf("%v: What happened does not explain %q:\n%s", tt.lines, tt.want, pane)
		}
	}
}

// TestEnterInAFocusedPaneOpensItsSelection: a debrief says "open the POST
// /token exchange"; tab to the diagram, up to it, enter must open it, not
// go on to the next step, which has its own key.
func TestEnterInAFocusedPaneOpensItsSelection(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	keys(m, "enter", "l")
	if !current(t, m).Done {
		t.Fatal("lesson 1 step 1 was not completed by l")
	}
	keys(m, "tab", "up", "enter")
	if step := current(t, m).Step.Number; step != 1 || m.focus.Overlay != common.OverlayInspect {
		t.Fatalf("enter on a selected exchange: step %d, overlay %d; want step 1 and the inspector", step, m.focus.Overlay)
	}
	keys(m, "esc", "N")
	if step := current(t, m).Step.Number; step != 2 {
		t.Errorf("N in a debrief: step %d, want 2", step)
	}
}

// TestTheDiagramFollowsEveryNewAction: a row selected to read must not
// leave the diagram stuck on it when the learner acts again.
func TestTheDiagramFollowsEveryNewAction(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	keys(m, "l", "up", "up")
	if m.seq.Following() {
		t.Fatal("up selected no row")
	}
	keys(m, "c")
	if !m.seq.Following() {
		t.Errorf("after a new action the diagram still holds a row, want it following the newest")
	}
}

// TestAStepsPaneIsOnScreenAtEverySize: lesson 6 talks about the token
// family, so its pane shows beside the text at 120×40 and, under the
// diagram, at 80×24; lesson 1's steps keep the actors in view at 80×24.
func TestAStepsPaneIsOnScreenAtEverySize(t *testing.T) {
	for _, tt := range []struct {
		lesson int
		w, h   int
		want   string
	}{
		{6, 120, 40, "Token family"},
		{6, 80, 24, "Token family"},
		{1, 80, 24, "Actors"},
		{1, 120, 40, "Actors"},
	} {
		m := newCourseModel(t, nil)
		resize(m, tt.w, tt.h)
		for i := 1; i < tt.lesson; i++ {
			keys(m, "down")
		}
		keys(m, "enter")
		if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, tt.want) {
			t.Errorf("lesson %d at %d×%d: no %q on screen:\n%s", tt.lesson, tt.w, tt.h, tt.want, screen)
		}
	}
}

// TestTheLastHintIsReachableAtTheSmallestSize: at 80×24 the goal and three
// hint tiers do not fit under a step's text; they scroll with it, and the
// tier just revealed, keys and all, is what shows.
func TestTheLastHintIsReachableAtTheSmallestSize(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 80, 24)
	for i := 1; i < 7; i++ {
		keys(m, "down")
	}
	keys(m, "enter", "h", "h", "h")
	screen := strings.Join(strings.Fields(ansi.Strip(m.View().Content)), " ")
	if !strings.Contains(screen, "then T then A") {
		t.Errorf("the last tier's keys are not on screen at 80×24:\n%s", ansi.Strip(m.View().Content))
	}
}

// TestTheCourseIsDoneOnlyWhenEveryLessonIs: finishing the last lesson of
// the list with earlier ones open points back at the first open one.
func TestTheCourseIsDoneOnlyWhenEveryLessonIs(t *testing.T) {
	all := theCourse(t)
	last := len(all) - 1
	// The last lesson's steps done but its last.
	store := lessons.Open(t.TempDir())
	for n := 1; n < len(all[last].Steps); n++ {
		if err := store.Complete(all[last].ID, n); err != nil {
			t.Fatal(err)
		}
	}
	m := newCourseModel(t, store)
	resize(m, 120, 40)
	drive(m, m.course.Open(last, len(all[last].Steps)))
	for _, l := range current(t, m).Step.Solution {
		if l.Action != nil {
			m.perform(*l.Action)
		}
	}
	drive(m, m.course.After())
	keys(m, "N")
	if strings.Contains(m.Status(), "course is done") || !strings.Contains(m.Status(), "Next up: "+all[0].Title) {
		t.Errorf("after the last lesson with the others open: %q", m.Status())
	}
}

// TestRestartReturnsToWhatTheLearnerDid: ctrl+r starts a step over from
// the world as the learner left the previous step, not from that step's
// model solution.
func TestRestartReturnsToWhatTheLearnerDid(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 120, 40)
	keys(m, "down", "enter", "l", "c")
	if !current(t, m).Done {
		t.Fatal("lesson 2 step 1 not done by l c")
	}
	keys(m, "c") // one more call than the solution makes, ignored: the step is done
	keys(m, "N")
	before := len(m.World().Records())
	at := m.World().Now()
	keys(m, "]", "c", "ctrl+r")
	if got := len(m.World().Records()); got != before || !m.World().Now().Equal(at) {
		t.Errorf("after restart: %d actions at %s; want the %d the learner made, at %s",
			got, m.World().Now().Format("15:04:05"), before, at.Format("15:04:05"))
	}
}
