package script_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// TestErrorsWrapTheirCause: a runner can ask what went wrong with
// errors.As (a refused action, an invalid word) rather than read the
// message, which stays as it was.
func TestErrorsWrapTheirCause(t *testing.T) {
	_, err := script.Parse(strings.NewReader(preamble+"advance 15x\n"), "demo.flow")
	var se *sim.SyntaxError
	if !errors.As(err, &se) || se.Word != "15x" {
		t.Errorf("Parse = %v, want it to wrap the *sim.SyntaxError for 15x", err)
	}

	err = run(t, "# nobody logged in\ncall\n")
	var nn *sim.NotNowError
	if !errors.As(err, &nn) {
		t.Errorf("Run = %v, want it to wrap the *sim.NotNowError", err)
	}
	if want := "run.flow:2: call: the client has no access token: log in first"; err.Error() != want {
		t.Errorf("Run = %q, want %q", err, want)
	}
}
