package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/common"
)

// TestClosingTheInspectorRetellsTheDoneStatus: a step done with the
// inspector open says to close it first (lesson 6 step 1 opens the
// refresh token); once esc has closed it, the status line stops saying so.
func TestClosingTheInspectorRetellsTheDoneStatus(t *testing.T) {
	m := newCourseModel(t, nil)
	send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openStep(t, m, 6, 1)
	keys(m, "l", "2")
	if !current(t, m).Done {
		t.Fatal("logging in and opening the refresh token did not complete lesson 6 step 1")
	}
	if got := m.Status(); !strings.Contains(got, "esc closes this") {
		t.Fatalf("with the inspector open the status is %q, want it to say esc closes it", got)
	}
	keys(m, "esc")
	if got := m.Status(); strings.Contains(got, "esc closes") || !strings.Contains(got, "read why in the lesson text, then N goes on.") {
		t.Errorf("after esc the status is %q, want it to say read why, then N goes on", got)
	}
	// Anything the learner does since is told, not overwritten.
	keys(m, "2", "c", "esc")
	if got := m.Status(); strings.Contains(got, "step 1 of 4 done") {
		t.Errorf("after a call the status went back to %q", got)
	}
}

// TestLessonKeyLineNamesTheStep: in a step the key line names the keys
// its solution uses (lesson 8 step 2: the settings, log in, the jump and
// the race), and how to reach the panes, at both sizes.
func TestLessonKeyLineNamesTheStep(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newCourseModel(t, nil)
		send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		openStep(t, m, 8, 2)
		lines := strings.Split(ansi.Strip(m.View().Content), "\n")
		last := lines[len(lines)-1]
		for _, want := range []string{"s settings", "l log in", "tab panes", "? help", "q quit"} {
			if !strings.Contains(last, want) {
				t.Errorf("at %dx%d the key line %q lacks %q", size[0], size[1], last, want)
			}
		}
		if size[0] > 80 && !strings.Contains(last, "R race 2 tabs") {
			t.Errorf("at %dx%d the key line %q lacks the race", size[0], size[1], last)
		}
	}
}

// TestHelpNamesThePanesKeys: the help overlay lists, from the panes' and
// the lesson text's own FullHelp, the keys that keymap.Groups alone left
// out: end follows, home, the page keys, ←→ in the settings, and enter
// going on from the lesson text.
func TestHelpNamesThePanesKeys(t *testing.T) {
	m := newCourseModel(t, nil)
	send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	keys(m, "enter", "?")
	if m.focus.Overlay != common.OverlayHelp {
		t.Fatal("? did not open the help")
	}
	lines := m.help.Lines()
	for _, want := range []string{"Sequence diagram:", "  end: newest (follow)", "  home: oldest", "  pgup/pgdn: page",
		"Settings panel:", "  ←: previous value", "  →: next value", "Lesson text:", "  enter: next step, once done",
		"Typing an action (:):", "  ctrl+c: quit, even at the prompt"} {
		if !slices.Contains(lines, want) {
			t.Errorf("the help lacks %q:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}

// TestTheWayOnWorksOverTheInspector: a step done with the inspector open
// (lesson 5 step 1 opens the refresh token) goes on with the key the key
// line offers, closing the inspector, rather than ignoring it.
func TestTheWayOnWorksOverTheInspector(t *testing.T) {
	m := newCourseModel(t, nil)
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	openStep(t, m, 5, 1)
	keys(m, "l", "2")
	if !current(t, m).Done || m.focus.Overlay != common.OverlayInspect {
		t.Fatalf("after l and 2: done %v, overlay %v; want the step done with the inspector open", current(t, m).Done, m.focus.Overlay)
	}
	keys(m, "N")
	if got := current(t, m).Step.Number; got != 2 || m.focus.Overlay != common.OverlayNone {
		t.Errorf("after N: step %d, overlay %v; want step 2 with the inspector closed", got, m.focus.Overlay)
	}
}
