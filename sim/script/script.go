// Package script reads and runs tokenflow scenario scripts: one action a
// line in the language of sim.ParseAction, plus `expect` lines that check
// the world, and `#` comments. Lesson solutions are scripts too.
package script

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// maxLine bounds a script line; longer is not a script.
const maxLine = 4096

// Limits on one script. A run keeps every event and every exchange it
// makes (the Markdown and Mermaid transcripts are drawn from all of them,
// and expectations look back at them), so what a script may ask for is
// bounded up front instead: whatever it holds, `run` and `demo` stay
// within a fixed amount of memory. The shipped scenarios are under 2 KiB
// and 60 actions.
const (
	// MaxBytes bounds a script's size; Parse reads no further.
	MaxBytes = 64 << 10
	// MaxActions bounds the actions (not comments or expectations) in a
	// script: each one can make HTTP exchanges that the run keeps.
	MaxActions = 1000
)

// WorldLimits are the limits of a script's world. An action can make
// thousands of automatic refreshes (a 30-day jump on 30-second tokens),
// each an exchange the run keeps, so the whole script gets a budget of
// them too.
var WorldLimits = sim.Limits{AutoRefreshTotal: 10000}

// Line is one meaningful line of a script.
type Line struct {
	N       int    // 1-based line number
	Comment string // a `#` comment line, shown as a caption by the demo player
	Action  *sim.Action
	Expect  *Expect
	// Note and Pause are the demo's directives, kept only by ParseDemo:
	// a speaker note (`#> text`) and the wait before the next step of
	// auto-play (`# pause 4s`).
	Note  string
	Pause time.Duration
}

// Expect is a check on the world after the previous action.
type Expect struct {
	What string // status, error, event, no-event
	Arg  string
}

// Error is a problem at one line of a script.
type Error struct {
	File string
	Line int
	Word string // the offending word, when there is one
	Msg  string
	// Err is the failure behind the problem, when there is one (a
	// *sim.SyntaxError, a refused setting), for errors.As; Msg already
	// says it.
	Err error
}

func (e *Error) Error() string {
	pos := fmt.Sprintf("%s:%d", e.File, e.Line)
	if e.Word != "" {
		return fmt.Sprintf("%s: %q: %s", pos, e.Word, e.Msg)
	}
	return pos + ": " + e.Msg
}

// Unwrap returns the failure behind the problem, or nil.
func (e *Error) Unwrap() error { return e.Err }

// ExpectKinds lists what `expect` can check.
var ExpectKinds = []string{"status", "error", "event", "no-event", "cause"}

// Parse reads a whole script. name is used in error messages. A script
// past MaxBytes or MaxActions is refused at the line that crosses the
// limit, having read at most one byte more than MaxBytes.
func Parse(r io.Reader, name string) ([]Line, error) { return parse(r, name, false) }

// ParseDemo is Parse for the demo player: it keeps the directives that
// Parse drops (Line.Note, Line.Pause) and refuses a malformed pause.
func ParseDemo(r io.Reader, name string) ([]Line, error) { return parse(r, name, true) }

func parse(r io.Reader, name string, directives bool) ([]Line, error) {
	src := &io.LimitedReader{R: r, N: MaxBytes + 1}
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 1024), maxLine)
	var lines []Line
	n, size, actions := 0, 0, 0
	for sc.Scan() {
		n++
		// Counting the newline overshoots by one only on a last line
		// without one, and then the reader has not hit its limit.
		if size += len(sc.Bytes()) + 1; size > MaxBytes && src.N == 0 {
			return nil, &Error{File: name, Line: n, Msg: fmt.Sprintf("the script is larger than %d KiB, the limit for a script", MaxBytes>>10)}
		}
		l, ok, err := ParseLine(sc.Text())
		if err != nil {
			var se *sim.SyntaxError
			if errors.As(err, &se) {
				return nil, &Error{File: name, Line: n, Word: se.Word, Msg: se.Msg, Err: err}
			}
			return nil, &Error{File: name, Line: n, Msg: err.Error(), Err: err}
		}
		if ok && l.Action != nil {
			if actions++; actions > MaxActions {
				return nil, &Error{File: name, Line: n, Msg: fmt.Sprintf("more than %d actions, the limit for a script", MaxActions)}
			}
		}
		if ok && l.Comment != "" {
			d, isDirective, err := directive(l.Comment)
			switch {
			case isDirective && (!directives || d == Line{}):
				continue // an empty note says nothing
			case err != nil && directives:
				return nil, &Error{File: name, Line: n, Msg: err.Error(), Err: err}
			case isDirective:
				l = d
			}
		}
		if ok {
			l.N = n
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &Error{File: name, Line: n + 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLine)}
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return lines, nil
}

// ParseLine parses one line; ok is false for a blank line.
func ParseLine(text string) (Line, bool, error) {
	if !isText(text) {
		return Line{}, false, &sim.SyntaxError{Msg: "not text: the line holds invalid UTF-8, or a control, bidi or invisible format character"}
	}
	t := strings.TrimSpace(text)
	if t == "" {
		return Line{}, false, nil
	}
	if strings.HasPrefix(t, "#") {
		return Line{Comment: strings.TrimSpace(strings.TrimPrefix(t, "#"))}, true, nil
	}
	if i := strings.Index(t, " #"); i >= 0 {
		t = strings.TrimSpace(t[:i]) // a trailing comment
	}
	words := strings.Fields(t)
	if strings.ToLower(words[0]) == "expect" {
		e, err := parseExpect(words[1:])
		if err != nil {
			return Line{}, false, err
		}
		return Line{Expect: e}, true, nil
	}
	a, err := sim.ParseAction(t)
	var se *sim.SyntaxError
	if errors.As(err, &se) && se.Word == words[0] && strings.HasPrefix(se.Msg, "unknown verb") {
		// A script line may also be an expectation.
		return Line{}, false, &sim.SyntaxError{Word: words[0], Msg: "unknown verb (known: " + sim.VerbNames() + ", expect)"}
	}
	if err != nil {
		return Line{}, false, err
	}
	return Line{Action: &a}, true, nil
}

// isText reports whether a line is text a terminal prints as it reads:
// valid UTF-8 without a character termsafe calls unsafe, as lesson files
// must be. A script's comments reach the presenter's terminal (captions,
// speaker notes), and its words reach error messages.
func isText(s string) bool {
	for _, r := range s {
		if r == '\uFFFD' || r == '\n' || termsafe.Unsafe(r) {
			return false
		}
	}
	return true
}

func parseExpect(args []string) (*Expect, error) {
	if len(args) == 0 {
		return nil, &sim.SyntaxError{Word: "expect", Msg: "missing what to expect: " + strings.Join(ExpectKinds, ", ")}
	}
	what := strings.ToLower(args[0])
	if len(args) != 2 {
		if len(args) < 2 {
			return nil, &sim.SyntaxError{Word: args[0], Msg: "missing value: e.g. expect status 401"}
		}
		return nil, &sim.SyntaxError{Word: args[2], Msg: "unexpected word: expect takes two"}
	}
	arg := args[1]
	switch what {
	case "status":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 100 || n > 599 {
			return nil, &sim.SyntaxError{Word: arg, Msg: "not an HTTP status code"}
		}
	case "error":
	case "event", "no-event":
		if !slices.Contains(sim.Kinds, sim.Kind(arg)) {
			return nil, &sim.SyntaxError{Word: arg, Msg: "unknown event kind (known: " + sim.KindNames() + ")"}
		}
	case "cause":
		if !slices.Contains(sim.Causes, sim.Cause(arg)) {
			return nil, &sim.SyntaxError{Word: arg, Msg: "unknown cause (see tokenflow run --format json)"}
		}
	default:
		return nil, &sim.SyntaxError{Word: args[0], Msg: "cannot expect that (known: " + strings.Join(ExpectKinds, ", ") + ")"}
	}
	return &Expect{What: what, Arg: arg}, nil
}

// String renders the expectation as its script line.
func (e *Expect) String() string { return "expect " + e.What + " " + e.Arg }

// Check evaluates the expectation against the events of the last action.
// It returns nil when met, or an error saying what was found instead.
func (e *Expect) Check(events []sim.Event) error {
	switch e.What {
	case "status", "error":
		x := lastExchange(events)
		if x == nil {
			return errors.New("the last action made no HTTP request")
		}
		if e.What == "status" {
			if strconv.Itoa(x.Status) != e.Arg {
				return fmt.Errorf("got status %d (%s %s)", x.Status, x.Method, x.Path())
			}
			return nil
		}
		got := x.ErrorCode()
		if got != e.Arg {
			if got == "" {
				return fmt.Errorf("got no error code (status %d, %s %s)", x.Status, x.Method, x.Path())
			}
			return fmt.Errorf("got error %s (status %d, %s %s)", got, x.Status, x.Method, x.Path())
		}
		return nil
	case "event", "no-event":
		found := sim.CountEvents(events, sim.Kind(e.Arg), "") > 0
		if e.What == "event" && !found {
			return fmt.Errorf("no %s event happened", e.Arg)
		}
		if e.What == "no-event" && found {
			return fmt.Errorf("a %s event happened", e.Arg)
		}
	case "cause":
		if ev, ok := sim.Explain(events); !ok || string(ev.Cause) != e.Arg {
			return fmt.Errorf("the action is explained by %q, not %s", ev.Cause, e.Arg)
		}
	}
	return nil
}

func lastExchange(events []sim.Event) *sim.Exchange {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Exchange != nil {
			return events[i].Exchange
		}
	}
	return nil
}
