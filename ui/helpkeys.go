package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// helpPart is a component with keys of its own, under the title the help
// overlay gives them.
type helpPart struct {
	title string
	keys  interface{ FullHelp() [][]key.Binding }
}

// helpGroups are the help overlay's groups: the global keys by theme
// (keymap.Groups), then each component's own, from its FullHelp, so that
// help names every key a pane, the lesson text, the prompt or an overlay
// answers to (end follows, home, the page keys, ←→, enter going on from
// the lesson text), generated from the same bindings that handle them.
func (m *Model) helpGroups() []keymap.KeyGroup {
	parts := []helpPart{{"Sequence diagram", m.seq}, {"Actors", m.wallet}}
	if len(m.course.Lessons()) > 0 {
		parts = append(parts, helpPart{"Lesson text", m.course})
	}
	parts = append(parts, helpPart{"Settings panel", m.setPane}, helpPart{"Inspector", m.insp},
		helpPart{"Typing an action (" + m.com.Keys.Command.Help().Key + ")", m.prompt},
		helpPart{"Export", m.export}, helpPart{"This help", m.help})
	if m.focus.Screen != nil {
		parts = append(parts, helpPart{"Compare view", m.focus.Screen})
	}
	groups := m.com.Keys.Groups()
	for _, p := range parts {
		groups = append(groups, keymap.KeyGroup{Title: p.title, Bindings: slices.Concat(p.keys.FullHelp()...)})
	}
	return groups
}
