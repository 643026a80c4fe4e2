package common

import "github.com/charmbracelet/x/ansi"

// Pack lays pieces out on lines at most w cells wide, joined by sep, a
// piece never split across lines unless it is wider than a line on its
// own: a sub-menu's choices wrap between choices, not inside one.
func Pack(pieces []string, sep string, w int) []string {
	var lines []string
	cur := ""
	for _, p := range pieces {
		switch {
		case cur == "":
			cur = p
		case ansi.StringWidth(cur+sep+p) <= w:
			cur += sep + p
		default:
			lines = append(lines, cur)
			cur = p
		}
		if ansi.StringWidth(cur) > w {
			wrapped := Wrap(cur, w)
			lines = append(lines, wrapped[:len(wrapped)-1]...)
			cur = wrapped[len(wrapped)-1]
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
