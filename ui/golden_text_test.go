package ui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// requireGolden compares a rendered frame with its golden file, and the
// frame's text with the escape sequences stripped with a .txt companion
// beside it. The golden pins every attribute but reads as noise in a diff;
// the companion is what a reviewer reads. `make golden` (-update) writes
// both.
func requireGolden(t *testing.T, out string) {
	t.Helper()
	text := ansi.Strip(out)
	path := filepath.Join("testdata", t.Name()+".txt")
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run make golden to write the companion", err)
	}
	if line, got, exp, differ := firstDifference(text, string(want)); differ {
		t.Errorf("the frame's text differs from %s at line %d:\n got: %q\nwant: %q", path, line, got, exp)
	}
	golden.RequireEqual(t, out)
}

// updating reports whether the test runs with -update, golden's flag.
func updating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	on, _ := f.Value.(flag.Getter).Get().(bool)
	return on
}

// firstDifference finds the first line, counted from 1, where a and b
// differ.
func firstDifference(a, b string) (line int, la, lb string, differ bool) {
	as, bs := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(as), len(bs)) {
		la, lb = "", ""
		if i < len(as) {
			la = as[i]
		}
		if i < len(bs) {
			lb = bs[i]
		}
		if la != lb || i >= len(as) || i >= len(bs) {
			return i + 1, la, lb, true
		}
	}
	return 0, "", "", false
}
