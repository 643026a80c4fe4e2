package styles

import "charm.land/lipgloss/v2"

// HighContrastPalette is the presenter's palette: pure text colours and
// saturated states that survive a washed-out projector, and no dim
// colour at all; secondary text is only a shade off the body text.
func HighContrastPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Palette{
		Text:    ld(c("#000000"), c("#ffffff")),
		Muted:   ld(c("#262626"), c("#e4e4e4")),
		Accent:  ld(c("#00005f"), c("#5fd7ff")),
		OK:      ld(c("#005f00"), c("#5fff5f")),
		Warn:    ld(c("#5f3700"), c("#ffd700")),
		Bad:     ld(c("#af0000"), c("#ff5f5f")),
		Attack:  ld(c("#5f005f"), c("#ff87ff")),
		Clock:   ld(c("#000000"), c("#005f87")),
		OnClock: ld(c("#ffffff"), c("#ffffff")),
	}
}

// NewPresenterStyles builds the high-contrast styles of presenter mode
// for a dark or a light background.
func NewPresenterStyles(dark bool) *Styles { return StylesFrom(HighContrastPalette(dark)) }
