package lessons

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// guardFS is a directory whose entries may be FIFOs or devices: opening
// one of those is the failure under test (a FIFO blocks its opener
// forever), so Open reports it instead of doing it.
type guardFS struct {
	t     *testing.T
	files fstest.MapFS
}

func (g guardFS) Open(name string) (fs.File, error) {
	if f, ok := g.files[name]; ok && !f.Mode.IsRegular() && !f.Mode.IsDir() {
		g.t.Errorf("opened %s, which is %v: a FIFO would block here forever", name, f.Mode.Type())
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return g.files.Open(name)
}

func (g guardFS) Stat(name string) (fs.FileInfo, error) { return g.files.Stat(name) }

func (g guardFS) ReadDir(name string) ([]fs.DirEntry, error) { return g.files.ReadDir(name) }

func TestLoadRefusesWhatIsNotARegularFile(t *testing.T) {
	fsys := guardFS{t: t, files: fstest.MapFS{
		"01-pipe.md":   {Mode: fs.ModeNamedPipe},
		"02-device.md": {Mode: fs.ModeDevice | fs.ModeCharDevice},
		"03-sample.md": {Data: []byte(validLesson)},
	}}
	ls, err := LoadAll(Source{Dir: "mine", FS: fsys})
	for _, want := range []string{"mine/01-pipe.md: not a regular file", "mine/02-device.md: not a regular file"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadAll error = %v, want one containing %q", err, want)
		}
	}
	if len(ls) != 1 || ls[0].ID != "sample" {
		t.Errorf("loaded %v, want the one regular lesson", ls)
	}
}

// endlessFS holds one lesson file that claims to be regular but never
// ends, as /dev/zero behind a symlink does; it counts what was read.
type endlessFS struct{ served *int }

func (e endlessFS) Open(name string) (fs.File, error) {
	if name == "." {
		return fstest.MapFS{"01-endless.md": {}}.Open(".")
	}
	if name != "01-endless.md" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &endlessFile{served: e.served}, nil
}

type endlessFile struct{ served *int }

// stopAt ends the stream at last, so that a loader that reads everything
// fails this test instead of filling memory.
const stopAt = 64 << 20

func (f *endlessFile) Read(p []byte) (int, error) {
	if *f.served >= stopAt {
		return 0, io.EOF
	}
	n := min(len(p), stopAt-*f.served)
	for i := range p[:n] {
		p[i] = '#'
	}
	*f.served += n
	return n, nil
}
func (f *endlessFile) Close() error { return nil }
func (f *endlessFile) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"01-endless.md": {}}.Stat("01-endless.md")
}

func TestLoadReadsAtMostTheSizeLimit(t *testing.T) {
	served := 0
	_, err := LoadAll(Source{Dir: "mine", FS: endlessFS{served: &served}})
	if err == nil || !strings.Contains(err.Error(), "mine/01-endless.md: the file is larger than 256 KiB") {
		t.Errorf("LoadAll error = %v, want the file refused by size", err)
	}
	if served > maxLessonBytes+1 {
		t.Errorf("read %d bytes of a file that never ends, want at most %d", served, maxLessonBytes+1)
	}
}

func TestProgressRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, age time.Duration) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	// Left by a kill between the temporary file and the rename.
	write(".progress.json-1234567.tmp", time.Hour)
	write(".progress.json-7654321.tmp", 25*time.Hour)
	// Another process's save in flight: its rename is about to come.
	write(".progress.json-2222222.tmp", 0)
	// Not ours.
	write(".export.json-1111111.tmp", time.Hour)
	write("notes.txt", time.Hour)
	s := Open(dir)
	if s.Problem() != nil {
		t.Fatalf("Problem = %v", s.Problem())
	}
	want := []string{".export.json-1111111.tmp", ".progress.json-2222222.tmp", "notes.txt"}
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("after Open the directory holds %v, want %v", got, want)
	}
}

// TestProgressSetsAsideWhatIsNotARegularFile uses a directory where the
// progress file should be: a FIFO would be the real hazard, but only a
// directory can stand in for one on every platform without blocking.
func TestProgressSetsAsideWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ProgressFile)
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	s := Open(dir)
	var ce *CorruptError
	if !errors.As(s.Problem(), &ce) || !strings.Contains(ce.Error(), "not a regular file") {
		t.Fatalf("Problem = %v, want a *CorruptError saying it is not a regular file", s.Problem())
	}
	if err := s.Complete("rotation", 1); err != nil {
		t.Errorf("saving after setting it aside: %v", err)
	}
}
