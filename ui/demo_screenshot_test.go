package ui

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// screenshotDir is where TestScreenshot writes the README's screenshot
// as ANSI text; `make screenshots` sets it and turns the text into a
// picture with freeze.
var screenshotDir = flag.String("screenshot", "", "write the main screen's screenshot, as ANSI, into this directory")

// TestScreenshot renders the main screen the README shows, in full
// colour at 120×40: the tour's theft caught by reuse detection. It always
// checks the frame; with -screenshot DIR it also writes DIR/main.ansi.
func TestScreenshot(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	press(m, theTour...)
	out := m.View().Content // Lip Gloss emits full colour; nothing downsamples it here
	requireFrame(t, ansi.Strip(out), 120, 40)
	if *screenshotDir == "" {
		return
	}
	if err := os.MkdirAll(*screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshotDir, "main.ansi"), []byte(out+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
