package course

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// Key handles the keys of the course: the menu's, the sandbox's way back
// to the lessons, and an open step's. It reports whether it used the key;
// a key it leaves goes on to the world and the panes.
func (c *Course) Key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if len(c.lessons) == 0 {
		return nil, false
	}
	k := c.com.Keys
	switch c.screen {
	case ScreenMenu:
		return c.menuKey(msg)
	case ScreenSandbox:
		switch {
		case key.Matches(msg, k.Sandbox) && c.run != nil:
			c.showLesson()
		case key.Matches(msg, k.Sandbox, k.Lessons):
			c.showMenu()
		case key.Matches(msg, k.Hint, k.Solution, k.LessonText):
			c.h.Say(common.Status{Text: "hints and solutions belong to a lesson: " + k.Lessons.Help().Key + " opens the lessons", Level: common.LevelWarn})
		default:
			return nil, false
		}
		return nil, true
	}
	return c.lessonKey(msg)
}

// lessonKey handles the keys of an open step.
func (c *Course) lessonKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	r, k, f := c.run, c.com.Keys, c.h.Focus()
	free := f.Overlay == common.OverlayNone && !f.Settings
	// The way on works over the inspector too: the key line offers it
	// there, and a learner who presses it has read enough.
	if r.done && (key.Matches(msg, k.Continue) || free && r.focused && key.Matches(msg, k.Inspect)) {
		f.Overlay, f.Settings = common.OverlayNone, false
		return c.continueLesson(), true
	}
	for _, b := range []struct {
		key key.Binding
		do  func()
	}{
		{k.Sandbox, c.showSandbox}, {k.Lessons, c.showMenu}, {k.Hint, c.hint}, {k.Solution, c.showSolution},
		{k.LessonText, c.toggleText}, {k.Undo, c.lessonUndo}, {k.Reset, c.RestartStep},
	} {
		if key.Matches(msg, b.key) {
			b.do()
			return nil, true
		}
	}
	switch {
	case free && key.Matches(msg, k.Focus):
		c.cycleFocus()
	case free && c.TextFocused() && r.text.Update(k, msg):
	default:
		return nil, false
	}
	return nil, true
}

// menuKey handles the lesson menu's keys; every key stops here, since no
// world is on screen to act on, except help and presenter mode, which
// the root handles.
func (c *Course) menuKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := c.com.Keys
	p := &c.menu
	d, moved := common.Step(k, msg, 5)
	switch {
	case key.Matches(msg, k.Help, k.Present):
		return nil, false
	case moved:
		p.move(d)
	case key.Matches(msg, k.Home):
		p.move(-len(c.lessons) - 1)
	case key.Matches(msg, k.End):
		p.move(len(c.lessons) + 1)
	case key.Matches(msg, k.Start, k.Continue):
		row := p.selected()
		return c.openLesson(row.lesson, row.step), true
	case key.Matches(msg, k.Sandbox):
		c.showSandbox()
	case key.Matches(msg, k.Lessons, k.Back):
		switch {
		case c.from == ScreenLesson && c.run != nil:
			c.showLesson()
		case c.from == ScreenSandbox:
			c.showSandbox()
		default:
			c.h.Say(common.Status{Text: c.menuNext(c.com.Width - 3)})
		}
	default:
		c.h.Say(common.Status{Text: k.UpDown() + " choose a lesson, " + k.Start.Help().Key + " starts it; " +
			k.Sandbox.Help().Key + " opens the free sandbox"})
	}
	if c.com.Accessible && key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End) {
		c.com.Print("selected: " + c.menuRowText(p.selected()))
	}
	return nil, true
}

// ShortHelp is the lesson text's keys while it has the focus.
func (c *Course) ShortHelp() []key.Binding { return common.ScrollHelp(c.com.Keys, true) }

// FullHelp is every key of the lesson text, for the help overlay: its
// scrolling, enter going on once the step is done, and folding it away.
func (c *Course) FullHelp() [][]key.Binding {
	k := c.com.Keys
	return [][]key.Binding{append(common.ScrollFullHelp(k), keymap.As(k.Inspect, "next step, once done"), k.LessonText)}
}
