package lessons

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/tokenflow/tokenflow/sim"
)

// CheckSeed is the seed the checker's worlds use. Goals never depend on
// token values, so any seed would do; a fixed one keeps failures
// reproducible.
const CheckSeed = 1

// CheckAll loads the lessons of every source and runs each lesson's
// solutions headless, as a learner who follows them would: on one world
// built from the lesson's settings and setup, step after step, each step
// starting from the world the previous one left. For every step it proves
// that the goal is not met before the step's first action, that no
// solution action is forbidden or impossible, that every expect holds, and
// that the goal becomes met with the solution's last action and not
// before (the TUI moves on as soon as a goal is met, so later lines would
// never run). It returns one result per lesson file, in load order; a
// general problem, such as a directory without lessons, comes back as a
// result with no lesson.
func CheckAll(srcs ...Source) []Result {
	results, general := parseAll(srcs)
	for _, err := range general {
		results = append(results, Result{File: "", Problems: []error{err}})
	}
	for i := range results {
		if l := results[i].Lesson; l != nil && len(results[i].Problems) == 0 {
			results[i].Problems = Verify(l)
		}
	}
	return results
}

// Check is CheckAll over one directory, with every problem in one list:
// nil means every lesson there is valid and completable.
func Check(fsys fs.FS) []error {
	var errs []error
	for _, r := range CheckAll(Source{FS: fsys}) {
		errs = append(errs, r.Problems...)
	}
	return errs
}

// Verify runs one parsed lesson's solutions headless; see CheckAll.
func Verify(l *Lesson) []error {
	w, err := sim.New(l.Config(sim.Config{Seed: CheckSeed}))
	if err != nil {
		return []error{errorf(l.File, 1, "the settings do not make a world: %w", err)}
	}
	for _, sl := range l.Setup {
		if err := w.Apply(*sl.Action); err != nil {
			return []error{errorf(l.File, sl.N, "setup: %s: %w", sl.Action, err)}
		}
	}
	for _, s := range l.Steps {
		if err := verifyStep(l, s, w); err != nil {
			// Later steps start from this step's end, which was not reached.
			return []error{err}
		}
	}
	return nil
}

func verifyStep(l *Lesson, s *Step, w *sim.World) error {
	t := NewTracker(s, w)
	if t.Met(w) {
		return errorf(l.File, s.Line, "step %d %q: the goal is already met before the step's first action, so the step would complete by itself", s.Number, s.Title)
	}
	start := w.Records()
	for _, b := range s.NotEnough {
		if err := verifyNotEnough(l, s, b, start); err != nil {
			return err
		}
	}
	lastAction := 0
	for i, sl := range s.Solution {
		if sl.Action != nil {
			lastAction = i
		}
	}
	for i, sl := range s.Solution {
		switch {
		case sl.Action != nil:
			if err := w.Apply(*sl.Action); err != nil {
				var nn *sim.NotNowError
				if errors.As(err, &nn) {
					return errorf(l.File, sl.N, "solution: %s: cannot run here: %w", sl.Action, err)
				}
				return errorf(l.File, sl.N, "solution: %s: %w", sl.Action, err)
			}
			if i < lastAction && t.Met(w) {
				return errorf(l.File, sl.N, "step %d %q: the goal is met after this line, before the solution ends: the step would end here and the lines after it never run", s.Number, s.Title)
			}
		case sl.Expect != nil:
			if err := sl.Expect.Check(w.Log.Since(w.ActionStart())); err != nil {
				return errorf(l.File, sl.N, "solution: %s: %w", sl.Expect, err)
			}
		}
	}
	if !t.Met(w) {
		return errorf(l.File, s.Line, "step %d %q: the solution ends but the goal is not met: not yet %s",
			s.Number, s.Title, strings.Join(t.unmet(w), ", "))
	}
	return nil
}

// String names the result's file and, when it loaded, the lesson's id and
// size: the line `tokenflow lessons check` prints for a lesson that passed.
func (r Result) String() string {
	if r.Lesson == nil {
		return r.File
	}
	steps := "steps"
	if len(r.Lesson.Steps) == 1 {
		steps = "step"
	}
	return fmt.Sprintf("%s (%s, %d %s)", r.File, r.Lesson.ID, len(r.Lesson.Steps), steps)
}

// verifyNotEnough runs one Not enough block from the world the step starts
// from, rebuilt by replaying the actions that led there, and fails when
// the goal is met after any of its actions: then a wrong attempt would
// pass the step.
func verifyNotEnough(l *Lesson, s *Step, b Block, start []sim.Record) error {
	w, err := sim.Replay(l.Config(sim.Config{Seed: CheckSeed}), start)
	if err != nil {
		return errorf(l.File, b.Line, "step %d %q: rebuilding the step's start for a Not enough block: %w", s.Number, s.Title, err)
	}
	t := NewTracker(s, w)
	for _, sl := range b.Lines {
		if err := w.Apply(*sl.Action); err != nil {
			return errorf(l.File, sl.N, "not enough: %s: cannot run here: %w", sl.Action, err)
		}
		if t.Met(w) {
			return errorf(l.File, sl.N, "step %d %q: the goal is met after this line of a Not enough block: the goal accepts an action that should not be enough", s.Number, s.Title)
		}
	}
	return nil
}
