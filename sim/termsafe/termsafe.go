// Package termsafe makes text that came from outside safe to print on a
// terminal. A terminal obeys the control characters in what it prints: ESC
// and the C1 CSI (U+009B) start sequences that retitle the window, clear
// the screen or recolour everything after them, and the Unicode bidi
// controls reorder what the reader sees ("Trojan Source",
// CVE-2021-42574). A learner's script, a token's claims, a file name
// echoed in an error: any of them can carry these.
//
// Escape is the one helper every such output goes through: the transcript
// of `tokenflow run` in all its formats, `tokenflow inspect`, and error
// messages. Lesson files go further and refuse these characters outright
// (see Unsafe).
package termsafe

import (
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether r must not reach a terminal as itself: a C0
// control other than tab and newline, DEL, a C1 control (U+0080 to
// U+009F), or an explicit bidi formatting character (Unicode Standard
// Annex #9: the marks, embeddings, overrides and isolates).
func Unsafe(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n'
	case r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Escape replaces each unsafe rune of s with its \uXXXX escape, and each
// byte that is not UTF-8 with \xXX; everything else, tab and newline
// included, is kept. The escape is JSON's own, so a JSON document passed
// through Escape still decodes to the same values.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		case Unsafe(r):
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hex[r>>shift&0xf])
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte of s that Escape would
// change, or -1: most text needs no escaping and is returned as it is.
func firstUnsafe(s string) int {
	for i, r := range s {
		if Unsafe(r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return i
		}
	}
	return -1
}
