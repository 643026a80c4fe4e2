package course

import (
	"strings"

	"charm.land/bubbles/v2/key"
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

// stepKeys are the keys a step's solution uses, each once, in the order
// it first uses them, as the keymap names them (keymap.KeysFor's lookup):
// an action's own key, the key of the sub-menu that asks for the rest, the
// settings panel for a setting it offers, and the prompt for the rest.
func stepKeys(k *keymap.KeyMap, s *lessons.Step) []key.Binding {
	var out []key.Binding
	seen := map[string]bool{}
	for _, a := range solutionActions(s) {
		b := k.Command
		if own, ok := k.BindingFor(a); ok {
			b = own
		} else if menu, ok := k.MenuFor(a.Verb); ok {
			b = menu
		} else if set, ok := sim.FindSetting(settingOf(a)); ok && len(a.Args) == 2 && set.Offers(a.Args[1]) {
			b = k.Settings
		}
		if name := b.Help().Key; !seen[name] {
			seen[name] = true
			out = append(out, b)
		}
	}
	return out
}

// settingOf is the setting a `set` action changes, or "".
func settingOf(a sim.Action) string {
	if a.Verb != "set" || len(a.Args) == 0 {
		return ""
	}
	return a.Args[0]
}
