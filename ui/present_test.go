package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// TestPresentModeGolden pins presenter mode at a projector's 120×40:
// the big clock, a demo's caption, the token strip and the full-width
// sequence diagram, with the tour's theft and reuse detection on it.
func TestPresentModeGolden(t *testing.T) {
	m := newDemo(t, "demo.tf", shippedDemo(t), Options{Present: true})
	resize(m, 120, 40)
	for range 21 {
		press(m, "right")
	}
	out := ascii(t, m)
	requireFrame(t, out, 120, 40)
	requireGolden(t, out)
}

// TestPresentModeFitsEverySize checks that presenter mode draws a whole
// frame from the smallest terminal up, with and without a demo, and with
// the settings panel open.
func TestPresentModeFitsEverySize(t *testing.T) {
	for _, size := range [][2]int{{60, 18}, {70, 20}, {80, 24}, {100, 30}, {120, 40}, {200, 60}} {
		for _, demo := range []bool{false, true} {
			t.Run(fmt.Sprintf("%dx%d_demo_%v", size[0], size[1], demo), func(t *testing.T) {
				m := newModel(t)
				if demo {
					m = newDemo(t, "demo.tf", shippedDemo(t), Options{})
				}
				resize(m, size[0], size[1])
				press(m, "P", "l", "c", "T", "A", "tab", "down")
				requireFrame(t, ansi.Strip(m.View().Content), size[0], size[1])
				press(m, "s")
				requireFrame(t, ansi.Strip(m.View().Content), size[0], size[1])
			})
		}
	}
}

// TestPresentKeyToggles checks that P switches presenter mode, with its
// theme, on and off, and that --present starts in it.
func TestPresentKeyToggles(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	press(m, "P")
	if !m.PresentOn() || m.com.Styles.Palette != styles.HighContrastPalette(true) {
		t.Fatal("P did not switch to presenter mode and its high-contrast theme")
	}
	if frame := ansi.Strip(m.View().Content); !strings.Contains(frame, "Tokens") || strings.Contains(frame, "Actors") {
		t.Errorf("presenter mode should show the token strip instead of the Actors pane:\n%s", frame)
	}
	press(m, "P")
	if m.PresentOn() || m.com.Styles.Palette != styles.NewPalette(true) {
		t.Error("a second P did not switch back to the usual layout and theme")
	}
	m, err := New(Options{Seed: 1, Present: true})
	if err != nil {
		t.Fatal(err)
	}
	if !m.PresentOn() {
		t.Error("Options.Present did not start in presenter mode")
	}
}

// presentSizes are presenter mode's golden sizes: the smallest it draws
// in, a projector's large font, and the usual smallest terminal.
var presentSizes = [][2]int{{60, 18}, {80, 24}}

// TestPresentCourseGolden pins the course under --present at 60×18 and
// 80×24: the lesson menu, a lesson's second step under the token strip,
// and the same step with v, the diagram in the text's place.
func TestPresentCourseGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string
	}{
		{"menu", nil},
		{"lesson", []string{"enter", "l", "N"}},
		{"diagram", []string{"enter", "l", "N", "v"}},
		// The step done with the diagram in the text's place: it stays.
		{"diagram_done", []string{"enter", "v", "l"}},
	} {
		for _, size := range presentSizes {
			t.Run(fmt.Sprintf("%s_%dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				m, err := New(Options{Seed: 1, Lessons: theCourse(t), Present: true})
				if err != nil {
					t.Fatal(err)
				}
				resize(m, size[0], size[1])
				keys(m, tt.keys...)
				out := ascii(t, m)
				requireFrame(t, out, size[0], size[1])
				requireGolden(t, out)
			})
		}
	}
}

// TestPresentDemoGolden pins `demo --present` at 60×18 and 80×24 at the
// tour's key moment, "its access token still works": the API has just
// answered the thief 200, and the strip says the thief's access token
// still works instead of drawing it dead; the check is the presenter's.
func TestPresentDemoGolden(t *testing.T) {
	for _, size := range presentSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newDemo(t, "demo.tf", shippedDemo(t), Options{Present: true})
			resize(m, size[0], size[1])
			for !strings.Contains(caption(m), "still works") || len(m.demo.Checks()) == 0 {
				press(m, "right")
			}
			if x := lastOf(m.World(), sim.KindExchange).Exchange; x.Status != 200 || !strings.Contains(x.Path(), "/api/") {
				t.Fatalf("the step's exchange is %s %d, want the API's 200", x.Path(), x.Status)
			}
			out := ascii(t, m)
			requireFrame(t, out, size[0], size[1])
			text := ansi.Strip(out)
			_, strip, _ := strings.Cut(text, "Tokens")
			strip, _, _ = strings.Cut(strip, "Sequence")
			_, thief, _ := strings.Cut(strip, "Attacker")
			thief, _, _ = strings.Cut(thief, "refresh")
			// Revoked by the issuer and taken by the API: "✖ revoked ·
			// usable" says both; a bare "✖ usable" draws it dead.
			if !strings.Contains(thief, "still") && !strings.Contains(thief, "usable") ||
				strings.Contains(thief, "✖") && !strings.Contains(thief, "revoked · ") {
				t.Errorf("the strip draws the thief's access token, which the API accepts, as %q", strings.TrimSpace(thief))
			}
			if strings.Contains(text, "expect status") {
				t.Error("presenter mode shows the room the expect results")
			}
			requireGolden(t, out)
		})
	}
}

// TestPresentLessonKeepsTheStripAndVGivesTheDiagramRoom: a lesson under
// --present keeps the token strip; v puts the diagram where the text
// was, says so in the key line, and brings the text back.
func TestPresentLessonKeepsTheStripAndVGivesTheDiagramRoom(t *testing.T) {
	for _, size := range [][2]int{{60, 18}, {80, 24}, {120, 40}} {
		m, err := New(Options{Seed: 1, Lessons: theCourse(t), Present: true})
		if err != nil {
			t.Fatal(err)
		}
		resize(m, size[0], size[1])
		keys(m, "enter")
		frame := ansi.Strip(m.View().Content)
		if !strings.Contains(frame, "Tokens") || strings.Contains(frame, "Actors") {
			t.Errorf("%dx%d: a presented lesson lacks the token strip:\n%s", size[0], size[1], frame)
		}
		if !strings.Contains(frame, "v diagram") {
			t.Errorf("%dx%d: the key line does not name v:\n%s", size[0], size[1], frame)
		}
		narrow := size[0] < 100
		if hasSeq := strings.Contains(frame, "Sequence"); hasSeq == narrow {
			t.Errorf("%dx%d: the diagram shows beside the text: %v, want %v", size[0], size[1], hasSeq, !narrow)
		}
		keys(m, "v")
		frame = ansi.Strip(m.View().Content)
		if !strings.Contains(frame, "Tokens") || !strings.Contains(frame, "Sequence") || strings.Contains(frame, "Step 1 · Log in") {
			t.Errorf("%dx%d: after v the diagram should have the text's place, under the strip:\n%s", size[0], size[1], frame)
		}
		if row := seqWidth(frame); row != size[0] {
			t.Errorf("%dx%d: after v the diagram is %d cells wide, want the whole width", size[0], size[1], row)
		}
		keys(m, "v")
		if frame = ansi.Strip(m.View().Content); !strings.Contains(frame, "Log in") || !strings.Contains(frame, "v diagram") {
			t.Errorf("%dx%d: a second v did not bring the text back:\n%s", size[0], size[1], frame)
		}
	}
}

// TestPresentDiagramModeKeepsItsPlace: at 60x18, v folds the goal to one
// line so that the diagram shows three rows of exchanges, not one; the
// diagram keeps the text's place when the step is done (the status says
// v shows why) and on the next step, until v brings the text back.
func TestPresentDiagramModeKeepsItsPlace(t *testing.T) {
	m, err := New(Options{Seed: 1, Lessons: theCourse(t), Present: true})
	if err != nil {
		t.Fatal(err)
	}
	resize(m, 60, 18)
	keys(m, "enter", "v", "l")
	frame := ansi.Strip(m.View().Content)
	lines := strings.Split(frame, "\n")
	top := slices.IndexFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "╭─ Lesson") || strings.HasPrefix(l, "╭─ ✓ Step")
	})
	seq := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "┏━ Sequence") })
	end := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "┗━") })
	if top < 0 || seq-top != 3 || end-seq-3 < 3 {
		t.Errorf("the lesson pane takes %d rows and the diagram shows %d under its lanes; want 3 and 3 or more:\n%s", seq-top, end-seq-3, frame)
	}
	if !m.course.Done() || !m.course.TextHidden() || !strings.Contains(m.Status(), "v shows why") {
		t.Errorf("the step done: done %v, diagram kept %v, status %q", m.course.Done(), m.course.TextHidden(), m.Status())
	}
	keys(m, "N")
	if !m.course.TextHidden() || current(t, m).Step.Number != 2 {
		t.Errorf("the next step (%d) brought the text back", current(t, m).Step.Number)
	}
	keys(m, "v")
	if m.course.TextHidden() {
		t.Error("v did not bring the text back")
	}
}

// seqWidth is the width of the sequence diagram's top border in frame.
func seqWidth(frame string) int {
	for _, l := range strings.Split(frame, "\n") {
		if i := strings.Index(l, "┏━ Sequence"); i >= 0 {
			return ansi.StringWidth(l[i:])
		}
	}
	return 0
}

// TestPresentModeDrawsDownTo60x18: presenter mode draws whole frames
// down to 60×18 and asks for more below it; the usual layout, still
// 80×24 at least, points a small terminal to presenter mode.
func TestPresentModeDrawsDownTo60x18(t *testing.T) {
	m := newModel(t)
	resize(m, 60, 18)
	if out := strings.Join(strings.Fields(ansi.Strip(m.View().Content)), " "); !strings.Contains(out, "Presenter mode (P) fits down to 60×18") {
		t.Errorf("the usual layout at 60×18 does not point to presenter mode:\n%s", out)
	}
	press(m, "P", "l", "c")
	requireFrame(t, ansi.Strip(m.View().Content), 60, 18)
	// The lesson menu, which takes every other key, lets P through.
	course, err := New(Options{Seed: 1, Lessons: theCourse(t)})
	if err != nil {
		t.Fatal(err)
	}
	resize(course, 60, 18)
	press(course, "P")
	if !course.PresentOn() {
		t.Error("P in the lesson menu did not switch to presenter mode")
	}
	requireFrame(t, ansi.Strip(course.View().Content), 60, 18)
	resize(m, 59, 18)
	if out := strings.Join(strings.Fields(ansi.Strip(m.View().Content)), " "); !strings.Contains(out, "at least 60×18") {
		t.Errorf("presenter mode at 59×18 does not ask for 60×18:\n%s", out)
	}
}
