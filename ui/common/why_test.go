package common

import (
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestEveryCauseHasItsOwnWhy: the Why pane explains an action by its
// cause, so each cause needs a text, and no two causes may share one.
func TestEveryCauseHasItsOwnWhy(t *testing.T) {
	seen := map[string]sim.Cause{}
	for _, c := range sim.Causes {
		text := Why(c)
		if text == "" {
			t.Errorf("cause %q has no Why", c)
			continue
		}
		if other, dup := seen[text]; dup {
			t.Errorf("causes %q and %q share one Why", c, other)
		}
		seen[text] = c
	}
	if len(whyText) != len(sim.Causes) {
		t.Errorf("%d Why texts for %d causes: a text for a cause nobody stamps", len(whyText), len(sim.Causes))
	}
}
