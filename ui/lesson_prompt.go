package ui

import (
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
)

// prompt is a one-line field in the status line where the learner types
// any action of the scenario language (`advance 14m`, `forge none`): the
// exact words a lesson's hints and solutions give, for the actions no
// single key does.
type prompt struct {
	open bool
	text string
	// note, when set, stands in for the prompt's help: the status line
	// that would carry it is the prompt's while it is open.
	note string
}

func (m *Model) openPrompt() {
	m.course.prompt = prompt{open: true}
	m.pending = nil
	if m.com.Accessible {
		k := m.com.Keys
		m.com.Print("type an action, such as advance 14m, and press " + k.Inspect.Help().Key + "; " + k.Back.Help().Key + " cancels")
	}
}

// promptKey edits the prompt's line and runs it on enter. It reports
// whether the prompt took the key: while it is open, every key but
// ctrl+c (which still quits) is typing.
func (m *Model) promptKey(msg tea.KeyPressMsg) bool {
	p := &m.course.prompt
	if !p.open || msg.String() == "ctrl+c" {
		return false
	}
	switch msg.Code {
	case tea.KeyEnter:
		line := strings.TrimSpace(p.text)
		*p = prompt{}
		switch line {
		case "":
			m.say(common.Status{Text: "nothing typed"})
		default:
			m.applyLine(line)
		}
	case tea.KeyEscape:
		*p = prompt{}
		m.say(common.Status{Text: "prompt cancelled"})
	case tea.KeyBackspace:
		if _, size := utf8.DecodeLastRuneInString(p.text); size > 0 {
			p.text = p.text[:len(p.text)-size]
		}
	default:
		switch {
		case msg.String() == "ctrl+u":
			p.text = ""
		case msg.Text != "":
			p.text += msg.Text
		case msg.Code == tea.KeySpace:
			p.text += " "
		}
	}
	return true
}

// renderPrompt draws the prompt in place of the status line.
func (m *Model) renderPrompt(w int) string {
	st := m.com.Styles
	k := m.com.Keys
	help := st.Muted.Render("  " + k.Inspect.Help().Key + " runs it · " + k.Back.Help().Key + " cancels")
	if note := m.course.prompt.note; note != "" {
		help = st.Warn.Render("  " + note)
	}
	return common.Fit(st.Key.Render(" "+k.Command.Help().Key+" ")+st.Text.Render(m.course.prompt.text)+st.Accent.Render("█")+help, w)
}
