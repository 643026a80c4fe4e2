package course

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/wallet"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Width is the lesson column's width in a frame w cells wide: half the
// screen, enough for the text to read as prose, with the sequence diagram
// beside it.
func Width(w int) int { return max(min(w/2, 76), 40) }

// presentSplit is the narrowest screen on which presenter mode sets a
// step's text beside the diagram; on a narrower one the text takes the
// width and the fold key gives it to the diagram.
const presentSplit = 100

// SetPresent tells the course whether presenter mode is on, which lays
// a lesson out under the token strip and down to a smaller terminal.
func (c *Course) SetPresent(on bool) { c.present = on }

// TextWidth is the width of the lesson pane, with its text showing, in a
// frame w cells wide.
func (c *Course) TextWidth(w int) int {
	if c.present && w < presentSplit {
		return w
	}
	return Width(w)
}

// drawn reports whether the terminal is large enough for the frame to be
// drawn, so that the lesson text is worth rendering.
func (c *Course) drawn() bool {
	if c.present {
		return c.com.Width >= common.PresentMinWidth && c.com.Height >= common.PresentMinHeight
	}
	return c.com.Width >= common.MinWidth && c.com.Height >= common.MinHeight
}

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
	present  bool
	off      int
	ready    int // glamour renderings ready, of those the pane shows
	dark     bool
	styles   *styles.Styles
}

// Placement is where the pane a step keeps beside its text goes.
type Placement int

// The placements of a step's pane.
const (
	PlaceNone  Placement = iota // not shown beside the text
	PlaceLeft                   // under the lesson text
	PlaceRight                  // under the sequence diagram
)

// Place says where the pane a step keeps beside its text goes in a body h
// rows high: under the text when the screen is tall, under the sequence
// diagram when it is not, so that a step's text never talks about a pane
// that is out of sight.
func (c *Course) Place(h int) Placement {
	switch {
	case c.run.hideText:
		return PlaceNone // the sandbox's own column shows every pane
	case h >= lessonWalletRows:
		return PlaceLeft
	case h-wallet.CompactHeight >= 8:
		return PlaceRight
	}
	return PlaceNone
}

// Pane is the pane the open step keeps on screen beside its text.
func (c *Course) Pane() lessons.Pane { return c.run.step.Pane }

// TextHidden reports whether the open step's text is folded away, so the
// simulator's panes show under the goal.
func (c *Course) TextHidden() bool { return c.run.hideText }

// FoldedHeight is the height of the lesson pane, w cells wide, while its
// text is folded away: the goal, hints and solution, or, once the goal is
// met, the line that says so and what goes on.
func (c *Course) FoldedHeight(w int) int {
	if c.run.done {
		return 3
	}
	return len(c.goalBlock(w-4)) + 2
}

// narrative names the glamour rendering of text at width on the
// terminal's background.
func (c *Course) narrative(text string, width int) narrativeKey {
	return narrativeKey{text: text, width: width, dark: c.com.Dark}
}

// lessonText returns the rendered lines of text for the pane, and whether
// glamour's rendering was ready.
func (c *Course) lessonText(text string, width int) ([]string, bool) {
	return c.text.lines(c.narrative(text, width))
}

// Box draws the lesson pane, w cells wide and h rows high: the step's text
// (or, once the goal is met, its debrief) above the goal, hints and
// solution, which stay in view while the text scrolls.
func (c *Course) Box(w, h int) string {
	r := c.run
	inner := w - 4
	ready := 0
	for _, t := range []string{r.lesson.Intro, r.step.Narrative, r.step.Debrief} {
		if c.text.ready(c.narrative(t, inner)) {
			ready++
		}
	}
	k := lessonPaneKey{world: c.sc.Key(), w: w, h: h, step: r.step, hints: r.hints, solution: r.solution, done: r.done,
		hidden: r.hideText, focused: c.TextFocused(), present: c.present, off: r.text.Offset(), ready: ready, dark: c.com.Dark, styles: c.com.Styles}
	return c.pane.Get(k, func() string { return c.drawLessonBox(w, h) })
}

func (c *Course) drawLessonBox(w, h int) string {
	st, r, keys := c.com.Styles, c.run, c.com.Keys
	inner := w - 4
	steps := len(r.lesson.Steps)
	title := fmt.Sprintf("Lesson %d · %s · step %d/%d", r.index+1, r.lesson.Title, r.step.Number, steps)
	if ansi.StringWidth(title) > inner-4 {
		title = fmt.Sprintf("%s · %d/%d", r.lesson.Title, r.step.Number, steps)
	}
	var text, pinned []string
	heading := 0 // the step's heading's line in text, after an introduction
	switch {
	case r.done && r.hideText:
		title = fmt.Sprintf("✓ Step %d/%d done · %s", r.step.Number, steps, r.step.Title)
		pinned = common.WrapStyled(st.OK.Render, "✓ "+c.nextStepText(), inner)
	case r.done:
		title = fmt.Sprintf("✓ Step %d/%d done · %s", r.step.Number, steps, r.step.Title)
		text, _ = c.lessonText(r.step.Debrief, inner)
		// Wrapped: the next step's title is the point of the line.
		pinned = append([]string{""}, common.WrapStyled(st.OK.Render, "✓ "+c.nextStepText(), inner)...)
	case r.hideText && h == 3:
		pinned = []string{c.goalLine(inner)}
	case r.hideText:
		pinned = c.goalBlock(inner)
	default:
		ready := true
		if r.step.Number == 1 && strings.TrimSpace(r.lesson.Intro) != "" {
			intro, ok := c.lessonText(r.lesson.Intro, inner)
			text = append(append(text, intro...), "")
			ready = ok
		}
		heading = len(text)
		text = append(text, st.PaneTitle.Render(common.Fit(fmt.Sprintf("Step %d · %s", r.step.Number, r.step.Title), inner)), "")
		narrative, ok := c.lessonText(r.step.Narrative, inner)
		text = append(text, narrative...)
		pinned = append([]string{""}, c.goalBlock(inner)...)
		if r.toStep && ready && ok {
			// Once, as the step opens: the window then starts at the
			// heading, or as near it as the end of the text allows, so
			// the introduction gives way to the instruction; it stays
			// above, a scroll away.
			r.toStep = false
			r.text.ScrollTo(heading)
		}
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
	if short := room - len(pinned) - (len(text) - heading); heading > 0 && short > 0 && len(text) > room-len(pinned) {
		// The whole text does not fit, and the step from its heading down
		// is shorter than the window: blank lines after it let the
		// heading reach the top, so the window opens on it rather than in
		// the middle of the introduction.
		text = append(text, make([]string, short)...)
	}
	visible := r.text.Window(text, room-len(pinned))
	lines := append(append([]string{}, visible...), pinned...)

	footer := ""
	switch {
	case r.text.Scrolls():
		how := keys.Focus.Help().Key + ", then " + keys.UpDown() + " scroll"
		if c.TextFocused() {
			how = keys.UpDown() + " " + keys.Paging() + " scroll"
		}
		footer = how + " · " + r.text.Position()
	case r.done && r.hideText:
		footer = keys.LessonText.Help().Key + " shows the debrief"
	case r.done:
		footer = keys.LessonText.Help().Key + " folds the debrief away"
	case r.hideText:
		footer = keys.LessonText.Help().Key + " shows the text"
	case c.present:
		footer = keys.LessonText.Help().Key + " gives its space to the diagram"
	default:
		footer = keys.LessonText.Help().Key + " folds the text away"
	}
	return common.Box(st, title, footer, lines, w, h, c.TextFocused())
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
func (c *Course) goalBlock(inner int) []string {
	r := c.run
	k := goalKey{world: c.sc.Key(), step: r.step, inner: inner, hints: r.hints, solution: r.solution, styles: c.com.Styles}
	return c.goalLines.Get(k, func() []string { return c.drawGoal(inner) })
}

func (c *Course) drawGoal(inner int) []string {
	st, r := c.com.Styles, c.run
	var lines []string
	lines = append(lines, codeSpans(st, st.Text, common.Wrap("Goal: "+oneLine(r.step.GoalText), inner))...)
	lines[0] = strings.Replace(lines[0], "Goal:", st.PaneTitle.Render("Goal:"), 1)
	for i, m := range r.tracker.Marks(c.sc.World) {
		mark, style, words := c.goalMark(m, r.step.Goal[i].Words())
		// Goal lines wrap under their mark: in words they are longer than
		// the goal language was, and a cut one says nothing.
		for j, l := range common.Wrap(words, inner-4) {
			prefix := "    "
			if j == 0 {
				prefix = "  " + mark + " "
			}
			lines = append(lines, style.Render(prefix+l))
		}
	}
	// The solution is the last word: with it shown, the hints give way.
	for i := 0; i < r.hints && !r.solution; i++ {
		text := fmt.Sprintf("Hint %d/%d: %s", i+1, len(r.step.Hints), oneLine(hintTier(c.com.Keys, r.step, i)))
		lines = append(lines, codeSpans(st, st.Hint, common.Wrap(text, inner))...)
	}
	if r.solution {
		lines = append(lines, st.Bold.Render("Solution, not run:")+st.Muted.Render(" key → action ("+
			c.com.Keys.Command.Help().Key+" types one)"))
		for _, a := range solutionActions(r.step) {
			key := c.com.Keys.KeyFor(a)
			if key == "" {
				key = c.com.Keys.Command.Help().Key
			}
			lines = append(lines, common.Fit(st.Key.Render(fmt.Sprintf("  %-6s", key))+" "+st.Text.Render(a.String()), inner))
		}
	}
	if r.hints == 0 && !r.solution {
		lines = append(lines, st.Muted.Render(common.Fit("stuck? "+c.com.Keys.Hint.Help().Key+" gives a hint", inner)))
	}
	return lines
}

// goalMark is how a goal line of words reads when it stands at m: its
// mark, its style, and its words with what the mark leaves unsaid.
func (c *Course) goalMark(m lessons.Mark, words string) (string, styles.Style, string) {
	st := c.com.Styles
	switch m {
	case lessons.MarkMet:
		return "✓", st.OK, words
	case lessons.MarkHolding:
		// True since the step began, so no tick: the learner has only
		// to keep it so.
		return "○", st.Muted, words + " (so far)"
	case lessons.MarkBroken:
		return "✗", st.Bad, words + " (broken: " + c.com.Keys.Undo.Help().Key + " undoes)"
	}
	return "○", st.Muted, words
}

// goalLine is the goal folded to one line, for a pane of one row under
// the presenter's strip: each goal line's mark and words, the first that
// is not met first, so that what is left to do shows before the cut.
func (c *Course) goalLine(inner int) string {
	st, r := c.com.Styles, c.run
	var met, open []string
	for i, m := range r.tracker.Marks(c.sc.World) {
		mark, style, words := c.goalMark(m, r.step.Goal[i].Words())
		if m == lessons.MarkMet {
			met = append(met, style.Render(mark+" "+words))
		} else {
			open = append(open, style.Render(mark+" "+words))
		}
	}
	return common.Fit(st.PaneTitle.Render("Goal:")+" "+strings.Join(append(open, met...), st.Muted.Render(" · ")), inner)
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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
