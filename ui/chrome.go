package ui

import (
	"charm.land/bubbles/v2/key"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

type statusKey struct {
	status   common.Status
	question *sim.Verb
	acted    bool
	speed    int
	w        int
	styles   *styles.Styles
}

// statusLine is what the last key did, the question a sub-menu asks, or
// the open prompt.
func (m *Model) statusLine(w int) string {
	if m.prompt.Active() {
		return m.prompt.Render(w)
	}
	k := statusKey{m.status, m.focus.Question, m.acted, m.clock.Speed(), w, m.com.Styles}
	return m.statusBar.Get(k, func() string { return m.drawStatus(w) })
}

func (m *Model) drawStatus(w int) string {
	st := m.com.Styles
	switch {
	case m.focus.Question != nil:
		return common.Fit(st.Accent.Render("? "+m.questionText()), w)
	case !m.acted && m.status.Text == "":
		clock := "the clock runs at 1×, " + m.com.Keys.Pause.Help().Key + " pauses it"
		if m.clock.Speed() == 0 {
			clock = "the clock is paused, " + m.com.Keys.Pause.Help().Key + " starts it"
		}
		return common.Fit(st.Text.Render(" Welcome to tokenflow: you drive alice's app and an attacker; "+clock+"."), w)
	case m.status.Text == "":
		return common.Fit("", w)
	}
	text := m.status.Text
	if m.status.Told {
		text = common.Brief(text, w-3)
	}
	switch m.status.Level {
	case common.LevelBad:
		return common.Fit(st.Bad.Render(" ✗ "+text), w)
	case common.LevelWarn:
		return common.Fit(st.Warn.Render(" ! "+text), w)
	}
	return common.Fit(st.Text.Render(" • "+text), w)
}

// nextLine is the suggested next step: the course's line in the menu and
// in a lesson, the demo's next step, or the sandbox's tour.
func (m *Model) nextLine(w int) string {
	if line, ok := m.course.NextLine(w); ok {
		return line
	}
	var hint string
	switch k := m.com.Keys; {
	case m.focus.Screen != nil:
		// The sandbox's next step would be about the world behind it.
		hint = "the world keys act on both worlds; " + k.Command.Help().Key + " types an action for both; " + k.Back.Help().Key + " closes and discards them"
	case m.demo != nil:
		hint = m.demo.Hint()
	default:
		hint = m.nextHint.Get(m.sc.Key(), func() string { return common.NextStep(m.com.Keys, &m.sc) })
	}
	return m.nextBar.Get(lineKey{hint: hint, w: w, styles: m.com.Styles}, func() string {
		return common.Fit(m.com.Styles.Hint.Render(" Next: "+hint), w)
	})
}

// lineKey is what one of the lines under the body depends on: the hint
// it suggests, or the overlay and panel whose keys it lists.
type lineKey struct {
	hint     string
	overlay  common.Overlay
	settings bool
	screen   bool
	w        int
	styles   *styles.Styles
}

// keysLine is the one-line key hint for what is on screen now.
func (m *Model) keysLine(w int) string {
	if line, ok := m.course.KeysLine(w); ok {
		return line
	}
	k := lineKey{overlay: m.focus.Overlay, settings: m.focus.Settings, screen: m.focus.Screen != nil, w: w, styles: m.com.Styles}
	return m.keysBar.Get(k, func() string { return m.drawKeys(w) })
}

func (m *Model) drawKeys(w int) string {
	k := m.com.Keys
	var items []key.Binding
	switch {
	case m.focus.Overlay == common.OverlayHelp:
		items = m.help.ShortHelp()
	case m.focus.Overlay == common.OverlayInspect:
		items = m.insp.ShortHelp()
	case m.focus.Overlay == common.OverlayExport:
		items = m.export.ShortHelp()
	case m.focus.Screen != nil:
		items = m.focus.Screen.ShortHelp()
	case m.focus.Settings:
		items = m.setPane.ShortHelp()
	default:
		items = append(append(k.ShortHelp(), keymap.As(k.Focus, "pane")), m.focusedPane().ShortHelp()...)
	}
	return common.HintLine(m.com.Styles, w, items, k.HelpQuit())
}
