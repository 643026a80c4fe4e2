package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/compare"
)

// openCompare opens the compare view on the presets named, typed at the
// prompt as `compare [A] [B]`: with one name, the sandbox's preset
// against it; with none, the sandbox's against the next preset.
func (m *Model) openCompare(names []string) {
	if len(names) > 2 {
		m.say(common.Status{Text: "compare takes at most two presets: compare okta auth0", Level: common.LevelBad})
		return
	}
	mine := m.sc.World.Config().SettingString("preset")
	a, b := mine, nextPreset(mine)
	switch len(names) {
	case 1:
		b = names[0]
	case 2:
		a, b = names[0], names[1]
	}
	v, err := compare.New(&m.com, sim.Config{Seed: m.opts.Seed, Limits: m.opts.Limits}, a, b)
	if err != nil {
		m.say(common.Status{Text: "compare: " + err.Error(), Level: common.LevelBad})
		return
	}
	m.focus.Screen, m.focus.Settings, m.focus.Overlay = v, false, common.OverlayNone
	a, b = v.Names()
	m.say(common.Status{Text: "comparing " + a + " and " + b + " in two worlds of their own: the world keys act on both; " + m.com.Keys.Back.Help().Key + " closes and discards them"})
	m.com.Print(v.Lines()...)
}

// nextPreset is the preset after name in the list, for a comparison with
// one name left out.
func nextPreset(name string) string {
	names := sim.PresetNames()
	for i, n := range names {
		if n == name {
			return names[(i+1)%len(names)]
		}
	}
	return names[0]
}

// screenKey gives a key to the open screen. Every key is the screen's
// but help, which opens over it: the sandbox behind it must not change
// while it is open.
func (m *Model) screenKey(msg tea.KeyPressMsg) bool {
	status, handled, closed := m.focus.Screen.Key(msg)
	if closed {
		m.focus.Screen = nil
	}
	if handled {
		m.say(common.Status{Text: status})
		return true
	}
	return !key.Matches(msg, m.com.Keys.Help)
}
