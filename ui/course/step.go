package course

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Open opens step n of lesson i: the parked lesson if it is that very
// step, else a world built as the step begins.
func (c *Course) Open(i, n int) tea.Cmd { return c.openLesson(i, n) }

// openLesson opens step n of lesson i: the parked lesson if it is that
// very step, else a world built as the step begins.
func (c *Course) openLesson(i, n int) tea.Cmd {
	l := c.lessons[i]
	if r := c.run; r != nil && r.lesson == l && r.step.Number == n && !r.done {
		c.showLesson()
		return nil
	}
	w, err := l.WorldAt(c.base, n)
	if err != nil {
		c.h.Say(common.Status{Text: err.Error(), Level: common.LevelBad})
		return nil
	}
	c.sandbox, c.sandboxSpeed = c.h.SwapWorld(w, 0)
	c.run = &lessonRun{index: i, lesson: l}
	c.screen = ScreenLesson
	// The accessible mode tells the story so far: a capstone's incident,
	// the steps before the one resumed.
	if c.com.Accessible {
		c.com.Print(common.EventLines(w.Log.All())...)
	}
	return c.beginStep(l.Steps[n-1])
}

// beginStep opens step s of the run on the world on screen.
func (c *Course) beginStep(s *lessons.Step) tea.Cmd {
	r := c.run
	w := c.sc.World
	r.step = s
	r.tracker = lessons.NewTracker(s, w)
	r.records, r.startAt = len(w.Records()), w.Now()
	// On a projector the diagram, once given the text's place, keeps it
	// from step to step until v brings the text back.
	diagram := c.present && r.hideText
	r.hints, r.solution, r.done, r.hideText, r.seenHints, r.refused = 0, false, false, diagram, 0, 0
	r.focused, r.toStep = !diagram, true
	r.text.ScrollTo(0)
	f := c.h.Focus()
	f.Overlay, f.Question, f.Pane = common.OverlayNone, nil, common.PaneSequence
	c.h.NewStep()
	c.h.HoldClock()
	c.last = &lessons.Position{Lesson: r.lesson.ID, Step: s.Number}
	// The key first: the step's title is in the lesson pane, and an
	// 80-column status line cut "space runs it" off the end.
	c.h.SetStatus(common.Status{Text: fmt.Sprintf("The clock is paused while you read; %s runs it. Lesson %d, step %d of %d: %s",
		c.com.Keys.Pause.Help().Key, r.index+1, s.Number, len(r.lesson.Steps), sentence(s.Title))})
	if c.com.Accessible {
		c.com.Print(c.stepLines()...)
	}
	id, n := r.lesson.ID, s.Number
	return c.saves.save(func(st *lessons.Store) error { return st.SetLast(id, n) })
}

// checkGoal completes the open step when its goal is met: the debrief
// replaces the text, the clock stops, and the progress is saved.
func (c *Course) checkGoal() tea.Cmd {
	r := c.run
	if !c.InLesson() || r.done || !r.tracker.Met(c.sc.World) {
		return nil
	}
	r.done = true
	id, n := r.lesson.ID, r.step.Number
	c.markDone(id, n)
	c.last = &lessons.Position{Lesson: id, Step: n}
	c.h.HoldClock()
	// The inspector stays open: the learner opened it to read the token,
	// and the debrief talks about what it shows.
	f := c.h.Focus()
	f.Question, f.Settings = nil, false
	// The debrief replaces the text, unless the diagram has its place on
	// a projector: there the room watches the diagram, and v shows why.
	diagram := c.present && r.hideText
	r.focused, r.hideText, f.Pane = !diagram, diagram, common.PaneSequence
	r.text.ScrollTo(0)
	r.doneSaid = c.doneStatus()
	c.h.SetStatus(r.doneSaid)
	if c.com.Accessible {
		c.com.Print(c.debriefLines()...)
	}
	return c.saves.save(func(st *lessons.Store) error { return st.Complete(id, n) })
}

// doneStatus is the status line of a completed step: where to read why,
// and the key that goes on. While an overlay covers the lesson text, it
// first names the key that closes the overlay.
func (c *Course) doneStatus() common.Status {
	r, k := c.run, c.com.Keys
	n := r.step.Number
	what := k.Continue.Help().Key + " goes on"
	switch {
	case n == len(r.lesson.Steps) && c.lessonDone(r.index):
		what = k.Continue.Help().Key + " finishes the lesson"
	case n == len(r.lesson.Steps):
		// Steps before it were cleared (by an instructor) after they
		// were done: the lesson is not finished.
		what = fmt.Sprintf("%s goes back to the lessons, where step %d is open again", k.Continue.Help().Key, c.firstOpen(r.index))
	}
	// The keys within 80 columns: the step's title is over the debrief.
	read := "read why in the lesson text, then " + what
	switch {
	case c.h.Focus().Overlay != common.OverlayNone:
		read = k.Back.Help().Key + " closes this to read why; " + what
	case r.hideText:
		read = k.LessonText.Help().Key + " shows why; " + what
	}
	return common.Status{Text: fmt.Sprintf("✓ step %d of %d done: %s.", n, len(r.lesson.Steps), read)}
}

// OverlayClosed tells the course that the learner closed an overlay: a
// completed step's status line, if still shown, stops telling them to
// close it.
func (c *Course) OverlayClosed() {
	r := c.run
	if !c.InLesson() || !r.done || c.h.Status() != r.doneSaid {
		return
	}
	r.doneSaid = c.doneStatus()
	c.h.SetStatus(r.doneSaid)
}

// continueLesson leaves a completed step for the next, or the lesson for
// the menu.
func (c *Course) continueLesson() tea.Cmd {
	r := c.run
	if r.step.Number < len(r.lesson.Steps) {
		return c.beginStep(r.lesson.Steps[r.step.Number])
	}
	c.finishLesson()
	return nil
}

// finishLesson goes back to the menu with the next lesson selected; when
// the lesson is not finished after all (an instructor cleared the earlier
// steps after they were done), with it selected, saying so.
func (c *Course) finishLesson() {
	r := c.run
	c.run = nil
	c.h.SwapWorld(c.sandbox, c.sandboxSpeed)
	c.sandbox = nil
	c.screen, c.from = ScreenMenu, ScreenMenu
	status := common.Status{Text: fmt.Sprintf("✓ lesson complete: %s.", r.lesson.Title), Level: common.LevelInfo}
	// Next is the first lesson after this one that is not finished, then
	// the first before it: the course is done only when every lesson is.
	next := -1
	for i := 1; i < len(c.lessons) && next < 0; i++ {
		j := (r.index + i) % len(c.lessons)
		if l := c.lessons[j]; len(c.completed[l.ID]) < len(l.Steps) {
			next = j
		}
	}
	switch open := c.firstOpen(r.index); {
	case open > 0:
		l := r.lesson
		c.menu.selectLesson(r.index)
		status = common.Status{Text: fmt.Sprintf("%s is not finished: %d of %d steps done, step %d is open again; %s opens it.",
			l.Title, len(c.completed[l.ID]), len(l.Steps), open, c.com.Keys.Start.Help().Key), Level: common.LevelWarn}
	case next >= 0:
		c.menu.selectLesson(next)
		status.Text += fmt.Sprintf(" Next up: %s; %s starts it.", c.lessons[next].Title, c.com.Keys.Start.Help().Key)
	default:
		c.menu.selectLesson(r.index)
		status.Text += " You have finished every lesson: the course is done."
	}
	c.h.SetStatus(status)
	if c.com.Accessible {
		c.com.Print(status.Text)
		c.com.Print(c.menuLines()...)
	}
}

// showLesson brings the parked lesson back on screen.
func (c *Course) showLesson() {
	r := c.run
	c.sandbox, c.sandboxSpeed = c.h.SwapWorld(r.world, r.speed)
	r.world = nil
	c.screen = ScreenLesson
	c.h.Say(common.Status{Text: fmt.Sprintf("back to lesson %d, step %d of %d: %s", r.index+1, r.step.Number, len(r.lesson.Steps), r.step.Title)})
	if c.com.Accessible {
		c.com.Print(c.goalText()...)
	}
}

// parkLesson takes the lesson off screen and shows the sandbox's world.
func (c *Course) parkLesson() {
	r := c.run
	if c.screen != ScreenLesson {
		return
	}
	r.world, r.speed = c.h.SwapWorld(c.sandbox, c.sandboxSpeed)
	c.sandbox = nil
}

// showSandbox opens the free sandbox, where no step forbids anything.
func (c *Course) showSandbox() {
	c.parkLesson()
	c.screen = ScreenSandbox
	f := c.h.Focus()
	f.Overlay, f.Question = common.OverlayNone, nil
	back := c.com.Keys.Lessons.Help().Key + " opens the lessons"
	if c.run != nil {
		back = c.com.Keys.Sandbox.Help().Key + " goes back to the lesson"
	}
	c.h.Say(common.Status{Text: "the free sandbox: its own world, nothing forbidden; " + back})
}

// showMenu opens the lesson menu, remembering where esc goes back to.
func (c *Course) showMenu() {
	if c.screen == ScreenMenu {
		return
	}
	c.from = c.screen
	c.parkLesson()
	c.screen = ScreenMenu
	f := c.h.Focus()
	f.Overlay, f.Question, f.Settings = common.OverlayNone, nil, false
	c.menu.preselect()
	k := c.com.Keys
	c.h.Say(common.Status{Text: "the lessons: " + k.UpDown() + " choose, " + k.Start.Help().Key + " starts; " + k.Back.Help().Key + " goes back"})
	if c.com.Accessible {
		c.com.Print(c.menuLines()...)
	}
}

// Refusal says why an action may not run now, or "" when it may: a step
// forbids it, or the step is done and going on must come first. The caller
// is about to do a, so a refusal is counted against the step.
func (c *Course) Refusal(a sim.Action) string {
	if !c.InLesson() {
		return ""
	}
	r := c.run
	if r.done && a.Verb != "inspect" {
		r.refused++
		return "step done: " + c.com.Keys.Continue.Help().Key + " goes on first, or " +
			c.com.Keys.Sandbox.Help().Key + " opens the sandbox, where anything goes"
	}
	if err := r.step.Allows(a); err != nil {
		r.refused++
		return err.Error()
	}
	return ""
}

// hint shows the next tier of hints: a nudge, a pointer, the exact action.
func (c *Course) hint() {
	r := c.run
	switch {
	case r.done:
		c.h.Say(common.Status{Text: "this step is done: " + c.com.Keys.Continue.Help().Key + " goes on"})
	case r.hints >= len(r.step.Hints):
		c.h.Say(common.Status{Text: "that was the last hint: " + c.com.Keys.Solution.Help().Key + " shows the solution (without running it)"})
	default:
		r.hints++
		hint := strings.ReplaceAll(hintTier(c.com.Keys, r.step, r.hints-1), "`", "")
		c.h.Say(common.Status{Text: fmt.Sprintf("hint %d of %d: %s", r.hints, len(r.step.Hints), oneLine(hint))})
	}
}

// showSolution shows the step's actions with their keys, and runs none.
func (c *Course) showSolution() {
	r := c.run
	r.solution = true
	var parts []string
	for _, a := range solutionActions(r.step) {
		parts = append(parts, a.String()+" ("+c.com.Keys.KeysFor(a)+")")
	}
	c.h.Say(common.Status{Text: "the solution, not run: " + strings.Join(parts, ", then ")})
}

// toggleText folds the lesson text away, so the simulator's panes show,
// or brings it back.
func (c *Course) toggleText() {
	r, k := c.run, c.com.Keys
	r.hideText = !r.hideText
	switch {
	case r.hideText && r.done:
		r.focused = false
		c.h.Say(common.Status{Text: "debrief folded away so the panes show; " + k.LessonText.Help().Key + " shows it again, " +
			k.Continue.Help().Key + " goes on"})
		return
	case r.hideText && c.present:
		r.focused = false
		c.h.Say(common.Status{Text: "the diagram takes the text's place; the goal stays; " + k.LessonText.Help().Key + " brings the text back"})
		return
	case r.hideText:
		r.focused = false
		c.h.Say(common.Status{Text: "lesson text folded away; the goal stays; " + k.LessonText.Help().Key + " shows the text again"})
		return
	}
	r.focused = true
	c.h.Focus().Pane = common.PaneSequence
	c.h.Say(common.Status{Text: "lesson text shown; " + k.Focus.Help().Key + " moves the arrow keys between it and the panes"})
}

// cycleFocus moves the arrow keys on: lesson text, sequence diagram,
// wallet, skipping what is not on screen.
func (c *Course) cycleFocus() {
	r, f := c.run, c.h.Focus()
	textShown := !r.hideText
	walletShown := r.hideText || (r.step.Pane == lessons.PaneActors && c.Place(c.com.Height-4) != PlaceNone)
	switch {
	case r.focused:
		r.focused = false
		f.Pane = common.PaneSequence
		c.h.Announce()
	case f.Pane == common.PaneSequence && walletShown:
		f.Pane = common.PaneWallet
		c.h.Announce()
	case textShown:
		r.focused = true
	default:
		f.Pane = common.PaneSequence
		c.h.Announce()
	}
}

// lessonUndo takes back the step's last action, but none from before the
// step began: the goal tracker counts from there.
func (c *Course) lessonUndo() {
	r := c.run
	switch {
	case r.done:
		c.h.Say(common.Status{Text: "this step is done: " + c.com.Keys.Continue.Help().Key + " goes on"})
	case len(c.sc.World.Records()) <= r.records:
		c.h.Say(common.Status{Text: "nothing to undo in this step; " + c.com.Keys.Reset.Help().Key + " starts the step over"})
	default:
		c.h.Undo()
	}
}

// RestartStep rebuilds the world as the step begins and tracks the goal
// afresh on it.
func (c *Course) RestartStep() {
	r := c.run
	if r.done {
		c.h.Say(common.Status{Text: "this step is done: " + c.com.Keys.Continue.Help().Key + " goes on"})
		return
	}
	w, err := c.sc.World.Rewind(r.records, r.startAt)
	if err != nil {
		c.h.Say(common.Status{Text: "restart failed: " + err.Error(), Level: common.LevelBad})
		return
	}
	c.h.SwapWorld(w, 0)
	c.h.HoldClock()
	r.tracker = lessons.NewTracker(r.step, w)
	c.h.Say(common.Status{Text: fmt.Sprintf("step %d started over: the world is as the step began, the clock paused at %s",
		r.step.Number, w.Now().Format("15:04:05"))})
}

// sentence ends a step's title as a sentence: "Log in." but "Who is
// alice, really?".
func sentence(title string) string {
	if strings.HasSuffix(title, "?") || strings.HasSuffix(title, "!") || strings.HasSuffix(title, ".") {
		return title
	}
	return title + "."
}
