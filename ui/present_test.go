package ui

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
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
	if !m.PresentOn() || m.com.Styles.Palette != HighContrastPalette(true) {
		t.Fatal("P did not switch to presenter mode and its high-contrast theme")
	}
	if frame := ansi.Strip(m.View().Content); !strings.Contains(frame, "Tokens") || strings.Contains(frame, "Actors") {
		t.Errorf("presenter mode should show the token strip instead of the Actors pane:\n%s", frame)
	}
	press(m, "P")
	if m.PresentOn() || m.com.Styles.Palette != NewPalette(true) {
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

// TestHighContrastPaletteHasNoDimColours checks that every colour the
// presenter's theme draws text in meets WCAG's AAA contrast (7:1) with
// the background it is meant for, and the clock's text with the clock.
func TestHighContrastPaletteHasNoDimColours(t *testing.T) {
	for _, dark := range []bool{true, false} {
		p := HighContrastPalette(dark)
		bg := color.Color(color.White)
		if dark {
			bg = color.Black
		}
		for name, c := range map[string]color.Color{
			"Text": p.Text, "Muted": p.Muted, "Accent": p.Accent, "OK": p.OK, "Warn": p.Warn, "Bad": p.Bad, "Attack": p.Attack,
		} {
			if r := contrast(c, bg); r < 7 {
				t.Errorf("dark=%v: %s has contrast %.1f:1 with the background, want at least 7:1", dark, name, r)
			}
		}
		if r := contrast(p.OnClock, p.Clock); r < 7 {
			t.Errorf("dark=%v: the clock's text has contrast %.1f:1, want at least 7:1", dark, r)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// TestBigTextDrawsDigitsThreeRowsHigh pins the presenter clock's font on
// one digit: pixels pair up into half blocks.
func TestBigTextDrawsDigitsThreeRowsHigh(t *testing.T) {
	got := bigText("0")
	want := [3]string{"█▀█", "█ █", "▀▀▀"}
	if got != want {
		t.Errorf("bigText(0) = %q, want %q", got, want)
	}
}
