package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
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

// TestTUIOffersTheInstructorsLessonsFirst runs the tutorial on a
// pseudo-terminal with --lessons-first: the menu opens on the
// instructor's lesson, numbered 1, ahead of the built-in ones.
func TestTUIOffersTheInstructorsLessonsFirst(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson})
	ptmx, screen, done := onTerminal(t, "--lessons", dir, "--lessons-first", "--paused")
	screen.waitFor(t, fmt.Sprintf("Lessons · 0 of %d done", builtinLessons(t)+1))
	screen.waitFor(t, "start lesson 1, “My own lesson”")
	quitOnQ(t, ptmx, done)
}

// onTerminal runs tokenflow with args in process on a 120×40
// pseudo-terminal until the test ends. It returns the terminal's end to
// type into, what the program has drawn, and its exit code once it ends.
func onTerminal(t *testing.T, args ...string) (*os.File, *syncBuffer, <-chan int) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() {
		ptmx.Close()
		tty.Close()
	})
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	screen := &syncBuffer{}
	go func() { _, _ = io.Copy(screen, ptmx) }()
	done := make(chan int, 1)
	go func() { done <- execute(newRootCmd(), args, tty, tty, tty) }()
	return ptmx, screen, done
}

// quitOnQ presses q on the terminal and waits for tokenflow to exit 0.
func quitOnQ(t *testing.T, ptmx *os.File, done <-chan int) {
	t.Helper()
	if _, err := ptmx.WriteString("q"); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after q, want 0", code)
		}
	case <-time.After(sshPatience):
		t.Fatal("tokenflow did not quit on q")
	}
}
