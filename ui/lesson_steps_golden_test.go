package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestLessonStepScreensGolden pins screens inside lessons that a learner
// must be able to read whole at 80×24 and 120×40. Each opens a step (the
// steps before it played by their solutions), presses keys and names
// text the screen must show, so that a cut line fails here.
func TestLessonStepScreensGolden(t *testing.T) {
	tests := []struct {
		name         string
		lesson, step int
		keys         []string
		want         []string
	}{
		// The sub-menu's question wraps rather than lose its last answer.
		{"introspect_menu", 9, 2, []string{"i"}, []string{"s the attacker's loot", "esc cancels"}},
		// The last hint names the keys: the sub-menu's and the choice's.
		{"introspect_hints", 9, 2, []string{"h", "h", "h"}, []string{"keys: i s"}},
		// The second tab's refused refresh keeps its status at 80
		// columns; its path gives way first.
		{"race", 8, 1, []string{"l", "j", "R"}, []string{"tab 2: POST", "✗ 400"}},
		// A step that opens right after reuse was detected does not tick
		// "no reuse" before anything happened in it.
		{"grace_opens", 8, 2, nil, []string{"○ the issuer detected no reuse", "space runs it"}},
		// With a row selected, the diagram's footer keeps its keys whole.
		{"selected_row", 3, 4, []string{"c", "tab", "up"}, []string{"end follows"}},
	}
	for _, tt := range tests {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				m := newCourseModel(t, nil)
				resize(m, size[0], size[1])
				openStep(t, m, tt.lesson, tt.step)
				keys(m, tt.keys...)
				out := ascii(t, m)
				requireFrame(t, out, size[0], size[1])
				text := strings.Join(strings.Fields(ansi.Strip(out)), " ")
				for _, want := range tt.want {
					if !strings.Contains(text, want) {
						t.Errorf("the screen does not show %q:\n%s", want, ansi.Strip(out))
					}
				}
				requireGolden(t, out)
			})
		}
	}
}
