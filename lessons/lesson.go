package lessons

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// Lesson is one lesson file, parsed and validated.
type Lesson struct {
	ID      string
	Title   string
	Summary string
	// File is where the lesson was read from, as problems name it
	// ("content/01-the-wristband.md").
	File string
	// Settings are applied to the starting world, in order.
	Settings []Setting
	// Setup lines run on the starting world before step 1, out of the
	// learner's sight: the incident a capstone starts from.
	Setup []script.Line
	// Intro is the Markdown before the first step, shown when the lesson
	// opens; it may be empty.
	Intro string
	Steps []*Step

	idLine int
}

// Setting is one `NAME VALUE` line of the front matter's settings list.
type Setting struct {
	Name, Value string
	Line        int
}

// Step is one step of a lesson: something to do, checked by its goal.
type Step struct {
	Number    int // 1-based position in the lesson
	Title     string
	Line      int // the line of the step's heading
	Narrative string
	// GoalText says the goal in words; Goal is what is checked.
	GoalText string
	Goal     []Predicate
	// Hints are tiers, gentlest first: a nudge, a pointer, the exact action.
	Hints []string
	// Forbid lists actions switched off while the step is open.
	Forbid []Rule
	// Solution is a script whose line numbers are lines of the lesson
	// file; it completes the step from the world the previous step left.
	Solution []script.Line
	// NotEnough are scripts that must not meet the goal, each run from the
	// world the step starts from: wrong or partial actions a learner might
	// try, which the checker proves the goal refuses.
	NotEnough []Block
	Debrief   string
	// Pane is the simulator pane the step keeps on screen beside its text:
	// PaneActors unless the step's ### Pane section names another.
	Pane Pane
}

// Pane names a simulator pane a step keeps on screen beside its text, so
// that text which talks about a pane never points at one out of sight.
type Pane string

// The panes a step may ask for.
const (
	PaneActors   Pane = "actors"   // the client's and the attacker's tokens
	PaneFamily   Pane = "family"   // the refresh-token family, generation by generation
	PaneHappened Pane = "happened" // what the last action did, and why
)

// Panes lists the panes a step may ask for, the default first.
var Panes = []Pane{PaneActors, PaneFamily, PaneHappened}

// Block is one fenced block of scenario lines in a lesson file.
type Block struct {
	Line  int // the opening fence
	Lines []script.Line
}

// Rule forbids every action whose first words are Words: "refresh" forbids
// refreshing, "set grace" only changing the grace period.
type Rule struct {
	Words []string
	Line  int
}

// String renders the rule as written.
func (r Rule) String() string { return strings.Join(r.Words, " ") }

// matches reports whether a starts with the rule's words.
func (r Rule) matches(a sim.Action) bool {
	words := append([]string{a.Verb}, a.Args...)
	if len(words) < len(r.Words) {
		return false
	}
	for i, w := range r.Words {
		if !strings.EqualFold(words[i], w) {
			return false
		}
	}
	return true
}

// ForbiddenError is an action a step switches off.
type ForbiddenError struct {
	Action sim.Action
	Rule   Rule
}

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("%q is switched off in this step: it would skip what the step is about", e.Rule.String())
}

// Allows reports whether a may be applied while the step is open: nil, or
// a *ForbiddenError naming the rule that forbids it. The TUI asks before
// applying an action, and the checker asks of every solution line.
func (s *Step) Allows(a sim.Action) error {
	for _, r := range s.Forbid {
		if r.matches(a) {
			return &ForbiddenError{Action: a, Rule: r}
		}
	}
	return nil
}

// SolutionText renders the solution as the learner reads it when asking
// for it: one line per action or expectation, comments kept.
func (s *Step) SolutionText() string {
	var b strings.Builder
	for _, l := range s.Solution {
		switch {
		case l.Action != nil:
			b.WriteString(l.Action.String())
		case l.Expect != nil:
			b.WriteString(l.Expect.String())
		default:
			b.WriteString("# " + l.Comment)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Config returns base with the lesson's settings applied. The settings
// were validated when the lesson was loaded, so this cannot fail.
func (l *Lesson) Config(base sim.Config) sim.Config {
	cfg := base
	for _, s := range l.Settings {
		if c, err := sim.ApplySetting(cfg, s.Name, s.Value); err == nil {
			cfg = c
		}
	}
	return cfg
}

// NewWorld builds the world step 1 starts from: base with the lesson's
// settings, after the lesson's setup lines.
func (l *Lesson) NewWorld(base sim.Config) (*sim.World, error) {
	w, err := sim.New(l.Config(base))
	if err != nil {
		return nil, fmt.Errorf("lessons: %s: %w", l.ID, err)
	}
	if err := script.Run(w, l.Setup, l.File, nil); err != nil {
		return nil, fmt.Errorf("lessons: %s: setup: %w", l.ID, err)
	}
	return w, nil
}

// WorldAt builds the world step n (1-based) starts from, by running the
// solutions of the steps before it: how a returning learner continues
// where they left off. WorldAt(base, 1) is NewWorld(base).
func (l *Lesson) WorldAt(base sim.Config, n int) (*sim.World, error) {
	if n < 1 || n > len(l.Steps) {
		return nil, fmt.Errorf("lessons: %s has no step %d (it has %d)", l.ID, n, len(l.Steps))
	}
	w, err := l.NewWorld(base)
	if err != nil {
		return nil, err
	}
	for _, s := range l.Steps[:n-1] {
		if err := script.Run(w, s.Solution, l.File, nil); err != nil {
			return nil, fmt.Errorf("lessons: %s: step %d: %w", l.ID, s.Number, err)
		}
	}
	return w, nil
}

// Error is a problem at one line of a lesson file. Line is 0 for a problem
// with the file as a whole.
type Error struct {
	File string
	Line int
	Msg  string
	// Err is the failure behind the problem, when there is one (a
	// *sim.NotNowError, a *script.FailedError, a file system error), for
	// errors.Is and errors.As; Msg already says it.
	Err error
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Unwrap returns the failure behind the problem, or nil.
func (e *Error) Unwrap() error { return e.Err }

// errorf builds an *Error; a %w verb in format names its cause.
func errorf(file string, line int, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{File: file, Line: line, Msg: err.Error(), Err: errors.Unwrap(err)}
}
