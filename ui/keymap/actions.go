package keymap

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
)

// ActionKey is a key and the world action it applies.
type ActionKey struct {
	Binding key.Binding
	Action  sim.Action
}

// Actions maps keys to the actions they apply, each a sim.Action value;
// KeyFor reads it backwards to name an action's key.
func (k *KeyMap) Actions() []ActionKey {
	return []ActionKey{
		{k.Login, sim.Act("login")}, {k.Call, sim.Act("call")}, {k.Refresh, sim.Act("refresh")},
		{k.Logout, sim.Act("logout")}, {k.Race, sim.Act("race")},
		{k.StealAccess, sim.Act("steal access")}, {k.StealRefresh, sim.Act("steal refresh")},
		{k.XSS, sim.Act("attacker xss")}, {k.Sniff, sim.Act("attacker sniff")},
		{k.AttackerCall, sim.Act("attacker call")}, {k.AttackerRefresh, sim.Act("attacker refresh")},
		{k.PlusMinute, sim.Act("advance 1m")}, {k.PlusQuarter, sim.Act("advance 15m")}, {k.PlusDay, sim.Act("advance 1d")},
		{k.NextExpiry, sim.Act("jump")}, {k.InspectAccess, sim.Act("inspect access")}, {k.InspectRefresh, sim.Act("inspect refresh")},
	}
}

// MenuKey is a key that asks a sub-menu's question: which of a verb's
// arguments (Verb.Subs) to act with.
type MenuKey struct {
	Binding key.Binding
	Verb    string
}

// Menus lists the keys that ask a sub-menu's question.
func (k *KeyMap) Menus() []MenuKey {
	return []MenuKey{{k.Forge, "forge"}, {k.Introspect, "introspect"}, {k.Revoke, "revoke"}}
}

// MenuFor is the key that asks verb's sub-menu question, if one does.
func (k *KeyMap) MenuFor(verb string) (key.Binding, bool) {
	for _, mk := range k.Menus() {
		if mk.Verb == verb {
			return mk.Binding, true
		}
	}
	return key.Binding{}, false
}

// Choice is one answer to a sub-menu's question: the key that picks Arg.
type Choice struct {
	Binding key.Binding
	Arg     string
}

// Choices gives each of v's arguments (Verb.Subs) a key of its own, for
// a sub-menu to answer with: the argument's first letter, else the first
// letter of another of its words, else its next letter not yet taken.
// Quit's and Back's keys are never given: they keep their meaning while
// a question waits. The description is the argument's summary.
func (k *KeyMap) Choices(v sim.Verb) []Choice {
	taken := map[string]bool{}
	for _, b := range []key.Binding{k.Quit, k.Back} {
		for _, name := range b.Keys() {
			taken[name] = true
		}
	}
	out := make([]Choice, 0, len(v.Subs))
	for _, arg := range v.Subs {
		name := choiceKey(arg, taken)
		taken[name] = true
		desc := v.SubSummary[arg]
		if desc == "" {
			desc = arg
		}
		out = append(out, Choice{Binding: bind([]string{name}, name, desc), Arg: arg})
	}
	return out
}

// choiceKey is the key for arg that taken does not hold: its first
// letter, the first letters of its other words, its other letters, then
// a digit.
func choiceKey(arg string, taken map[string]bool) string {
	arg = strings.ToLower(arg)
	var tries []rune
	for _, word := range strings.FieldsFunc(arg, func(r rune) bool { return r == '-' || r == ' ' }) {
		tries = append(tries, []rune(word)[0])
	}
	tries = append(tries, []rune(arg)...)
	tries = append(tries, []rune("123456789")...)
	for _, r := range tries {
		if name := string(r); (unicode.IsLetter(r) || unicode.IsDigit(r)) && !taken[name] {
			return name
		}
	}
	return "0"
}

// BindingFor is the key that does action a by itself, if one does.
func (k *KeyMap) BindingFor(a sim.Action) (key.Binding, bool) {
	for _, ak := range k.Actions() {
		if ak.Action.Verb == a.Verb && slices.Equal(ak.Action.Args, a.Args) {
			return ak.Binding, true
		}
	}
	return key.Binding{}, false
}

// KeyFor says how to do an action with keys: its own key, a sub-menu's
// key and the choice that answers it ("i s"), or "" when it has none and
// is typed at the prompt.
func (k *KeyMap) KeyFor(a sim.Action) string {
	if b, ok := k.BindingFor(a); ok {
		return b.Help().Key
	}
	menu, ok := k.MenuFor(a.Verb)
	if !ok || len(a.Args) != 1 {
		return ""
	}
	v, _ := sim.FindVerb(a.Verb)
	for _, c := range k.Choices(v) {
		if c.Arg == a.Args[0] {
			return menu.Help().Key + " " + c.Binding.Help().Key
		}
	}
	return ""
}

// KeysFor says how to do an action: its key, or the prompt's key followed
// by the words to type.
func (k *KeyMap) KeysFor(a sim.Action) string {
	if key := k.KeyFor(a); key != "" {
		return key
	}
	return k.Command.Help().Key + a.String()
}

// As is b shown with another description: "h hint (2 left)".
func As(b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, desc))
}

// Both is two bindings shown as one entry: "↑↓ scroll", "pgup/pgdn page".
func Both(a, b key.Binding, desc string) key.Binding {
	ka, kb := a.Help().Key, b.Help().Key
	name := ka + kb
	if ansi.StringWidth(ka) > 1 || ansi.StringWidth(kb) > 1 {
		name = ka + "/" + kb
	}
	return key.NewBinding(key.WithKeys(append(a.Keys(), b.Keys()...)...), key.WithHelp(name, desc))
}

// HelpQuit is a key line's tail: help and quit, always in reach.
func (k *KeyMap) HelpQuit() []key.Binding { return []key.Binding{k.Help, k.Quit} }
