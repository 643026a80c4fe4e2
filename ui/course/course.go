// Package course is the course: the lesson menu, each lesson's steps with
// their text, goal, hints and solution, the debrief, and the learner's
// progress, saved as it is made. It owns the screens (menu, lesson,
// sandbox) and parks the world that is off screen; it reaches the rest of
// the interface only through Host.
package course

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Status is where a learner is in the course, as Config.OnLesson hears it.
type Status struct {
	// Screen is what the learner sees: the menu, the sandbox or a lesson.
	Screen Screen
	// Lesson is the open lesson's id; empty while the learner is in the
	// lesson menu or the sandbox.
	Lesson string
	// Step is the open step (1-based) of the lesson's Steps.
	Step, Steps int
	// Completed is how many of the lesson's steps the learner has ever
	// completed.
	Completed int
	// Hints is how many of the step's HintTiers the learner has shown;
	// Solution, whether they have shown the solution too.
	Hints, HintTiers int
	Solution         bool
	// Refused counts the actions the step has refused since it opened.
	Refused int
	// Done reports that the step's goal is met.
	Done bool
}

// Host is what the course needs from the root model: the world on screen
// and its clock, the status line, where the keys go, and the panes'
// selections.
type Host interface {
	// SwapWorld puts w on screen with its clock at speed, closing the
	// settings panel, and returns the world and speed it replaces, to park.
	SwapWorld(w *sim.World, speed int) (*sim.World, int)
	// HoldClock pauses the simulated clock, remembering its speed for the
	// pause key.
	HoldClock()
	// Undo takes back the last action of the world on screen.
	Undo()
	// Say puts s on the status line, and prints it in accessible mode.
	Say(s common.Status)
	// SetStatus puts s on the status line without printing it: the course
	// prints a fuller account itself.
	SetStatus(s common.Status)
	// Status is what the status line says now.
	Status() common.Status
	// Focus is where the next key goes, for the course to steer.
	Focus() *common.Focus
	// NewStep readies the panes for a new step: the diagram follows the
	// newest row, and the settings cursor starts at the top.
	NewStep()
	// Announce prints, in accessible mode, the focused pane's selection.
	Announce()
}

// Config is what the course is made of.
type Config struct {
	// Lessons are the course; without any, the sandbox stands alone.
	Lessons []*lessons.Lesson
	// Progress keeps the steps completed and where the learner was; nil
	// keeps nothing.
	Progress *lessons.Store
	// OnLesson, when set, hears whenever the learner's lesson, step or
	// completed count changes; it must not block.
	OnLesson func(Status)
	// World is what each lesson's world is built on: the seed and limits.
	World sim.Config
}

// Screen is what the body of the frame shows.
type Screen int

// The screens.
const (
	ScreenSandbox Screen = iota // the simulator alone, anything goes
	ScreenMenu                  // the list of lessons
	ScreenLesson                // the simulator beside the open step
)

// lessonWalletRows is the body height from which the wallet fits under the
// lesson text; below it the text has the column to itself until v folds
// it away.
const lessonWalletRows = 30

// Course is the session's place in the lessons: which screen shows, the
// lesson in progress, and what has been completed. The sandbox and the
// lesson each keep their own world; the one off screen is parked here.
type Course struct {
	com  *common.Common
	sc   *common.Scene
	h    Host
	base sim.Config // what lesson worlds are built on

	lessons  []*lessons.Lesson
	onLesson func(Status)
	saves    saver

	screen Screen
	from   Screen // where esc in the menu goes back to

	run          *lessonRun // the lesson in progress, or nil
	sandbox      *sim.World // the sandbox's world while a lesson is on screen
	sandboxSpeed int

	completed map[string]map[int]bool // lesson id → completed steps
	version   int                     // bumped when completed changes
	last      *lessons.Position       // the step last opened or completed; replaced, never changed in place
	reported  Status                  // what OnLesson last heard

	menu    menuPane
	text    narratives
	present bool // presenter mode lays a lesson out under the token strip

	pane      common.Cached[lessonPaneKey]
	titleBar  common.Cached[lineKey]
	nextBar   common.Cached[lineKey]
	keysBar   common.Cached[lineKey]
	goalLines common.Memo[goalKey, []string]
}

// lessonRun is one lesson being worked through, at one step.
type lessonRun struct {
	index  int // in Course.lessons
	lesson *lessons.Lesson
	step   *lessons.Step

	tracker *lessons.Tracker
	records int       // the world's actions when the step opened: undo stops there
	startAt time.Time // the simulated instant the step opened: restart returns there

	hints    int  // hint tiers shown
	solution bool // the solution is shown
	refused  int  // actions the step refused, for an instructor's dashboard
	// seenHints is hints (and the solution) as last drawn, so that a new
	// tier scrolls into view when the goal block scrolls with the text.
	seenHints int
	// toStep asks the next drawing of the text to scroll to the step's
	// heading: on step 1 the lesson's introduction comes first, and when
	// both do not fit beside the goal, the instruction must not be the
	// part left below the fold.
	toStep bool
	done   bool // the goal is met: the debrief shows and enter goes on
	// doneSaid is the status line the completed step put up, to be told
	// apart from what the learner did since.
	doneSaid common.Status
	hideText bool // the text is folded away so the simulator's panes show
	focused  bool // the arrow keys scroll the lesson text
	text     common.Scroller

	world *sim.World // parked here while the menu or the sandbox shows
	speed int
}

// New sets the course up: the lesson menu first when there are lessons,
// the sandbox alone when there are none. It greets the learner, or names a
// progress file it could not read, on the status line.
func New(c *common.Common, sc *common.Scene, h Host, cfg Config) *Course {
	co := &Course{com: c, sc: sc, h: h, base: cfg.World, lessons: cfg.Lessons, onLesson: cfg.OnLesson,
		completed: map[string]map[int]bool{}, reported: Status{Screen: -1}}
	co.saves.store = cfg.Progress
	co.menu = menuPane{c: c, course: co}
	var status common.Status
	if st := cfg.Progress; st != nil {
		p := st.Progress()
		co.markSaved(p)
		if p.Last != nil {
			last := *p.Last
			co.last = &last
		}
		if err := st.Problem(); err != nil {
			// Shown once: the next message replaces it.
			status = common.Status{Text: err.Error(), Level: common.LevelWarn}
		}
	}
	if len(co.lessons) == 0 {
		k := c.Keys
		for _, b := range []*key.Binding{&k.Lessons, &k.Start, &k.Hint, &k.Solution, &k.LessonText, &k.Sandbox, &k.Continue} {
			b.SetEnabled(false)
		}
	} else {
		co.screen, co.from = ScreenMenu, ScreenMenu
		co.menu.preselect()
		if status.Text == "" {
			status = common.Status{Text: co.greeting()}
		}
	}
	if status.Text != "" {
		h.SetStatus(status)
	}
	return co
}

// ForgetProgress forgets every step completed and where the learner was,
// after the store was cleared elsewhere (an instructor, between groups):
// the menu's marks follow, and the next save starts from nothing. The
// step on screen stays open.
func (c *Course) ForgetProgress() {
	c.completed = map[string]map[int]bool{}
	c.last = nil
	c.version++
}

// ReloadProgress adds the steps the store holds that this session has not
// counted: another session of the same learner completed them (a second
// terminal). The menu's marks follow, and the dashboard hears of it.
func (c *Course) ReloadProgress() {
	if c.saves.store == nil {
		return
	}
	c.markSaved(c.saves.store.Progress())
	c.reported = Status{Screen: -1} // the finished lessons may differ
	c.notifyLesson()
}

// greeting greets the learner by what the saved progress says: a newcomer
// is pointed at lesson 1, a returning learner at where they left off.
func (c *Course) greeting() string {
	k := c.com.Keys
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

// markSaved records every step p holds as completed.
func (c *Course) markSaved(p lessons.Progress) {
	for id, steps := range p.Lessons {
		for _, n := range steps {
			c.markDone(id, n)
		}
	}
}

// markDone records step n of lesson id as completed.
func (c *Course) markDone(id string, n int) {
	if c.completed[id] == nil {
		c.completed[id] = map[int]bool{}
	}
	if !c.completed[id][n] {
		c.completed[id][n] = true
		c.version++
	}
}

// lessonDone reports whether every step of lesson i is completed.
func (c *Course) lessonDone(i int) bool { return c.firstOpen(i) == 0 }

// firstOpen is lesson i's first step not completed, or 0 when all are.
func (c *Course) firstOpen(i int) int {
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
func (c *Course) startStep(i int) int {
	if n := c.firstOpen(i); n > 0 {
		return n
	}
	return 1
}

// resumePoint is where "continue where you left off" leads: the step last
// opened, or the one after the step last completed.
func (c *Course) resumePoint() (lesson, step int, ok bool) {
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

// Screen is what the body of the frame shows now.
func (c *Course) Screen() Screen { return c.screen }

// InLesson reports whether a lesson step is on screen.
func (c *Course) InLesson() bool { return c.screen == ScreenLesson && c.run != nil }

// TextFocused reports whether the arrow keys scroll the lesson text.
func (c *Course) TextFocused() bool {
	r := c.run
	return c.InLesson() && r.focused && !r.hideText
}

// Done reports whether a lesson step is on screen with its goal met.
func (c *Course) Done() bool { return c.InLesson() && c.run.done }

// Lessons are the course's lessons, in order.
func (c *Course) Lessons() []*lessons.Lesson { return c.lessons }

// Version counts the changes to the completed steps: it grows with every
// step completed.
func (c *Course) Version() int { return c.version }

// Progress is where the learner stands in the lesson in progress, on
// screen or parked.
type Progress struct {
	Index   int // the lesson's index in Lessons
	Lesson  *lessons.Lesson
	Step    *lessons.Step
	Done    bool // the goal is met
	Hints   int  // hint tiers shown
	Records int  // the world's actions when the step opened
}

// Current returns the lesson in progress, if there is one.
func (c *Course) Current() (Progress, bool) {
	r := c.run
	if r == nil {
		return Progress{}, false
	}
	return Progress{Index: r.index, Lesson: r.lesson, Step: r.step, Done: r.done, Hints: r.hints, Records: r.records}, true
}

// GoalMet reports, for each line of the open step's goal, whether the
// world on screen meets it.
func (c *Course) GoalMet() []bool {
	if c.run == nil {
		return nil
	}
	return c.run.tracker.Status(c.sc.World)
}
