package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
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

// TestAStepOpensAtItsInstruction: at 120x40 every lesson's first step,
// where the lesson's introduction comes first, opens with the whole of
// the step's instruction in view beside the pinned goal, not below the
// fold. The capstone's, whose bullets were once cut mid-sentence, is
// pinned as a golden.
func TestAStepOpensAtItsInstruction(t *testing.T) {
	for i, l := range theCourse(t) {
		m := newCourseModel(t, nil)
		resize(m, 120, 40)
		for range i {
			keys(m, "down")
		}
		keys(m, "enter")
		if cur := current(t, m); cur.Lesson != l || cur.Step.Number != 1 {
			t.Fatalf("opened %s step %d, want %s step 1", cur.Lesson.ID, cur.Step.Number, l.ID)
		}
		out := ascii(t, m)
		pane := words(lessonColumn(out))
		want := append(words("Step 1 · "+l.Steps[0].Title), words(l.Steps[0].Narrative)...)
		if !containsRun(pane, want) {
			t.Errorf("%s: step 1's heading and instruction are not all in view at 120x40:\n%s", l.ID, ansi.Strip(out))
		}
		if l.ID == "incident-response" {
			requireFrame(t, out, 120, 40)
			requireGolden(t, out)
		}
	}
}

// TestAStepOpensAtItsHeadingGolden: at 100x30 the first lesson's first
// step, whose introduction and instruction do not fit together, opens on
// the step's heading, not in the middle of the introduction's sentence
// that the end of the text would otherwise leave at the top.
func TestAStepOpensAtItsHeadingGolden(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 100, 30)
	keys(m, "enter")
	out := ascii(t, m)
	requireFrame(t, out, 100, 30)
	if first, _, _ := strings.Cut(lessonColumn(out), "\n"); strings.TrimSpace(first) != "Step 1 · Log in" {
		t.Errorf("the lesson pane opens on %q, want the step's heading", strings.TrimSpace(first))
	}
	requireGolden(t, out)
}

// lessonColumn is the text inside the lesson pane's heavy border, the
// left column of the frame.
func lessonColumn(out string) string {
	var b strings.Builder
	for _, l := range strings.Split(ansi.Strip(out), "\n") {
		if _, rest, ok := strings.Cut(l, "┃"); ok {
			inside, _, _ := strings.Cut(rest, "┃")
			b.WriteString(inside + "\n")
		}
	}
	return b.String()
}

// words are the letters and digits of text's words, in order: what a
// reader sees whatever the wrapping and the Markdown marks.
func words(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		w := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, f)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// containsRun reports whether want appears in have, in order and
// unbroken.
func containsRun(have, want []string) bool {
	for i := 0; i+len(want) <= len(have); i++ {
		if slices.Equal(have[i:i+len(want)], want) {
			return true
		}
	}
	return false
}
