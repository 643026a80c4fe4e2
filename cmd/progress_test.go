package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const someProgress = `{"version":1,"lessons":{"rotation":[1,2]},"last":{"lesson":"rotation","step":2}}`

func TestProgressExportImportReset(t *testing.T) {
	home := t.TempDir()
	t.Setenv("TOKENFLOW_HOME", home)

	code, stdout, stderr := run(t, someProgress, "progress", "import", "-")
	if code != 0 || stdout != "imported progress into "+filepath.Join(home, "progress.json")+"\n" {
		t.Fatalf("import: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, exported, _ := run(t, "", "progress", "export")
	if code != 0 || !strings.Contains(exported, `"rotation": [`) {
		t.Fatalf("export: exit %d, %q", code, exported)
	}
	backup := filepath.Join(t.TempDir(), "backup.json")
	if code, _, stderr := run(t, "", "progress", "export", backup); code != 0 {
		t.Fatalf("export FILE: exit %d, %s", code, stderr)
	}
	if got, _ := os.ReadFile(backup); string(got) != exported {
		t.Errorf("export FILE wrote %q, export - %q", got, exported)
	}
	code, stdout, _ = run(t, "", "progress")
	if code != 0 || !strings.Contains(stdout, "2 steps completed in 1 lesson\nlast seen: Rotation, step 2\n") {
		t.Errorf("progress: exit %d, %q", code, stdout)
	}

	// reset asks first: no answer, or any answer but yes, forgets nothing.
	for _, answer := range []string{"", "n\n", "maybe\n"} {
		code, stdout, stderr := run(t, answer, "progress", "reset")
		if code != exitFailure || !strings.Contains(stdout, "Forget 2 completed steps") || !strings.Contains(stderr, "nothing forgotten") {
			t.Errorf("reset answered %q: exit %d, stdout %q, stderr %q; want it asked and refused", answer, code, stdout, stderr)
		}
	}
	if _, stdout, _ := run(t, "", "progress"); !strings.Contains(stdout, "2 steps completed") {
		t.Errorf("a declined reset forgot the progress: %q", stdout)
	}
	if code, stdout, _ := run(t, "y\n", "progress", "reset"); code != 0 || !strings.Contains(stdout, "progress reset: ") {
		t.Errorf("reset answered y: exit %d, %q", code, stdout)
	}
	if code, _, stderr := run(t, "", "progress", "import", backup); code != 0 {
		t.Fatalf("import FILE: exit %d, %s", code, stderr)
	}
	if code, stdout, _ := run(t, "", "progress", "reset", "--yes"); code != 0 || !strings.HasPrefix(stdout, "progress reset: ") {
		t.Errorf("reset --yes: exit %d, %q", code, stdout)
	}
	if _, stdout, _ := run(t, "", "progress"); !strings.Contains(stdout, "0 steps completed in 0 lessons") {
		t.Errorf("after reset: %q", stdout)
	}
	if code, _, stderr := run(t, "", "progress", "import", backup); code != 0 {
		t.Fatalf("import FILE: exit %d, %s", code, stderr)
	}
	if _, again, _ := run(t, "", "progress", "export"); again != exported {
		t.Errorf("round trip changed the progress:\n%s\nwant\n%s", again, exported)
	}
}

func TestProgressImportRefusesBadFiles(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	if code, _, _ := run(t, someProgress, "progress", "import", "-"); code != 0 {
		t.Fatal("could not import the starting progress")
	}
	code, _, stderr := run(t, `{"version":1,"lessons":{"rotation":[3,1]}}`, "progress", "import", "-")
	if code != 1 || !strings.Contains(stderr, "ascending") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, "", "progress", "import", "/nonexistent/progress.json")
	if code != 1 || !strings.Contains(stderr, "no such file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, stdout, _ := run(t, "", "progress"); !strings.Contains(stdout, "2 steps completed") {
		t.Errorf("a refused import changed the progress: %q", stdout)
	}
	if code, _, _ := run(t, "", "progress", "import"); code != 2 {
		t.Errorf("import without FILE: exit %d, want 2", code)
	}
}

func TestProgressCorruptFileIsReportedNotFatal(t *testing.T) {
	home := t.TempDir()
	t.Setenv("TOKENFLOW_HOME", home)
	if err := os.WriteFile(filepath.Join(home, "progress.json"), []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", "lessons")
	if code != 0 || !strings.Contains(stdout, "The wristband") {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "tokenflow: warning: progress file") || !strings.Contains(stderr, "progress.json.corrupt-1") {
		t.Errorf("stderr = %q", stderr)
	}
	if _, err := os.Stat(filepath.Join(home, "progress.json.corrupt-1")); err != nil {
		t.Errorf("the corrupt file was not set aside: %v", err)
	}
}
