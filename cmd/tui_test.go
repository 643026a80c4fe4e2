package cmd

import (
	"strings"
	"testing"
)

// TestTUIFlagsWithoutTerminalShowHelp checks that the TUI's flags parse
// and that, with no terminal to draw on, plain tokenflow explains itself
// and prints the help instead of failing.
func TestTUIFlagsWithoutTerminalShowHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"--accessible"}, {"--paused", "--seed", "7"}} {
		code, stdout, stderr := run(t, "", args...)
		if code != 0 || !strings.Contains(stdout, "--accessible") || !strings.Contains(stderr, "needs a terminal") {
			t.Errorf("tokenflow %v: code %d, stdout %q, stderr %q; want 0, the help listing --accessible, and a note on stderr",
				args, code, stdout, stderr)
		}
	}
}
