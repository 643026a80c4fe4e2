package workshop

import "charm.land/bubbles/v2/key"

// dashboardKeys are the instructor's keys; every help line, the short one
// and the full one on ?, is generated from them.
type dashboardKeys struct {
	// The list and the learner watched.
	Up, Down, Watch, Back, Sort key.Binding
	// What the instructor does to one learner.
	Message, Reset, Clear, Disconnect key.Binding
	// What the instructor does to the room.
	Broadcast, ResetAll, Export, Archive key.Binding
	// Answers to a question, and the message being typed. ConfirmStrict
	// is the one yes of a question that cannot be taken back.
	Confirm, ConfirmStrict, Cancel, Send, Discard key.Binding
	Help, Quit                                    key.Binding
}

func defaultDashboardKeys() dashboardKeys {
	return dashboardKeys{
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Watch:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "watch screen")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Sort:          key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Message:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "message")),
		Reset:         key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reset world")),
		Clear:         key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "clear progress")),
		Disconnect:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "disconnect")),
		Broadcast:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "message all")),
		ResetAll:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reset all worlds")),
		Export:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV")),
		Archive:       key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "archive all progress")),
		Confirm:       key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "yes")),
		ConfirmStrict: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Cancel:        key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no")),
		Send:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
		Discard:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "don't send")),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:          key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// listKeys is the help of the room's list. The short help fits 80
// columns and always names the key to the rest.
type listKeys struct{ k *dashboardKeys }

func (h listKeys) ShortHelp() []key.Binding {
	k := h.k
	return []key.Binding{k.Watch, k.Message, k.Broadcast, k.Sort, k.Help, k.Quit}
}

func (h listKeys) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{
		{k.Up, k.Down, k.Watch, k.Sort},
		{k.Message, k.Reset, k.Clear, k.Disconnect},
		{k.Broadcast, k.ResetAll, k.Export, k.Archive},
		{k.Help, k.Quit},
	}
}

// watchKeys is the help while a learner's screen is watched.
type watchKeys struct{ k *dashboardKeys }

func (h watchKeys) ShortHelp() []key.Binding {
	k := h.k
	return []key.Binding{k.Back, k.Message, k.Reset, k.Disconnect, k.Help}
}

func (h watchKeys) FullHelp() [][]key.Binding {
	k := h.k
	return [][]key.Binding{
		{k.Back, k.Up, k.Down},
		{k.Message, k.Reset, k.Clear, k.Disconnect},
		{k.Broadcast, k.ResetAll, k.Export, k.Archive},
		{k.Help, k.Quit},
	}
}

// confirmKeys is the help while a question awaits its answer; a strict
// one names y alone.
type confirmKeys struct {
	k      *dashboardKeys
	strict bool
}

func (h confirmKeys) ShortHelp() []key.Binding {
	if h.strict {
		return []key.Binding{h.k.ConfirmStrict, h.k.Cancel}
	}
	return []key.Binding{h.k.Confirm, h.k.Cancel}
}
func (h confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }

// composeKeys is the help while a message is typed.
type composeKeys struct{ k *dashboardKeys }

func (h composeKeys) ShortHelp() []key.Binding  { return []key.Binding{h.k.Send, h.k.Discard} }
func (h composeKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h.ShortHelp()} }
