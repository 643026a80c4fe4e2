package ui

import (
	"fmt"
	"testing"

	"github.com/tokenflow/tokenflow/lessons"
)

// TestLessonScreensGolden pins the course's screens at the smallest and
// a common terminal size: the menu a new learner meets, the menu of one
// who left lesson 2 at step 2, a step with a hint shown, a debrief, and the sandbox opened from the
// menu.
func TestLessonScreensGolden(t *testing.T) {
	tests := []struct {
		name     string
		keys     []string
		returned bool // the store says lesson 2, step 2
	}{
		{"menu", nil, false},
		{"menu_returning", nil, true},
		{"lesson", []string{"enter", "h"}, false},
		{"debrief", []string{"enter", "l"}, false},
		// The sandbox from the menu: its key line keeps help and quit.
		{"sandbox", []string{"b"}, false},
		// Help in a lesson: the global keys, then each pane's own.
		{"help", []string{"enter", "?"}, false},
	}
	for _, tt := range tests {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				var store *lessons.Store
				if tt.returned {
					store = lessons.Open(t.TempDir())
					if err := store.Complete("it-expires", 1); err != nil {
						t.Fatal(err)
					}
					if err := store.SetLast("it-expires", 2); err != nil {
						t.Fatal(err)
					}
				}
				m := newCourseModel(t, store)
				resize(m, size[0], size[1])
				keys(m, tt.keys...)
				out := ascii(t, m)
				requireFrame(t, out, size[0], size[1])
				requireGolden(t, out)
			})
		}
	}
}
