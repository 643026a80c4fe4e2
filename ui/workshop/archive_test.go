package workshop

import (
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestExportsInOneSecondKeepEach: exports made in the same second, at
// once (two instructor sessions pressing e together), each get a file of
// their own, and a file already there under the name is never replaced.
func TestExportsInOneSecondKeepEach(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := &Server{cfg: Config{StateDir: dir}, now: func() time.Time { return now }, log: slog.New(slog.DiscardHandler), conns: map[uint64]*conn{}}
	taken := filepath.Join(dir, "room-20260302-090000.csv")
	if err := os.WriteFile(taken, []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	const n = 16
	paths := make(chan string, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			<-start
			path, err := s.exportCSV()
			if err != nil {
				t.Error(err)
			}
			paths <- path
		})
	}
	close(start)
	wg.Wait()
	close(paths)
	seen := map[string]bool{}
	for p := range paths {
		if seen[p] || p == taken {
			t.Errorf("two exports, or an export and the file there before, share %s", filepath.Base(p))
		}
		seen[p] = true
	}
	files, _ := filepath.Glob(filepath.Join(dir, "room-*.csv"))
	if len(files) != n+1 {
		t.Errorf("%d exports and a file before them left %d files: %v", n, len(files), files)
	}
	if data, _ := os.ReadFile(taken); string(data) != "kept" {
		t.Errorf("the file there before holds %q", data)
	}
}
