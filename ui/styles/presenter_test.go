package styles

import (
	"image/color"
	"math"
	"testing"
)

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
