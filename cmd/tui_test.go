package cmd

import (
	"io"
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
// instructor's lesson, numbered 1, ahead of the fourteen built-in ones.
func TestTUIOffersTheInstructorsLessonsFirst(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson})
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	screen := &syncBuffer{}
	go func() { _, _ = io.Copy(screen, ptmx) }()
	done := make(chan int, 1)
	go func() {
		done <- execute(newRootCmd(), []string{"--lessons", dir, "--lessons-first", "--paused"}, tty, tty, io.Discard)
	}()
	screen.waitFor(t, "Lessons · 0 of 15 done")
	screen.waitFor(t, "start lesson 1, “My own lesson”")
	if _, err := ptmx.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after q, want 0", code)
		}
	case <-time.After(sshPatience):
		t.Fatal("the tutorial did not quit on q")
	}
}
