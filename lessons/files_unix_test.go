//go:build unix

package lessons

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadAndProgressRefuseFIFOsAndDevices uses the real things: a FIFO,
// which blocks whoever opens it until a writer comes, and /dev/zero, which
// never ends. Before the loader checked file types, this test never
// returned.
func TestLoadAndProgressRefuseFIFOsAndDevices(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "01-fifo.md"), 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "02-zero.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "03-sample.md"), []byte(validLesson), 0o600); err != nil {
		t.Fatal(err)
	}
	ls, err := LoadAll(Source{Dir: "mine", FS: os.DirFS(dir)})
	for _, want := range []string{"mine/01-fifo.md: not a regular file", "mine/02-zero.md: not a regular file"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadAll error = %v, want one containing %q", err, want)
		}
	}
	if len(ls) != 1 {
		t.Errorf("loaded %d lessons, want the one regular file", len(ls))
	}

	// --lessons naming a FIFO instead of a directory.
	fifoDir := filepath.Join(t.TempDir(), "lessons")
	if err := syscall.Mkfifo(fifoDir, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadAll(Source{Dir: "fifo", FS: os.DirFS(fifoDir)}); err == nil || !strings.Contains(err.Error(), "fifo: not a directory") {
		t.Errorf("LoadAll of a FIFO = %v, want it refused as not a directory", err)
	}

	home := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(home, ProgressFile), 0o600); err != nil {
		t.Fatal(err)
	}
	s := Open(home)
	var ce *CorruptError
	if !errors.As(s.Problem(), &ce) || ce.MovedTo == "" {
		t.Fatalf("Problem = %v, want the FIFO set aside", s.Problem())
	}
	if err := s.Complete("rotation", 1); err != nil {
		t.Errorf("saving after setting the FIFO aside: %v", err)
	}
}
