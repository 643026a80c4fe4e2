package workshop

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/plural"
)

func (d dashboard) View() tea.View {
	v := tea.NewView(d.render())
	v.AltScreen = true
	v.WindowTitle = "tokenflow workshop"
	return v
}

// render draws the list or the watched screen above the footer: the
// notice, question or message line, and the help. Every line is cut to
// the terminal's width, and there are never more lines than its height.
func (d dashboard) render() string {
	foot := d.footer()
	var lines []string
	if d.watching != 0 {
		lines = d.watchLines(max(0, d.height-len(foot)))
	} else {
		lines = d.listLines()
	}
	lines = append(lines, foot...)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, d.width, "…")
	}
	return strings.Join(lines[:min(len(lines), max(d.height, 1))], "\n")
}

// footer is a blank line, then the notice, the question or the message
// being typed, then the help.
func (d dashboard) footer() []string {
	var line string
	var keys interface {
		ShortHelp() []key.Binding
		FullHelp() [][]key.Binding
	}
	var above []string
	switch {
	case d.compose:
		// A limit's notice (LimitMsg) that arrives while a message is
		// typed shows above it: the message may have lost what it says.
		line, keys = d.input.View(), composeKeys{&d.keys}
		if d.notice != "" {
			above = wrap(d.notice, d.width, maxNoticeLines)
		}
	case d.ask != nil:
		line, keys = d.styles.Prompt.Render(" "+d.ask.text+" "), confirmKeys{&d.keys, d.ask.strict}
	case d.watching != 0:
		line, keys = d.notice, watchKeys{&d.keys}
	default:
		line, keys = d.notice, listKeys{&d.keys}
	}
	lines := append(append([]string{""}, above...), wrap(line, d.width, maxNoticeLines)...)
	return append(lines, strings.Split(d.help.View(keys), "\n")...)
}

// maxNoticeLines bounds a notice: a path may need two lines, and an error
// from the file system three.
const maxNoticeLines = 3

// wrap breaks s into at most n lines of width columns.
func wrap(s string, width, n int) []string {
	if width < 1 || ansi.StringWidth(s) <= width {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, width, " "), "\n")
	return lines[:min(len(lines), n)]
}

// listChrome counts the lines of the list around its rows: the title, the
// summary, the legend and the header.
const listChrome = 4

func (d dashboard) visibleRows() int {
	return max(1, d.height-listChrome-len(d.footer()))
}

func (d *dashboard) clampOffset() {
	d.offset = min(d.offset, len(d.rows)-d.visibleRows())
	d.offset = max(d.offset, 0)
}

// follow scrolls the list so that the selected row shows.
func (d *dashboard) follow() {
	if i := d.index(); i >= 0 {
		d.offset = min(d.offset, i)
		d.offset = max(d.offset, i-d.visibleRows()+1)
	}
	d.clampOffset()
}

// column is one column of the list.
type column struct {
	title string
	width int
	right bool // numbers are right-aligned
	cell  func(r learnerRow) string
}

// colCourse is the course strip's column title.
const colCourse = "COURSE"

// Widths of the list's columns; where the learner is takes what is left.
const (
	colMarks   = 3 // selection and stuck
	colLearner = 16
	minWhere   = 16
	colGap     = 1
)

// columns fits the list's columns to the width: the course strip and the
// connection time join from about 110 columns.
func (d dashboard) columns() []column {
	at := d.at
	lesson := func(r learnerRow) bool { return r.Status.Place == PlaceLesson }
	cols := []column{
		{"LEARNER", colLearner, false, func(r learnerRow) string { return displayName(r.User) }},
		{"WHERE", 0, false, where},
		{"STEP", 5, true, func(r learnerRow) string {
			if !lesson(r) {
				return ""
			}
			return stepText(r.Status)
		}},
		{"ON STEP", 7, true, func(r learnerRow) string {
			if !lesson(r) {
				return ""
			}
			return since(at, r.StepSince)
		}},
		{"HINTS", 5, true, func(r learnerRow) string {
			if !lesson(r) {
				return ""
			}
			h := fmt.Sprintf("%d/%d", r.Status.Hints, r.Status.HintTiers)
			if r.Status.Solution {
				h += "+S"
			}
			return h
		}},
		{"REFUSED", 7, true, func(r learnerRow) string {
			if !lesson(r) {
				return ""
			}
			return strconv.Itoa(r.Status.Refused)
		}},
		{"DONE", 4, true, func(r learnerRow) string { return strconv.Itoa(r.Status.Completed) }},
		{"IDLE", 6, true, func(r learnerRow) string { return since(at, r.LastInput) }},
	}
	used := func() int {
		n := colMarks
		for _, c := range cols {
			n += c.width + colGap
		}
		return n
	}
	if strip := d.stripWidth(); strip > 0 && d.width-used()-strip-colGap >= 30 {
		cols = append(cols, column{colCourse, max(strip, 6), false, courseStrip})
	}
	if d.width-used()-5-colGap >= 30 {
		cols = append(cols, column{"SINCE", 5, false, func(r learnerRow) string { return r.Connected.Format("15:04") }})
	}
	cols[1].width = max(minWhere, d.width-used())
	return cols
}

// stripWidth is the width of the widest course strip, 0 if nobody has one.
func (d dashboard) stripWidth() int {
	w := 0
	for _, r := range d.rows {
		w = max(w, len(r.Status.Finished))
	}
	return w
}

// where is the lesson, or the screen outside one, in words.
func where(r learnerRow) string {
	if r.Status.Place == PlaceLesson && r.Status.Lesson != "" {
		return r.Status.Lesson
	}
	return r.Status.Place.String()
}

// courseStrip draws the course as one character a lesson: ✓ finished, ▸ the
// lesson open, · the others.
func courseStrip(r learnerRow) string {
	var b strings.Builder
	for i, done := range r.Status.Finished {
		switch {
		case r.Status.Place == PlaceLesson && i+1 == r.Status.Index:
			b.WriteString("▸")
		case done:
			b.WriteString("✓")
		default:
			b.WriteString("·")
		}
	}
	return b.String()
}

// listLines draws the room: title, summary, legend, the table.
func (d dashboard) listLines() []string {
	cols := d.columns()
	line := func(marks string, cells func(c column) string) string {
		parts := []string{marks}
		for _, c := range cols {
			s := cells(c)
			if c.right {
				s = strings.Repeat(" ", max(0, c.width-ansi.StringWidth(s))) + s
			}
			parts = append(parts, cell(s, c.width))
		}
		return strings.TrimRight(strings.Join(parts, strings.Repeat(" ", colGap)), " ")
	}
	lines := []string{
		d.styles.Title.Render("tokenflow workshop · instructor dashboard") + "  " + d.styles.Muted.Render(d.at.Format("15:04:05")),
		d.summary(),
		d.styles.Muted.Render(d.legend(cols)),
		d.styles.Header.Render(line("  ", func(c column) string { return c.title })),
	}
	shown := d.rows[d.offset:min(len(d.rows), d.offset+d.visibleRows())]
	for _, r := range shown {
		sel, stuck := " ", " "
		if r.ID == d.selected {
			sel = "›"
		}
		if isStuck(r, d.at, d.stuckAfter) {
			stuck = d.styles.Stuck.Render("!")
		}
		text := line(sel+stuck, func(c column) string { return c.cell(r) })
		if r.ID == d.selected {
			text = d.styles.Selected.Render(text)
		}
		lines = append(lines, text)
	}
	for range d.visibleRows() - len(shown) {
		lines = append(lines, "")
	}
	return lines
}

func (d dashboard) summary() string {
	n := len(d.rows)
	var s string
	switch n {
	case 0:
		s = "No learners connected yet"
	case d.learners():
		s = plural.Count(n, "learner") + " connected"
	default:
		// A learner's second terminal is a session, not a learner.
		s = plural.Count(d.learners(), "learner") + " connected in " + plural.Count(n, "session")
	}
	if d.maxSessions > 0 {
		s += fmt.Sprintf(" (limit %d)", d.maxSessions)
	}
	stuck := 0
	for _, r := range d.rows {
		if isStuck(r, d.at, d.stuckAfter) {
			stuck++
		}
	}
	s += fmt.Sprintf(" · %d stuck · sorted: %s", stuck, d.order)
	if n > d.visibleRows() {
		s += fmt.Sprintf(" · showing %d–%d", d.offset+1, d.offset+min(n-d.offset, d.visibleRows()))
	}
	return d.styles.Muted.Render(s)
}

// legend says what marks a learner stuck, and what the course strip's
// marks mean when cols has the strip.
func (d dashboard) legend(cols []column) string {
	s := "! stuck: every hint shown"
	if d.stuckAfter > 0 {
		s += ", or " + clock.Spell(d.stuckAfter) + " on one step"
	}
	if slices.ContainsFunc(cols, func(c column) bool { return c.title == colCourse }) {
		s += " · course: ✓ finished, ▸ open"
	}
	return s
}

// watchLines draws the watched learner's screen in height lines: a title,
// then the screen, cut to the instructor's terminal.
func (d dashboard) watchLines(height int) []string {
	r, _ := d.row(d.watching)
	title := d.styles.Title.Render("watching "+displayName(r.User)) + d.styles.Muted.Render(" · read-only · "+where(r))
	if r.Status.Place == PlaceLesson {
		title += d.styles.Muted.Render(", step " + stepText(r.Status))
	}
	avail := max(0, height-1)
	if d.shot.Width > d.width || d.shot.Height > avail {
		title += d.styles.Muted.Render(fmt.Sprintf(" · cut from %d×%d", d.shot.Width, d.shot.Height))
	}
	lines := []string{title}
	if d.shot.Content == "" {
		lines = append(lines, d.styles.Muted.Render("waiting for their screen…"))
	} else {
		lines = append(lines, crop(d.shot.Content, d.width, avail)...)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}

// crop cuts a frame to at most width columns and height lines, reading
// no further into it than it keeps: a frame's size never decides what
// the instructor's session allocates.
func crop(frame string, width, height int) []string {
	var lines []string
	for len(lines) < height && frame != "" {
		line, rest, _ := strings.Cut(frame, "\n")
		frame = rest
		lines = append(lines, ansi.Truncate(line, width, "")+ansi.ResetStyle)
	}
	return lines
}
