package keymap

import (
	"slices"

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

// KeyFor says how to do an action with keys: its own key, or "" when it
// has none and is typed at the prompt.
func (k *KeyMap) KeyFor(a sim.Action) string {
	for _, ak := range k.Actions() {
		if ak.Action.Verb == a.Verb && slices.Equal(ak.Action.Args, a.Args) {
			return ak.Binding.Help().Key
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
