// Package prompt is the `:` prompt: a one-line field in the status line
// where the learner types any action of the scenario language (`advance
// 14m`, `forge none`), the exact words a lesson's hints and solutions give,
// for the actions no single key does. It is a bubbles textinput: the cursor
// moves, and tab completes a verb, its arguments, a setting or its value.
package prompt

import (
	"fmt"
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
	// cycle is the completions tab goes through when the line had more
	// than one, at the one shown; nil when the last key was not one of
	// the completion keys.
	cycle []string
	at    int
	// offers are the completions of the line as it is, for the greyed
	// text and the help.
	offers []string
}

// New returns a closed prompt.
func New(c *common.Common) *Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = maxLength
	// textinput shows the completion tab would add, greyed after the
	// cursor; completing is the prompt's own (complete), a word at a time.
	in.ShowSuggestions = true
	for _, b := range []*key.Binding{&in.KeyMap.AcceptSuggestion, &in.KeyMap.NextSuggestion, &in.KeyMap.PrevSuggestion} {
		b.SetEnabled(false)
	}
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
	p.c.Print("type an action, such as advance 14m; " + k.Complete.Help().Key + " " + k.Complete.Help().Desc + ", " +
		k.Run.Help().Key + " " + k.Run.Help().Desc + ", " + k.Cancel.Help().Key + " " + k.Cancel.Help().Desc)
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
	p.cycle = nil
	p.offer()
}

// Update edits the line with a key: Run submits it, trimmed, and Cancel
// cancels, both closing the prompt; Complete and the completion keys
// complete the word being typed; every other key is typing.
func (p *Model) Update(msg tea.KeyPressMsg) (Result, string) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.Run):
		line := strings.TrimSpace(p.input.Value())
		p.close()
		return Submitted, line
	case key.Matches(msg, k.Cancel):
		p.close()
		return Cancelled, ""
	case key.Matches(msg, k.Complete, k.NextCompletion):
		p.complete(1)
		return Typing, ""
	case key.Matches(msg, k.PrevCompletion):
		p.complete(-1)
		return Typing, ""
	}
	if msg.Code == tea.KeySpace && msg.Text == "" {
		msg.Text = " " // a space with no text typed still is a space
	}
	p.cycle = nil
	p.input, _ = p.input.Update(msg)
	p.offer()
	return Typing, ""
}

// complete completes the word being typed: to the one completion there
// is, followed by a space when more words can follow it, or, when there
// are several, to each in turn, d steps along at each press.
func (p *Model) complete(d int) {
	value := p.input.Value()
	if p.cycle != nil && value == p.cycle[p.at] {
		n := len(p.cycle)
		p.at = ((p.at+d)%n + n) % n
	} else {
		p.cycle = completions(p.suggestions, value)
		switch len(p.cycle) {
		case 0:
			p.cycle = nil
			return
		case 1:
			p.setValue(p.cycle[0])
			p.cycle = nil
			p.offer()
			return
		}
		p.at = 0
		if d < 0 {
			p.at = len(p.cycle) - 1
		}
	}
	p.setValue(p.cycle[p.at])
	// Going through completions, the line is replaced: no greyed text.
	p.offers = nil
	p.input.SetSuggestions(nil)
}

func (p *Model) setValue(v string) {
	p.input.SetValue(v)
	p.input.CursorEnd()
}

// offer shows, greyed after the cursor, what Complete would add.
func (p *Model) offer() {
	p.offers = completions(p.suggestions, p.input.Value())
	if len(p.offers) > 0 {
		p.input.SetSuggestions(p.offers[:1])
		return
	}
	p.input.SetSuggestions(nil)
}

// completions are the ways to complete the last word of value, each to
// the end of its word, in the order of suggestions: "adv" gives
// "advance ", "set r" gives "set rotation ", "set refresh-ttl ", …. A
// completion after which more words can follow ends in a space, so the
// next word is typed apart from it.
func completions(suggestions []string, value string) []string {
	if value == "" {
		return nil
	}
	lower := strings.ToLower(value)
	var out []string
	for _, s := range suggestions {
		if len(s) <= len(value) || !strings.HasPrefix(strings.ToLower(s), lower) {
			continue
		}
		rest := s[len(value):]
		start := len(rest) - len(strings.TrimLeft(rest, " "))
		end := len(s)
		if i := strings.IndexByte(rest[start:], ' '); i >= 0 {
			end = len(value) + start + i
		}
		c := s[:end]
		if slices.ContainsFunc(suggestions, func(o string) bool { return strings.HasPrefix(o, c+" ") }) {
			c += " "
		}
		if c != value && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Paste types pasted text, its line breaks as spaces; it reports whether
// the prompt was open to take it.
func (p *Model) Paste(msg tea.PasteMsg) bool {
	if !p.open {
		return false
	}
	p.cycle = nil
	p.input, _ = p.input.Update(msg)
	p.offer()
	return true
}

// Note shows text in place of the prompt's help while it is open: a
// notice from the server that the learner must not miss.
func (p *Model) Note(text string) {
	if p.open {
		p.note = text
	}
}

// ShortHelp is the prompt's keys as they apply now: the completion keys
// while there is something to complete, then run and cancel.
func (p *Model) ShortHelp() []key.Binding {
	k := p.c.Keys
	var items []key.Binding
	switch {
	case p.cycle != nil:
		items = append(items, keymap.As(k.Complete, fmt.Sprintf("next (%d/%d)", p.at+1, len(p.cycle))),
			keymap.Both(k.PrevCompletion, k.NextCompletion, "choose"))
	case len(p.offers) > 1:
		items = append(items, keymap.As(k.Complete, fmt.Sprintf("completes (%d ways)", len(p.offers))),
			keymap.Both(k.PrevCompletion, k.NextCompletion, "choose"))
	case len(p.offers) == 1:
		items = append(items, k.Complete)
	}
	return append(items, k.Run, k.Cancel)
}

// FullHelp is the prompt's keys in one column.
func (p *Model) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{{k.Complete, keymap.Both(k.PrevCompletion, k.NextCompletion, "other completions"), k.Run, k.Cancel, k.ForceQuit}}
}

// Render draws the prompt in place of the status line, w cells wide.
func (p *Model) Render(w int) string {
	st, k := p.c.Styles, p.c.Keys
	if p.styled != st {
		p.input.SetStyles(inputStyles(st.Palette))
		p.styled = st
	}
	var parts []string
	for _, b := range p.ShortHelp() {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	help := st.Muted.Render("  " + strings.Join(parts, " · "))
	if p.note != "" {
		help = st.Warn.Render("  " + p.note)
	}
	return common.Fit(st.Key.Render(" "+k.Command.Help().Key+" ")+p.input.View()+help, w)
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
