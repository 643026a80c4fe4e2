package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// TestStatusLinesKeepWholeClausesAt80And100: at 80 and 100 columns, what
// the status line and the line under it say is never cut inside a word:
// a status too long keeps its first clauses, which carry its point (the
// workshop's notices, the instructor's resets, on a finished step too,
// the greeting), and the menu's next line drops the lesson's title and
// the sandbox's key, which the menu shows anyway, before the step enter
// opens.
func TestStatusLinesKeepWholeClausesAt80And100(t *testing.T) {
	for _, tt := range []struct {
		name string
		msg  tea.Msg
		want string // what the status must keep
	}{
		{"greeting", nil, "choose a lesson"},
		{"keys", workshop.LimitMsg{Text: "some keys were dropped: they arrived faster than 20 a second, faster than anyone types"}, "some keys were dropped"},
		{"bytes", workshop.LimitMsg{Text: "some input was dropped: it arrived faster than 2 KiB a second, far faster than anyone types"}, "some input was dropped"},
		{"paste", workshop.LimitMsg{Text: "a paste was ignored: it was longer than 4 KiB (this tutorial takes a token or a line at a time)"}, "a paste was ignored"},
		{"reset", workshop.ResetWorldMsg{}, "your lesson progress is kept"},
		{"room reset", workshop.ResetWorldMsg{Room: true}, "your lesson progress is kept"},
		{"cleared", workshop.ProgressClearedMsg{}, "cleared your lesson progress"},
		{"reset on a finished step", workshop.ResetWorldMsg{}, "it stays, on a finished step: N goes on"},
	} {
		for _, w := range []int{80, 100} {
			t.Run(fmt.Sprintf("%s_%d", tt.name, w), func(t *testing.T) {
				m := newCourseModel(t, nil)
				resize(m, w, 30)
				finished := strings.Contains(tt.want, "finished step")
				if finished {
					keys(m, "enter", "l") // lesson 1's first step done
				} else {
					keys(m, "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")
				}
				if tt.msg != nil {
					send(m, tt.msg)
				}
				lines := strings.Split(ansi.Strip(m.View().Content), "\n")
				status, next := lines[len(lines)-3], lines[len(lines)-2]
				for _, l := range []string{status, next} {
					if strings.Contains(l, "…") {
						t.Errorf("cut inside a word at %d columns: %q", w, l)
					}
				}
				if !strings.Contains(status, tt.want) {
					t.Errorf("the status %q lost %q", status, tt.want)
				}
				if !finished && (!strings.Contains(next, "press enter to start lesson 15") || !strings.Contains(next, "at step 1 of 3")) {
					t.Errorf("the next line %q does not say what enter opens", next)
				}
			})
		}
	}
}
