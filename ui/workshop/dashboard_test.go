package workshop

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

var dashNow = time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)

// fakeRoom is the room as the dashboard sees it, recording what the
// instructor did.
type fakeRoom struct {
	rows     []learnerRow
	resetAll int
	did      []string
	watching uint64
	shots    map[uint64]screenShot
	err      error
}

func (f *fakeRoom) Learners() []learnerRow { return append([]learnerRow(nil), f.rows...) }
func (f *fakeRoom) ResetAll() (int, int)   { f.resetAll++; return len(f.rows), 0 }
func (f *fakeRoom) record(s string) error  { f.did = append(f.did, s); return f.err }
func (f *fakeRoom) Reset(id uint64) (bool, error) {
	return f.rows[id-1].Status.Done, f.record(fmt.Sprint("reset ", id))
}
func (f *fakeRoom) Message(id uint64, text string) error {
	return f.record(fmt.Sprintf("message %d %s", id, text))
}
func (f *fakeRoom) Broadcast(text string) (int, error) {
	return len(f.rows), f.record("broadcast " + text)
}
func (f *fakeRoom) ClearProgress(id uint64) error { return f.record(fmt.Sprint("clear ", id)) }
func (f *fakeRoom) Disconnect(id uint64) error    { return f.record(fmt.Sprint("disconnect ", id)) }
func (f *fakeRoom) Watch(id uint64)               { f.watching = id }
func (f *fakeRoom) Screen(id uint64) (screenShot, bool) {
	s, ok := f.shots[id]
	return s, ok
}
func (f *fakeRoom) ExportCSV() (string, error) {
	return "/state/room-20260302-103000.csv", f.record("export")
}
func (f *fakeRoom) Archive() (string, error) {
	return "/state/archive/users-20260302-103000", f.record("archive")
}

// courseOf marks the first done lessons of a course of n finished.
func courseOf(n, done int) []bool {
	f := make([]bool, n)
	for i := range done {
		f[i] = true
	}
	return f
}

// fixedLearners is a room in mid-workshop, as the server would list it:
// alice has shown every hint, carol has been on one step for 31 minutes,
// erin is working, bob is in the menu, dave in the sandbox, and frank's
// tutorial has not reported yet.
func fixedLearners() []learnerRow {
	at := func(d time.Duration) time.Time { return dashNow.Add(-d) }
	return []learnerRow{
		{ID: 1, User: "alice", Status: Status{Place: PlaceLesson, Lesson: "6 Refresh tokens rotate", Index: 6, Step: 2, Steps: 5, Completed: 5,
			Hints: 3, HintTiers: 3, Refused: 2, Finished: courseOf(20, 5)}, Connected: at(92 * time.Minute), LastInput: at(12 * time.Second), StepSince: at(2 * time.Minute)},
		{ID: 2, User: "bob", Status: Status{Place: PlaceMenu, Finished: courseOf(20, 0)}, Connected: at(4 * time.Minute), LastInput: at(4 * time.Minute), StepSince: at(4 * time.Minute)},
		{ID: 3, User: "carol\x1b[2J", Status: Status{Place: PlaceLesson, Lesson: "7 Stolen refresh tokens and reuse detection", Index: 7, Step: 7, Steps: 9, Completed: 6,
			Hints: 1, HintTiers: 3, Finished: courseOf(20, 6)}, Connected: at(3 * time.Hour), LastInput: at(31*time.Minute + 5*time.Second), StepSince: at(31 * time.Minute)},
		{ID: 4, User: "dave", Status: Status{Place: PlaceSandbox, Completed: 1, Finished: courseOf(20, 1)}, Connected: at(50 * time.Minute), LastInput: at(3 * time.Second), StepSince: at(20 * time.Minute)},
		{ID: 5, User: "erin", Status: Status{Place: PlaceLesson, Lesson: "2 It expires", Index: 2, Step: 1, Steps: 3, Completed: 1, HintTiers: 3, Refused: 1,
			Finished: courseOf(20, 1)}, Connected: at(30 * time.Minute), LastInput: at(40 * time.Second), StepSince: at(90 * time.Second)},
		{ID: 6, User: "frank", Connected: at(1 * time.Second), LastInput: at(1 * time.Second), StepSince: at(time.Second)},
	}
}

func newTestDashboard(rows []learnerRow) (dashboard, *fakeRoom) {
	f := &fakeRoom{rows: rows, shots: map[uint64]screenShot{}}
	return newDashboard(f, func() time.Time { return dashNow }, 100, 5*time.Minute), f
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

// run applies a command's message, as the program would.
func run(t *testing.T, d dashboard, cmd tea.Cmd) dashboard {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to run")
	}
	d, _ = update(t, d, cmd())
	return d
}

func press(s string) tea.Msg {
	switch s {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func typed(s string) []tea.Msg {
	var msgs []tea.Msg
	for _, r := range s {
		msgs = append(msgs, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return msgs
}

// frame is the dashboard's text without styling, as goldens keep it.
func frame(d dashboard) string { return ansi.Strip(d.View().Content) }

// fits fails the test if the frame is wider or taller than w×h.
func fits(t *testing.T, d dashboard, w, h int) {
	t.Helper()
	lines := strings.Split(frame(d), "\n")
	if len(lines) > h {
		t.Errorf("%d lines, more than the terminal's %d", len(lines), h)
	}
	for i, line := range lines {
		if n := ansi.StringWidth(line); n > w {
			t.Errorf("line %d is %d columns wide, more than the terminal's %d: %q", i+1, n, w, line)
		}
	}
}

// TestDashboardListsLearners pins the room at the two sizes an instructor
// uses: the stuck first (alice, every hint shown; carol, 31 minutes on a
// step), the menu and the sandbox named, and from 120 columns the course
// strip, one mark a lesson.
func TestDashboardListsLearners(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			d, _ := newTestDashboard(fixedLearners())
			d, _ = update(t, d, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			golden.RequireEqual(t, frame(d))
			fits(t, d, size[0], size[1])
		})
	}
}

// TestDashboardLegendNamesOnlyTheColumnsShown: the course strip's marks
// are explained where the strip is drawn, from 112 columns for a course
// of 20 lessons, and not at 100, where it is not.
func TestDashboardLegendNamesOnlyTheColumnsShown(t *testing.T) {
	for w, strip := range map[int]bool{100: false, 120: true} {
		d, _ := newTestDashboard(fixedLearners())
		d, _ = update(t, d, tea.WindowSizeMsg{Width: w, Height: 30})
		f := frame(d)
		if strings.Contains(f, "COURSE") != strip || strings.Contains(f, "course: ✓ finished") != strip {
			t.Errorf("%d columns: the strip shown %v, its legend shown %v; want both %v:\n%s",
				w, strings.Contains(f, "COURSE"), strings.Contains(f, "course: ✓ finished"), strip, f)
		}
	}
}

func TestDashboardWithoutLearners(t *testing.T) {
	d, _ := newTestDashboard(nil)
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 70, Height: 10})
	golden.RequireEqual(t, frame(d))
}

// TestDashboardNamesTheMenuAndTheSandbox: a learner outside a lesson is
// somewhere, never a dash.
func TestDashboardNamesTheMenuAndTheSandbox(t *testing.T) {
	d, _ := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40})
	got := frame(d)
	for user, want := range map[string]string{"bob": "menu", "dave": "sandbox", "frank": "starting"} {
		if !regexp.MustCompile(`(?m)^ . ` + user + ` +` + want + ` `).MatchString(got) {
			t.Errorf("the dashboard does not show %s in the %s:\n%s", user, want, got)
		}
	}
	if strings.Contains(got, "—") {
		t.Errorf("the dashboard shows a dash:\n%s", got)
	}
}

func TestDashboardMarksTheStuck(t *testing.T) {
	base := learnerRow{Status: Status{Place: PlaceLesson, Step: 1, Steps: 3, HintTiers: 3}, StepSince: dashNow.Add(-time.Minute)}
	with := func(change func(r *learnerRow)) learnerRow { r := base; change(&r); return r }
	for _, c := range []struct {
		name  string
		row   learnerRow
		after time.Duration
		stuck bool
	}{
		{"working", base, 5 * time.Minute, false},
		{"every hint", with(func(r *learnerRow) { r.Status.Hints = 3 }), 5 * time.Minute, true},
		{"the solution", with(func(r *learnerRow) { r.Status.Solution = true }), 5 * time.Minute, true},
		{"five minutes", with(func(r *learnerRow) { r.StepSince = dashNow.Add(-5 * time.Minute) }), 5 * time.Minute, true},
		{"five minutes, time off", with(func(r *learnerRow) { r.StepSince = dashNow.Add(-5 * time.Minute) }), 0, false},
		{"step done", with(func(r *learnerRow) { r.Status.Hints, r.Status.Done = 3, true }), 5 * time.Minute, false},
		{"an hour in the menu", with(func(r *learnerRow) { r.Status = Status{Place: PlaceMenu}; r.StepSince = dashNow.Add(-time.Hour) }), 5 * time.Minute, false},
		{"a step without hints", with(func(r *learnerRow) { r.Status.HintTiers = 0 }), 5 * time.Minute, false},
	} {
		if got := isStuck(c.row, dashNow, c.after); got != c.stuck {
			t.Errorf("%s: stuck %v, want %v", c.name, got, c.stuck)
		}
	}
}

// TestDashboardSortCycles: s goes from stuck first to name to lesson and
// back, the selection staying on its learner.
func TestDashboardSortCycles(t *testing.T) {
	d, _ := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40})
	order := func() string {
		var names []string
		for _, r := range d.rows {
			names = append(names, strings.TrimSuffix(r.User, "\x1b[2J"))
		}
		return strings.Join(names, " ")
	}
	for _, want := range []string{
		"carol alice bob dave erin frank", // stuck first: longest on the step first
		"alice bob carol dave erin frank", // name
		"carol alice erin dave bob frank", // lesson: most lessons finished, then the furthest lesson open
		"carol alice bob dave erin frank",
	} {
		if got := order(); got != want {
			t.Errorf("sorted by %s: %s, want %s", d.order, got, want)
		}
		if r, _ := d.row(d.selected); r.User != "carol\x1b[2J" {
			t.Errorf("sorted by %s, the selection moved to %q", d.order, r.User)
		}
		d, _ = update(t, d, press("s"))
	}
}

// TestDashboardSortsByLessonsFinished: sorted by lesson, a learner who
// has finished more lessons comes first, wherever they are now: bob, back
// in the menu after five lessons, is ahead of erin on lesson 2 and behind
// alice, who finished as many and is on lesson 6.
func TestDashboardSortsByLessonsFinished(t *testing.T) {
	rows := fixedLearners()
	rows[1].Status.Completed, rows[1].Status.Finished = 5, courseOf(20, 5) // bob
	d, _ := newTestDashboard(rows)
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40}, press("s"), press("s"))
	var names []string
	for _, r := range d.rows {
		names = append(names, strings.TrimSuffix(r.User, "\x1b[2J"))
	}
	if got, want := strings.Join(names, " "), "carol alice bob erin dave frank"; d.order != sortLesson || got != want {
		t.Errorf("sorted by %s: %s, want by lesson: %s", d.order, got, want)
	}
}

func TestDashboardScrollsALargeRoom(t *testing.T) {
	var rows []learnerRow
	for i := range 30 {
		rows = append(rows, learnerRow{ID: uint64(i + 1), User: fmt.Sprintf("learner%02d", i+1), Status: Status{Place: PlaceMenu},
			Connected: dashNow, LastInput: dashNow, StepSince: dashNow})
	}
	d, _ := newTestDashboard(rows)
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 80, Height: 14})
	for range 12 {
		d, _ = update(t, d, press("j"))
	}
	golden.RequireEqual(t, frame(d))

	// Scrolling stops at both ends.
	for range 40 {
		d, _ = update(t, d, press("k"))
	}
	if d.offset != 0 || d.selected != 1 {
		t.Errorf("offset %d, learner %d selected after moving back past the top; want 0 and 1", d.offset, d.selected)
	}
	for range 40 {
		d, _ = update(t, d, press("j"))
	}
	if want := 30 - d.visibleRows(); d.offset != want || d.selected != 30 {
		t.Errorf("offset %d, learner %d selected after moving past the end; want %d and 30", d.offset, d.selected, want)
	}
}

func TestDashboardResetNeedsConfirmation(t *testing.T) {
	d, f := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 90, Height: 14})

	d, cmd := update(t, d, press("R"))
	if d.ask == nil || cmd != nil || f.resetAll != 0 {
		t.Fatalf("R: question %v, cmd %v, resets %d; want a question and nothing done", d.ask != nil, cmd != nil, f.resetAll)
	}
	golden.RequireEqual(t, frame(d))

	d, _ = update(t, d, press("n"))
	if d.ask != nil || f.resetAll != 0 {
		t.Fatalf("n: question %v, resets %d; want the reset cancelled", d.ask != nil, f.resetAll)
	}

	d, _ = update(t, d, press("R"), press("x"))
	if d.ask == nil || f.resetAll != 0 {
		t.Fatalf("another key answered the question: question %v, resets %d", d.ask != nil, f.resetAll)
	}
	d, cmd = update(t, d, press("y"))
	d = run(t, d, cmd)
	if f.resetAll != 1 {
		t.Errorf("%d resets, want 1", f.resetAll)
	}
	if want := "Reset 6 worlds at 10:30:00."; d.notice != want {
		t.Errorf("notice %q, want %q", d.notice, want)
	}
}

// TestDashboardLearnerActionsNeedConfirmation: resetting one learner's
// world, clearing their progress and disconnecting them each ask first,
// name the learner, and act on that learner's session alone.
func TestDashboardLearnerActionsNeedConfirmation(t *testing.T) {
	for _, c := range []struct {
		key, question, did, notice, yes string
	}{
		{"r", "Reset alice's world?", "reset 1", "Reset alice's world.", "enter"},
		{"c", "Clear alice's lesson progress?", "clear 1", "Cleared alice's lesson progress.", "y"},
		{"d", "Disconnect alice?", "disconnect 1", "Disconnected alice.", "enter"},
	} {
		d, f := newTestDashboard(fixedLearners())
		d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40}, press("s"), press("k"), press("k")) // by name, alice
		d, _ = update(t, d, press(c.key))
		if d.ask == nil || !strings.Contains(d.ask.text, c.question) {
			t.Fatalf("%s: no question %q: %+v", c.key, c.question, d.ask)
		}
		d, _ = update(t, d, press("esc"))
		if len(f.did) != 0 {
			t.Fatalf("%s then esc did %v", c.key, f.did)
		}
		d, cmd := update(t, d, press(c.key), press(c.yes))
		d = run(t, d, cmd)
		if len(f.did) != 1 || f.did[0] != c.did || d.notice != c.notice {
			t.Errorf("%s then enter: did %v, notice %q; want %q, %q", c.key, f.did, d.notice, c.did, c.notice)
		}
	}
}

// TestDashboardMessagesALearnerAndTheRoom: m types a message to the
// selected learner, b to everyone; enter sends, esc does not.
func TestDashboardMessagesALearnerAndTheRoom(t *testing.T) {
	d, f := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40}, press("s"), press("k")) // by name, bob
	d, _ = update(t, d, press("m"))
	if !strings.Contains(frame(d), "Message to bob:") {
		t.Fatalf("m opens no message line to bob:\n%s", frame(d))
	}
	d, _ = update(t, d, typed("look at step 2 again")...)
	d, _ = update(t, d, tea.PasteMsg{Content: " please"})
	d, cmd := update(t, d, press("enter"))
	d = run(t, d, cmd)
	if want := "message 2 look at step 2 again please"; len(f.did) != 1 || f.did[0] != want || d.notice != "Sent to bob." {
		t.Errorf("sent %v, notice %q; want %q", f.did, d.notice, want)
	}

	d, _ = update(t, d, press("b"))
	d, _ = update(t, d, typed("q and s are letters here")...)
	d, _ = update(t, d, press("esc"))
	if len(f.did) != 1 || d.notice != "Message not sent." {
		t.Errorf("esc sent %v, notice %q", f.did, d.notice)
	}
	d, _ = update(t, d, press("b"))
	d, _ = update(t, d, typed("break: 10 minutes")...)
	d, cmd = update(t, d, press("enter"))
	d = run(t, d, cmd)
	if want := "broadcast break: 10 minutes"; len(f.did) != 2 || f.did[1] != want || d.notice != "Sent to 6 learners." {
		t.Errorf("sent %v, notice %q; want %q", f.did, d.notice, want)
	}
}

// TestDashboardWatchesAScreen: enter shows the selected learner's screen,
// cut to the instructor's terminal however large theirs is; ↓ watches the
// next learner; esc goes back to the list and stops the watch.
func TestDashboardWatchesAScreen(t *testing.T) {
	d, f := newTestDashboard(fixedLearners())
	huge := strings.Repeat(strings.Repeat("x", 300)+"\n", 99) + "last"
	f.shots[1] = screenShot{Content: "\x1b[1malice's screen\x1b[m\nline two", Width: 100, Height: 30}
	f.shots[2] = screenShot{Content: huge, Width: 300, Height: 100}
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 80, Height: 24}, press("s"), press("k"), press("k")) // by name, alice
	d, cmd := update(t, d, press("enter"))
	if f.watching != 1 || cmd == nil {
		t.Fatalf("enter watches %d (tick %v), want alice's session 1", f.watching, cmd != nil)
	}
	golden.RequireEqual(t, frame(d))

	d, _ = update(t, d, press("down"))
	if f.watching != 2 {
		t.Fatalf("↓ watches %d, want bob's session 2", f.watching)
	}
	fits(t, d, 80, 24)
	if !strings.Contains(frame(d), "cut from 300×100") {
		t.Errorf("the cut is not said:\n%s", frame(d))
	}

	// A new frame shows at the next watch tick; one of an old watch is
	// dropped.
	f.shots[2] = screenShot{Content: "bob typed", Width: 80, Height: 24}
	d, _ = update(t, d, watchTickMsg{gen: d.watchGen - 1})
	if strings.Contains(frame(d), "bob typed") {
		t.Error("a stale watch tick read the screen")
	}
	d, _ = update(t, d, watchTickMsg{gen: d.watchGen})
	if !strings.Contains(frame(d), "bob typed") {
		t.Errorf("the new frame does not show:\n%s", frame(d))
	}

	d, _ = update(t, d, press("esc"))
	if f.watching != 0 || d.watching != 0 {
		t.Errorf("esc left the watch on: room %d, dashboard %d", f.watching, d.watching)
	}
	if !strings.Contains(frame(d), "LEARNER") {
		t.Errorf("esc does not bring the list back:\n%s", frame(d))
	}
}

// TestDashboardWatchEndsWhenTheLearnerLeaves: a watched learner who
// disconnects sends the instructor back to the list, told why.
func TestDashboardWatchEndsWhenTheLearnerLeaves(t *testing.T) {
	d, f := newTestDashboard(fixedLearners())
	f.shots[1] = screenShot{Content: "hello"}
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 80, Height: 24}, press("s"), press("k"), press("k"), press("enter"))
	delete(f.shots, 1)
	d, cmd := update(t, d, watchTickMsg{gen: d.watchGen})
	if d.watching != 0 || f.watching != 0 || cmd != nil || d.notice != "alice has left." {
		t.Errorf("after alice left: watching %d/%d, tick %v, notice %q", d.watching, f.watching, cmd != nil, d.notice)
	}
}

func TestDashboardExportSaysWhere(t *testing.T) {
	d, f := newTestDashboard(fixedLearners())
	d, cmd := update(t, d, press("e"))
	d = run(t, d, cmd)
	if want := "The room's progress is in /state/room-20260302-103000.csv."; d.notice != want || len(f.did) != 1 {
		t.Errorf("notice %q after %v, want %q", d.notice, f.did, want)
	}
}

func TestDashboardArchiveNeedsConfirmation(t *testing.T) {
	d, f := newTestDashboard(fixedLearners())
	d, _ = update(t, d, press("A"))
	if d.ask == nil || len(f.did) != 0 {
		t.Fatalf("A: question %v, did %v; want a question first", d.ask != nil, f.did)
	}
	d, cmd := update(t, d, press("y"))
	d = run(t, d, cmd)
	if want := "Archived the room's progress to /state/archive/users-20260302-103000; everyone starts afresh."; d.notice != want {
		t.Errorf("notice %q, want %q", d.notice, want)
	}
}

// TestDashboardHelpListsEveryKey: ? shows every binding, from the keymap.
func TestDashboardHelpListsEveryKey(t *testing.T) {
	d, _ := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 120, Height: 40}, press("?"))
	got := frame(d)
	for _, group := range (listKeys{&d.keys}).FullHelp() {
		for _, b := range group {
			if h := b.Help(); !strings.Contains(got, h.Key) || !strings.Contains(got, h.Desc) {
				t.Errorf("the help does not list %s %s:\n%s", h.Key, h.Desc, got)
			}
		}
	}
	fits(t, d, 120, 40)
	golden.RequireEqual(t, got)
}

func TestDashboardRefreshesOnTick(t *testing.T) {
	d, f := newTestDashboard(fixedLearners()[:1])
	f.rows = fixedLearners()
	d, cmd := update(t, d, dashTickMsg{})
	if len(d.rows) != 6 || cmd == nil {
		t.Errorf("after a tick: %d rows, next tick %v; want 6 rows and another tick", len(d.rows), cmd != nil)
	}
}

func TestDashboardQuitsOnShutdown(t *testing.T) {
	d, _ := newTestDashboard(nil)
	_, cmd := update(t, d, ShutdownMsg{Reason: "bye"})
	if cmd == nil {
		t.Fatal("no command after ShutdownMsg")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("the dashboard did not quit on ShutdownMsg")
	}
}

func TestDashboardShowsALimitThatBit(t *testing.T) {
	d, _ := newTestDashboard(fixedLearners())
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 90, Height: 14},
		LimitMsg{Text: "your terminal is 900×300; the tutorial draws at most 500×200"})
	if want := "your terminal is 900×300"; !strings.Contains(frame(d), want) {
		t.Errorf("the dashboard does not show %q:\n%s", want, frame(d))
	}
}

// TestDashboardFitsATinyTerminal: no size makes a line wider or the frame
// taller than the terminal.
func TestDashboardFitsATinyTerminal(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {10, 3}, {30, 8}, {200, 5}} {
		d, f := newTestDashboard(fixedLearners())
		f.shots[3] = screenShot{Content: strings.Repeat("y", 500)}
		d, _ = update(t, d, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		fits(t, d, size[0], size[1])
		d, _ = update(t, d, press("enter"))
		fits(t, d, size[0], size[1])
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
	for i, user := range []string{"José", "Jose\u0301", "李小龙", "👩\u200d💻 dev", "mal\u202eyrolam", "eve\x1b]0;pwned\a", "tab\tname\nx", "instructor\u200b", "al\u200dice"} {
		rows = append(rows, learnerRow{ID: uint64(i + 1), User: user, Connected: at, LastInput: at})
	}
	d, _ := newTestDashboard(rows)
	d, _ = update(t, d, tea.WindowSizeMsg{Width: 90, Height: 20})
	got := frame(d)
	for _, want := range []string{"José", "Jose\u0301", "李小龙", "👩\u200d💻 dev", `mal\u202eyrolam`, `eve\u001b]0;pwn…`, `tab\u0009name\u…`, `instructor\u200b`, `al\u200dice`} {
		if !strings.Contains(got, want) {
			t.Errorf("the dashboard does not show %q:\n%s", want, got)
		}
	}
	fits(t, d, 90, 20)
	for _, r := range got {
		if r == 0x1b || r == 0x202e || r == '\t' || r == 0x07 || r == 0x200b {
			t.Errorf("the frame carries %U from a name", r)
		}
	}
}
