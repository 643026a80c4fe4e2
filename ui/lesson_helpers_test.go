package ui

import (
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/course"
)

var (
	courseOnce sync.Once
	courseAll  []*lessons.Lesson
	courseErr  error
)

// theCourse is the built-in lessons, loaded once for every test.
func theCourse(t testing.TB) []*lessons.Lesson {
	t.Helper()
	courseOnce.Do(func() { courseAll, courseErr = lessons.Load(content.FS) })
	if courseErr != nil {
		t.Fatal(courseErr)
	}
	return courseAll
}

// newCourseModel builds a session with the built-in lessons and store
// (nil keeps no progress), with no real-time ticking.
func newCourseModel(t testing.TB, store *lessons.Store) *Model {
	t.Helper()
	m, err := New(Options{Seed: 1, Lessons: theCourse(t), Progress: store})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// current is the lesson in progress; the test fails without one.
func current(t *testing.T, m *Model) course.Progress {
	t.Helper()
	cur, ok := m.course.Current()
	if !ok {
		t.Fatal("no lesson is in progress")
	}
	return cur
}

// drive runs a command as Bubble Tea would, feeding what it returns back
// into the model, until nothing is left: glamour renderings arrive and
// progress is written before the test looks.
func drive(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			drive(m, c)
		}
	case nil:
	default:
		_, next := m.Update(msg)
		drive(m, next)
	}
}

// send delivers one message and drives what it starts.
func send(m *Model, msg tea.Msg) {
	_, cmd := m.Update(msg)
	drive(m, cmd)
}

// keys presses keys one after another, driving each one's commands.
func keys(m *Model, ks ...string) {
	for _, k := range ks {
		send(m, keyMsg(k))
	}
}
