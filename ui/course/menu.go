package course

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// menuIntro is the first thing a new learner reads.
const menuIntro = "A course in OAuth access and refresh tokens, done for real: every lesson runs a live " +
	"authorization server and API on a simulated clock, and you act with single keys."

// menuRow is one line of the lesson menu.
type menuRow struct {
	lesson int  // index into the lessons
	step   int  // the step it opens at, 1-based
	resume bool // "continue where you left off"
}

// menuPane is the list of lessons with completion marks, and a row to
// continue where the learner left off.
type menuPane struct {
	c      *common.Common
	course *Course
	sel    int
	top    int // first list row shown when the list must scroll
	cache  common.Cached[menuKey]
}

type menuKey struct {
	w, h    int
	sel     int
	version int
	last    *lessons.Position // replaced, never changed in place
	styles  *styles.Styles
}

// rows lists the menu: the resume row, when the learner is inside a
// lesson, then every lesson.
func (c *Course) rows() []menuRow {
	var rows []menuRow
	if i, n, ok := c.resumePoint(); ok && (n > 1 || len(c.completed[c.lessons[i].ID]) > 0) {
		rows = append(rows, menuRow{lesson: i, step: n, resume: true})
	}
	for i := range c.lessons {
		rows = append(rows, menuRow{lesson: i, step: c.startStep(i)})
	}
	return rows
}

func (p *menuPane) selected() menuRow {
	rows := p.course.rows()
	p.sel = max(min(p.sel, len(rows)-1), 0)
	return rows[p.sel]
}

func (p *menuPane) move(d int) {
	n := len(p.course.rows())
	p.sel = max(min(p.sel+d, n-1), 0)
}

// preselect selects the resume row if there is one, else the lesson to
// do next.
func (p *menuPane) preselect() {
	c := p.course
	rows := c.rows()
	if rows[0].resume {
		p.sel = 0
		return
	}
	if i, _, ok := c.resumePoint(); ok {
		p.selectLesson(i)
		return
	}
	for i := range c.lessons {
		if !c.lessonDone(i) {
			p.selectLesson(i)
			return
		}
	}
	p.selectLesson(0)
}

// selectLesson selects lesson i's own row.
func (p *menuPane) selectLesson(i int) {
	for r, row := range p.course.rows() {
		if !row.resume && row.lesson == i {
			p.sel = r
			return
		}
	}
}

// Render draws the menu w cells wide and h rows high.
func (p *menuPane) Render(w, h int) string {
	k := menuKey{w: w, h: h, sel: p.sel, version: p.course.version, last: p.course.last, styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

func (p *menuPane) render(w, h int) string {
	st, c := p.c.Styles, p.course
	inner := w - 4
	rows := c.rows()
	p.sel = max(min(p.sel, len(rows)-1), 0)

	titleW := menuTitleWidth(c.lessons, inner-1)
	// Each row is one line or more: a title too long for its column
	// wraps in it, since a cut title can hide what tells two lessons
	// apart. first[i] is row i's first line; the list ends at last.
	var list []string
	first := make([]int, len(rows)+1)
	for i, row := range rows {
		first[i] = len(list)
		l := c.lessons[row.lesson]
		var lines []string // plain text, then styled
		if row.resume {
			text := fmt.Sprintf("▶ Continue where you left off: %s, step %d of %d", l.Title, row.step, len(l.Steps))
			lines = common.Wrap(text, inner-1)
			for j := range lines {
				lines[j] = st.Accent.Render(lines[j])
			}
		} else {
			mark, state, ms := " ", "new", st.Muted
			done := len(c.completed[l.ID])
			switch {
			case c.lessonDone(row.lesson):
				mark, state, ms = "✓", "done", st.OK
			case done > 0:
				state = fmt.Sprintf("%d/%d", done, len(l.Steps))
			}
			for j, t := range common.Wrap(l.Title, titleW) {
				if j == 0 {
					lines = append(lines, ms.Render(mark)+st.Text.Render(fmt.Sprintf(" %2d  ", row.lesson+1))+
						st.Bold.Render(common.Fit(t, titleW))+"  "+ms.Render(fmt.Sprintf("%-4s", state))+"  "+st.Muted.Render(l.Summary))
					continue
				}
				lines = append(lines, strings.Repeat(" ", 6)+st.Bold.Render(t))
			}
		}
		for j, line := range lines {
			if i == p.sel {
				mark := " "
				if j == 0 {
					mark = st.Accent.Render("›")
				}
				list = append(list, mark+st.Selected.Render(common.Fit(ansi.Strip(line), inner-1)))
			} else {
				list = append(list, " "+common.Fit(line, inner-1))
			}
		}
		if i == 0 && row.resume {
			list = append(list, "") // a gap between "continue" and the list
		}
	}
	first[len(rows)] = len(list)

	// What the selected row opens, in full.
	row := rows[p.sel]
	l := c.lessons[row.lesson]
	head := l.Title + " · " + plural.Count(len(l.Steps), "step")
	if done := len(c.completed[l.ID]); done > 0 {
		head += fmt.Sprintf(", %d done", done)
	}
	whole := common.Wrap(l.Summary, inner)
	summary := whole
	opens := st.Hint.Render(common.Fit(fmt.Sprintf("%s opens step %d: %s", p.c.Keys.Start.Help().Key, row.step, l.Steps[row.step-1].Title), inner))

	room := h - 2
	intro := append(common.WrapStyled(st.Text.Render, menuIntro, inner), "")
	full := func() []string {
		shown := make([]string, len(summary))
		for i, line := range summary {
			if i == len(summary)-1 && len(summary) < len(whole) {
				// Cut short: its last line says there is more.
				line = ansi.Truncate(line, inner-1, "") + "…"
			}
			shown[i] = st.Text.Render(line)
		}
		return append(append(append([]string{""}, common.WrapStyled(st.PaneTitle.Render, head, inner)...), shown...), opens)
	}
	if len(intro)+len(list)+len(full()) > room {
		intro = nil
	}
	// Short of rows, the detail gives way: the summary (the list shows
	// its start), then the gap and the title; what enter opens stays
	// longest.
	for len(list)+len(full()) > room && len(summary) > 0 {
		summary = summary[:len(summary)-1]
	}
	detail := full()
	for len(list)+len(detail) > room && len(detail) > 0 {
		detail = detail[1:]
	}
	listRoom := max(room-len(intro)-len(detail), 1)
	// The selected row's first line is always in view, and the rest of
	// it too when there is room.
	selFirst, selLast := first[p.sel], first[p.sel+1]-1
	if p.sel == 0 && rows[0].resume {
		selLast-- // the gap
	}
	p.top = max(min(p.top, selFirst), min(selLast-listRoom+1, selFirst), 0)
	p.top = min(p.top, max(len(list)-listRoom, 0))
	shown := list[p.top:min(p.top+listRoom, len(list))]
	lines := append(append(append([]string{}, intro...), shown...), detail...)

	done := 0
	for i := range c.lessons {
		if c.lessonDone(i) {
			done++
		}
	}
	title := fmt.Sprintf("Lessons · %d of %d done", done, len(c.lessons))
	footer := p.c.Keys.UpDown() + " choose · " + p.c.Keys.Start.Help().Key + " starts · " + p.c.Keys.Sandbox.Help().Key + " free sandbox"
	return common.Box(st, title, footer, lines, w, h, true)
}

// menuTitleWidth is the width of the menu's title column in rows width
// cells wide: the longest title, or, when titles are long, three fifths
// of what the number, state and summary leave, never under 30 cells.
func menuTitleWidth(ls []*lessons.Lesson, width int) int {
	longest := 0
	for _, l := range ls {
		longest = max(longest, ansi.StringWidth(l.Title))
	}
	const fixed = 14 // "✓ 12  ", then "  done  " around the title
	return max(min(longest, (width-fixed)*3/5), min(longest, 30))
}

// Menu draws the lesson menu w cells wide and h rows high.
func (c *Course) Menu(w, h int) string { return c.menu.Render(w, h) }

// Selection is the menu's selected row: the lesson (an index into Lessons)
// and the step it opens at, and whether it is the row that continues where
// the learner left off.
func (c *Course) Selection() (lesson, step int, resume bool) {
	row := c.menu.selected()
	return row.lesson, row.step, row.resume
}

// SelectLesson selects lesson i's own row of the menu.
func (c *Course) SelectLesson(i int) { c.menu.selectLesson(i) }
