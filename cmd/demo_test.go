package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tf")
	if err := os.WriteFile(bad, []byte("# fine\nlogin\nfly away\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.tf")
	if err := os.WriteFile(empty, []byte("\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badPause := filepath.Join(dir, "pause.tf")
	if err := os.WriteFile(badPause, []byte("login\n# pause 4\ncall\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	taken := filepath.Join(dir, "taken.cast")
	if err := os.WriteFile(taken, []byte("an earlier talk"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"demo", badPause}, exitUsage, badPause + ":2: pause 4: want a duration such as 4s"},
		{[]string{"demo", "--from", "27", "../content/scenarios/demo.tf"}, exitUsage, "demo.tf has 26 steps"},
		{[]string{"demo", "--record", taken, "../content/scenarios/demo.tf"}, exitUsage, "the file exists; --force overwrites it"},
		{[]string{"demo", "--record", filepath.Join(dir, "no", "talk.cast"), "../content/scenarios/demo.tf"}, exitFailure, "no directory"},
		{[]string{"demo", "--record", dir, "../content/scenarios/demo.tf"}, exitUsage, "that is a directory"},
		{[]string{"demo", "--force", "../content/scenarios/demo.tf"}, exitUsage, "--force is for --record"},
		{[]string{"demo", "--notes", "--auto", "3s", "../content/scenarios/demo.tf"}, exitUsage, "--notes follows a demo"},
		{[]string{"demo", bad}, exitUsage, bad + ":3"},
		{[]string{"demo", empty}, exitUsage, "nothing to play"},
		{[]string{"demo", filepath.Join(dir, "missing.tf")}, exitFailure, "missing.tf"},
		{[]string{"demo", "-"}, exitUsage, "must be a file"},
		{[]string{"demo", "--auto", "-1s", "../content/scenarios/demo.tf"}, exitUsage, "--auto"},
		{[]string{"demo"}, exitUsage, "accepts 1 arg"},
		// The tests' stdin is no terminal: the script is fine, the screen is missing.
		{[]string{"demo", "../content/scenarios/demo.tf"}, exitFailure, "needs a terminal"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, "", tt.args...)
		if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
			t.Errorf("tokenflow %v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.wantCode, tt.wantErr)
		}
	}
	if b, err := os.ReadFile(taken); err != nil || string(b) != "an earlier talk" {
		t.Errorf("a refused --record touched the file: %q, %v", b, err)
	}
}

// TestRunIgnoresDemoDirectives: speaker notes and pauses are the demo's;
// `tokenflow run` plays a script with them exactly as without them, in
// every format, and never shows a note.
func TestRunIgnoresDemoDirectives(t *testing.T) {
	plain, err := os.ReadFile("../content/scenarios/demo.tf")
	if err != nil {
		t.Fatal(err)
	}
	var withNotes strings.Builder
	for _, l := range strings.SplitAfter(string(plain), "\n") {
		if strings.HasPrefix(l, "#") {
			withNotes.WriteString("#> a speaker note\n# pause 4s\n")
		}
		withNotes.WriteString(l)
	}
	for _, format := range []string{"text", "json", "markdown", "mermaid"} {
		_, want, _ := run(t, string(plain), "run", "--format", format, "-")
		code, got, stderr := run(t, withNotes.String(), "run", "--format", format, "-")
		if code != exitOK || got != want {
			t.Errorf("run --format %s with directives: exit %d, stderr %q; the transcript differs: %v", format, code, stderr, got != want)
		}
		if strings.Contains(got, "speaker note") || strings.Contains(got, "pause 4s") {
			t.Errorf("run --format %s shows a directive", format)
		}
	}
}

// TestDemoRecordsOnATerminal records a demo played on a pseudo-terminal:
// the file is an asciicast v2 recording of the terminal's size, whose
// frames show the steps played; tokenflow says where it went.
func TestDemoRecordsOnATerminal(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir())
	script, err := filepath.Abs("../content/scenarios/demo.tf")
	if err != nil {
		t.Fatal(err)
	}
	cast := filepath.Join(t.TempDir(), "talk.cast")
	ptmx, screen, done := onTerminal(t, "demo", "--present", "--record", cast, script)
	screen.waitFor(t, "The life of a login")
	if _, err := ptmx.WriteString("\x1b[C\x1b[C"); err != nil { // → →
		t.Fatal(err)
	}
	screen.waitFor(t, "▶ login")
	quitOnQ(t, ptmx, done)
	b, err := os.ReadFile(cast)
	if err != nil {
		t.Fatal(err)
	}
	head, events, _ := strings.Cut(string(b), "\n")
	var h struct{ Version, Width, Height int }
	if err := json.Unmarshal([]byte(head), &h); err != nil || h.Version != 2 || h.Width != 120 || h.Height != 40 {
		t.Errorf("header %q (%v), want version 2 at 120×40", head, err)
	}
	if !strings.Contains(events, "step 3 of 26") || !strings.Contains(events, `"o"`) {
		t.Errorf("the recording lacks the frame of step 3:\n%.500s", events)
	}
	screen.waitFor(t, "recorded in "+cast) // said after the screen closes
}

// TestPresentFlagParses checks that plain tokenflow takes --present.
func TestPresentFlagParses(t *testing.T) {
	code, stdout, _ := run(t, "", "--present")
	if code != exitOK || !strings.Contains(stdout, "--present") {
		t.Errorf("tokenflow --present: exit %d; want 0 and the help listing --present:\n%s", code, stdout)
	}
}

// TestDemoPlaysOnATerminal runs `tokenflow demo --present` on a
// pseudo-terminal as a presenter would: the opening caption shows, →
// plays the login, E exports the session into the working directory,
// and q quits with status 0.
func TestDemoPlaysOnATerminal(t *testing.T) {
	t.Setenv("TOKENFLOW_HOME", t.TempDir()) // the speaker notes' cue file
	script, err := filepath.Abs("../content/scenarios/demo.tf")
	if err != nil {
		t.Fatal(err)
	}
	wd := t.TempDir()
	t.Chdir(wd)
	ptmx, screen, done := onTerminal(t, "demo", "--present", script)

	screen.waitFor(t, "The life of a login")
	if _, err := ptmx.WriteString("\x1b[C\x1b[C"); err != nil { // → →
		t.Fatal(err)
	}
	screen.waitFor(t, "▶ login")
	if _, err := ptmx.WriteString("E"); err != nil {
		t.Fatal(err)
	}
	// The status line changes from "exporting the session…" to "exported
	// the session: …", and the renderer redraws only the cells that
	// differ, so the screen is no place to look: the files are.
	exported := func(string) bool {
		_, err := os.Stat(filepath.Join(wd, "tokenflow-session-20260105-090000.mmd"))
		return err == nil
	}
	screen.waitUntil(t, "exported session files", exported)
	quitOnQ(t, ptmx, done)
	for _, name := range []string{"tokenflow-session-20260105-090000.md", "tokenflow-session-20260105-090000.mmd"} {
		if _, err := os.Stat(filepath.Join(wd, name)); err != nil {
			t.Errorf("the export: %v", err)
		}
	}
}
