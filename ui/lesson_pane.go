package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/wallet"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// lessonWidth is the lesson column's width: half the screen, enough for
// the text to read as prose, with the sequence diagram beside it.
func lessonWidth(w int) int { return max(min(w/2, 76), 40) }

// lessonPaneKey is everything the lesson pane shows.
type lessonPaneKey struct {
	world    common.WorldKey
	w, h     int
	step     *lessons.Step
	hints    int
	solution bool
	done     bool
	hidden   bool
	focused  bool
	off      int
	ready    int // glamour renderings ready, of those the pane shows
	dark     bool
	styles   *styles.Styles
}

// lessonColumn is the left column of a lesson: the lesson pane, with the
// wallet under it when the screen is tall enough; with the text folded
// away, the goal above the sandbox's own left column.
func (m *Model) lessonColumn(w, h int) string {
	r := m.course.run
	var top, bottom string
	switch {
	case r.hideText:
		gh := len(m.goalBlock(w-4)) + 2
		if r.done {
			gh = 3 // the line that says the step is done and what goes on
		}
		if h-gh >= wallet.FullHeight+6 {
			top, bottom = m.lessonBox(w, gh), m.leftColumn(w, h-gh)
			break
		}
		gh = max(h-wallet.CompactHeight, 3)
		top, bottom = m.lessonBox(w, gh), m.wallet.Render(w, h-gh)
	case m.companionPlace(h) == companionLeft:
		top, bottom = m.lessonBox(w, h-wallet.CompactHeight), m.companion(w, wallet.CompactHeight)
	default:
		return m.lessonBox(w, h)
	}
	return m.course.column.Get([2]string{top, bottom}, func() string { return top + "\n" + bottom })
}

// companionPlace says where the pane a step keeps beside its text goes in
// a body h rows high: under the text when the screen is tall, under the
// sequence diagram when it is not, so that a step's text never talks
// about a pane that is out of sight.
func (m *Model) companionPlace(h int) int {
	switch {
	case m.course.run.hideText:
		return companionNone // the sandbox's own column shows every pane
	case h >= lessonWalletRows:
		return companionLeft
	case h-wallet.CompactHeight >= 8:
		return companionRight
	}
	return companionNone
}

// Where a step's pane goes.
const (
	companionNone = iota
	companionLeft
	companionRight
)

// companion draws the pane the step keeps on screen, w cells wide and h
// rows high.
func (m *Model) companion(w, h int) string {
	switch m.course.run.step.Pane {
	case lessons.PaneFamily:
		return m.family.Render(w, h)
	case lessons.PaneHappened:
		return m.last.Render(w, h)
	}
	return m.wallet.Render(w, h)
}

// narrative names the glamour rendering of text at width on the
// terminal's background.
func (m *Model) narrative(text string, width int) narrativeKey {
	return narrativeKey{text: text, width: width, dark: m.com.Dark}
}

// lessonText returns the rendered lines of text for the pane, and whether
// glamour's rendering was ready.
func (m *Model) lessonText(text string, width int) ([]string, bool) {
	return m.course.text.lines(m.narrative(text, width))
}

// lessonBox draws the lesson pane: the step's text (or, once the goal is
// met, its debrief) above the goal, hints and solution, which stay in
// view while the text scrolls.
func (m *Model) lessonBox(w, h int) string {
	c, r := &m.course, m.course.run
	inner := w - 4
	ready := 0
	for _, t := range []string{r.lesson.Intro, r.step.Narrative, r.step.Debrief} {
		if c.text.ready(m.narrative(t, inner)) {
			ready++
		}
	}
	k := lessonPaneKey{world: m.sc.Key(), w: w, h: h, step: r.step, hints: r.hints, solution: r.solution, done: r.done,
		hidden: r.hideText, focused: m.lessonFocused(), off: r.text.Offset(), ready: ready, dark: m.com.Dark, styles: m.com.Styles}
	return c.pane.Get(k, func() string { return m.drawLessonBox(w, h) })
}

func (m *Model) drawLessonBox(w, h int) string {
	st, r, keys := m.com.Styles, m.course.run, m.com.Keys
	inner := w - 4
	steps := len(r.lesson.Steps)
	title := fmt.Sprintf("Lesson %d · %s · step %d/%d", r.index+1, r.lesson.Title, r.step.Number, steps)
	if ansi.StringWidth(title) > inner-4 {
		title = fmt.Sprintf("%s · %d/%d", r.lesson.Title, r.step.Number, steps)
	}
	var text, pinned []string
	switch {
	case r.done && r.hideText:
		title = fmt.Sprintf("✓ Step %d/%d done · %s", r.step.Number, steps, r.step.Title)
		pinned = []string{st.OK.Render(common.Fit("✓ "+m.nextStepText(), inner))}
	case r.done:
		title = fmt.Sprintf("✓ Step %d/%d done · %s", r.step.Number, steps, r.step.Title)
		text, _ = m.lessonText(r.step.Debrief, inner)
		pinned = []string{"", st.OK.Render(common.Fit("✓ "+m.nextStepText(), inner))}
	case r.hideText:
		pinned = m.goalBlock(inner)
	default:
		if r.step.Number == 1 && strings.TrimSpace(r.lesson.Intro) != "" {
			intro, _ := m.lessonText(r.lesson.Intro, inner)
			text = append(append(text, intro...), "")
		}
		text = append(text, st.PaneTitle.Render(common.Fit(fmt.Sprintf("Step %d · %s", r.step.Number, r.step.Title), inner)), "")
		narrative, _ := m.lessonText(r.step.Narrative, inner)
		text = append(text, narrative...)
		pinned = append([]string{""}, m.goalBlock(inner)...)
	}
	room := h - 2
	if len(pinned) > room/2 && !r.done {
		// Too tall to pin and leave the text room: the goal and the hints
		// scroll with the text, and a new hint scrolls into view.
		text, pinned = append(text, pinned...), nil
		if seen := r.hints + btoi(r.solution); seen != r.seenHints {
			r.seenHints = seen
			r.text.ScrollTo(len(text))
		}
	}
	if r.done && len(text)+len(pinned) > room {
		pinned = pinned[1:] // the gap before the way on gives way to the debrief
	}
	visible := r.text.Window(text, room-len(pinned))
	lines := append(append([]string{}, visible...), pinned...)

	footer := ""
	switch {
	case r.text.Scrolls():
		how := keys.Focus.Help().Key + ", then " + keys.UpDown() + " scroll"
		if m.lessonFocused() {
			how = keys.UpDown() + " " + keys.Paging() + " scroll"
		}
		footer = how + " · " + r.text.Position()
	case r.done && r.hideText:
		footer = keys.LessonText.Help().Key + " shows the debrief"
	case r.done:
		footer = keys.LessonText.Help().Key + " folds the debrief away"
	case r.hideText:
		footer = keys.LessonText.Help().Key + " shows the text"
	default:
		footer = keys.LessonText.Help().Key + " folds the text away"
	}
	return common.Box(st, title, footer, lines, w, h, m.lessonFocused())
}

type goalKey struct {
	world    common.WorldKey
	step     *lessons.Step
	inner    int
	hints    int
	solution bool
	styles   *styles.Styles
}

// goalBlock is the goal in words with a mark per goal line, the hints
// shown so far, and the solution if asked for: what must stay in view.
func (m *Model) goalBlock(inner int) []string {
	r := m.course.run
	k := goalKey{world: m.sc.Key(), step: r.step, inner: inner, hints: r.hints, solution: r.solution, styles: m.com.Styles}
	return m.course.goalLines.Get(k, func() []string { return m.drawGoal(inner) })
}

func (m *Model) drawGoal(inner int) []string {
	st, r := m.com.Styles, m.course.run
	var lines []string
	lines = append(lines, codeSpans(st, st.Text, common.Wrap("Goal: "+oneLine(r.step.GoalText), inner))...)
	lines[0] = strings.Replace(lines[0], "Goal:", st.PaneTitle.Render("Goal:"), 1)
	for i, met := range r.tracker.Status(m.sc.World) {
		mark, style := "○", st.Muted
		if met {
			mark, style = "✓", st.OK
		}
		// Goal lines wrap under their mark: in words they are longer than
		// the goal language was, and a cut one says nothing.
		for j, l := range common.Wrap(r.step.Goal[i].Words(), inner-4) {
			prefix := "    "
			if j == 0 {
				prefix = "  " + mark + " "
			}
			lines = append(lines, style.Render(prefix+l))
		}
	}
	// The solution is the last word: with it shown, the hints give way.
	for i := 0; i < r.hints && !r.solution; i++ {
		text := fmt.Sprintf("Hint %d/%d: %s", i+1, len(r.step.Hints), oneLine(m.hintTier(r.step, i)))
		lines = append(lines, codeSpans(st, st.Hint, common.Wrap(text, inner))...)
	}
	if r.solution {
		lines = append(lines, st.Bold.Render("Solution, not run:")+st.Muted.Render(" key → action ("+
			m.com.Keys.Command.Help().Key+" types one)"))
		for _, a := range solutionActions(r.step) {
			key := m.com.Keys.KeyFor(a)
			if key == "" {
				key = m.com.Keys.Command.Help().Key
			}
			lines = append(lines, common.Fit(st.Key.Render(fmt.Sprintf("  %-6s", key))+" "+st.Text.Render(a.String()), inner))
		}
	}
	if r.hints == 0 && !r.solution {
		lines = append(lines, st.Muted.Render(common.Fit("stuck? "+m.com.Keys.Hint.Help().Key+" gives a hint", inner)))
	}
	return lines
}

// codeSpans styles wrapped text: `code` in the key style, without its
// backticks, the rest in base. A span may cross a line break.
func codeSpans(st *styles.Styles, base styles.Style, lines []string) []string {
	out := make([]string, len(lines))
	code := false
	for i, l := range lines {
		var sb strings.Builder
		for j, part := range strings.Split(l, "`") {
			if j > 0 {
				code = !code
			}
			if part == "" {
				continue
			}
			if code {
				sb.WriteString(st.Key.Render(part))
			} else {
				sb.WriteString(base.Render(part))
			}
		}
		out[i] = sb.String()
	}
	return out
}

// courseLineKey is what the course's chrome lines depend on.
type courseLineKey struct {
	screen   screen
	w        int
	step     *lessons.Step
	hints    int
	done     bool
	hidden   bool
	hasRun   bool
	sel      int
	version  int
	overlay  common.Overlay
	settings bool
	styles   *styles.Styles
}

// courseChrome replaces the lines around the body that the course changes:
// the prompt over the status line, a title bar over the menu, and the
// next-step and key lines of the menu, a lesson and the sandbox.
func (m *Model) courseChrome(p *frameParts, w int) {
	c := &m.course
	if m.prompt.Active() {
		p.status = m.prompt.Render(w)
	}
	if len(c.lessons) == 0 {
		return
	}
	k := courseLineKey{screen: c.screen, w: w, hasRun: c.run != nil, sel: c.menu.sel, version: c.version,
		overlay: m.focus.Overlay, settings: m.focus.Settings, styles: m.com.Styles}
	if r := c.run; r != nil {
		k.step, k.hints, k.done, k.hidden = r.step, r.hints, r.done, r.hideText
	}
	switch c.screen {
	case screenMenu:
		if !strings.Contains(p.clock, "\n") {
			p.clock = c.titleBar.Get(k, func() string { return m.menuTitle(w) })
		}
		p.next = c.nextBar.Get(k, func() string { return common.Fit(m.com.Styles.Hint.Render(" Next: "+m.menuNext()), w) })
		if m.focus.Overlay == common.OverlayNone {
			p.ks = c.keysBar.Get(k, func() string { return m.menuKeys(w) })
		}
	case screenLesson:
		p.next = c.nextBar.Get(k, func() string { return m.lessonLine(w) })
	case screenSandbox:
		if m.focus.Overlay == common.OverlayNone && !m.focus.Settings {
			p.ks = c.keysBar.Get(k, func() string { return m.sandboxKeys(w) })
		}
	}
}

func (m *Model) menuTitle(w int) string {
	st := m.com.Styles
	return common.TitleBar(st, st.ClockTime.Render(" tokenflow · lessons ")+st.ClockBar.Render(" learn OAuth tokens by doing"), w)
}

// menuNext says what enter does in the menu.
func (m *Model) menuNext() string {
	c, k := &m.course, m.com.Keys
	row := c.menu.selected()
	l := c.lessons[row.lesson]
	verb := "start"
	if row.resume || row.step > 1 {
		verb = "continue"
	}
	return fmt.Sprintf("press %s to %s lesson %d, “%s”, at step %d of %d · %s opens the free sandbox",
		k.Start.Help().Key, verb, row.lesson+1, l.Title, row.step, len(l.Steps), k.Sandbox.Help().Key)
}

func (m *Model) menuKeys(w int) string {
	k := m.com.Keys
	items := []key.Binding{keymap.Both(k.Up, k.Down, "choose"), keymap.As(k.Start, "start"), keymap.As(k.Sandbox, "free sandbox")}
	if m.course.from != screenMenu {
		items = append(items, keymap.As(k.Back, "back"))
	}
	return common.HintLine(m.com.Styles, w, items, k.HelpQuit())
}

// sandboxKeys is the sandbox's key line with the way back to the course
// first.
func (m *Model) sandboxKeys(w int) string {
	k := m.com.Keys
	var items []key.Binding
	if m.course.run != nil {
		items = append(items, keymap.As(k.Sandbox, "back to the lesson"))
	}
	items = append(items, k.Lessons)
	items = append(items, k.ShortHelp()...)
	return common.HintLine(m.com.Styles, w, items, k.HelpQuit())
}

// lessonLine is the line under the status in a lesson: the lesson's keys,
// or, once the goal is met, the way on.
func (m *Model) lessonLine(w int) string {
	st, r, k := m.com.Styles, m.course.run, m.com.Keys
	var items []key.Binding
	if r.done {
		what := "next step"
		if r.step.Number == len(r.lesson.Steps) {
			what = "finish the lesson"
		}
		items = append(items, keymap.As(k.Continue, what))
	} else {
		left := len(r.step.Hints) - r.hints
		items = append(items, keymap.As(k.Hint, fmt.Sprintf("hint (%d left)", left)), keymap.As(k.Solution, "solution"))
	}
	items = append(items, keymap.As(k.Sandbox, "sandbox"), k.Lessons)
	if !r.done {
		text := "fold text"
		if r.hideText {
			text = "show text"
		}
		items = append(items, keymap.As(k.LessonText, text), keymap.As(k.Command, "type an action"), keymap.As(k.Reset, "restart step"))
	}
	mark := st.PaneTitle.Render(" Lesson")
	if r.done {
		mark = st.OK.Render(" ✓ Done")
	}
	return common.Fit(mark+common.HintLine(st, w-ansi.StringWidth(ansi.Strip(mark)), items, nil), w)
}

// nextStepText says which key goes on, and to what.
func (m *Model) nextStepText() string {
	r, keys := m.course.run, m.com.Keys
	steps := len(r.lesson.Steps)
	if r.step.Number == steps {
		return keys.Continue.Help().Key + " → lesson complete: back to the lessons"
	}
	return fmt.Sprintf("%s → step %d/%d: %s", keys.Continue.Help().Key, r.step.Number+1, steps, r.lesson.Steps[r.step.Number].Title)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
