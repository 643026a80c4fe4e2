package course

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// TestHintKeysComeFromTheSolution pins the two hints a learner found wrong:
// keys are never read from a hint's wording, so a pointer that names
// actions out of order, or names only some of them, cannot mislead.
func TestHintKeysComeFromTheSolution(t *testing.T) {
	course, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	k := keymap.DefaultKeyMap()
	find := func(id string, n int) *lessons.Step {
		for _, l := range course {
			if l.ID == id {
				return l.Steps[n-1]
			}
		}
		t.Fatalf("no lesson %s", id)
		return nil
	}
	for _, tt := range []struct {
		id   string
		step int
		want string
	}{
		// The pointer names race before jump; the keys follow the solution.
		{"the-two-tab-race", 1, "— keys: l then j then R"},
		// The pointer never names login with its verb; the keys still do.
		{"why-short-lived", 3, "— keys: :set access-ttl 24h then l then t then :advance 12h then a"},
		// A sub-menu's action is its key and the choice that answers it.
		{"logging-out-for-real", 2, "— keys: i s"},
	} {
		s := find(tt.id, tt.step)
		if got := hintTier(k, s, len(s.Hints)-1); !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s step %d, last tier: %q, want it to end %q", tt.id, tt.step, got, tt.want)
		}
	}
	pointer := hintTier(k, find("the-two-tab-race", 1), 1)
	if !strings.Contains(pointer, "`race` ‹R›") || !strings.Contains(pointer, "`jump` ‹j›") {
		t.Errorf("the pointer tier names its actions without their keys: %q", pointer)
	}
	// A verb named alone gets the key of the sub-menu that asks the rest.
	if pointer := hintTier(k, find("logging-out-for-real", 2), 1); !strings.Contains(pointer, "`introspect` ‹i›") {
		t.Errorf("the pointer tier names introspect without its sub-menu's key: %q", pointer)
	}
}

// TestStepKeysCoverEverySolution: the key line of every built-in step
// offers a way to do each action of its solution: the action's own key,
// its sub-menu's, the settings panel for a value the panel offers, or the
// prompt, and names each key once.
func TestStepKeysCoverEverySolution(t *testing.T) {
	course, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	k := keymap.DefaultKeyMap()
	for _, l := range course {
		for _, s := range l.Steps {
			keys := stepKeys(k, s)
			offered := map[string]bool{}
			for _, b := range keys {
				if offered[b.Help().Key] {
					t.Errorf("%s step %d names %s twice", l.ID, s.Number, b.Help().Key)
				}
				offered[b.Help().Key] = true
			}
			for _, a := range solutionActions(s) {
				how := k.Command.Help().Key
				if b, ok := k.BindingFor(a); ok {
					how = b.Help().Key
				} else if m, ok := k.MenuFor(a.Verb); ok {
					how = m.Help().Key
				} else if offered[k.Settings.Help().Key] && a.Verb == "set" {
					how = k.Settings.Help().Key
				}
				if !offered[how] {
					t.Errorf("%s step %d: %q needs %s, and the key line offers only %v", l.ID, s.Number, a, how, offered)
				}
			}
		}
	}
}
