//go:build linux || darwin

package demo

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNotesRefuseACueThatIsNotAFile: a FIFO where the cue file should be
// is refused at once; opening it to read would wait for a writer, in
// open(2), where Ctrl+C cannot end the notes terminal.
func TestNotesRefuseACueThatIsNotAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.cue")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	n := testNotes(t)
	shown := make(chan string, 1)
	go func() { shown <- followOnce(n, path) }()
	select {
	case got := <-shown:
		if !strings.Contains(got, "is not a regular file") {
			t.Errorf("the notes terminal shows %q", got)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the notes terminal waits in open(2) on a FIFO")
	}
}
