// Package termsafe makes text that came from outside safe to print on a
// terminal. A terminal obeys the control characters in what it prints: ESC
// and the C1 CSI (U+009B) start sequences that retitle the window, clear
// the screen or recolour everything after them, and the Unicode bidi
// controls reorder what the reader sees ("Trojan Source",
// CVE-2021-42574). The other invisible format characters print as
// nothing at all, so a line can hide a difference: "al\u200bice" reads as
// alice, and the tag characters (U+E0020 to U+E007F) can carry a whole
// hidden sentence. A learner's script, a token's claims, a file name
// echoed in an error: any of them can carry these.
//
// Escape is the one helper every such output goes through: the transcript
// of `tokenflow run` in all its formats, `tokenflow inspect`, and error
// messages. Lesson files go further and refuse these characters outright
// (see Unsafe).
package termsafe

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The joiners: the only invisible format characters that words need.
const (
	zwnj = '\u200c' // ZERO WIDTH NON-JOINER
	zwj  = '\u200d' // ZERO WIDTH JOINER
)

// Unsafe reports whether r must not reach a terminal as itself: a C0
// control other than tab and newline, DEL, a C1 control (U+0080 to
// U+009F), or a format character (Unicode general category Cf: the bidi
// marks, embeddings, overrides and isolates of Unicode Standard Annex #9,
// the zero-width space, the byte-order mark U+FEFF, the soft hyphen, the
// tag characters, …) other than the two joiners.
//
// The joiners U+200C and U+200D are spared because names and words need
// them: Persian and the Indic scripts spell with them (IDNA2008 allows
// them in such a context, RFC 5892 Appendix A.1 and A.2), and emoji such
// as 👩‍💻 are sequences joined by U+200D. Escape still escapes a joiner
// that follows an ASCII character, where no script needs one.
func Unsafe(r rune) bool {
	if r < 0xad { // below the soft hyphen, the first format character
		return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f
	}
	return r != zwnj && r != zwj && unicode.Is(unicode.Cf, r)
}

// strayJoiner reports whether r is a joiner after prev, the character
// printed before it (0 at the start), that joins nothing a script joins:
// one at the start or after an ASCII character only hides in the text.
func strayJoiner(prev, r rune) bool {
	return (r == zwnj || r == zwj) && prev < utf8.RuneSelf
}

// Escape replaces each unsafe rune of s, and each stray joiner, with its
// \uXXXX escape (a UTF-16 surrogate pair beyond U+FFFF), and each byte
// that is not UTF-8 with \xXX; everything else, tab and newline included,
// is kept. The escape is JSON's own, so a JSON document passed through
// Escape still decodes to the same values.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	u := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[r>>shift&0xf])
		}
	}
	var prev rune
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
			prev = 'x'
		case Unsafe(r) || strayJoiner(prev, r):
			if hi, lo := utf16.EncodeRune(r); hi != utf8.RuneError {
				u(hi)
				u(lo)
			} else {
				u(r)
			}
			prev = 'x'
		default:
			b.WriteString(s[i : i+size])
			prev = r
		}
		i += size
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte of s that Escape would
// change, or -1: most text needs no escaping and is returned as it is.
func firstUnsafe(s string) int {
	var prev rune
	for i, r := range s {
		if Unsafe(r) || strayJoiner(prev, r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return i
		}
		prev = r
	}
	return -1
}
