package course

import (
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Update handles the course's own messages, a finished glamour rendering
// or a progress file written; it reports whether msg was one.
func (c *Course) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case narrativeMsg:
		c.text.store(msg)
		return nil, true
	case savedMsg:
		if msg.err != nil {
			c.h.Say(common.Status{Text: "progress not saved: " + msg.err.Error(), Level: common.LevelWarn})
		}
		return nil, true
	}
	return nil, false
}

// After runs after every key, tick and resize: it completes a step whose
// goal is met, asks for the glamour renderings the screen needs, and tells
// OnLesson where the learner is.
func (c *Course) After() tea.Cmd {
	if len(c.lessons) == 0 {
		return nil
	}
	cmd := c.checkGoal()
	c.notifyLesson()
	return tea.Batch(cmd, c.requestText())
}

// Drain returns a command that writes whatever progress is still queued:
// quitting must not lose the step just completed.
func (c *Course) Drain() tea.Cmd { return c.saves.drain() }

// notifyLesson calls OnLesson when anything in Status changed.
func (c *Course) notifyLesson() {
	s := Status{Screen: c.screen}
	if c.InLesson() {
		r := c.run
		s = Status{Screen: c.screen, Lesson: r.lesson.ID, Step: r.step.Number, Steps: len(r.lesson.Steps), Completed: len(c.completed[r.lesson.ID]),
			Hints: r.hints, HintTiers: len(r.step.Hints), Solution: r.solution, Refused: r.refused, Done: r.done}
	}
	if s == c.reported {
		return
	}
	c.reported = s
	if c.onLesson != nil {
		c.onLesson(s)
	}
}

// requestText asks for the glamour renderings the lesson pane shows now,
// and the debrief it will show when the goal is met.
func (c *Course) requestText() tea.Cmd {
	if !c.InLesson() || c.com.Accessible || !c.drawn() {
		return nil
	}
	r := c.run
	width := c.TextWidth(c.com.Width) - 4
	var cmds []tea.Cmd
	for _, text := range []string{r.lesson.Intro, r.step.Narrative, r.step.Debrief} {
		cmds = append(cmds, c.text.request(c.narrative(text, width)))
	}
	return tea.Batch(cmds...)
}
