package workshop

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"golang.org/x/time/rate"
)

var guardNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// testGuard is a guard with the notices it gave.
type testGuard struct {
	*inputGuard
	told []string
}

func newTestGuard(maxPaste int, bytes *rate.Limiter) *testGuard {
	tg := &testGuard{}
	tg.inputGuard = newInputGuard(nil, nil, bytes, maxPaste, func(kind, text string) {
		tg.told = append(tg.told, kind+": "+text)
	})
	return tg
}

// feedAll filters chunks as Read would, at now and without the wall-clock
// hold after a short token, and returns what each feed passed on.
func (tg *testGuard) feedAll(now time.Time, chunks ...string) (outs []string) {
	for _, c := range chunks {
		for rest := []byte(c); len(rest) > 0; {
			rest = tg.feed(rest, now)
			outs = append(outs, string(tg.out))
		}
	}
	return outs
}

func (tg *testGuard) pass(now time.Time, chunks ...string) string {
	return strings.Join(tg.feedAll(now, chunks...), "")
}

func TestGuardPassesKeysRepliesAndText(t *testing.T) {
	for _, in := range []string{
		"hello, world\r",
		"\x1b[A\x1b[1;5C\x1b[3~\x1b[15~",     // arrows, ctrl+right, delete, F5
		"\x1bOP\x1bOA",                       // F1 and up in SS3 form
		"\x1b[97;5u\x1b[97;1:3u",             // kitty keyboard: press and release
		"\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\",   // background colour reply
		"\x1b]10;rgb:ffff/ffff/ffff\a",       // foreground, BEL-terminated
		"\x1bP>|kitty(0.31.0)\x1b\\\x1b[?1u", // version and keyboard replies
		"josé 🦊\t\x7f",
		"\x1b[<0;12;5M", // an SGR mouse report
	} {
		tg := newTestGuard(DefaultMaxPaste, nil)
		if got := tg.pass(guardNow, in); got != in {
			t.Errorf("%q came out as %q", in, got)
		}
	}
}

func TestGuardSendsEscapeAsAKeyTheDecoderNeedNotWaitFor(t *testing.T) {
	for _, c := range []struct {
		chunks []string
		want   []string
	}{
		{[]string{"\x1b"}, []string{"\x1b[27u"}},
		{[]string{"\x1b\x1b"}, []string{"\x1b[27u\x1b[27u"}},
		{[]string{"q\x1b", "[A"}, []string{"q\x1b[27u", "[A"}},
		// Alt and a key pass as they are, last in their feed.
		{[]string{"\x1bxyz"}, []string{"\x1bx", "yz"}},
	} {
		tg := newTestGuard(DefaultMaxPaste, nil)
		if got := tg.feedAll(guardNow, c.chunks...); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q came out as %q, want %q", c.chunks, got, c.want)
		}
	}
}

func TestGuardPassesAPasteWholeAndAtOnce(t *testing.T) {
	tg := newTestGuard(16, nil)
	outs := tg.feedAll(guardNow, "a\x1b[2", "00~eyJhbG", "ciOi\x1b[20", "1~b")
	want := []string{"a", "", "", "\x1b[200~eyJhbGciOi\x1b[201~b"}
	if strings.Join(outs, "|") != strings.Join(want, "|") {
		t.Errorf("feeds passed %q, want %q", outs, want)
	}
	if len(tg.told) != 0 {
		t.Errorf("told %q about a paste within the limit", tg.told)
	}
}

// TestGuardIgnoresAPasteTooLong pins point 2 of issue 9: an unterminated
// paste held 870 MB of the server's memory. The guard keeps at most the
// limit, passes none of it, and says so once.
func TestGuardIgnoresAPasteTooLong(t *testing.T) {
	tg := newTestGuard(1024, nil)
	tg.pass(guardNow, "\x1b[200~")
	chunk := strings.Repeat("x", guardReadSize)
	for range 2560 { // 10 MiB
		if out := tg.pass(guardNow, chunk); out != "" {
			t.Fatalf("passed %d bytes of an unfinished paste", len(out))
		}
	}
	if cap(tg.paste) > 2*1024 {
		t.Errorf("the guard holds %d bytes of paste, limit 1024", cap(tg.paste))
	}
	if got := tg.pass(guardNow, "\x1b[201~q"); got != "q" {
		t.Errorf("after the paste %q passed, want the key q alone", got)
	}
	if len(tg.told) != 1 || !strings.Contains(tg.told[0], "longer than 1 KiB") {
		t.Errorf("told %q, want once that the paste was longer than 1 KiB", tg.told)
	}
	if got := tg.pass(guardNow, "\x1b[200~short\x1b[201~"); got != "\x1b[200~short\x1b[201~" {
		t.Errorf("the next paste came out as %q", got)
	}
}

func TestGuardDropsBytesBeyondTheRate(t *testing.T) {
	tg := newTestGuard(8, rate.NewLimiter(10, 16))
	if got := tg.pass(guardNow, strings.Repeat("a", 20)); got != strings.Repeat("a", 16) {
		t.Errorf("passed %q, want the burst of 16", got)
	}
	if got := tg.pass(guardNow, "b"); got != "" {
		t.Errorf("passed %q from an empty bucket", got)
	}
	if got := tg.pass(guardNow.Add(time.Second), strings.Repeat("c", 20)); got != strings.Repeat("c", 10) {
		t.Errorf("a second later passed %q, want 10 bytes", got)
	}
	// A paste counts its bytes, and passes whole or not at all.
	if got := tg.pass(guardNow.Add(time.Second), "\x1b[200~12345678\x1b[201~"); got != "" {
		t.Errorf("a paste beyond the rate passed as %q", got)
	}
	if got := tg.pass(guardNow.Add(time.Hour), "\x1b[200~12345678\x1b[201~"); got != "\x1b[200~12345678\x1b[201~" {
		t.Errorf("a paste within the rate came out as %q", got)
	}
	// One notice per read that lost bytes; the session passes them on at
	// most every noticeEvery.
	if len(tg.told) != 4 {
		t.Errorf("told %d times, want 4: %q", len(tg.told), tg.told)
	}
	for _, told := range tg.told {
		if !strings.HasPrefix(told, "bytes: some input was dropped: it arrived faster than 10 bytes a second") {
			t.Errorf("told %q, want the byte rate", told)
		}
	}
}

// TestGuardNeverLetsTheDecoderStartAPaste feeds encodings of a paste start
// that a byte-for-byte match would miss, and input that would leave the
// decoder waiting for more; none may open a paste the guard did not pass
// whole, or stop the decoder.
func TestGuardNeverLetsTheDecoderStartAPaste(t *testing.T) {
	flood := strings.Repeat("A", 3*guardReadSize)
	for name, chunks := range map[string][]string{
		"leading zeros":         {"\x1b[00200~" + flood},
		"more parameters":       {"\x1b[200;5~" + flood},
		"colon parameter":       {"\x1b[200:1~" + flood},
		"ignored bytes":         {"\x1b[2<0=0~" + flood},
		"8-bit CSI":             {"\x9b200~" + flood},
		"8-bit CSI after junk":  {"\xff\x9b200~" + flood},
		"split after ESC":       {"\x1b", "[200~" + flood},
		"dropped byte between":  {"\x1b", "\x80[200~" + flood},
		"ESC ESC":               {"\x1b\x1b", "[200~" + flood},
		"overflowing parameter": {"\x1b[18446744073709551816~" + flood},
		"X10 mouse swallowing":  {"\x1b[M\x1b[2", "00~" + flood},
		"intermediate first":    {"\x1b[ 200~\x1b[1" + flood},
		"unterminated CSI":      {"\x1b[1;2;3" + strings.Repeat(";", 40) + flood},
		"unterminated OSC":      {"\x1b]11;" + flood + "\x1b[200~" + flood},
		"alt then stream":       {"\x1bx" + flood},
	} {
		tg := newTestGuard(DefaultMaxPaste, nil)
		checkDecoder(t, name, tg.feedAll(guardNow, chunks...), DefaultMaxPaste)
	}
}

// checkDecoder runs what each feed passed through ultraviolet's decoder,
// feed by feed as Bubble Tea's reader gets them, and fails if a paste stays
// open or exceeds max, or if the decoder would wait for more input: it
// waits on a token it cannot decode yet, and on ESC, or Alt and a key,
// until its timeout passes without input. The guard passes such a short
// token only last in a feed and holds the next feed back until then, so
// the decoder has read it by the time more comes.
func checkDecoder(t *testing.T, name string, outs []string, max int) {
	t.Helper()
	var d uv.EventDecoder
	pasting, pasted := false, 0
	for _, out := range outs {
		buf := []byte(out)
		for i := 0; i < len(buf); {
			n, ev := d.Decode(buf[i:])
			switch ev.(type) {
			case uv.UnknownEvent:
				t.Errorf("%s: the decoder would wait on %q", name, buf[i:min(i+n+8, len(buf))])
				return
			case uv.PasteStartEvent:
				pasting, pasted = true, 0
			case uv.PasteEndEvent:
				if !pasting {
					t.Errorf("%s: a paste end without a start", name)
				}
				pasting = false
			default:
				if pasting {
					if pasted += n; pasted > max {
						t.Errorf("%s: a paste of more than %d bytes reached the decoder", name, max)
						return
					}
				}
			}
			if buf[i] == esc && n <= 2 && i+n < len(buf) {
				t.Errorf("%s: %q is followed by more input in the same feed %q", name, buf[i:i+n], buf)
				return
			}
			i += n
		}
	}
	if pasting {
		t.Errorf("%s: the decoder is left inside a paste", name)
	}
}

func FuzzGuard(f *testing.F) {
	for _, seed := range []string{
		"abc\x1b[A\x1b[200~paste\x1b[201~",
		"\x1b\x1b[200~x",
		"\x1b]11;rgb:0/0/0\x1b\\",
		"\x1bP1+r\x1b\\\x1b[0200~",
		"\xe2\x82\xac\xff\x9b200~",
	} {
		f.Add([]byte(seed), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in []byte, cut uint8) {
		at := min(int(cut), len(in))
		tg := newTestGuard(16, nil)
		checkDecoder(t, "fuzz", tg.feedAll(guardNow, string(in[:at]), string(in[at:])), 16)

		// With a byte rate that runs out, and refills between the reads.
		tg = newTestGuard(16, rate.NewLimiter(8, 24))
		outs := tg.feedAll(guardNow, string(in[:at]))
		outs = append(outs, tg.feedAll(guardNow.Add(time.Duration(cut)*time.Millisecond*10), string(in[at:]))...)
		checkDecoder(t, "fuzz with a byte rate", outs, 16)
	})
}

// BenchmarkGuardFeed is the guard's own cost per byte of a flood: with the
// byte rate spent, as in any flood after its first moment, and with no byte
// limit, when every byte is read and decoded.
func BenchmarkGuardFeed(b *testing.B) {
	random := make([]byte, guardReadSize)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	text := bytes.Repeat([]byte("x"), guardReadSize)
	for _, c := range []struct {
		name  string
		chunk []byte
		limit bool
	}{{"random/spent", random, true}, {"text/spent", text, true}, {"random/unlimited", random, false}, {"text/unlimited", text, false}} {
		b.Run(c.name, func(b *testing.B) {
			var limit *rate.Limiter
			if c.limit {
				limit = rate.NewLimiter(DefaultInputByteRate, DefaultInputByteBurst)
			}
			tg := newTestGuard(DefaultMaxPaste, limit)
			b.SetBytes(int64(len(c.chunk)))
			for b.Loop() {
				for rest := c.chunk; len(rest) > 0; {
					rest = tg.feed(rest, guardNow)
				}
			}
		})
	}
}
