package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/course"
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
		return m.questionLines(w)[0]
	case !m.acted && m.status.Text == "":
		clock := "the clock runs at 1×, " + m.com.Keys.Pause.Help().Key + " pauses it"
		if m.clock.Speed() == 0 {
			clock = "the clock is paused, " + m.com.Keys.Pause.Help().Key + " starts it"
		}
		return common.Fit(st.Text.Render(" Welcome to tokenflow: you drive alice's app and an attacker; "+clock+"."), w)
	case m.status.Text == "":
		return common.Fit("", w)
	}
	// Too long for the line, a status keeps its first clauses whole
	// rather than a cut word: every message puts its point first.
	text := common.Brief(m.status.Text, w-3)
	switch m.status.Level {
	case common.LevelBad:
		return common.Fit(st.Bad.Render(" ✗ "+text), w)
	case common.LevelWarn:
		return common.Fit(st.Warn.Render(" ! "+text), w)
	}
	return common.Fit(st.Text.Render(" • "+text), w)
}

// questionLines are a sub-menu's question and its answers on the status
// line and the next, wrapped between answers: on one line of 80 cells the
// last answers and "esc cancels" were cut off.
func (m *Model) questionLines(w int) [2]string {
	st := m.com.Styles
	lines := common.Pack(m.questionParts(), " · ", w-2)
	out := [2]string{common.Fit(st.Accent.Render("? "+lines[0]), w), common.Fit("", w)}
	if len(lines) > 1 {
		out[1] = common.Fit(st.Accent.Render("  "+strings.Join(lines[1:], " · ")), w)
	}
	return out
}

// nextLine is the suggested next step: the course's line in the menu and
// in a lesson, the demo's next step, or the sandbox's tour; while a
// sub-menu asks its question, the question's second line.
func (m *Model) nextLine(w int) string {
	if m.focus.Question != nil {
		return m.nextBar.Get(lineKey{question: m.focus.Question, w: w, styles: m.com.Styles}, func() string { return m.questionLines(w)[1] })
	}
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

// lineKey is what the line under the status depends on: the hint it
// suggests, or the question it asks.
type lineKey struct {
	hint     string
	question *sim.Verb
	w        int
	styles   *styles.Styles
}

// keysLine is the one-line key hint for what is on screen now.
func (m *Model) keysLine(w int) string {
	if m.focus.Question == nil {
		if line, ok := m.course.KeysLine(w); ok {
			return line
		}
	}
	k := keysKey{question: m.focus.Question, overlay: m.focus.Overlay, settings: m.focus.Settings, screen: m.focus.Screen != nil,
		pane: m.focus.Pane, course: m.course.KeysKey(), w: w, styles: m.com.Styles}
	return m.keysBar.Get(k, func() string {
		items, tail := m.keyItems()
		return common.HintLine(m.com.Styles, w, items, tail)
	})
}

// keysKey is what the key line depends on: where the focus is, and what
// the course offers there.
type keysKey struct {
	question *sim.Verb
	overlay  common.Overlay
	settings bool
	screen   bool
	pane     common.Pane
	course   course.KeysKey
	w        int
	styles   *styles.Styles
}

// keyItems is what the key line lists for what is on screen now, and its
// tail, which always shows.
func (m *Model) keyItems() (items, tail []key.Binding) {
	k := m.com.Keys
	tail = k.HelpQuit()
	switch {
	case m.focus.Question != nil:
		// The choices by their arguments' names: the question above says
		// what each does.
		for _, c := range k.Choices(*m.focus.Question) {
			items = append(items, keymap.As(c.Binding, c.Arg))
		}
		items = append(items, keymap.As(k.Back, "cancel"))
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
		// The step's keys in a lesson, the way back in the sandbox, else
		// the usual ones; then the focused pane's. How to reach a pane
		// is never dropped for lack of room.
		items = k.ShortHelp()
		if lead, ok := m.course.Keys(); ok {
			items = lead
		}
		if m.course.TextFocused() {
			items = append(items, m.course.ShortHelp()...)
		} else {
			items = append(items, m.focusedPane().ShortHelp()...)
		}
		tail = append([]key.Binding{keymap.As(k.Focus, "panes")}, tail...)
	}
	return items, tail
}
