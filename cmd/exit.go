package cmd

import (
	"errors"
	"fmt"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// Exit codes. Scripts and CI tell outcomes apart by these.
const (
	exitOK          = 0
	exitFailure     = 1   // the command ran and failed
	exitUsage       = 2   // the command was called wrongly
	exitInterrupted = 130 // 128 + SIGINT, as a shell reports Ctrl+C
)

// ExitError makes tokenflow exit with Code. Execute prints Err, if not nil,
// to stderr; a command that has already explained the failure leaves Err nil.
// For example, a failed script expectation is Code 1 and an invalid script
// line Code 2.
type ExitError struct {
	Code int
	Err  error
}

// Error returns Err's message, or the exit status when Err is nil.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *ExitError) Unwrap() error { return e.Err }

// UsageError is an error in how tokenflow was called: an unknown flag or
// subcommand, a bad flag value, a wrong number of arguments, a missing
// required flag. Execute prints it with a pointer to --help and exits with
// status 2. Cobra's own checks are marked automatically; a command returns
// one itself for a check cobra cannot make, such as two flags that conflict.
type UsageError struct {
	Err error
}

// Error returns Err's message.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *UsageError) Unwrap() error { return e.Err }

// exitCode decides the exit status for the error a command returned.
func exitCode(err error) int {
	var usage *UsageError
	var exit *ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &usage):
		return exitUsage
	case errors.As(err, &exit):
		return exit.Code
	case errors.Is(err, tea.ErrInterrupted):
		return exitInterrupted
	default:
		return exitFailure
	}
}

// report prints err for the person at the terminal, as its kind calls for,
// and returns the exit code. cmd is the command that was running. Errors
// echo input (a file name, a token, a script's word), so terminal controls
// in them are escaped.
func report(stderr io.Writer, cmd *cobra.Command, err error) int {
	code := exitCode(err)
	var usage *UsageError
	var exit *ExitError
	switch {
	case err == nil:
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "tokenflow: %s\nRun '%s --help' for usage.\n", termsafe.Escape(userMessage(err)), cmd.CommandPath())
	case errors.As(err, &exit) && exit.Err == nil:
		// The command has already told the user what went wrong.
	case code == exitInterrupted:
		// The user pressed Ctrl+C and knows why tokenflow stopped.
	default:
		fmt.Fprintf(stderr, "tokenflow: %s\n", termsafe.Escape(userMessage(err)))
	}
	return code
}

// packagePrefixes are how the project's packages start their errors, as Go
// errors do; a user reading tokenflow's message has no use for them.
var packagePrefixes = []string{"jwtdebug: ", "issuer: ", "lessons: ", "sim: ", "server: ", "script: ", "workshop: ", "ui: "}

// userMessage is err's message without the package names its layers put
// in front: "empty token", not "jwtdebug: empty token".
func userMessage(err error) string {
	msg := err.Error()
	for trimmed := true; trimmed; {
		trimmed = false
		for _, p := range packagePrefixes {
			if rest, ok := strings.CutPrefix(msg, p); ok {
				msg, trimmed = rest, true
			}
		}
	}
	return msg
}
