package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
	"github.com/tokenflow/tokenflow/ui/styles"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// presenter is presenter mode, for a projector: a big clock, the tokens
// on a strip of a few lines, the sequence diagram across the whole width
// and a high-contrast theme. The state of the world is the same in both
// layouts; only the drawing changes.
type presenter struct {
	on bool

	body common.Cached[[2]string] // the strip and the diagram, joined
}

// initPresent starts in presenter mode if asked. The accessible mode
// draws nothing, so it has no presenter mode.
func (m *Model) initPresent() {
	if m.com.Accessible {
		m.com.Keys.Present.SetEnabled(false)
		return
	}
	m.present.on = m.opts.Present
	m.com.Styles = m.themeStyles()
}

// themeStyles are the styles for the layout and background in use.
func (m *Model) themeStyles() *styles.Styles {
	if m.present.on {
		return styles.NewPresenterStyles(m.com.Dark)
	}
	return styles.NewStyles(m.com.Dark)
}

// togglePresent switches presenter mode on or off.
func (m *Model) togglePresent() {
	m.present.on = !m.present.on
	m.com.Styles = m.themeStyles()
	if m.present.on {
		m.say(common.Status{Text: "presenter mode: big clock, fewer and larger panes, high contrast; " +
			m.com.Keys.Present.Help().Key + " switches back"})
	} else {
		m.say(common.Status{Text: "presenter mode off"})
	}
}

// PresentOn reports whether presenter mode is on.
func (m *Model) PresentOn() bool { return m.present.on }

// showKey handles the keys of the instructor's features: the demo's,
// presenter mode and export. It reports whether the key was one of them.
func (m *Model) showKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.com.Keys
	if cmd, ok := m.demoKey(msg); ok {
		return cmd, true
	}
	switch {
	case key.Matches(msg, k.Present):
		m.togglePresent()
	case key.Matches(msg, k.Export):
		return m.exportSession(), true
	default:
		return nil, false
	}
	return nil, true
}

// showMsg handles the messages of the instructor's features: auto-play's
// timer, a finished export, and what the workshop server sends.
func (m *Model) showMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case demoTickMsg:
		return m.demoTick(msg)
	case exportedMsg:
		m.exported(msg)
	case workshop.ResetWorldMsg:
		m.instructorReset()
	case workshop.ShutdownMsg:
		return m.shutdown(msg)
	case workshop.LimitMsg:
		m.say(common.Status{Text: "tokenflow: " + msg.Text, Level: common.LevelWarn})
		m.prompt.Note("tokenflow: " + msg.Text)
	}
	return nil
}

// renderTop is what sits above the panes: the clock (three rows of big
// digits in presenter mode, when there is room) and a demo's caption.
func (m *Model) renderTop(w, h int) string {
	var top string
	if m.present.on && h >= clockbar.BigMinHeight {
		top = m.clock.RenderBig(w)
	} else {
		top = m.clock.Render(w)
	}
	c := m.renderCaption(w)
	if c == "" {
		return top
	}
	return m.demo.top.Get([2]string{top, c}, func() string { return top + "\n" + c })
}

// presentBody is the presenter's body: the tokens on a strip, and under
// it the sequence diagram across the whole width. The settings panel,
// when open, takes the left of the screen as in the usual layout, and so
// does an open lesson step: the room reads along.
func (m *Model) presentBody(w, h int) string {
	if m.course.InLesson() || m.focus.Settings {
		return m.columns(w, h)
	}
	stripH := 4
	if h >= 24 {
		stripH = 5 // room for the policy
	}
	strip := m.wallet.RenderStrip(w, stripH)
	seq := m.seq.Render(w, h-stripH)
	return m.present.body.Get([2]string{strip, seq}, func() string { return strip + "\n" + seq })
}
