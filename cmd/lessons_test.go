package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
)

// exampleLesson is a small valid lesson for an instructor's directory.
const exampleLesson = `---
id: my-own
title: My own lesson
summary: An instructor's lesson.
---

## Step: Sign in

Sign alice in.

### Goal

Alice is logged in.

` + "```goal\nevent login\n```" + `

### Hints

1. ` + "`login`" + `

### Solution

` + "```tokenflow\nlogin\n```" + `

### Debrief

Signed in.
`

// lessonDir writes files into a fresh directory and returns its path.
func lessonDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLessonsListsTheCourseWithProgress(t *testing.T) {
	home := t.TempDir()
	t.Setenv("TOKENFLOW_HOME", home)
	progress := `{"version":1,"lessons":{"the-wristband":[1,2,3],"it-expires":[1]},"last":{"lesson":"it-expires","step":2}}`
	if err := os.WriteFile(filepath.Join(home, "progress.json"), []byte(progress), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", "lessons")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(stdout, "\n")
	if !strings.HasPrefix(lines[0], "✓  1  The wristband") || !strings.Contains(lines[0], "done") {
		t.Errorf("line 1 = %q, want lesson 1 marked done", lines[0])
	}
	if !strings.Contains(lines[1], "It expires") || !strings.Contains(lines[1], "1/3 steps") {
		t.Errorf("line 2 = %q, want 1/3 steps", lines[1])
	}
	if !strings.Contains(lines[2], "The VIP pass") || !strings.Contains(lines[2], "new") {
		t.Errorf("line 3 = %q, want new", lines[2])
	}
	if !strings.Contains(stdout, "20  The golden rules") || !strings.Contains(stdout, "Last seen: It expires, step 2 of 3.") {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestLessonsAddsAnInstructorsLessons(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson})
	code, stdout, stderr := run(t, "", "--lessons", dir, "lessons")
	if code != 0 || !strings.Contains(stdout, "21  My own lesson") {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	clash := lessonDir(t, map[string]string{"01-clash.md": strings.Replace(exampleLesson, "id: my-own", "id: rotation", 1)})
	want := clash + `/01-clash.md:2: duplicate lesson id "rotation": content/06-rotation.md has it too`
	code, _, stderr = run(t, "", "--lessons", clash, "lessons")
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	// The check finds what the loader refuses, at the same file:line.
	code, stdout, _ = run(t, "", "lessons", "check", clash)
	if code != 1 || !strings.Contains(stdout, want) {
		t.Errorf("lessons check %s: exit %d, stdout:\n%s\nwant %q", clash, code, stdout, want)
	}
	if strings.Contains(stdout, "content/01-the-wristband.md") {
		t.Errorf("lessons check DIR reported on the built-in lessons:\n%s", stdout)
	}
}

func TestLessonsCheckBuiltIn(t *testing.T) {
	code, stdout, stderr := run(t, "", "lessons", "check")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if n := strings.Count(stdout, "\nok   ") + 1; n != 20 || !strings.HasPrefix(stdout, "ok   content/01-the-wristband.md (the-wristband, 3 steps)\n") {
		t.Errorf("%d ok lines:\n%s", n, stdout)
	}
}

func TestLessonsCheckDirReportsFileAndLine(t *testing.T) {
	broken := strings.Replace(exampleLesson, "event login", "event loggedin", 1)
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson, "02-broken.md": strings.Replace(broken, "my-own", "broken", 1)})
	code, stdout, stderr := run(t, "", "lessons", "check", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "ok   "+dir+"/01-my-own.md (my-own, 1 step)\n") {
		t.Errorf("stdout lacks the ok line:\n%s", stdout)
	}
	if !strings.Contains(stdout, dir+`/02-broken.md:16: goal: "loggedin": unknown event kind`) {
		t.Errorf("stdout lacks file:line: problem:\n%s", stdout)
	}
	if stderr != "tokenflow: lessons check: 1 problem in 1 file\n" {
		t.Errorf("stderr = %q", stderr)
	}
}

func TestLessonsCheckMissingDir(t *testing.T) {
	code, stdout, _ := run(t, "", "lessons", "check", "/nonexistent/lessons")
	if code != 1 || !strings.Contains(stdout, "/nonexistent/lessons: no such file or directory") {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
}

func TestLessonsUsageErrors(t *testing.T) {
	if code, _, _ := run(t, "", "lessons", "extra"); code != 2 {
		t.Errorf("lessons extra: exit %d, want 2", code)
	}
	if code, _, _ := run(t, "", "lessons", "check", "a", "b"); code != 2 {
		t.Errorf("lessons check a b: exit %d, want 2", code)
	}
}

// TestLessonsFirstAndOnlyPlaceTheInstructorsLessons: the instructor's
// lessons come after the built-in ones, ahead of them, or alone; ids stay
// unique across both in every case, and the check follows the same order.
func TestLessonsFirstAndOnlyPlaceTheInstructorsLessons(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	second := strings.NewReplacer("id: my-own", "id: my-second", "title: My own lesson", "title: My second lesson").Replace(exampleLesson)
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson, "02-my-second.md": second})

	code, stdout, stderr := run(t, "", "--lessons", dir, "--lessons-first", "lessons")
	lines := strings.Split(stdout, "\n")
	if code != 0 || !strings.Contains(lines[0], " 1  My own lesson") || !strings.Contains(lines[1], " 2  My second lesson") ||
		!strings.Contains(lines[2], " 3  The wristband") || !strings.Contains(stdout, fmt.Sprintf("%d  The golden rules", builtinLessons(t)+2)) {
		t.Errorf("--lessons-first: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}

	code, stdout, stderr = run(t, "", "--lessons", dir, "--lessons-only", "lessons")
	if code != 0 || strings.Count(strings.TrimSpace(stdout), "\n") != 1 || !strings.Contains(stdout, " 1  My own lesson") ||
		!strings.Contains(stdout, " 2  My second lesson") {
		t.Errorf("--lessons-only: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	code, stdout, _ = run(t, "", "--lessons", dir, "--lessons-only", "lessons", "check")
	if code != 0 || strings.Count(stdout, "ok   ") != 2 || strings.Contains(stdout, "content/") {
		t.Errorf("--lessons-only lessons check: exit %d, stdout:\n%s\nwant the two own lessons checked alone", code, stdout)
	}

	clash := lessonDir(t, map[string]string{"01-clash.md": strings.Replace(exampleLesson, "id: my-own", "id: rotation", 1)})
	want := clash + `/01-clash.md:2: duplicate lesson id "rotation": content/06-rotation.md has it too`
	for _, place := range []string{"--lessons-first", "--lessons-only"} {
		code, _, stderr = run(t, "", "--lessons", clash, place, "lessons")
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("%s with a built-in id: exit %d, stderr:\n%s\nwant %q", place, code, stderr, want)
		}
		code, stdout, _ = run(t, "", "--lessons", clash, place, "lessons", "check")
		if code != 1 || !strings.Contains(stdout, want) {
			t.Errorf("%s lessons check with a built-in id: exit %d, stdout:\n%s\nwant %q", place, code, stdout, want)
		}
	}
}

// TestLessonsPlacementNeedsLessons: the placement flags say where the
// --lessons lessons go, so each needs it, and they exclude each other;
// ssh reads them as `lessons` does.
func TestLessonsPlacementNeedsLessons(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson})
	for _, args := range [][]string{
		{"--lessons-first", "lessons"},
		{"--lessons-only", "lessons", "check"},
		{"--lessons", dir, "--lessons-first", "--lessons-only", "lessons"},
		{"ssh", "--lessons-first", "--state", t.TempDir()},
	} {
		code, stdout, stderr := run(t, "", args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "--lessons") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d and a message", args, code, stdout, stderr, exitUsage)
		}
	}
}

// builtinLessons counts the lessons tokenflow ships.
func builtinLessons(t *testing.T) int {
	t.Helper()
	ls, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	return len(ls)
}
