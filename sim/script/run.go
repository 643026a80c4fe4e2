package script

import (
	"errors"
	"fmt"

	"github.com/tokenflow/tokenflow/sim"
)

// FailedError is an expectation that was not met, or an action that could
// not run, at a script line.
type FailedError struct {
	File string
	Line int
	What string // the expectation or action as written
	Got  string
	// Err is what the action or the expectation reported (for an action,
	// a *sim.NotNowError), for errors.As; Got already says it.
	Err error
}

func (e *FailedError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.What, e.Got)
}

// Unwrap returns what the action or the expectation reported.
func (e *FailedError) Unwrap() error { return e.Err }

// Run applies lines to w in order, checking each expectation against the
// events of the action before it. after, when non-nil, is called after each
// line with the events it produced, so a caller can stream a transcript.
func Run(w *sim.World, lines []Line, name string, after func(Line, []sim.Event)) error {
	for _, l := range lines {
		switch {
		case l.Action != nil:
			start := w.Log.Len()
			if err := w.Apply(*l.Action); err != nil {
				var nn *sim.NotNowError
				if errors.As(err, &nn) {
					return &FailedError{File: name, Line: l.N, What: l.Action.String(), Got: err.Error(), Err: err}
				}
				return &Error{File: name, Line: l.N, Msg: err.Error(), Err: err}
			}
			if after != nil {
				after(l, w.Log.Since(start))
			}
		case l.Expect != nil:
			if err := l.Expect.Check(w.Log.Since(w.ActionStart())); err != nil {
				return &FailedError{File: name, Line: l.N, What: l.Expect.String(), Got: err.Error(), Err: err}
			}
			if after != nil {
				after(l, nil)
			}
		default:
			if after != nil {
				after(l, nil)
			}
		}
	}
	return nil
}
