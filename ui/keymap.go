package ui

import "charm.land/bubbles/v2/key"

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
	// The world and the program.
	Settings, Undo, Reset, Help, Describe, Quit key.Binding
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
	}
}

// KeyGroup is a titled column of the help screen.
type KeyGroup struct {
	Title    string
	Bindings []key.Binding
}

// Groups lists the enabled bindings by theme, in the order help shows them.
func (k *KeyMap) Groups() []KeyGroup {
	groups := []KeyGroup{
		{"Client app", []key.Binding{k.Login, k.Call, k.Refresh, k.Logout, k.Race, k.Revoke}},
		{"Attacker", []key.Binding{k.StealAccess, k.StealRefresh, k.XSS, k.Sniff, k.AttackerCall, k.AttackerRefresh, k.Forge, k.Introspect}},
		{"Time", []key.Binding{k.Pause, k.Faster, k.Slower, k.PlusMinute, k.PlusQuarter, k.PlusDay, k.NextExpiry}},
		{"Look closer", []key.Binding{k.InspectAccess, k.InspectRefresh, k.Focus, k.Up, k.Down, k.Inspect, k.Back}},
		{"World", []key.Binding{k.Settings, k.Undo, k.Reset, k.Describe, k.Help, k.Quit}},
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
	return groups
}

// ShortHelp is the one-line key hint, most useful first; help and quit
// are added at its right end.
func (k *KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Login, k.Call, k.Refresh, k.NextExpiry, k.StealRefresh, k.AttackerRefresh, k.Pause, k.Settings, k.Undo}
}
