// Package keymap is every key tokenflow answers to, in one struct of
// key.Bindings built by DefaultKeyMap. The help screen, the key lines, the
// hints' "press X" and the accessible mode's key list are all generated
// from these bindings, so what they say cannot drift from what the keys do.
package keymap

import (
	"slices"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key the interface answers to. The help screen, the hint
// line and the accessible mode's key list are all generated from it, so
// what they say cannot drift from what the keys do.
type KeyMap struct {
	// The client app.
	Login, Call, Refresh, Logout, Race, Revoke key.Binding
	// The attacker.
	StealAccess, StealRefresh, XSS, Sniff, AttackerCall, AttackerRefresh, Forge, Introspect key.Binding
	// Simulated time.
	Pause, Faster, Slower, PlusMinute, PlusQuarter, PlusDay, NextExpiry key.Binding
	// Looking closer.
	InspectAccess, InspectRefresh, Inspect, Focus, Up, Down, PageUp, PageDown, Home, End, Left, Right, Back key.Binding
	// The world and the program. ForceQuit quits even while the prompt
	// takes every other key as typing.
	Settings, Undo, Reset, Help, Describe, Quit, ForceQuit key.Binding
	// The `:` prompt's own keys: run the line, cancel it, complete the word
	// being typed, and go through the other completions.
	Run, Cancel, Complete, NextCompletion, PrevCompletion key.Binding
	// Demos, the projector and exports: the demo keys work only while
	// `tokenflow demo` plays a script; Copy only in the export overlay.
	DemoNext, DemoBack, DemoAuto, Present, Export, Copy key.Binding
	// The course: the lesson menu, a step's hints and solution, the
	// sandbox one key away, and a prompt to type any action a hint names.
	// Without lessons only Command is enabled.
	Lessons, Start, Hint, Solution, LessonText, Sandbox, Continue, Command key.Binding
}

func bind(keys []string, help, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// DefaultKeyMap returns the keys, chosen to be mnemonic: l log in, c call,
// r refresh, t/T steal, a/A the attacker acts, j jump to the next expiry.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Login:   bind([]string{"l"}, "l", "log in"),
		Call:    bind([]string{"c"}, "c", "call API"),
		Refresh: bind([]string{"r"}, "r", "refresh"),
		Logout:  bind([]string{"o"}, "o", "log out"),
		Race:    bind([]string{"R"}, "R", "race 2 tabs"),
		Revoke:  bind([]string{"k"}, "k", "revoke…"),

		StealAccess:     bind([]string{"t"}, "t", "steal access"),
		StealRefresh:    bind([]string{"T"}, "T", "steal refresh"),
		XSS:             bind([]string{"x"}, "x", "XSS"),
		Sniff:           bind([]string{"n"}, "n", "sniff"),
		AttackerCall:    bind([]string{"a"}, "a", "attacker call"),
		AttackerRefresh: bind([]string{"A"}, "A", "attacker refresh"),
		Forge:           bind([]string{"f"}, "f", "forge…"),
		Introspect:      bind([]string{"i"}, "i", "introspect…"),

		Pause:       bind([]string{"space"}, "space", "pause"),
		Faster:      bind([]string{"+", "="}, "+", "faster"),
		Slower:      bind([]string{"-", "_"}, "-", "slower"),
		PlusMinute:  bind([]string{"]"}, "]", "+1 minute"),
		PlusQuarter: bind([]string{"}"}, "}", "+15 minutes"),
		PlusDay:     bind([]string{">"}, ">", "+1 day"),
		NextExpiry:  bind([]string{"j"}, "j", "next expiry"),

		InspectAccess:  bind([]string{"1"}, "1", "inspect access"),
		InspectRefresh: bind([]string{"2"}, "2", "inspect refresh"),
		Inspect:        bind([]string{"enter"}, "enter", "inspect selected"),
		Focus:          bind([]string{"tab", "shift+tab"}, "tab", "switch pane"),
		Up:             bind([]string{"up"}, "↑", "up"),
		Down:           bind([]string{"down"}, "↓", "down"),
		PageUp:         bind([]string{"pgup"}, "pgup", "page up"),
		PageDown:       bind([]string{"pgdown"}, "pgdn", "page down"),
		Home:           bind([]string{"home"}, "home", "oldest"),
		End:            bind([]string{"end"}, "end", "newest (follow)"),
		Left:           bind([]string{"left"}, "←", "previous value"),
		Right:          bind([]string{"right"}, "→", "next value"),
		Back:           bind([]string{"esc"}, "esc", "close"),

		Settings: bind([]string{"s"}, "s", "settings"),
		Undo:     bind([]string{"u"}, "u", "undo"),
		Reset:    bind([]string{"ctrl+r"}, "ctrl+r", "reset"),
		Help:     bind([]string{"?"}, "?", "help"),
		Describe: bind([]string{"w"}, "w", "where am I"),
		Quit:     bind([]string{"q", "ctrl+c"}, "q", "quit"),
		// ForceQuit's key is one of Quit's: named on its own, it is the
		// key that still quits while the prompt is open.
		ForceQuit: bind([]string{"ctrl+c"}, "ctrl+c", "quit, even at the prompt"),

		Run:            bind([]string{"enter"}, "enter", "runs it"),
		Cancel:         bind([]string{"esc"}, "esc", "cancels"),
		Complete:       bind([]string{"tab"}, "tab", "completes"),
		NextCompletion: bind([]string{"down", "ctrl+n"}, "↓", "next completion"),
		PrevCompletion: bind([]string{"up", "ctrl+p", "shift+tab"}, "↑", "previous completion"),

		// A presenter's clicker sends page down and page up.
		DemoNext: bind([]string{"right", "pgdown"}, "→", "next step"),
		DemoBack: bind([]string{"left", "pgup"}, "←", "step back"),
		DemoAuto: bind([]string{"p"}, "p", "auto-play on/off"),
		Present:  bind([]string{"P"}, "P", "presenter mode"),
		Export:   bind([]string{"E"}, "E", "export session"),
		Copy:     bind([]string{"y"}, "y", "copy to clipboard"),

		Lessons:    bind([]string{"L"}, "L", "lessons"),
		Start:      bind([]string{"enter"}, "enter", "start the selected lesson"),
		Hint:       bind([]string{"h"}, "h", "hint"),
		Solution:   bind([]string{"S"}, "S", "show solution"),
		LessonText: bind([]string{"v"}, "v", "fold/show lesson text"),
		Sandbox:    bind([]string{"b"}, "b", "sandbox ⇄ lesson"),
		// Enter opens what a pane has selected, so going on has its own
		// key; enter goes on too while the lesson text has the focus.
		Continue: bind([]string{"N"}, "N", "next step (when done)"),
		Command:  bind([]string{":"}, ":", "type an action"),
	}
}

// UpDown names the up and down keys together, as a sentence says them: "↑↓".
func (k *KeyMap) UpDown() string { return k.Up.Help().Key + k.Down.Help().Key }

// LeftRight names the left and right keys together: "←→".
func (k *KeyMap) LeftRight() string { return k.Left.Help().Key + k.Right.Help().Key }

// Paging names the page keys: "pgup pgdn".
func (k *KeyMap) Paging() string { return k.PageUp.Help().Key + " " + k.PageDown.Help().Key }

// KeyGroup is a titled column of the help screen.
type KeyGroup struct {
	Title    string
	Bindings []key.Binding
}

// Groups lists the enabled global bindings by theme, in the order help
// shows them; the keys a pane, the prompt or an overlay answers to are in
// that component's FullHelp, which help shows after these.
func (k *KeyMap) Groups() []KeyGroup {
	groups := []KeyGroup{
		{"Client app", []key.Binding{k.Login, k.Call, k.Refresh, k.Logout, k.Race, k.Revoke}},
		{"Attacker", []key.Binding{k.StealAccess, k.StealRefresh, k.XSS, k.Sniff, k.AttackerCall, k.AttackerRefresh, k.Forge, k.Introspect}},
		{"Time", []key.Binding{k.Pause, k.Faster, k.Slower, k.PlusMinute, k.PlusQuarter, k.PlusDay, k.NextExpiry}},
		{"Look closer", []key.Binding{k.InspectAccess, k.InspectRefresh, k.Focus, k.Back}},
		{"World", []key.Binding{k.Settings, k.Command, k.Undo, k.Reset, k.Describe, k.Help, k.Quit}},
		{"Show", []key.Binding{k.DemoNext, k.DemoBack, k.DemoAuto, k.Present, k.Export}},
		{"Lessons", []key.Binding{k.Lessons, k.Hint, k.Solution, k.LessonText, k.Sandbox, k.Continue}},
	}
	for i := range groups {
		enabled := groups[i].Bindings[:0:0]
		for _, b := range groups[i].Bindings {
			if b.Enabled() {
				enabled = append(enabled, b)
			}
		}
		groups[i].Bindings = enabled
	}
	// A group with every key switched off (no lessons) is left out.
	return slices.DeleteFunc(groups, func(g KeyGroup) bool { return len(g.Bindings) == 0 })
}

// ShortHelp is the one-line key hint, most useful first; help and quit
// are added at its right end.
func (k *KeyMap) ShortHelp() []key.Binding {
	keys := []key.Binding{k.Login, k.Call, k.Refresh, k.NextExpiry, k.StealRefresh, k.AttackerRefresh, k.Pause, k.Settings, k.Undo}
	if k.DemoNext.Enabled() {
		// A demo is driven by its own two keys first of all.
		keys = append([]key.Binding{k.DemoNext, k.DemoBack}, keys...)
	}
	return keys
}
