// Package prompt is the `:` prompt: a one-line field in the status line
// where the learner types any action of the scenario language (`advance
// 14m`, `forge none`), the exact words a lesson's hints and solutions give,
// for the actions no single key does. It is a bubbles textinput: the cursor
// moves, and tab completes a verb, its arguments, a setting or its value.
package prompt

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// maxLength bounds a typed line: the longest action is a few dozen
// characters, and a paste flood over SSH must not grow the line forever.
const maxLength = 512

// Result is what a key did to the prompt.
type Result int

// The results of a key.
const (
	Typing    Result = iota // the line was edited, or the cursor moved
	Submitted               // enter: the line is to run; the prompt closed
	Cancelled               // esc: the prompt closed
)

// Model is the prompt.
type Model struct {
	c           *common.Common
	input       textinput.Model
	suggestions []string
	open        bool
	styled      *styles.Styles // the styles the input was last styled with
	// note, when set, stands in for the prompt's help: the status line
	// that would carry it is the prompt's while it is open.
	note string
}

// New returns a closed prompt.
func New(c *common.Common) *Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = maxLength
	in.ShowSuggestions = true
	in.KeyMap.AcceptSuggestion = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "completes"))
	// ctrl+v would read the clipboard of the machine the program runs on,
	// which over SSH is the server's; a terminal's own paste arrives as a
	// PasteMsg.
	in.KeyMap.Paste.SetEnabled(false)
	return &Model{c: c, input: in, suggestions: Suggestions(c.Keys)}
}

// Suggestions are the lines tab completes: every verb, each with the
// arguments it takes from a fixed set, `set` with every setting and each
// of its values, the action of every key (`advance 15m`), and the compare
// view with each preset.
func Suggestions(k *keymap.KeyMap) []string {
	var out []string
	for _, v := range sim.Verbs {
		out = append(out, v.Name)
		for _, sub := range v.Subs {
			out = append(out, v.Name+" "+sub)
		}
		if v.Name == "set" { // set's arguments are the settings and their values
			for _, s := range sim.Settings {
				out = append(out, v.Name+" "+s.Name)
				for _, value := range s.Choices {
					out = append(out, v.Name+" "+s.Name+" "+value)
				}
			}
		}
	}
	for _, ak := range k.Actions() {
		if line := ak.Action.String(); !slices.Contains(out, line) {
			out = append(out, line)
		}
	}
	// Not an action but a view: two presets' worlds driven by the same keys.
	out = append(out, "compare")
	for _, name := range sim.PresetNames() {
		out = append(out, "compare "+name)
	}
	return out
}

// Open opens an empty prompt.
func (p *Model) Open() {
	p.open, p.note = true, ""
	p.clear()
	p.input.Focus() // a static cursor: no blink command to run
	k := p.c.Keys
	p.c.Print("type an action, such as advance 14m, and press " + k.Inspect.Help().Key + "; " + k.Back.Help().Key + " cancels")
}

// Active reports whether the prompt is open.
func (p *Model) Active() bool { return p.open }

func (p *Model) close() {
	p.open, p.note = false, ""
	p.clear()
	p.input.Blur()
}

// clear empties the line, and with it the completion last offered,
// which textinput's Reset keeps.
func (p *Model) clear() {
	p.input.Reset()
	p.input.SetSuggestions(p.suggestions)
}

// Update edits the line with a key: enter submits it, trimmed, and esc
// cancels, both closing the prompt; every other key is typing.
func (p *Model) Update(msg tea.KeyPressMsg) (Result, string) {
	switch msg.Code {
	case tea.KeyEnter:
		line := strings.TrimSpace(p.input.Value())
		p.close()
		return Submitted, line
	case tea.KeyEscape:
		p.close()
		return Cancelled, ""
	case tea.KeySpace:
		if msg.Text == "" {
			msg.Text = " " // a space with no text typed still is a space
		}
	}
	p.input, _ = p.input.Update(msg)
	return Typing, ""
}

// Paste types pasted text, its line breaks as spaces; it reports whether
// the prompt was open to take it.
func (p *Model) Paste(msg tea.PasteMsg) bool {
	if !p.open {
		return false
	}
	p.input, _ = p.input.Update(msg)
	return true
}

// Note shows text in place of the prompt's help while it is open: a
// notice from the server that the learner must not miss.
func (p *Model) Note(text string) {
	if p.open {
		p.note = text
	}
}

// Render draws the prompt in place of the status line, w cells wide.
func (p *Model) Render(w int) string {
	st, k := p.c.Styles, p.c.Keys
	if p.styled != st {
		p.input.SetStyles(inputStyles(st.Palette))
		p.styled = st
	}
	help := "  " + k.Inspect.Help().Key + " runs it · " + k.Back.Help().Key + " cancels"
	if p.completes() {
		accept := p.input.KeyMap.AcceptSuggestion.Help()
		help = "  " + accept.Key + " " + accept.Desc + " ·" + strings.TrimPrefix(help, " ")
	}
	help = st.Muted.Render(help)
	if p.note != "" {
		help = st.Warn.Render("  " + p.note)
	}
	return common.Fit(st.Key.Render(" "+k.Command.Help().Key+" ")+p.input.View()+help, w)
}

// completes reports whether tab has more to add to the line. textinput's
// CurrentSuggestion is not asked: after up with nothing to suggest, its
// index is -1 and it panics.
func (p *Model) completes() bool {
	matched, i := p.input.MatchedSuggestions(), p.input.CurrentSuggestionIndex()
	return i >= 0 && i < len(matched) && len(matched[i]) > len(p.input.Value())
}

// inputStyles styles the input from the palette: the text as body text,
// a completion muted, the cursor a block of the accent colour.
func inputStyles(pal styles.Palette) textinput.Styles {
	s := lipgloss.NewStyle
	state := textinput.StyleState{
		Text: s().Foreground(pal.Text), Placeholder: s().Foreground(pal.Muted),
		Suggestion: s().Foreground(pal.Muted), Prompt: s().Foreground(pal.Accent),
	}
	return textinput.Styles{Focused: state, Blurred: state,
		Cursor: textinput.CursorStyle{Color: pal.Accent, Shape: tea.CursorBlock}}
}
