package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Fit truncates s to w cells, marking the cut with an ellipsis, and pads
// it with spaces to exactly w cells, so frames line up.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// Wrap breaks plain text into lines of at most w cells, at spaces where it
// can and inside a word where it must (tokens are long words).
func Wrap(s string, w int) []string {
	if w <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(para, w, ""), "\n")...)
	}
	return out
}

// border is the set of glyphs a frame is drawn with. The focused pane gets
// heavy lines, so focus shows without colour.
type border struct{ tl, tr, bl, br, h, v string }

var (
	lightBorder = border{"╭", "╮", "╰", "╯", "─", "│"}
	heavyBorder = border{"┏", "┓", "┗", "┛", "━", "┃"}
)

// Box frames lines in a w×h pane with title on the top edge and footer on
// the bottom one, with a column of space inside each side: the content is
// w-4 cells wide. Lines beyond the pane's height are cut; the caller
// scrolls.
func Box(st *styles.Styles, title, footer string, lines []string, w, h int, focused bool) string {
	return frame(st, title, footer, lines, w, h, focused, Fit)
}

// BoxFitted is Box for lines already exactly w-4 cells wide, such as the
// sequence diagram's rows, drawn once and kept: measuring every visible
// row again on each redraw would cost more than the rest of the frame.
func BoxFitted(st *styles.Styles, title, footer string, lines []string, w, h int, focused bool) string {
	return frame(st, title, footer, lines, w, h, focused, func(s string, _ int) string { return s })
}

// frame draws Box's frame around lines, each made inner-2 cells wide by fitLine.
func frame(st *styles.Styles, title, footer string, lines []string, w, h int, focused bool, fitLine func(string, int) string) string {
	if w < 8 || h < 2 {
		return Blank(w, h)
	}
	b, bs := lightBorder, st.Border
	if focused {
		b, bs = heavyBorder, st.BorderFocused
	}
	inner := w - 2
	var sb strings.Builder
	sb.Grow((w + 16) * h)
	sb.WriteString(edge(bs, b.tl, b.h, b.tr, title, inner, st.PaneTitle))
	left, right := bs.Render(b.v)+" ", " "+bs.Render(b.v)
	empty := strings.Repeat(" ", inner-2)
	for i := 0; i < h-2; i++ {
		sb.WriteByte('\n')
		sb.WriteString(left)
		if i < len(lines) {
			sb.WriteString(fitLine(lines[i], inner-2))
		} else {
			sb.WriteString(empty)
		}
		sb.WriteString(right)
	}
	sb.WriteByte('\n')
	sb.WriteString(edge(bs, b.bl, b.h, b.br, footer, inner, st.Muted))
	return sb.String()
}

// edge draws a top or bottom frame line with an optional label on it.
func edge(bs styles.Style, left, h, right, label string, inner int, ls styles.Style) string {
	if label == "" || inner < 6 {
		return bs.Render(left + strings.Repeat(h, inner) + right)
	}
	label = ansi.Truncate(label, inner-4, "…")
	rest := inner - 3 - ansi.StringWidth(label)
	return bs.Render(left+h) + " " + ls.Render(label) + " " + bs.Render(strings.Repeat(h, rest)+right)
}

// Blank is a w×h block of spaces.
func Blank(w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	line := strings.Repeat(" ", w)
	lines := make([]string, h)
	for i := range lines {
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// SideBySide joins two blocks line by line; left is lw cells wide. Unlike
// lipgloss.JoinHorizontal it measures nothing: every pane is already its
// exact width, and a missing left line is filled with spaces.
func SideBySide(left string, lw int, right string) string {
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	n := max(len(l), len(r))
	var sb strings.Builder
	sb.Grow(len(left) + len(right) + n)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte('\n')
		}
		if i < len(l) {
			sb.WriteString(l[i])
		} else {
			sb.WriteString(strings.Repeat(" ", lw))
		}
		if i < len(r) {
			sb.WriteString(r[i])
		}
	}
	return sb.String()
}

// HardWrap cuts a line every width cells, tokens having no spaces to wrap at.
func HardWrap(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	r := []rune(s)
	if len(r) <= width {
		return []string{s}
	}
	var out []string
	for len(r) > width {
		out = append(out, string(r[:width]))
		r = r[width:]
	}
	return append(out, string(r))
}

// WrapStyled wraps plain text to w cells and styles each line.
func WrapStyled(style func(string) string, text string, w int) []string {
	lines := Wrap(text, w)
	for i, l := range lines {
		lines[i] = style(l)
	}
	return lines
}

// TitleBar is a line of the clock bar's colour, w cells wide: left, and
// the program's name at the right end when there is room for it.
func TitleBar(st *styles.Styles, left string, w int) string {
	right := st.ClockBar.Render("tokenflow ")
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return Fit(left, w-1) + st.ClockBar.Render(" ")
	}
	return left + st.ClockBar.Render(strings.Repeat(" ", gap)) + right
}
