package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// presenter is presenter mode, for a projector: a big clock, the tokens
// on a strip of a few lines, the sequence diagram across the whole width
// and a high-contrast theme. The state of the world is the same in both
// layouts; only the drawing changes.
type presenter struct {
	on bool

	bigClock common.Cached[chromeKey]
	body     common.Cached[[2]string] // the strip and the diagram, joined
}

// bigClockMinHeight is the smallest terminal that gets the three-row
// clock; below it the one-line clock bar leaves the diagram its rows.
const bigClockMinHeight = 30

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
		if m.course.prompt.open {
			m.course.prompt.note = "tokenflow: " + msg.Text
		}
	}
	return nil
}

// renderTop is what sits above the panes: the clock (three rows of big
// digits in presenter mode, when there is room) and a demo's caption.
func (m *Model) renderTop(w, h int) string {
	var top string
	if m.present.on && h >= bigClockMinHeight {
		top = m.renderBigClock(w)
	} else {
		top = m.renderClock(w)
	}
	c := m.renderCaption(w)
	if c == "" {
		return top
	}
	return m.demo.top.Get([2]string{top, c}, func() string { return top + "\n" + c })
}

// renderBigClock is the presenter's clock band: the simulated time in
// digits three rows high, the date, the speed and what expires next.
func (m *Model) renderBigClock(w int) string {
	k := chromeKey{world: m.sc.Key(), w: w, speed: m.speed, styles: m.com.Styles}
	return m.present.bigClock.Get(k, func() string {
		st, world := m.com.Styles, m.sc.World
		now := world.Now()
		digits := bigText(now.Format("15:04:05"))
		speed := "▶ running at " + fmt.Sprintf("%g×", clock.Speeds[m.speed])
		if m.speed == 0 {
			speed = "❚❚ paused"
		}
		side := []string{
			st.ClockTime.Render(now.Format("Monday 2 January 2006")),
			st.ClockBar.Render(speed),
			st.ClockBar.Render("next: " + nextExpiry(world)),
		}
		lines := make([]string, 3)
		for i := range lines {
			line := st.ClockTime.Render(" "+digits[i]+"   ") + side[i]
			if i == 0 {
				lines[i] = common.TitleBar(st, line, w)
				continue
			}
			if pad := w - ansi.StringWidth(line); pad > 0 {
				line += st.ClockBar.Render(strings.Repeat(" ", pad))
			}
			lines[i] = common.Fit(line, w)
		}
		return strings.Join(lines, "\n")
	})
}

// presentBody is the presenter's body: the tokens on a strip, and under
// it the sequence diagram across the whole width. The settings panel,
// when open, takes the left of the screen as in the usual layout, and so
// does an open lesson step: the room reads along.
func (m *Model) presentBody(w, h int) string {
	if m.inLesson() || m.settings {
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

// bigGlyphs are the presenter clock's digits, 3 cells wide and 5 pixels
// high; bigText draws two pixel rows per text row with half blocks.
var bigGlyphs = map[rune][5]string{
	'0': {"###", "# #", "# #", "# #", "###"},
	'1': {" # ", "## ", " # ", " # ", "###"},
	'2': {"###", "  #", "###", "#  ", "###"},
	'3': {"###", "  #", "###", "  #", "###"},
	'4': {"# #", "# #", "###", "  #", "  #"},
	'5': {"###", "#  ", "###", "  #", "###"},
	'6': {"###", "#  ", "###", "# #", "###"},
	'7': {"###", "  #", "  #", "  #", "  #"},
	'8': {"###", "# #", "###", "# #", "###"},
	'9': {"###", "# #", "###", "  #", "###"},
	':': {" ", "#", " ", "#", " "},
}

// bigText draws s (digits and colons) three rows high.
func bigText(s string) [3]string {
	var rows [3]strings.Builder
	for i, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		for row := range rows {
			if i > 0 {
				rows[row].WriteByte(' ')
			}
			top, bottom := g[2*row], ""
			if 2*row+1 < len(g) {
				bottom = g[2*row+1]
			}
			for c := range len(top) {
				up, down := top[c] == '#', c < len(bottom) && bottom[c] == '#'
				switch {
				case up && down:
					rows[row].WriteString("█")
				case up:
					rows[row].WriteString("▀")
				case down:
					rows[row].WriteString("▄")
				default:
					rows[row].WriteByte(' ')
				}
			}
		}
	}
	return [3]string{rows[0].String(), rows[1].String(), rows[2].String()}
}
