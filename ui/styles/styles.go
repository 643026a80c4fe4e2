// Package styles is the interface's look: a small semantic palette, and
// every style built from it once per session and theme. Components ask
// for a role (OK, Warn, Attack), never for a colour, and paint with Style,
// which costs a string concatenation instead of a Lip Gloss render.
package styles

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Palette is the handful of semantic colours every style derives from. A
// component never names a colour; it asks for a role.
type Palette struct {
	Text    color.Color // body text
	Muted   color.Color // secondary text, borders of unfocused panes
	Accent  color.Color // titles, keys, the focused pane
	OK      color.Color // valid tokens, 2xx answers
	Warn    color.Color // expiring or expired, stolen loot
	Bad     color.Color // revoked, refused, reuse detected
	Attack  color.Color // the attacker's lane and loot
	Clock   color.Color // the clock bar's background
	OnClock color.Color // text on the clock bar
}

// NewPalette returns the palette for a dark or a light background. Both
// keep enough contrast that no state depends on colour alone; each state
// also has a word or a symbol.
func NewPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Palette{
		Text:    ld(c("#1f2328"), c("#e6edf3")),
		Muted:   ld(c("#59636e"), c("#8b949e")),
		Accent:  ld(c("#0550ae"), c("#79c0ff")),
		OK:      ld(c("#116329"), c("#56d364")),
		Warn:    ld(c("#8a4600"), c("#e3b341")),
		Bad:     ld(c("#a40e26"), c("#ff7b72")),
		Attack:  ld(c("#8250df"), c("#d2a8ff")),
		Clock:   ld(c("#ddf4ff"), c("#1f3a5f")),
		OnClock: ld(c("#0a3069"), c("#e6edf3")),
	}
}

// Styles is every style the interface uses, built once from a Palette.
type Styles struct {
	Palette Palette

	Text     Style
	Muted    Style
	Accent   Style
	Bold     Style
	OK       Style
	Warn     Style
	Bad      Style
	Attack   Style
	AttackB  Style // the attacker's heading
	Selected Style // the selected row: reverse video survives monochrome

	Border        Style // an unfocused pane's frame
	BorderFocused Style // the focused pane's frame
	PaneTitle     Style

	ClockBar  Style
	ClockTime Style

	BarFull  Style
	BarEmpty Style

	Key     Style // a key in the hint line and help
	KeyDesc Style
	Hint    Style // the next-step suggestion

	// Help styles the key lines, which bubbles/help draws: the same
	// colours as Key and KeyDesc.
	Help help.Styles
}

// Style paints one line of text. It holds the escape sequences Lip Gloss
// emits for a style, computed once, and puts them around the text: a pane
// paints hundreds of fragments per frame, and lipgloss.Style.Render's
// generality (wrapping, padding, borders) costs microseconds each. The
// zero Style paints nothing, which is what the accessible mode wants.
type Style struct{ pre, post string }

// newStyle captures what s puts around a line of text.
func newStyle(s lipgloss.Style) Style {
	out := s.Render("x")
	i := strings.IndexByte(out, 'x')
	return Style{pre: out[:i], post: out[i+1:]}
}

// Render paints text, which must be a single line.
func (s Style) Render(text string) string {
	if s.pre == "" && s.post == "" {
		return text
	}
	return s.pre + text + s.post
}

// NewStyles builds the styles for a dark or a light background.
func NewStyles(dark bool) *Styles { return StylesFrom(NewPalette(dark)) }

// StylesFrom builds every style from a palette: another palette is
// another theme, such as the presenter's high-contrast one.
func StylesFrom(p Palette) *Styles {
	s := func() lipgloss.Style { return lipgloss.NewStyle() }
	return &Styles{
		Palette:       p,
		Text:          newStyle(s().Foreground(p.Text)),
		Muted:         newStyle(s().Foreground(p.Muted)),
		Accent:        newStyle(s().Foreground(p.Accent)),
		Bold:          newStyle(s().Bold(true)),
		OK:            newStyle(s().Foreground(p.OK)),
		Warn:          newStyle(s().Foreground(p.Warn)),
		Bad:           newStyle(s().Foreground(p.Bad).Bold(true)),
		Attack:        newStyle(s().Foreground(p.Attack)),
		AttackB:       newStyle(s().Foreground(p.Attack).Bold(true)),
		Selected:      newStyle(s().Reverse(true)),
		Border:        newStyle(s().Foreground(p.Muted)),
		BorderFocused: newStyle(s().Foreground(p.Accent)),
		PaneTitle:     newStyle(s().Foreground(p.Accent).Bold(true)),
		ClockBar:      newStyle(s().Background(p.Clock).Foreground(p.OnClock)),
		ClockTime:     newStyle(s().Background(p.Clock).Foreground(p.OnClock).Bold(true)),
		BarFull:       newStyle(s().Foreground(p.OK)),
		BarEmpty:      newStyle(s().Foreground(p.Muted)),
		Key:           newStyle(s().Foreground(p.Accent).Bold(true)),
		KeyDesc:       newStyle(s().Foreground(p.Muted)),
		Hint:          newStyle(s().Foreground(p.Accent)),
		Help: help.Styles{
			ShortKey: s().Foreground(p.Accent).Bold(true), ShortDesc: s().Foreground(p.Muted),
			ShortSeparator: s().Foreground(p.Muted), Ellipsis: s().Foreground(p.Muted),
			FullKey: s().Foreground(p.Accent).Bold(true), FullDesc: s().Foreground(p.Muted),
			FullSeparator: s().Foreground(p.Muted),
		},
	}
}
