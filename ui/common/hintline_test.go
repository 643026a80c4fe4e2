package common

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// TestHintLineKeepsItsTailAtEveryWidth: however many keys a line lists,
// it is exactly w cells and ends with help and quit; keys that do not fit
// give way, whole, to an ellipsis. bubbles' own width handling overran
// by an item at some widths and pushed "q quit" off the line.
func TestHintLineKeepsItsTailAtEveryWidth(t *testing.T) {
	st := styles.NewStyles(true)
	k := keymap.DefaultKeyMap()
	items := append([]key.Binding{k.Lessons}, k.ShortHelp()...)
	for w := 40; w <= 200; w++ {
		line := ansi.Strip(HintLine(st, w, items, k.HelpQuit()))
		if got := ansi.StringWidth(line); got != w {
			t.Errorf("at %d cells the line is %d wide: %q", w, got, line)
		}
		if !strings.HasSuffix(line, "? help · q quit") {
			t.Errorf("at %d cells the line lost its tail: %q", w, line)
		}
		if strings.Contains(line, "…") {
			// What shows of the items is whole items, then the ellipsis.
			shown := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(line, "? help · q quit")), "…"))
			for _, part := range strings.Split(shown, " · ") {
				if part == "" {
					continue
				}
				if !containsItem(items, part) {
					t.Errorf("at %d cells %q is not a whole item of %q", w, part, line)
				}
			}
		}
	}
}

func containsItem(items []key.Binding, s string) bool {
	for _, b := range items {
		if b.Help().Key+" "+b.Help().Desc == s {
			return true
		}
	}
	return false
}
