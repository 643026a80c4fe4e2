package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// TestPresentModeGolden pins presenter mode at a projector's 120×40:
// the big clock, a demo's caption, the token strip and the full-width
// sequence diagram, with the tour's theft and reuse detection on it.
func TestPresentModeGolden(t *testing.T) {
	m := newDemo(t, "demo.tf", shippedDemo(t), Options{Present: true})
	resize(m, 120, 40)
	for range 21 {
		press(m, "right")
	}
	out := ascii(t, m)
	requireFrame(t, out, 120, 40)
	requireGolden(t, out)
}

// TestPresentModeFitsEverySize checks that presenter mode draws a whole
// frame from the smallest terminal up, with and without a demo, and with
// the settings panel open.
func TestPresentModeFitsEverySize(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}} {
		for _, demo := range []bool{false, true} {
			t.Run(fmt.Sprintf("%dx%d_demo_%v", size[0], size[1], demo), func(t *testing.T) {
				m := newModel(t)
				if demo {
					m = newDemo(t, "demo.tf", shippedDemo(t), Options{})
				}
				resize(m, size[0], size[1])
				press(m, "P", "l", "c", "T", "A", "tab", "down")
				requireFrame(t, ansi.Strip(m.View().Content), size[0], size[1])
				press(m, "s")
				requireFrame(t, ansi.Strip(m.View().Content), size[0], size[1])
			})
		}
	}
}

// TestPresentKeyToggles checks that P switches presenter mode, with its
// theme, on and off, and that --present starts in it.
func TestPresentKeyToggles(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	press(m, "P")
	if !m.PresentOn() || m.com.Styles.Palette != styles.HighContrastPalette(true) {
		t.Fatal("P did not switch to presenter mode and its high-contrast theme")
	}
	if frame := ansi.Strip(m.View().Content); !strings.Contains(frame, "Tokens") || strings.Contains(frame, "Actors") {
		t.Errorf("presenter mode should show the token strip instead of the Actors pane:\n%s", frame)
	}
	press(m, "P")
	if m.PresentOn() || m.com.Styles.Palette != styles.NewPalette(true) {
		t.Error("a second P did not switch back to the usual layout and theme")
	}
	m, err := New(Options{Seed: 1, Present: true})
	if err != nil {
		t.Fatal(err)
	}
	if !m.PresentOn() {
		t.Error("Options.Present did not start in presenter mode")
	}
}
