package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
	"github.com/tokenflow/tokenflow/ui/components/prompt"
	"github.com/tokenflow/tokenflow/ui/course"
	"github.com/tokenflow/tokenflow/ui/demo"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// Update applies one message. World actions apply here, synchronously
// and in order; nothing here blocks.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.course.Update(msg); ok {
		return m, tea.Batch(cmd, m.flush())
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if m.prompt.Paste(msg) {
			return m, nil
		}
	case tea.WindowSizeMsg:
		m.com.Width, m.com.Height = max(msg.Width, 0), max(msg.Height, 0)
	case tea.BackgroundColorMsg:
		if !m.com.Accessible {
			m.com.Dark = msg.IsDark()
			m.com.Styles = m.present.Styles(m.com.Dark)
		}
	case clockbar.TickMsg:
		m.clock.Sync()
		return m, tea.Batch(m.clock.Tick(), m.course.After(), m.flush())
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		return m, tea.Batch(cmd, m.course.After(), m.flush())
	case demo.TickMsg, demo.ExportedMsg, demo.CueFailedMsg, workshop.ResetWorldMsg, workshop.ProgressClearedMsg, workshop.ProgressChangedMsg,
		workshop.ShutdownMsg, workshop.LimitMsg:
		cmd := m.showMsg(msg)
		return m, tea.Batch(cmd, m.flush())
	}
	return m, m.course.After()
}

// handleKey routes a key: the prompt first, then the global keys (quit,
// the answer to a sub-menu's question, the open overlay's keys, where am
// I, the prompt's key), then the course's screens, the settings panel,
// the instructor's keys, the keys that act on the world, and last the
// focused pane.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.com.Keys
	// While the prompt is open every key is typing, but force quit still
	// quits.
	if m.prompt.Active() && !key.Matches(msg, k.ForceQuit) {
		return m.promptKey(msg)
	}
	if key.Matches(msg, k.Quit) {
		return m.quit()
	}
	if m.focus.Question != nil {
		sub := m.focus.Question
		m.focus.Question = nil
		if key.Matches(msg, k.Back) {
			m.say(common.Status{Text: sub.Name + " cancelled"})
			return nil
		}
		for _, c := range k.Choices(*sub) {
			if key.Matches(msg, c.Binding) {
				m.perform(sim.Action{Verb: sub.Name, Args: []string{c.Arg}})
				return nil
			}
		}
		// Any other key drops the question and does what it always does.
	}
	if cmd, ok := m.overlayKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Describe):
		m.describeAll()
		return nil
	case key.Matches(msg, k.Command) && m.course.Screen() != course.ScreenMenu:
		m.prompt.Open()
		return nil
	}
	if m.focus.Screen != nil && m.screenKey(msg) {
		return nil
	}
	if cmd, ok := m.course.Key(msg); ok {
		return cmd
	}
	if m.focus.Settings && m.settingsKey(msg) {
		return nil
	}
	if cmd, ok := m.showKey(msg); ok {
		return cmd
	}
	if m.worldKey(msg) {
		return nil
	}
	m.paneKey(msg)
	return nil
}

// promptKey types into the prompt, and runs the line on enter.
func (m *Model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	switch res, line := m.prompt.Update(msg); {
	case res == prompt.Submitted && line == "":
		m.say(common.Status{Text: "nothing typed"})
	case res == prompt.Submitted:
		return m.applyLine(line)
	case res == prompt.Cancelled:
		m.say(common.Status{Text: "prompt cancelled"})
	}
	return nil
}

// quit ends the program once what is still queued is out: the accessible
// mode's last lines, and the progress of the step just completed.
func (m *Model) quit() tea.Cmd {
	if m.com.Accessible {
		return tea.Sequence(m.flush(), m.printer.drain(), m.course.Drain(), tea.Quit)
	}
	return tea.Sequence(m.course.Drain(), tea.Quit)
}

// overlayKey handles the open overlay's own keys: esc or the key that
// opened it closes it, the arrow and page keys scroll it, and y copies
// the export. Other keys go on to do what they always do.
func (m *Model) overlayKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.com.Keys
	var opener key.Binding
	var update func(tea.KeyPressMsg) (tea.Cmd, bool)
	scroll := func(scroll func(tea.KeyPressMsg) bool) func(tea.KeyPressMsg) (tea.Cmd, bool) {
		return func(msg tea.KeyPressMsg) (tea.Cmd, bool) { return nil, scroll(msg) }
	}
	switch m.focus.Overlay {
	case common.OverlayHelp:
		opener, update = k.Help, scroll(m.help.Update)
	case common.OverlayInspect:
		opener, update = k.Inspect, scroll(m.insp.Update)
	case common.OverlayExport:
		opener, update = k.Export, m.export.Update
	default:
		return nil, false
	}
	if key.Matches(msg, k.Back, opener) {
		m.focus.Overlay = common.OverlayNone
		m.course.OverlayClosed()
		return nil, true
	}
	return update(msg)
}

// settingsKey handles the settings panel's own keys.
func (m *Model) settingsKey(msg tea.KeyPressMsg) bool {
	k := m.com.Keys
	switch {
	case key.Matches(msg, k.Back, k.Settings):
		m.focus.Settings = false
		m.say(common.Status{Text: "settings closed"})
	default:
		set, ok := m.setPane.Update(msg)
		if ok && set.Verb != "" {
			m.perform(set)
		}
		return ok
	}
	return true
}

// worldKey handles every key that acts on the world, the clock or the
// whole session.
func (m *Model) worldKey(msg tea.KeyPressMsg) bool {
	k := m.com.Keys
	for _, ak := range k.Actions() {
		if key.Matches(msg, ak.Binding) {
			m.perform(ak.Action)
			return true
		}
	}
	if said, ok := m.clock.Update(msg); ok {
		m.say(common.Status{Text: said})
		return true
	}
	for _, mk := range k.Menus() {
		if key.Matches(msg, mk.Binding) {
			m.ask(mk.Verb)
			return true
		}
	}
	switch {
	case key.Matches(msg, k.Settings):
		m.focus.Settings = true
		m.focus.Overlay = common.OverlayNone
		m.say(common.Status{Text: "settings: " + k.UpDown() + " choose, " + k.LeftRight() + " change; each change is a `set` action you can undo"})
		if m.com.Accessible {
			m.com.Print(m.setPane.Lines()...)
		}
	case key.Matches(msg, k.Undo):
		m.undo()
	case key.Matches(msg, k.Reset):
		m.reset()
	case key.Matches(msg, k.Help):
		m.focus.Overlay = common.OverlayHelp
		m.help.Open()
		if m.com.Accessible {
			m.com.Print(m.help.Lines()...)
			m.focus.Overlay = common.OverlayNone
		}
	default:
		return false
	}
	return true
}

// paneKey handles focus, selection and scrolling in the focused pane.
func (m *Model) paneKey(msg tea.KeyPressMsg) {
	k := m.com.Keys
	switch {
	case key.Matches(msg, k.Focus):
		if m.focus.Pane == common.PaneSequence {
			m.focus.Pane = common.PaneWallet
		} else {
			m.focus.Pane = common.PaneSequence
		}
		m.focusedPane().Announce()
	case key.Matches(msg, k.Inspect):
		m.inspectSelection()
	case m.focus.Pane == common.PaneWallet && m.wallet.Update(msg):
	default:
		m.seq.Update(msg)
	}
}

// ask puts a sub-menu's question: which of verb's arguments, each on a
// key of its own (keymap.Choices).
func (m *Model) ask(verb string) {
	v, _ := sim.FindVerb(verb)
	m.focus.Question = &v
	m.com.Print(m.questionText())
}

// questionText is the question a sub-menu asks, with its answers.
func (m *Model) questionText() string { return strings.Join(m.questionParts(), " · ") }

// questionParts are the question with its answers, each a piece the
// status lines keep whole: "forge which? n alg none", "t altered claims",
// …, "esc cancels".
func (m *Model) questionParts() []string {
	v, k := m.focus.Question, m.com.Keys
	var parts []string
	for _, c := range k.Choices(*v) {
		parts = append(parts, c.Binding.Help().Key+" "+c.Binding.Help().Desc)
	}
	parts = append(parts, k.Back.Help().Key+" cancels")
	parts[0] = v.Name + " which? " + parts[0]
	return parts
}

// showKey handles the keys of the instructor's features: the demo's,
// presenter mode and export. It reports whether the key was one of them.
func (m *Model) showKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.com.Keys
	if m.demo != nil {
		if cmd, ok := m.demo.Key(msg); ok {
			return cmd, true
		}
	}
	switch {
	case key.Matches(msg, k.Present):
		m.say(m.present.Toggle(k))
		m.com.Styles = m.present.Styles(m.com.Dark)
		m.course.SetPresent(m.present.On())
		if m.demo != nil {
			m.demo.SetPresent(m.present.On())
		}
	case key.Matches(msg, k.Export):
		var captions []sim.Caption
		if m.demo != nil {
			captions = m.demo.Captions()
		}
		write, open := m.export.Start(captions...)
		if open {
			m.focus.Overlay = common.OverlayExport
		}
		return write, true
	default:
		return nil, false
	}
	return nil, true
}

// showMsg handles the messages of the instructor's features: auto-play's
// timer, a finished export, and what the workshop server sends.
func (m *Model) showMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case demo.TickMsg:
		if m.demo != nil {
			return m.demo.Tick(msg)
		}
	case demo.ExportedMsg:
		m.export.Finish(msg)
	case demo.CueFailedMsg:
		m.say(msg.Status())
	case workshop.ResetWorldMsg:
		m.instructorReset(msg)
	case workshop.ProgressChangedMsg:
		m.course.ReloadProgress()
	case workshop.ProgressClearedMsg:
		m.course.ForgetProgress()
		m.say(common.Status{Text: "the instructor cleared your lesson progress: every lesson starts afresh", Level: common.LevelWarn})
	case workshop.ShutdownMsg:
		return m.shutdown(msg)
	case workshop.LimitMsg:
		m.say(common.Status{Text: "tokenflow: " + msg.Text, Level: common.LevelWarn})
		m.prompt.Note("tokenflow: " + msg.Text)
	}
	return nil
}
