package lessons

import "github.com/tokenflow/tokenflow/sim/termsafe"

// plainText reports each line holding a character a terminal would obey
// rather than print (an escape sequence, a C1 control, a bidi override),
// or that it would print as nothing (a zero-width space, a soft hyphen):
// lesson text reaches terminals as it is, in `tokenflow lessons` and in
// the TUI over SSH. It returns false if it found any, and parsing stops
// there, so no later problem echoes such a line.
func (p *parser) plainText(lines []line) bool {
	ok := true
	for _, ln := range lines {
		col := 0
		for _, r := range ln.text {
			col++
			if termsafe.Unsafe(r) {
				p.errorf(ln.n, "invisible or control character %U at column %d: lesson text may hold tabs and line breaks, no other control, bidi or invisible format characters", r, col)
				ok = false
				break
			}
		}
	}
	return ok
}
