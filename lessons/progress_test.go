package lessons

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestProgressStartsEmptyAndPersists(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not", "yet")
	s := Open(dir)
	if s.Problem() != nil || len(s.Progress().Lessons) != 0 {
		t.Fatalf("fresh store: problem %v, progress %+v", s.Problem(), s.Progress())
	}
	if _, ok := s.Last(); ok {
		t.Error("a fresh store has a last position")
	}
	for _, step := range []int{2, 1, 2} {
		if err := s.Complete("rotation", step); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetLast("rotation", 3); err != nil {
		t.Fatal(err)
	}
	again := Open(dir)
	if got := again.Completed("rotation"); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("completed = %v, want [1 2]", got)
	}
	if last, ok := again.Last(); !ok || last != (Position{Lesson: "rotation", Step: 3}) {
		t.Errorf("last = %+v, %v", last, ok)
	}
	if err := s.Complete("Not An Id", 1); err == nil {
		t.Error("Complete accepted a bad lesson id")
	}
}

func TestProgressWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	if err := s.Complete("rotation", 1); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{ProgressFile}) {
		t.Errorf("directory holds %v, want only %s: no temporary file may stay", got, ProgressFile)
	}
	// Make the rename fail: a directory where the file should go. The old
	// content must be what the failed save leaves, with no temporary file.
	before, _ := os.ReadFile(s.Path())
	if err := os.Remove(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(s.Path(), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Path(), "keep"), before, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Complete("rotation", 2); err == nil || !strings.Contains(err.Error(), "saving progress") {
		t.Errorf("Complete over a directory = %v, want a save error", err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{ProgressFile}) {
		t.Errorf("after a failed save the directory holds %v", got)
	}
	if got := s.Completed("rotation"); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("in memory = %v: a failed save must not lose the session's progress", got)
	}
}

func TestProgressSetsCorruptFileAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ProgressFile)
	for n, garbage := range []string{"{not json", `{"version":1,"lessons":{},"colour":"red"}`, `{"version":9,"lessons":{}}`} {
		if err := os.WriteFile(path, []byte(garbage), 0o600); err != nil {
			t.Fatal(err)
		}
		s := Open(dir)
		var ce *CorruptError
		if !errors.As(s.Problem(), &ce) {
			t.Fatalf("%q: Problem = %v, want a *CorruptError", garbage, s.Problem())
		}
		aside := path + ".corrupt-" + string(rune('1'+n))
		if ce.MovedTo != aside {
			t.Errorf("%q: moved to %q, want %q", garbage, ce.MovedTo, aside)
		}
		if got, _ := os.ReadFile(aside); string(got) != garbage {
			t.Errorf("%q: the set-aside file holds %q", garbage, got)
		}
		if !strings.Contains(s.Problem().Error(), "started afresh") {
			t.Errorf("message %q does not say what happened", s.Problem())
		}
		if len(s.Progress().Lessons) != 0 {
			t.Errorf("%q: progress = %+v, want a fresh start", garbage, s.Progress())
		}
		if err := s.Complete("rotation", 1); err != nil {
			t.Fatalf("a store opened over a corrupt file cannot save: %v", err)
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}

func TestProgressExportImportRoundTrip(t *testing.T) {
	src := Open(t.TempDir())
	for _, c := range []struct {
		id   string
		step int
	}{{"the-wristband", 1}, {"the-wristband", 2}, {"rotation", 3}} {
		if err := src.Complete(c.id, c.step); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := src.Export(&buf); err != nil {
		t.Fatal(err)
	}
	dstDir := t.TempDir()
	dst := Open(dstDir)
	if err := dst.Import(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("Import: %v", err)
	}
	if !reflect.DeepEqual(dst.Progress(), src.Progress()) {
		t.Errorf("imported %+v, want %+v", dst.Progress(), src.Progress())
	}
	if !reflect.DeepEqual(Open(dstDir).Progress(), src.Progress()) {
		t.Error("the import was not saved")
	}
	file := filepath.Join(t.TempDir(), "backup.json")
	if err := src.ExportFile(file); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("ExportFile wrote %q, Export %q", got, buf.Bytes())
	}
}

func TestProgressImportValidatesEverything(t *testing.T) {
	s := Open(t.TempDir())
	if err := s.Complete("rotation", 1); err != nil {
		t.Fatal(err)
	}
	before := s.Progress()
	for _, bad := range []string{
		``,
		`[]`,
		`{"version":2,"lessons":{}}`,
		`{"version":1,"lessons":{"Bad Id":[1]}}`,
		`{"version":1,"lessons":{"rotation":[2,1]}}`,
		`{"version":1,"lessons":{"rotation":[0]}}`,
		`{"version":1,"lessons":{},"extra":true}`,
		`{"version":1,"lessons":{}} {"version":1}`,
		`{"version":1,"lessons":{},"last":{"lesson":"rotation","step":0}}`,
	} {
		if err := s.Import(strings.NewReader(bad)); err == nil {
			t.Errorf("Import(%q) succeeded", bad)
		}
		if !reflect.DeepEqual(s.Progress(), before) {
			t.Fatalf("Import(%q) changed the progress", bad)
		}
	}
}

func TestProgressReset(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir)
	if err := s.Complete("rotation", 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if p := Open(dir).Progress(); len(p.Lessons) != 0 || p.Last != nil {
		t.Errorf("after Reset: %+v", p)
	}
}

// TestProgressWritersNeverEraseEachOthersSteps: two stores opened on one
// directory before either wrote (two sessions, two processes) each keep
// what the other saved; the file only ever gains steps.
func TestProgressWritersNeverEraseEachOthersSteps(t *testing.T) {
	dir := t.TempDir()
	a, b := Open(dir), Open(dir)
	if err := a.Complete("rotation", 1); err != nil {
		t.Fatal(err)
	}
	if err := b.Complete("it-expires", 2); err != nil {
		t.Fatal(err)
	}
	if err := a.SetLast("rotation", 2); err != nil {
		t.Fatal(err)
	}
	saved := Open(dir).Progress()
	want := map[string][]int{"rotation": {1}, "it-expires": {2}}
	if !reflect.DeepEqual(saved.Lessons, want) {
		t.Errorf("saved %v, want %v", saved.Lessons, want)
	}
	if saved.Last == nil || *saved.Last != (Position{Lesson: "rotation", Step: 2}) {
		t.Errorf("last %+v, want the last writer's position", saved.Last)
	}
	if got := a.Completed("it-expires"); !slices.Equal(got, []int{2}) {
		t.Errorf("a's view of it-expires is %v after its next write, want [2]", got)
	}
}

func TestProgressIsSafeForConcurrentUse(t *testing.T) {
	s := Open(t.TempDir())
	var wg sync.WaitGroup
	for step := 1; step <= 8; step++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Complete("rotation", step); err != nil {
				t.Error(err)
			}
			_ = s.Progress()
		}()
	}
	wg.Wait()
	if got := Open(filepath.Dir(s.Path())).Completed("rotation"); len(got) != 8 {
		t.Errorf("saved %v, want all 8 steps", got)
	}
}

func TestDefaultDirHonoursTokenflowHome(t *testing.T) {
	t.Setenv(HomeEnv, "/srv/workshop/alice")
	if dir, err := DefaultDir(); err != nil || dir != "/srv/workshop/alice" {
		t.Errorf("DefaultDir = %q, %v", dir, err)
	}
	t.Setenv(HomeEnv, "")
	cfg, err := os.UserConfigDir()
	if err != nil {
		t.Skip("no user config dir here:", err)
	}
	if dir, err := DefaultDir(); err != nil || dir != filepath.Join(cfg, "tokenflow") {
		t.Errorf("DefaultDir = %q, %v; want %s/tokenflow", dir, err, cfg)
	}
}
