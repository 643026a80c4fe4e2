package course

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// lineKey is what the course's lines around the body depend on.
type lineKey struct {
	screen   Screen
	w        int
	step     *lessons.Step
	hints    int
	done     bool
	hidden   bool
	present  bool
	hasRun   bool
	sel      int
	version  int
	overlay  common.Overlay
	settings bool
	styles   *styles.Styles
}

func (c *Course) lineKey(w int) lineKey {
	f := c.h.Focus()
	k := lineKey{screen: c.screen, w: w, hasRun: c.run != nil, sel: c.menu.sel, version: c.version,
		overlay: f.Overlay, settings: f.Settings, present: c.present, styles: c.com.Styles}
	if r := c.run; r != nil {
		k.step, k.hints, k.done, k.hidden = r.step, r.hints, r.done, r.hideText
	}
	return k
}

// TitleBar is the title line over the lesson menu, w cells wide, in the
// place of the clock; ok is false on the other screens.
func (c *Course) TitleBar(w int) (line string, ok bool) {
	if len(c.lessons) == 0 || c.screen != ScreenMenu {
		return "", false
	}
	return c.titleBar.Get(c.lineKey(w), func() string { return c.menuTitle(w) }), true
}

// NextLine is the line under the status in the menu (what enter opens) and
// in a lesson (the lesson's keys, or the way on), w cells wide; ok is false
// in the sandbox, whose tour suggests the next step.
func (c *Course) NextLine(w int) (line string, ok bool) {
	switch {
	case len(c.lessons) == 0:
		return "", false
	case c.screen == ScreenMenu:
		return c.nextBar.Get(c.lineKey(w), func() string { return common.Fit(c.com.Styles.Hint.Render(" Next: "+c.menuNext(w-7)), w) }), true
	case c.screen == ScreenLesson:
		return c.nextBar.Get(c.lineKey(w), func() string { return c.lessonLine(w) }), true
	}
	return "", false
}

// KeysLine is the key line of the menu, w cells wide; ok is false on the
// other screens, whose key line the root draws around Keys.
func (c *Course) KeysLine(w int) (line string, ok bool) {
	if len(c.lessons) == 0 || c.screen != ScreenMenu || c.h.Focus().Overlay != common.OverlayNone {
		return "", false
	}
	return c.keysBar.Get(c.lineKey(w), func() string { return c.menuKeys(w) }), true
}

// KeysKey is what Keys depends on, for the root's cache of the key line.
type KeysKey struct {
	screen Screen
	step   *lessons.Step
	done   bool
	hasRun bool
	text   bool
}

// KeysKey is what Keys, and the choice between the lesson text's keys
// and a pane's, depend on now.
func (c *Course) KeysKey() KeysKey {
	k := KeysKey{screen: c.screen, hasRun: c.run != nil, text: c.TextFocused()}
	if r := c.run; r != nil {
		k.step, k.done = r.step, r.done
	}
	return k
}

// Keys is what the key line offers first where the world is on screen:
// in the sandbox, the way back to the course and then the usual keys; in
// an open step, the keys its solution uses, so that the line names what
// the step needs rather than the same nine keys everywhere. ok is false
// when the root's usual keys apply (no course, or a step done).
func (c *Course) Keys() (items []key.Binding, ok bool) {
	k := c.com.Keys
	switch {
	case len(c.lessons) == 0:
		return nil, false
	case c.screen == ScreenSandbox:
		if c.run != nil {
			items = append(items, keymap.As(k.Sandbox, "back to the lesson"))
		}
		return append(append(items, k.Lessons), k.ShortHelp()...), true
	case c.InLesson() && !c.run.done:
		return stepKeys(k, c.run.step), true
	}
	return nil, false
}

func (c *Course) menuTitle(w int) string {
	st := c.com.Styles
	return common.TitleBar(st, st.ClockTime.Render(" tokenflow · lessons ")+st.ClockBar.Render(" learn OAuth tokens by doing"), w)
}

// menuNext says what enter does in the menu, in w cells where it can:
// the lesson's title and the sandbox's key give way first (the menu shows
// both), never the step enter opens.
func (c *Course) menuNext(w int) string {
	k := c.com.Keys
	row := c.menu.selected()
	l := c.lessons[row.lesson]
	verb := "start"
	if row.resume || row.step > 1 {
		verb = "continue"
	}
	at := fmt.Sprintf("at step %d of %d", row.step, len(l.Steps))
	sandbox := " · " + k.Sandbox.Help().Key + " opens the free sandbox"
	press := fmt.Sprintf("press %s to %s lesson %d", k.Start.Help().Key, verb, row.lesson+1)
	titled := press + ", “" + l.Title + "”, " + at
	for _, s := range []string{titled + sandbox, titled, press + " " + at + sandbox} {
		if ansi.StringWidth(s) <= w {
			return s
		}
	}
	return press + " " + at
}

func (c *Course) menuKeys(w int) string {
	k := c.com.Keys
	items := []key.Binding{keymap.Both(k.Up, k.Down, "choose"), keymap.As(k.Start, "start"), keymap.As(k.Sandbox, "free sandbox")}
	if c.from != ScreenMenu {
		items = append(items, keymap.As(k.Back, "back"))
	}
	return common.HintLine(c.com.Styles, w, items, k.HelpQuit())
}

// lessonLine is the line under the status in a lesson: the lesson's keys,
// or, once the goal is met, the way on.
func (c *Course) lessonLine(w int) string {
	st, r, k := c.com.Styles, c.run, c.com.Keys
	var items []key.Binding
	if r.done {
		what := "next step"
		switch {
		case r.step.Number == len(r.lesson.Steps) && c.lessonDone(r.index):
			what = "finish the lesson"
		case r.step.Number == len(r.lesson.Steps):
			what = "back to the lessons"
		}
		items = append(items, keymap.As(k.Continue, what))
	} else {
		left := len(r.step.Hints) - r.hints
		items = append(items, keymap.As(k.Hint, fmt.Sprintf("hint (%d left)", left)), keymap.As(k.Solution, "solution"))
	}
	items = append(items, keymap.As(k.Sandbox, "sandbox"), k.Lessons)
	if !r.done {
		text := "fold text"
		switch {
		case r.hideText:
			text = "show text"
		case c.present:
			text = "diagram"
		}
		fold := keymap.As(k.LessonText, text)
		if c.present {
			// On a projector the diagram is what the room came for: its
			// key goes first, before a narrow line cuts it off.
			items = slices.Insert(items, 1, fold)
		} else {
			items = append(items, fold)
		}
		items = append(items, keymap.As(k.Command, "type an action"), keymap.As(k.Reset, "restart step"))
	}
	mark := st.PaneTitle.Render(" Lesson")
	if r.done {
		mark = st.OK.Render(" ✓ Done")
	}
	return common.Fit(mark+common.HintLine(st, w-ansi.StringWidth(ansi.Strip(mark)), items, nil), w)
}

// nextStepText says which key goes on, and to what.
func (c *Course) nextStepText() string {
	r, keys := c.run, c.com.Keys
	steps := len(r.lesson.Steps)
	if r.step.Number == steps {
		return keys.Continue.Help().Key + " → back to the lessons"
	}
	return fmt.Sprintf("%s → step %d/%d: %s", keys.Continue.Help().Key, r.step.Number+1, steps, r.lesson.Steps[r.step.Number].Title)
}
