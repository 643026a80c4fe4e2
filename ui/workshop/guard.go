package workshop

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"
)

// The input guard stands between a session's SSH channel and its program's
// input reader. Bubble Tea's decoder holds bytes it has not decoded yet, and
// a bracketed paste until its end marker, with no limit: a paste that never
// ends, a control sequence that never ends, or an Escape followed by an
// unbroken stream of bytes all grow its buffer for as long as the client
// sends. The guard passes the decoder only complete, well-formed tokens, a
// bracketed paste only whole and no longer than the limit, and no more bytes
// a second than the limit; everything else is dropped before anything is
// decoded, so a flood costs a byte loop and holds a fixed amount of memory.
// An Escape key press, which the decoder could only tell from the start of
// a sequence by waiting, reaches it as CSI 27 u (the kitty keyboard
// protocol's Escape), which it decodes at once to the same key.

const (
	esc = 0x1b
	bel = 0x07
	// guardReadSize is how much the guard reads from the channel at once,
	// as much as the program's own reader asks for.
	guardReadSize = 4096
	// maxCSI bounds a control sequence's parameter and intermediate bytes;
	// keys and terminal replies use fewer than 20.
	maxCSI = 64
	// maxCSIParams bounds its parameters: Bubble Tea's decoder reads 32 and
	// waits for more input on the 33rd.
	maxCSIParams = 16
	// maxKeyDigits bounds the first parameter of CSI … ~, which names a key
	// or a paste marker (200, 201). More digits could overflow the decoder's
	// arithmetic into 200, a paste start the guard would not see.
	maxKeyDigits = 5
	// maxString bounds an OSC, DCS, APC, PM or SOS string: the terminal's
	// replies to the program's queries (colours, version) are short.
	maxString = 1024
	// escHold is how long the guard waits after passing Alt and a key
	// (ESC and one byte) before passing more. The decoder cannot tell it
	// from the start of a longer sequence until its 50 ms timeout
	// (ultraviolet's DefaultEscTimeout, on the wall clock) passes with no
	// input, and holds everything after it until then.
	escHold = 100 * time.Millisecond
)

// Bracketed paste markers (xterm's mode 2004), CSI 200 ~ and CSI 201 ~, and
// the Escape key as the kitty keyboard protocol sends it, CSI 27 u.
var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
	escapeKey  = []byte("\x1b[27u")
)

// guardState is where the guard is in the token it is reading.
type guardState uint8

const (
	stGround        guardState = iota
	stEsc                      // after ESC
	stCSI                      // ESC [ …
	stCSISkip                  // an over-long ESC [ …, being dropped
	stSS3                      // ESC O …
	stString                   // ESC ] …, ESC P …, ESC _ …, ESC ^ …, ESC X …
	stStringEsc                // ESC inside a string: ST or a new sequence
	stStringSkip               // an over-long string, being dropped
	stStringSkipEsc            // ESC inside a string being dropped
	stUTF8                     // inside a multi-byte UTF-8 character
)

// inputGuard filters a session's input; see the comment at the top.
type inputGuard struct {
	src io.Reader
	// now times the byte rate, with the server's clock.
	now func() time.Time
	// bytes limits the bytes passed a second; nil means no limit.
	bytes    *rate.Limiter
	maxPaste int
	// tell reports a limit that bit, keyed by kind, in the learner's words.
	tell func(kind, text string)

	raw     []byte // read buffer
	pending []byte // read but not yet filtered
	err     error  // the source's error, returned once pending is done
	buf     []byte // backing array of out
	out     []byte // filtered, for the program

	st  guardState
	seq []byte // the token being read, withheld until complete
	// need counts the continuation bytes the UTF-8 character lacks.
	need int
	// shortAt is when the last Alt token was passed (wall clock); split
	// asks the current feed to stop after it.
	shortAt time.Time
	split   bool

	pasting   bool
	paste     []byte // the paste so far, up to maxPaste
	pasteLen  int    // its length, including what did not fit
	avail     float64
	spent     int
	overRate  bool
	pasteLong bool
}

func newInputGuard(src io.Reader, now func() time.Time, bytes *rate.Limiter, maxPaste int, tell func(kind, text string)) *inputGuard {
	return &inputGuard{
		src:      src,
		now:      now,
		bytes:    bytes,
		maxPaste: maxPaste,
		tell:     tell,
		raw:      make([]byte, guardReadSize),
		buf:      make([]byte, 0, guardReadSize+maxPaste+len(pasteStart)+len(pasteEnd)),
	}
}

// Read passes the program the filtered input, reading the channel as
// needed.
func (g *inputGuard) Read(p []byte) (int, error) {
	for len(g.out) == 0 {
		if len(g.pending) == 0 {
			if g.err != nil {
				return 0, g.err
			}
			n, err := g.src.Read(g.raw)
			g.pending, g.err = g.raw[:n], err
			continue
		}
		if wait := escHold - time.Since(g.shortAt); wait > 0 {
			time.Sleep(wait)
		}
		g.pending = g.feed(g.pending, g.now())
	}
	n := copy(p, g.out)
	g.out = g.out[n:]
	return n, nil
}

// feed filters chunk into out, at now for the byte rate. It stops after Alt
// and a key if more input follows, and returns the rest.
func (g *inputGuard) feed(chunk []byte, now time.Time) (rest []byte) {
	g.out = g.buf[:0]
	g.avail, g.spent = math.Inf(1), 0
	if g.bytes != nil {
		g.avail = g.bytes.TokensAt(now)
	}
	if g.avail < 1 && !g.pasting {
		// Nothing can pass: the chunk is dropped unread, the token
		// withheld with it, and the guard reads on between tokens,
		// where the decoder is. A flood costs a read a chunk.
		g.seq, g.need, g.st = g.seq[:0], 0, stGround
		g.overRate = true
		g.report()
		return nil
	}
	for i := 0; i < len(chunk); {
		if g.st == stGround {
			// A run of printable ASCII, a token a byte, passes or is
			// kept as far as it may, at once.
			j := i
			for j < len(chunk) && chunk[j] >= 0x20 && chunk[j] < 0x7f {
				j++
			}
			if j > i {
				g.text(chunk[i:j])
				i = j
				continue
			}
		}
		g.step(chunk[i])
		if i++; g.split && i < len(chunk) {
			rest = chunk[i:]
			break
		}
	}
	if rest == nil && g.st == stEsc {
		// A lone ESC at the end of a read is the Escape key: a terminal
		// writes a key's whole sequence at once.
		g.escape()
	}
	g.split = false
	if g.spent > 0 {
		g.bytes.AllowN(now, g.spent)
	}
	g.report()
	return rest
}

// report tells the learner about the limits that bit in the last feed.
func (g *inputGuard) report() {
	if g.overRate {
		g.overRate = false
		g.tell("bytes", fmt.Sprintf("some input was dropped: it arrived faster than %s a second, far faster than anyone types", byteSize(int(g.bytes.Limit()))))
	}
	if g.pasteLong {
		g.pasteLong = false
		g.tell("paste", fmt.Sprintf("a paste was ignored: it was longer than %s (this tutorial takes a token or a line at a time)", byteSize(g.maxPaste)))
	}
}

// step reads one byte.
func (g *inputGuard) step(b byte) {
	switch g.st {
	case stGround:
		g.ground(b)
	case stEsc:
		g.afterEsc(b)
	case stCSI:
		switch {
		case b >= 0x20 && b <= 0x3f:
			if len(g.seq) >= maxCSI {
				g.seq, g.st = g.seq[:0], stCSISkip
				return
			}
			g.seq = append(g.seq, b)
		case b >= 0x40 && b <= 0x7e:
			g.seq = append(g.seq, b)
			g.csi()
		default:
			g.drop()
			g.step(b)
		}
	case stCSISkip:
		switch {
		case b >= 0x20 && b <= 0x3f:
		case b >= 0x40 && b <= 0x7e:
			g.drop()
		default:
			g.drop()
			g.step(b)
		}
	case stSS3:
		switch {
		case b >= '0' && b <= '9' && len(g.seq) < maxCSI:
			g.seq = append(g.seq, b)
		case b >= '0' && b <= '9':
			g.drop()
		case b >= 0x21 && b <= 0x7e:
			g.seq = append(g.seq, b)
			g.complete()
		default:
			g.drop()
			g.step(b)
		}
	case stString:
		switch {
		case b == bel:
			g.seq = append(g.seq, b)
			g.str()
		case b == esc:
			g.seq = append(g.seq, b)
			g.st = stStringEsc
		case b >= 0x20 && b <= 0x7e:
			if len(g.seq) >= maxString {
				g.seq, g.st = g.seq[:0], stStringSkip
				return
			}
			g.seq = append(g.seq, b)
		default:
			g.drop()
			g.step(b)
		}
	case stStringEsc:
		if b == '\\' {
			g.seq = append(g.seq, b)
			g.str()
			return
		}
		g.drop()
		g.step(esc)
		g.step(b)
	case stStringSkip:
		switch b {
		case bel:
			g.drop()
		case esc:
			g.st = stStringSkipEsc
		}
	case stStringSkipEsc:
		g.drop()
		if b != '\\' {
			g.step(esc)
			g.step(b)
		}
	case stUTF8:
		if b < 0x80 || b > 0xbf {
			g.drop()
			g.step(b)
			return
		}
		g.seq = append(g.seq, b)
		if g.need--; g.need == 0 {
			// U+FFFD is the decoder's mark of a byte it cannot read, and
			// it waits on that.
			if r, _ := utf8.DecodeRune(g.body()); r != utf8.RuneError {
				g.complete()
			} else {
				g.drop()
			}
		}
	}
}

// ground reads a byte between tokens.
func (g *inputGuard) ground(b byte) {
	switch {
	case b == esc:
		g.seq, g.st = append(g.seq[:0], b), stEsc
	case b < 0x80:
		g.seq = append(g.seq[:0], b)
		g.complete()
	default:
		g.utf8Lead(b)
	}
}

// utf8Lead starts a multi-byte character. A byte that cannot start one
// (C1 controls among them, which the decoder would take for CSI and its
// kin) is dropped.
func (g *inputGuard) utf8Lead(b byte) {
	switch {
	case b >= 0xc2 && b <= 0xdf:
		g.need = 1
	case b >= 0xe0 && b <= 0xef:
		g.need = 2
	case b >= 0xf0 && b <= 0xf4:
		g.need = 3
	default:
		return
	}
	g.seq, g.st = append(g.seq, b), stUTF8
}

// afterEsc reads the byte after ESC.
func (g *inputGuard) afterEsc(b byte) {
	switch {
	case b == '[':
		g.seq, g.st = append(g.seq, b), stCSI
	case b == 'O':
		g.seq, g.st = append(g.seq, b), stSS3
	case b == ']' || b == 'P' || b == '_' || b == '^' || b == 'X':
		g.seq, g.st = append(g.seq, b), stString
	case b == esc:
		// The ESC before is the Escape key; this one starts anew.
		g.escape()
		g.seq, g.st = append(g.seq[:0], b), stEsc
	case b < 0x80:
		g.seq = append(g.seq, b)
		g.complete()
	default:
		g.utf8Lead(b)
	}
}

// escape passes the Escape key read, as CSI 27 u; a paste takes none.
func (g *inputGuard) escape() {
	if !g.pasting {
		g.pass(escapeKey)
	}
	g.seq, g.st = g.seq[:0], stGround
}

// body is the token without its ESC, if it has one.
func (g *inputGuard) body() []byte {
	if g.seq[0] == esc {
		return g.seq[1:]
	}
	return g.seq
}

// csi handles a complete ESC [ … sequence: a paste marker, a mouse report
// in the X10 encoding (after which the decoder reads three more bytes of any
// value, so the guard would lose its place), one the decoder would wait on
// (a parameter byte after an intermediate one, more parameters than it
// reads), or anything else, which is a key or a reply.
func (g *inputGuard) csi() {
	body := g.body()
	params := body[1 : len(body)-1]
	final := body[len(body)-1]
	plain := len(params) == 0 || params[0] < '<' || params[0] > '?'
	seps, digits, first, firstDone, inter, malformed := 0, 0, 0, false, false, false
	for _, c := range params {
		switch {
		case c < 0x30:
			// An intermediate byte: the decoder reads no key then.
			plain, inter = false, true
		case inter:
			malformed = true
		case c == ';' || c == ':':
			seps++
			firstDone = true
		case c >= '0' && c <= '9' && !firstDone:
			digits++
			if digits <= maxKeyDigits {
				first = first*10 + int(c-'0')
			}
		}
	}
	key := plain && final == '~'
	switch {
	case malformed, seps > maxCSIParams, plain && final == 'M', key && digits > maxKeyDigits:
		g.drop()
	case key && first == 200 && !g.pasting:
		g.pasting, g.paste, g.pasteLen = true, g.paste[:0], 0
		g.seq, g.st = g.seq[:0], stGround
	case key && first == 201 && g.pasting:
		g.endPaste()
	case key && first == 201:
		// A paste end without a start: the decoder would make an empty
		// paste of it.
		g.drop()
	default:
		g.complete()
	}
}

// str handles a complete string: an OSC (ESC ] number ; text, ended by BEL
// or ST) or a DCS (ESC P, parameters, intermediates and a final byte, then
// text, ended by ST), as terminals send in reply to a program's queries,
// and in the shape the decoder reads without waiting for more. APC, PM and
// SOS strings are no reply the program asks for.
func (g *inputGuard) str() {
	body := g.body()
	data := body[1 : len(body)-1]
	st := body[len(body)-1] == '\\'
	if st {
		data = data[:len(data)-1]
	}
	ok := false
	switch body[0] {
	case ']':
		num, text, found := bytes.Cut(data, []byte{';'})
		ok = found && len(num) > 0 && len(text) > 0 && len(bytes.Trim(num, "0123456789")) == 0
	case 'P':
		i, seps := 0, 0
		for ; i < len(data) && data[i] >= 0x30 && data[i] <= 0x3f; i++ {
			if data[i] == ';' || data[i] == ':' {
				seps++
			}
		}
		for i < len(data) && data[i] >= 0x20 && data[i] <= 0x2f {
			i++
		}
		ok = st && seps <= maxCSIParams && i < len(data) && data[i] >= 0x40 && data[i] <= 0x7e
	}
	if !ok {
		g.drop()
		return
	}
	g.complete()
}

// complete passes the token read, or keeps it for the paste.
func (g *inputGuard) complete() {
	if g.pasting {
		g.keep(g.seq)
		g.seq, g.st = g.seq[:0], stGround
		return
	}
	if g.pass(g.seq) && len(g.seq) == 2 && g.seq[0] == esc {
		// Alt and a key: the decoder waits to see whether more follows.
		g.shortAt, g.split = time.Now(), true
	}
	g.seq, g.st = g.seq[:0], stGround
}

// text passes, or keeps for the paste, a run of printable ASCII: as much
// of it as the byte rate and the paste limit allow.
func (g *inputGuard) text(run []byte) {
	if g.pasting {
		room := max(0, g.maxPaste-len(g.paste))
		if g.pasteLen += len(run); g.pasteLen > g.maxPaste && g.pasteLen-len(run) <= g.maxPaste {
			g.pasteLong = true
		}
		g.paste = append(g.paste, run[:min(room, len(run))]...)
		return
	}
	n := len(run)
	if left := g.avail - float64(g.spent); float64(n) > left {
		n = int(max(0, left))
	}
	if n < len(run) {
		g.overRate = true
	}
	if g.bytes != nil {
		g.spent += n
	}
	g.out = append(g.out, run[:n]...)
}

// keep adds a token to the paste: text, tabs and line breaks. Other
// controls and sequences are no part of pasted text.
func (g *inputGuard) keep(tok []byte) {
	if c := tok[0]; c == esc || len(tok) == 1 && (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
		return
	}
	g.pasteLen += len(tok)
	if g.pasteLen > g.maxPaste {
		if g.pasteLen-len(tok) <= g.maxPaste {
			g.pasteLong = true
		}
		return
	}
	g.paste = append(g.paste, tok...)
}

// endPaste passes the paste whole, if it fit and the byte rate allows.
func (g *inputGuard) endPaste() {
	g.pasting = false
	g.seq, g.st = g.seq[:0], stGround
	if g.pasteLen <= g.maxPaste && g.spend(len(g.paste)) {
		g.out = append(g.out, pasteStart...)
		g.out = append(g.out, g.paste...)
		g.out = append(g.out, pasteEnd...)
	}
}

// pass adds tok to the output if the byte rate allows.
func (g *inputGuard) pass(tok []byte) bool {
	if !g.spend(len(tok)) {
		return false
	}
	g.out = append(g.out, tok...)
	return true
}

// spend takes n bytes from this feed's allowance.
func (g *inputGuard) spend(n int) bool {
	if float64(g.spent+n) > g.avail {
		g.overRate = true
		return false
	}
	if g.bytes != nil {
		g.spent += n
	}
	return true
}

// drop discards the token being read; the decoder has seen none of it.
func (g *inputGuard) drop() {
	g.seq, g.need, g.st = g.seq[:0], 0, stGround
}

// byteSize writes a byte count for a sentence: "4 KiB", "100 bytes".
func byteSize(n int) string {
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
