package workshop_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// TestTheStateDirectoryIsOneServersAlone: while a server runs, its state
// directory is locked: a second server on it and an archive from outside
// it are refused, naming the process that holds it, and the progress
// stays where the running server's learners save it. Once the server has
// stopped, both work.
func TestTheStateDirectoryIsOneServersAlone(t *testing.T) {
	state := t.TempDir()
	alice := filepath.Join(state, "users", "alice")
	if err := os.MkdirAll(alice, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := lessons.Open(alice).Complete("the-wristband", 1); err != nil {
		t.Fatal(err)
	}
	cfg := workshop.Config{StateDir: state, NewModel: newEchoes().newModel}
	running, err := workshop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

	var inUse *workshop.StateInUseError
	if _, err := workshop.New(cfg); !errors.As(err, &inUse) || inUse.Dir != state || inUse.PID != os.Getpid() {
		t.Errorf("a second server on the same state directory: %v; want a StateInUseError naming %s and pid %d", err, state, os.Getpid())
	}
	if path, _, err := workshop.ArchiveProgress(state, now); !errors.As(err, &inUse) || path != "" {
		t.Errorf("archiving while the server runs: %q, %v; want a StateInUseError", path, err)
	}
	if _, err := os.Stat(filepath.Join(alice, lessons.ProgressFile)); err != nil {
		t.Errorf("the refused archive moved the progress anyway: %v", err)
	}

	if err := running.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	path, n, err := workshop.ArchiveProgress(state, now)
	if err != nil || n != 1 || path != filepath.Join(state, "archive", "users-20260302-120000") {
		t.Errorf("archiving once the server stopped: %q, %d learners, %v", path, n, err)
	}
	next, err := workshop.New(cfg)
	if err != nil {
		t.Fatalf("a server after the first stopped: %v", err)
	}
	_ = next.Shutdown(context.Background())
}
