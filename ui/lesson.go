package ui

import (
	"time"

	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// LessonStatus is where a learner is in the course, as Options.OnLesson
// reports it.
type LessonStatus struct {
	// Lesson is the open lesson's id; empty while the learner is in the
	// lesson menu or the sandbox.
	Lesson string
	// Step is the open step (1-based) of the lesson's Steps.
	Step, Steps int
	// Completed is how many of the lesson's steps the learner has ever
	// completed.
	Completed int
}

// screen is what the body of the frame shows.
type screen int

const (
	screenSandbox screen = iota // the simulator alone, anything goes
	screenMenu                  // the list of lessons
	screenLesson                // the simulator beside the open step
)

// lessonWalletRows is the body height from which the wallet fits under the
// lesson text; below it the text has the column to itself until v folds
// it away.
const lessonWalletRows = 30

// course is the session's place in the lessons: which screen shows, the
// lesson in progress, and what has been completed. The sandbox and the
// lesson each keep their own world; the one off screen is parked here.
type course struct {
	lessons  []*lessons.Lesson
	onLesson func(LessonStatus)
	saves    saver

	screen screen
	from   screen // where esc in the menu goes back to

	run          *lessonRun // the lesson in progress, or nil
	sandbox      *sim.World // the sandbox's world while a lesson is on screen
	sandboxSpeed int

	completed map[string]map[int]bool // lesson id → completed steps
	version   int                     // bumped when completed changes
	last      *lessons.Position       // the step last opened or completed; replaced, never changed in place
	reported  LessonStatus            // what OnLesson last heard

	menu menuPane
	text narratives

	pane      common.Cached[lessonPaneKey]
	column    common.Cached[[2]string] // the lesson pane and what is under it, joined
	titleBar  common.Cached[courseLineKey]
	nextBar   common.Cached[courseLineKey]
	keysBar   common.Cached[courseLineKey]
	goalLines common.Memo[goalKey, []string]
}

// lessonRun is one lesson being worked through, at one step.
type lessonRun struct {
	index  int // in course.lessons
	lesson *lessons.Lesson
	step   *lessons.Step

	tracker *lessons.Tracker
	records int       // the world's actions when the step opened: undo stops there
	startAt time.Time // the simulated instant the step opened: restart returns there

	hints    int  // hint tiers shown
	solution bool // the solution is shown
	// seenHints is hints (and the solution) as last drawn, so that a new
	// tier scrolls into view when the goal block scrolls with the text.
	seenHints int
	done      bool // the goal is met: the debrief shows and enter goes on
	hideText  bool // the text is folded away so the simulator's panes show
	focused   bool // the arrow keys scroll the lesson text
	text      common.Scroller

	world *sim.World // parked here while the menu or the sandbox shows
	speed int
}

// initCourse sets the course up from the options: the lesson menu first
// when there are lessons, the sandbox alone, as before, when there are
// none.
func (m *Model) initCourse() {
	c := &m.course
	c.lessons, c.onLesson = m.opts.Lessons, m.opts.OnLesson
	c.saves.store = m.opts.Progress
	c.completed = map[string]map[int]bool{}
	c.menu = menuPane{c: &m.com, course: c}
	if st := m.opts.Progress; st != nil {
		p := st.Progress()
		for id, steps := range p.Lessons {
			for _, n := range steps {
				c.markDone(id, n)
			}
		}
		if p.Last != nil {
			last := *p.Last
			c.last = &last
		}
		if err := st.Problem(); err != nil {
			// Shown once: the next message replaces it.
			m.status = common.Status{Text: err.Error(), Level: common.LevelWarn}
		}
	}
	if len(c.lessons) == 0 {
		k := m.com.Keys
		for _, b := range []*key.Binding{&k.Lessons, &k.Start, &k.Hint, &k.Solution, &k.LessonText, &k.Sandbox, &k.Continue} {
			b.SetEnabled(false)
		}
		return
	}
	c.screen, c.from = screenMenu, screenMenu
	c.menu.preselect()
	if m.status.Text == "" {
		m.status = common.Status{Text: m.greeting()}
	}
}

// greeting greets the learner by what the saved progress says: a newcomer
// is pointed at lesson 1, a returning learner at where they left off.
func (m *Model) greeting() string {
	c, k := &m.course, m.com.Keys
	finished := 0
	for _, l := range c.lessons {
		if len(c.completed[l.ID]) >= len(l.Steps) {
			finished++
		}
	}
	switch {
	case finished == len(c.lessons):
		return fmt.Sprintf("Welcome back: you have finished all %d lessons. Take any again, or %s opens the free sandbox.",
			finished, k.Sandbox.Help().Key)
	case finished > 0 || c.last != nil:
		return fmt.Sprintf("Welcome back: %d of %d lessons finished. %s continues where you left off.",
			finished, len(c.lessons), k.Start.Help().Key)
	}
	return "Welcome to tokenflow: " + k.UpDown() + " choose a lesson and " + k.Start.Help().Key + " starts it. New here? Start with lesson 1."
}

// courseInit is what the course adds to Init: in the accessible mode, the
// lesson menu printed after the welcome.
func (m *Model) courseInit() {
	c := &m.course
	if !m.com.Accessible {
		return
	}
	if m.status.Text != "" {
		m.com.Print(m.status.Text)
	}
	if c.screen == screenMenu {
		m.com.Print(m.menuLines()...)
	}
}

// markDone records step n of lesson id as completed.
func (c *course) markDone(id string, n int) {
	if c.completed[id] == nil {
		c.completed[id] = map[int]bool{}
	}
	if !c.completed[id][n] {
		c.completed[id][n] = true
		c.version++
	}
}

// lessonDone reports whether every step of lesson i is completed.
func (c *course) lessonDone(i int) bool { return c.firstOpen(i) == 0 }

// firstOpen is lesson i's first step not completed, or 0 when all are.
func (c *course) firstOpen(i int) int {
	l := c.lessons[i]
	for _, s := range l.Steps {
		if !c.completed[l.ID][s.Number] {
			return s.Number
		}
	}
	return 0
}

// startStep is the step lesson i opens at from the menu: the first not
// completed, or the first of a lesson done before.
func (c *course) startStep(i int) int {
	if n := c.firstOpen(i); n > 0 {
		return n
	}
	return 1
}

// resumePoint is where "continue where you left off" leads: the step last
// opened, or the one after the step last completed.
func (c *course) resumePoint() (lesson, step int, ok bool) {
	if c.last == nil {
		return 0, 0, false
	}
	i := slices.IndexFunc(c.lessons, func(l *lessons.Lesson) bool { return l.ID == c.last.Lesson })
	if i < 0 {
		return 0, 0, false // an instructor's lesson that is not installed now
	}
	l := c.lessons[i]
	n := max(min(c.last.Step, len(l.Steps)), 1)
	if c.completed[l.ID][n] {
		n++
	}
	if n > len(l.Steps) {
		if i+1 >= len(c.lessons) {
			return 0, 0, false
		}
		return i + 1, c.startStep(i + 1), true
	}
	return i, n, true
}

// inLesson reports whether a lesson step is on screen.
func (m *Model) inLesson() bool { return m.course.screen == screenLesson && m.course.run != nil }

// lessonFocused reports whether the arrow keys scroll the lesson text.
func (m *Model) lessonFocused() bool {
	r := m.course.run
	return m.inLesson() && r.focused && !r.hideText
}

// lessonBase is the configuration lessons build their worlds on.
func (m *Model) lessonBase() sim.Config { return sim.Config{Seed: m.opts.Seed, Limits: m.opts.Limits} }

// swapWorld puts w on screen at speed and returns the world and speed it
// replaces, to park.
func (m *Model) swapWorld(w *sim.World, speed int) (*sim.World, int) {
	old, oldSpeed := m.sc.World, m.clock.Speed()
	m.showWorld(w, speed)
	m.focus.Settings = false
	return old, oldSpeed
}

// openLesson opens step n of lesson i: the parked lesson if it is that
// very step, else a world built as the step begins.
func (m *Model) openLesson(i, n int) tea.Cmd {
	c := &m.course
	l := c.lessons[i]
	if r := c.run; r != nil && r.lesson == l && r.step.Number == n && !r.done {
		m.showLesson()
		return nil
	}
	w, err := l.WorldAt(m.lessonBase(), n)
	if err != nil {
		m.say(common.Status{Text: err.Error(), Level: common.LevelBad})
		return nil
	}
	c.sandbox, c.sandboxSpeed = m.swapWorld(w, 0)
	c.run = &lessonRun{index: i, lesson: l}
	c.screen = screenLesson
	m.acted = false
	// The accessible mode tells the story so far: a capstone's incident,
	// the steps before the one resumed.
	m.printed = 0
	return m.beginStep(l.Steps[n-1])
}

// beginStep opens step s of the run on the world on screen.
func (m *Model) beginStep(s *lessons.Step) tea.Cmd {
	c, r := &m.course, m.course.run
	w := m.sc.World
	r.step = s
	r.tracker = lessons.NewTracker(s, w)
	r.records, r.startAt = len(w.Records()), w.Now()
	r.hints, r.solution, r.done, r.hideText, r.seenHints = 0, false, false, false, 0
	r.focused = true
	r.text.ScrollTo(0)
	m.focus.Overlay, m.focus.Question, m.focus.Pane = common.OverlayNone, nil, common.PaneSequence
	m.seq.Follow() // a new step: the diagram follows what happens next
	m.setPane.Top()
	m.clock.Hold()
	c.last = &lessons.Position{Lesson: r.lesson.ID, Step: s.Number}
	m.status = common.Status{Text: fmt.Sprintf("lesson %d, step %d of %d: %s. The clock is paused while you read; %s runs it.",
		r.index+1, s.Number, len(r.lesson.Steps), s.Title, m.com.Keys.Pause.Help().Key)}
	if m.com.Accessible {
		m.com.Print(m.stepLines()...)
	}
	id, n := r.lesson.ID, s.Number
	return c.saves.save(func(st *lessons.Store) error { return st.SetLast(id, n) })
}

// checkGoal completes the open step when its goal is met: the debrief
// replaces the text, the clock stops, and the progress is saved.
func (m *Model) checkGoal() tea.Cmd {
	c, r := &m.course, m.course.run
	if !m.inLesson() || r.done || !r.tracker.Met(m.sc.World) {
		return nil
	}
	r.done = true
	id, n := r.lesson.ID, r.step.Number
	c.markDone(id, n)
	c.last = &lessons.Position{Lesson: id, Step: n}
	m.clock.Hold()
	// The inspector stays open: the learner opened it to read the token,
	// and the debrief talks about what it shows.
	m.focus.Question, m.focus.Settings = nil, false
	r.focused, r.hideText, m.focus.Pane = true, false, common.PaneSequence
	r.text.ScrollTo(0)
	what := m.com.Keys.Continue.Help().Key + " goes on to the next step"
	if n == len(r.lesson.Steps) {
		what = m.com.Keys.Continue.Help().Key + " finishes the lesson"
	}
	read := "Read why"
	if m.focus.Overlay != common.OverlayNone {
		read = m.com.Keys.Back.Help().Key + " closes this; read why on the left"
	}
	m.status = common.Status{Text: fmt.Sprintf("✓ step %d of %d done: %s. %s, then %s.", n, len(r.lesson.Steps), r.step.Title, read, what)}
	if m.com.Accessible {
		m.com.Print(m.debriefLines()...)
	}
	return c.saves.save(func(st *lessons.Store) error { return st.Complete(id, n) })
}

// continueLesson leaves a completed step for the next, or the lesson for
// the menu.
func (m *Model) continueLesson() tea.Cmd {
	r := m.course.run
	if r.step.Number < len(r.lesson.Steps) {
		return m.beginStep(r.lesson.Steps[r.step.Number])
	}
	m.finishLesson()
	return nil
}

// finishLesson goes back to the menu with the next lesson selected.
func (m *Model) finishLesson() {
	c, r := &m.course, m.course.run
	c.run = nil
	m.swapWorld(c.sandbox, c.sandboxSpeed)
	c.sandbox = nil
	c.screen, c.from = screenMenu, screenMenu
	text := fmt.Sprintf("✓ lesson complete: %s.", r.lesson.Title)
	// Next is the first lesson after this one that is not finished, then
	// the first before it: the course is done only when every lesson is.
	next := -1
	for i := 1; i < len(c.lessons) && next < 0; i++ {
		j := (r.index + i) % len(c.lessons)
		if l := c.lessons[j]; len(c.completed[l.ID]) < len(l.Steps) {
			next = j
		}
	}
	if next >= 0 {
		c.menu.selectLesson(next)
		text += fmt.Sprintf(" Next up: %s; %s starts it.", c.lessons[next].Title, m.com.Keys.Start.Help().Key)
	} else {
		c.menu.selectLesson(r.index)
		text += " You have finished every lesson: the course is done."
	}
	m.status = common.Status{Text: text, Level: common.LevelInfo}
	if m.com.Accessible {
		m.com.Print(text)
		m.com.Print(m.menuLines()...)
	}
}

// showLesson brings the parked lesson back on screen.
func (m *Model) showLesson() {
	c, r := &m.course, m.course.run
	c.sandbox, c.sandboxSpeed = m.swapWorld(r.world, r.speed)
	r.world = nil
	c.screen = screenLesson
	m.say(common.Status{Text: fmt.Sprintf("back to lesson %d, step %d of %d: %s", r.index+1, r.step.Number, len(r.lesson.Steps), r.step.Title)})
	if m.com.Accessible {
		m.com.Print(m.goalText()...)
	}
}

// parkLesson takes the lesson off screen and shows the sandbox's world.
func (m *Model) parkLesson() {
	c, r := &m.course, m.course.run
	if c.screen != screenLesson {
		return
	}
	r.world, r.speed = m.swapWorld(c.sandbox, c.sandboxSpeed)
	c.sandbox = nil
}

// showSandbox opens the free sandbox, where no step forbids anything.
func (m *Model) showSandbox() {
	c := &m.course
	m.parkLesson()
	c.screen = screenSandbox
	m.focus.Overlay, m.focus.Question = common.OverlayNone, nil
	back := m.com.Keys.Lessons.Help().Key + " opens the lessons"
	if c.run != nil {
		back = m.com.Keys.Sandbox.Help().Key + " goes back to the lesson"
	}
	m.say(common.Status{Text: "the free sandbox: its own world, nothing forbidden; " + back})
}

// showMenu opens the lesson menu, remembering where esc goes back to.
func (m *Model) showMenu() {
	c := &m.course
	if c.screen == screenMenu {
		return
	}
	c.from = c.screen
	m.parkLesson()
	c.screen = screenMenu
	m.focus.Overlay, m.focus.Question, m.focus.Settings = common.OverlayNone, nil, false
	c.menu.preselect()
	k := m.com.Keys
	m.say(common.Status{Text: "the lessons: " + k.UpDown() + " choose, " + k.Start.Help().Key + " starts; " + k.Back.Help().Key + " goes back"})
	if m.com.Accessible {
		m.com.Print(m.menuLines()...)
	}
}

// lessonRefusal says why an action may not run now, or "" when it may: a
// step forbids it, or the step is done and enter must come first.
func (m *Model) lessonRefusal(a sim.Action) string {
	if !m.inLesson() {
		return ""
	}
	r := m.course.run
	if r.done && a.Verb != "inspect" {
		return "this step is done: press " + m.com.Keys.Continue.Help().Key + " for the next one first (" +
			m.com.Keys.Sandbox.Help().Key + " opens the sandbox, where anything goes)"
	}
	if err := r.step.Allows(a); err != nil {
		return err.Error()
	}
	return ""
}

// courseKey handles the keys of the course: the prompt's, the menu's, and
// a lesson's. It reports whether it used the key.
func (m *Model) courseKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	c, k := &m.course, m.com.Keys
	if key.Matches(msg, k.Command) && c.screen != screenMenu {
		m.prompt.Open()
		m.focus.Question = nil
		return true, nil
	}
	if len(c.lessons) == 0 {
		return false, nil
	}
	switch c.screen {
	case screenMenu:
		return m.menuKey(msg)
	case screenSandbox:
		switch {
		case key.Matches(msg, k.Sandbox) && c.run != nil:
			m.showLesson()
		case key.Matches(msg, k.Sandbox, k.Lessons):
			m.showMenu()
		case key.Matches(msg, k.Hint, k.Solution, k.LessonText):
			m.say(common.Status{Text: "hints and solutions belong to a lesson: " + k.Lessons.Help().Key + " opens the lessons", Level: common.LevelWarn})
		default:
			return false, nil
		}
		return true, nil
	}
	return m.lessonKey(msg)
}

// lessonKey handles the keys of an open step.
func (m *Model) lessonKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	r, k := m.course.run, m.com.Keys
	free := m.focus.Overlay == common.OverlayNone && !m.focus.Settings
	switch {
	case r.done && free && (key.Matches(msg, k.Continue) || r.focused && key.Matches(msg, k.Inspect)):
		return true, m.continueLesson()
	case key.Matches(msg, k.Sandbox):
		m.showSandbox()
	case key.Matches(msg, k.Lessons):
		m.showMenu()
	case key.Matches(msg, k.Hint):
		m.hint()
	case key.Matches(msg, k.Solution):
		m.showSolution()
	case key.Matches(msg, k.LessonText):
		m.toggleText()
	case key.Matches(msg, k.Undo):
		m.lessonUndo()
	case key.Matches(msg, k.Reset):
		m.restartStep()
	case free && key.Matches(msg, k.Focus):
		m.cycleFocus()
	case free && m.lessonFocused() && r.text.Update(k, msg):
	case m.com.Accessible && key.Matches(msg, k.Describe):
		m.com.Print(m.describe()...)
		m.com.Print(m.goalText()...)
	default:
		return false, nil
	}
	return true, nil
}

// menuKey handles the lesson menu's keys; every key stops here, since no
// world is on screen to act on, except help.
func (m *Model) menuKey(msg tea.KeyPressMsg) (bool, tea.Cmd) {
	c, k := &m.course, m.com.Keys
	p := &c.menu
	switch {
	case key.Matches(msg, k.Help):
		return false, nil
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.PageUp):
		p.move(-5)
	case key.Matches(msg, k.PageDown):
		p.move(5)
	case key.Matches(msg, k.Home):
		p.move(-len(c.lessons) - 1)
	case key.Matches(msg, k.End):
		p.move(len(c.lessons) + 1)
	case key.Matches(msg, k.Start, k.Continue):
		row := p.selected()
		return true, m.openLesson(row.lesson, row.step)
	case key.Matches(msg, k.Sandbox):
		m.showSandbox()
	case key.Matches(msg, k.Lessons, k.Back):
		switch {
		case c.from == screenLesson && c.run != nil:
			m.showLesson()
		case c.from == screenSandbox:
			m.showSandbox()
		default:
			m.say(common.Status{Text: m.menuNext()})
		}
	case m.com.Accessible && key.Matches(msg, k.Describe):
		m.com.Print(m.menuLines()...)
	default:
		m.say(common.Status{Text: k.UpDown() + " choose a lesson, " + k.Start.Help().Key + " starts it; " +
			k.Sandbox.Help().Key + " opens the free sandbox"})
	}
	if m.com.Accessible && key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End) {
		m.com.Print("selected: " + m.menuRowText(p.selected()))
	}
	return true, nil
}

// hint shows the next tier of hints: a nudge, a pointer, the exact action.
func (m *Model) hint() {
	r := m.course.run
	switch {
	case r.done:
		m.say(common.Status{Text: "this step is done: " + m.com.Keys.Continue.Help().Key + " goes on"})
	case r.hints >= len(r.step.Hints):
		m.say(common.Status{Text: "that was the last hint: " + m.com.Keys.Solution.Help().Key + " shows the solution (without running it)"})
	default:
		r.hints++
		hint := strings.ReplaceAll(m.hintTier(r.step, r.hints-1), "`", "")
		m.say(common.Status{Text: fmt.Sprintf("hint %d of %d: %s", r.hints, len(r.step.Hints), oneLine(hint))})
	}
}

// showSolution shows the step's actions with their keys, and runs none.
func (m *Model) showSolution() {
	r := m.course.run
	r.solution = true
	var parts []string
	for _, a := range solutionActions(r.step) {
		parts = append(parts, a.String()+" ("+m.com.Keys.KeysFor(a)+")")
	}
	m.say(common.Status{Text: "the solution, not run: " + strings.Join(parts, ", then ")})
}

// toggleText folds the lesson text away, so the simulator's panes show,
// or brings it back.
func (m *Model) toggleText() {
	r, k := m.course.run, m.com.Keys
	r.hideText = !r.hideText
	switch {
	case r.hideText && r.done:
		r.focused = false
		m.say(common.Status{Text: "debrief folded away so the panes show; " + k.LessonText.Help().Key + " shows it again, " +
			k.Continue.Help().Key + " goes on"})
		return
	case r.hideText:
		r.focused = false
		m.say(common.Status{Text: "lesson text folded away; the goal stays; " + k.LessonText.Help().Key + " shows the text again"})
		return
	}
	r.focused = true
	m.focus.Pane = common.PaneSequence
	m.say(common.Status{Text: "lesson text shown; " + k.Focus.Help().Key + " moves the arrow keys between it and the panes"})
}

// cycleFocus moves the arrow keys on: lesson text, sequence diagram,
// wallet, skipping what is not on screen.
func (m *Model) cycleFocus() {
	r := m.course.run
	textShown := !r.hideText
	walletShown := r.hideText || (r.step.Pane == lessons.PaneActors && m.companionPlace(m.com.Height-4) != companionNone)
	switch {
	case r.focused:
		r.focused = false
		m.focus.Pane = common.PaneSequence
		m.seq.Announce()
	case m.focus.Pane == common.PaneSequence && walletShown:
		m.focus.Pane = common.PaneWallet
		m.wallet.Announce()
	case textShown:
		r.focused = true
	default:
		m.focus.Pane = common.PaneSequence
		m.seq.Announce()
	}
}

// lessonUndo takes back the step's last action, but none from before the
// step began: the goal tracker counts from there.
func (m *Model) lessonUndo() {
	r := m.course.run
	switch {
	case r.done:
		m.say(common.Status{Text: "this step is done: " + m.com.Keys.Continue.Help().Key + " goes on"})
	case len(m.sc.World.Records()) <= r.records:
		m.say(common.Status{Text: "nothing to undo in this step; " + m.com.Keys.Reset.Help().Key + " starts the step over"})
	default:
		m.undo()
	}
}

// restartStep rebuilds the world as the step begins and tracks the goal
// afresh on it.
func (m *Model) restartStep() {
	r := m.course.run
	if r.done {
		m.say(common.Status{Text: "this step is done: " + m.com.Keys.Continue.Help().Key + " goes on"})
		return
	}
	w, err := m.sc.World.Rewind(r.records, r.startAt)
	if err != nil {
		m.say(common.Status{Text: "restart failed: " + err.Error(), Level: common.LevelBad})
		return
	}
	m.swapWorld(w, 0)
	m.clock.Hold()
	r.tracker = lessons.NewTracker(r.step, w)
	m.acted = false
	m.say(common.Status{Text: fmt.Sprintf("step %d started over: the world is as the step began, the clock paused at %s",
		r.step.Number, w.Now().Format("15:04:05"))})
}

// courseUpdate runs after every key, tick and resize: it completes a step
// whose goal is met, asks for the glamour renderings the screen needs,
// and tells OnLesson where the learner is.
func (m *Model) courseUpdate() tea.Cmd {
	if len(m.course.lessons) == 0 {
		return nil
	}
	cmd := m.checkGoal()
	m.notifyLesson()
	return tea.Batch(cmd, m.requestText())
}

// courseMsg handles the course's own messages; it reports whether msg was
// one.
func (m *Model) courseMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case narrativeMsg:
		m.course.text.store(msg)
		return nil, true
	case savedMsg:
		if msg.err != nil {
			m.say(common.Status{Text: "progress not saved: " + msg.err.Error(), Level: common.LevelWarn})
			return m.flush(), true
		}
		return nil, true
	case tea.PasteMsg:
		return nil, m.prompt.Paste(msg)
	}
	return nil, false
}

// notifyLesson calls OnLesson when the lesson, step or completed count
// changed.
func (m *Model) notifyLesson() {
	c := &m.course
	var s LessonStatus
	if m.inLesson() {
		r := c.run
		s = LessonStatus{Lesson: r.lesson.ID, Step: r.step.Number, Steps: len(r.lesson.Steps), Completed: len(c.completed[r.lesson.ID])}
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
func (m *Model) requestText() tea.Cmd {
	if !m.inLesson() || m.com.Accessible || m.com.Width < MinWidth || m.com.Height < MinHeight {
		return nil
	}
	r := m.course.run
	width := lessonWidth(m.com.Width) - 4
	var cmds []tea.Cmd
	for _, text := range []string{r.lesson.Intro, r.step.Narrative, r.step.Debrief} {
		cmds = append(cmds, m.course.text.request(m.narrative(text, width)))
	}
	return tea.Batch(cmds...)
}

// solutionActions are the actions of a step's solution, without its
// expectations and comments.
func solutionActions(s *lessons.Step) []sim.Action {
	var out []sim.Action
	for _, l := range s.Solution {
		if l.Action != nil {
			out = append(out, *l.Action)
		}
	}
	return out
}

// hintTier renders tier i of a step's hints with keys from the keymap, so
// that no key is ever written into a lesson by hand: each action a pointer
// names in backticks gets its key beside it, and the last tier, which gives
// the exact actions, ends with the solution's keys in order.
func (m *Model) hintTier(s *lessons.Step, i int) string {
	if i == len(s.Hints)-1 {
		return s.Hints[i] + " — keys: " + m.solutionKeys(s)
	}
	return m.hintText(s.Hints[i])
}

// hintText follows each action a hint names in backticks with its key.
func (m *Model) hintText(hint string) string {
	parts := strings.Split(hint, "`")
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		b.WriteString("`" + p + "`")
		if a, err := sim.ParseAction(p); err == nil {
			if key := m.com.Keys.KeyFor(a); key != "" {
				b.WriteString(" ‹" + key + "›")
			}
		}
	}
	return b.String()
}

// solutionKeys lists how to do each action of a step's solution, in order.
func (m *Model) solutionKeys(s *lessons.Step) string {
	var keys []string
	for _, a := range solutionActions(s) {
		keys = append(keys, m.com.Keys.KeysFor(a))
	}
	return strings.Join(keys, " then ")
}
