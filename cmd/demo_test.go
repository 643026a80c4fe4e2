package cmd

import (
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
	tests := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
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
