package cmd

import (
	"bytes"
	"strings"
	"testing"
)

// run executes tokenflow with args and stdin, as the process would, and
// returns its exit code and output.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(newRootCmd(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}
