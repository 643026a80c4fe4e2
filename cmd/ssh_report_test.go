package cmd

import (
	"context"
	"slices"
	"testing"

	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/course"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// heard is a workshop session that keeps what the tutorial reports.
type heard struct {
	store    *lessons.Store
	statuses []workshop.Status
}

func (h *heard) User() string             { return "alice" }
func (h *heard) StateDir() string         { return "" }
func (h *heard) Progress() *lessons.Store { return h.store }
func (h *heard) WindowSize() (int, int)   { return 80, 24 }
func (h *heard) Context() context.Context { return context.Background() }
func (h *heard) Report(s workshop.Status) { h.statuses = append(h.statuses, s) }
func (h *heard) last() workshop.Status    { return h.statuses[len(h.statuses)-1] }

// TestLessonReporterTellsTheDashboard: the dashboard hears the menu at
// once, with the lessons already finished; then the lesson by number and
// title, the step, hints and refusals; a lesson finished by the step just
// completed counts before its save lands.
func TestLessonReporterTellsTheDashboard(t *testing.T) {
	all, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	store := lessons.Open(t.TempDir())
	for _, s := range all[1].Steps {
		if err := store.Complete(all[1].ID, s.Number); err != nil {
			t.Fatal(err)
		}
	}
	h := &heard{store: store}
	report := lessonReporter(h, all, store)
	if got := h.last(); got.Place != workshop.PlaceMenu || got.Completed != 1 || !slices.Equal(got.Finished[:3], []bool{false, true, false}) {
		t.Errorf("at once: %+v, want the menu and lesson 2 finished", got)
	}
	report(ui.LessonStatus{Screen: course.ScreenLesson, Lesson: all[0].ID, Step: 3, Steps: 3, Completed: 3, Hints: 2, HintTiers: 3, Refused: 4, Done: true})
	got := h.last()
	if got.Place != workshop.PlaceLesson || got.Lesson != "1 "+all[0].Title || got.Index != 1 || got.Step != 3 || got.Hints != 2 ||
		got.HintTiers != 3 || got.Refused != 4 || !got.Done || got.Completed != 2 || !got.Finished[0] {
		t.Errorf("in lesson 1, its last step done: %+v", got)
	}
	report(ui.LessonStatus{Screen: course.ScreenSandbox})
	if got := h.last(); got.Place != workshop.PlaceSandbox || got.Lesson != "" || got.Index != 0 {
		t.Errorf("in the sandbox: %+v", got)
	}
}
