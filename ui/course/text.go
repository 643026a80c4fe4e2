package course

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tokenflow/tokenflow/lessons"
)

// The accessible mode prints the course as lines: the menu, each step's
// text and goal, hints, the solution and the debrief, once each, where a
// screen reader finds them. The Markdown is printed as written: it reads
// well as plain text.

// oneLine joins the lines of a paragraph, for text that is wrapped again
// to the pane's width.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// emphasis is Markdown's *emphasis* and **strong**, whose asterisks a
// screen reader would read out.
var emphasis = regexp.MustCompile(`\*{1,2}([^*\n]+?)\*{1,2}`)

// markdownLines turns lesson Markdown into plain lines: without the blank
// lines at either end, code fences, backticks and emphasis marks.
func markdownLines(text string) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			continue
		}
		out = append(out, emphasis.ReplaceAllString(strings.ReplaceAll(l, "`", ""), "$1"))
	}
	return out
}

// menuLines lists the lessons and says how to choose one.
func (c *Course) menuLines() []string {
	k := c.com.Keys
	lines := []string{fmt.Sprintf("Lessons: %s choose, %s starts the selected one, %s opens the free sandbox.",
		k.UpDown(), k.Start.Help().Key, k.Sandbox.Help().Key)}
	for _, row := range c.rows() {
		lines = append(lines, "  "+c.menuRowText(row))
	}
	lines = append(lines, "selected: "+c.menuRowText(c.menu.selected()))
	return lines
}

// menuRowText is one menu row in words.
func (c *Course) menuRowText(row menuRow) string {
	l := c.lessons[row.lesson]
	if row.resume {
		return fmt.Sprintf("continue where you left off: lesson %d, %s, step %d of %d", row.lesson+1, l.Title, row.step, len(l.Steps))
	}
	state := "new"
	switch done := len(c.completed[l.ID]); {
	case c.lessonDone(row.lesson):
		state = "done"
	case done > 0:
		state = fmt.Sprintf("%d of %d steps done", done, len(l.Steps))
	}
	return fmt.Sprintf("lesson %d, %s (%s): %s", row.lesson+1, l.Title, state, l.Summary)
}

// stepLines introduces the open step: where it is, its text and its goal.
func (c *Course) stepLines() []string {
	r, k := c.run, c.com.Keys
	lines := []string{fmt.Sprintf("Lesson %d, %s: step %d of %d, %s.", r.index+1, r.lesson.Title, r.step.Number, len(r.lesson.Steps), r.step.Title)}
	if r.step.Number == 1 {
		lines = append(lines, markdownLines(r.lesson.Intro)...)
	}
	lines = append(lines, markdownLines(r.step.Narrative)...)
	lines = append(lines, c.goalText()...)
	lines = append(lines, fmt.Sprintf("Keys: %s for a hint, %s for the solution, %s to type an action, %s for the sandbox, %s for the lessons. The clock is paused; %s runs it.",
		k.Hint.Help().Key, k.Solution.Help().Key, k.Command.Help().Key, k.Sandbox.Help().Key, k.Lessons.Help().Key, k.Pause.Help().Key))
	return lines
}

// goalText is the goal in words and each goal line, met or not.
func (c *Course) goalText() []string {
	r := c.run
	lines := []string{"Goal: " + oneLine(r.step.GoalText)}
	for i, m := range r.tracker.Marks(c.sc.World) {
		mark := "to do"
		switch m {
		case lessons.MarkMet:
			mark = "done"
		case lessons.MarkHolding:
			mark = "holds so far"
		case lessons.MarkBroken:
			mark = "broken"
		}
		lines = append(lines, fmt.Sprintf("  %s: %s", mark, r.step.Goal[i].Words()))
	}
	return lines
}

// debriefLines tell what the completed step showed, and how to go on.
func (c *Course) debriefLines() []string {
	r, k := c.run, c.com.Keys
	lines := []string{fmt.Sprintf("Step %d of %d done.", r.step.Number, len(r.lesson.Steps))}
	lines = append(lines, markdownLines(r.step.Debrief)...)
	if r.step.Number < len(r.lesson.Steps) {
		lines = append(lines, fmt.Sprintf("Press %s for step %d: %s.", k.Continue.Help().Key, r.step.Number+1, r.lesson.Steps[r.step.Number].Title))
	} else {
		lines = append(lines, fmt.Sprintf("That was the last step. Press %s to finish the lesson.", k.Continue.Help().Key))
	}
	return lines
}

// Describe is what the course adds to "where am I" in accessible mode:
// the menu on the menu, the goal in a lesson, nothing in the sandbox.
func (c *Course) Describe() []string {
	switch {
	case c.screen == ScreenMenu:
		return c.menuLines()
	case c.InLesson():
		return c.goalText()
	}
	return nil
}

// Greet is what the course adds to the accessible mode's welcome: the
// lesson menu, when it is the first screen.
func (c *Course) Greet() []string {
	if c.screen == ScreenMenu {
		return c.menuLines()
	}
	return nil
}
