package keymap

import (
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestSubMenuKeysNeverCollide gives every verb with a fixed set of
// arguments its choices, as a sub-menu would ask them: each argument has
// a key, no two share one, and none is quit's or back's, which keep their
// meaning while a question waits. First letters alone collide
// (attacker silent and sniff).
func TestSubMenuKeysNeverCollide(t *testing.T) {
	k := DefaultKeyMap()
	reserved := map[string]bool{}
	for _, name := range append(k.Quit.Keys(), k.Back.Keys()...) {
		reserved[name] = true
	}
	for _, v := range sim.Verbs {
		choices := k.Choices(v)
		if len(choices) != len(v.Subs) {
			t.Errorf("%s: %d choices for %d arguments", v.Name, len(choices), len(v.Subs))
		}
		seen := map[string]string{}
		for i, c := range choices {
			if c.Arg != v.Subs[i] {
				t.Errorf("%s: choice %d answers %q, want %q", v.Name, i, c.Arg, v.Subs[i])
			}
			for _, name := range c.Binding.Keys() {
				if other, ok := seen[name]; ok {
					t.Errorf("%s: %s and %s share the key %q", v.Name, other, c.Arg, name)
				}
				if reserved[name] {
					t.Errorf("%s: %s takes %q, which quits or cancels", v.Name, c.Arg, name)
				}
				seen[name] = c.Arg
			}
		}
	}
}

// TestKeyForNamesTheSubMenuChoice: an action a sub-menu asks for is said
// as the menu's key and the choice's, the keys a learner presses.
func TestKeyForNamesTheSubMenuChoice(t *testing.T) {
	k := DefaultKeyMap()
	for _, tt := range []struct{ line, want string }{
		{"introspect stolen", "i s"},
		{"forge audience", "f a"},
		{"revoke refresh", "k r"},
		{"login", "l"},
		{"advance 14m", ""},
	} {
		a, err := sim.ParseAction(tt.line)
		if err != nil {
			t.Fatal(err)
		}
		if got := k.KeyFor(a); got != tt.want {
			t.Errorf("KeyFor(%s) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
