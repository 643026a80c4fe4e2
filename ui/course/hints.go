package course

import (
	"strings"

	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// solutionActions are the actions of a step's solution, without its
// expectations and comments.
func solutionActions(s *lessons.Step) []sim.Action {
	var out []sim.Action
	for _, l := range s.Solution {
		if l.Action != nil {
			out = append(out, *l.Action)
		}
	}
	return out
}

// hintTier renders tier i of a step's hints with keys from the keymap, so
// that no key is ever written into a lesson by hand: each action a pointer
// names in backticks gets its key beside it, and the last tier, which gives
// the exact actions, ends with the solution's keys in order.
func hintTier(k *keymap.KeyMap, s *lessons.Step, i int) string {
	if i == len(s.Hints)-1 {
		return s.Hints[i] + " — keys: " + solutionKeys(k, s)
	}
	return hintText(k, s.Hints[i])
}

// hintText follows each action a hint names in backticks with its key,
// and a verb named alone with the key of its sub-menu.
func hintText(k *keymap.KeyMap, hint string) string {
	parts := strings.Split(hint, "`")
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		b.WriteString("`" + p + "`")
		if a, err := sim.ParseAction(p); err == nil {
			if key := k.KeyFor(a); key != "" {
				b.WriteString(" ‹" + key + "›")
			}
		} else if menu, ok := k.MenuFor(p); ok {
			// A verb named alone, whose sub-menu asks for the rest.
			b.WriteString(" ‹" + menu.Help().Key + "›")
		}
	}
	return b.String()
}

// solutionKeys lists how to do each action of a step's solution, in order.
func solutionKeys(k *keymap.KeyMap, s *lessons.Step) string {
	var keys []string
	for _, a := range solutionActions(s) {
		keys = append(keys, k.KeysFor(a))
	}
	return strings.Join(keys, " then ")
}
