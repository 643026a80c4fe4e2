package workshop

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// lineTerminal is as much of a terminal as a screen's output needs: rows
// of text, a row to write to, erasing a row or the whole screen; styles
// and modes are read and dropped.
type lineTerminal struct {
	rows  map[int]string
	row   int
	title string
}

var (
	csiPattern = regexp.MustCompile(`^\x1b\[([0-9;?]*)([@-~])`)
	oscPattern = regexp.MustCompile(`^\x1b\]2;([^\a]*)\a`)
)

func (t *lineTerminal) feed(out []byte) {
	if t.rows == nil {
		t.rows = map[int]string{}
	}
	s := string(out)
	for s != "" {
		if m := csiPattern.FindStringSubmatch(s); m != nil {
			switch params, final := m[1], m[2]; {
			case final == "H":
				row, _, _ := strings.Cut(params, ";")
				n, err := strconv.Atoi(row)
				if err != nil {
					n = 1
				}
				t.row = n
			case final == "J" && params == "2":
				t.rows = map[int]string{}
			case final == "K" && params == "2":
				delete(t.rows, t.row)
			}
			s = s[len(m[0]):]
			continue
		}
		if m := oscPattern.FindStringSubmatch(s); m != nil {
			t.title = m[1]
			s = s[len(m[0]):]
			continue
		}
		next := strings.IndexByte(s[1:], '\x1b') + 1
		if next == 0 {
			next = len(s)
		}
		t.rows[t.row] += s[:next]
		s = s[next:]
	}
}

// lines is what the terminal shows, top to bottom, without trailing
// empty rows.
func (t *lineTerminal) lines() []string {
	last := 0
	for r := range t.rows {
		last = max(last, r)
	}
	lines := make([]string, last)
	for r, text := range t.rows {
		lines[r-1] = text
	}
	return lines
}

// visible is a frame's lines as a terminal of height rows shows them,
// without trailing empty ones.
func visible(content string, height int) []string {
	lines := strings.Split(content, "\n")
	lines = lines[:min(len(lines), height)]
	for len(lines) > 0 && ansi.Strip(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = ansi.Strip(l)
	}
	return lines
}

// handDrawn is a screen that draws only when the test calls draw.
func handDrawn(out *bytes.Buffer, profile colorprofile.Profile) *screen {
	s := newScreen(out, profile, 80, 24)
	s.start.Do(func() {})
	return s
}

// patience bounds a wait in these tests; everything awaited takes
// microseconds.
const patience = 15 * time.Second

func drawn(t *testing.T, s *screen, out *bytes.Buffer, term *lineTerminal, v tea.View) []byte {
	t.Helper()
	out.Reset()
	s.set(v)
	if err := s.draw(); err != nil {
		t.Fatal(err)
	}
	term.feed(out.Bytes())
	return bytes.Clone(out.Bytes())
}

// TestScreenShowsTheLastFrame: whatever the frames and sizes, the
// terminal ends up showing the last frame, and a frame that changes one
// line rewrites that line alone.
func TestScreenShowsTheLastFrame(t *testing.T) {
	var out bytes.Buffer
	s := handDrawn(&out, colorprofile.TrueColor)
	s.resize(40, 10)
	var term lineTerminal
	words := []string{"", "alpha", "\x1b[1mbold\x1b[m beta", "gamma ✓", "李小龙 δ", "\x1b[38;2;1;2;3mcolour\x1b[m"}
	rng := rand.New(rand.NewPCG(1, 2))
	width, height := 40, 10
	for i := range 500 {
		if rng.IntN(20) == 0 {
			width, height = 20+rng.IntN(40), 1+rng.IntN(15)
			s.resize(width, height)
		}
		n := rng.IntN(14)
		lines := make([]string, n)
		for j := range lines {
			lines[j] = words[rng.IntN(len(words))]
		}
		content := strings.Join(lines, "\n")
		drawn(t, s, &out, &term, tea.View{Content: content})
		if got, want := term.lines(), visible(content, height); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("frame %d at %dx%d: the terminal shows\n%q\nwant\n%q", i, width, height, got, want)
		}
	}

	drawn(t, s, &out, &term, tea.View{Content: "one\ntwo\nthree"})
	wrote := drawn(t, s, &out, &term, tea.View{Content: "one\nTWO\nthree"})
	if !bytes.Contains(wrote, []byte("\x1b[2H\x1b[2KTWO")) || bytes.Contains(wrote, []byte("one")) || bytes.Contains(wrote, []byte("three")) {
		t.Errorf("one line changed, and the screen wrote %q", wrote)
	}
	if wrote := drawn(t, s, &out, &term, tea.View{Content: "one\nTWO\nthree"}); len(wrote) != 0 {
		t.Errorf("an unchanged frame wrote %q", wrote)
	}
}

// TestScreenSetsUpAndRestoresTheTerminal: a session's terminal goes to
// the alternate screen, cursor hidden, paste bracketed, wrapping off, and
// comes back from all of it when the screen closes; a screen that never
// drew writes nothing.
func TestScreenSetsUpAndRestoresTheTerminal(t *testing.T) {
	var out bytes.Buffer
	s := newScreen(&lockedWriter{w: &out}, colorprofile.TrueColor, 80, 24)
	s.set(tea.View{Content: "hello", WindowTitle: "tokenflow"})
	s.close(patience)
	got := out.String()
	for _, want := range []string{"\x1b[?1049h", "\x1b[?25l", "\x1b[?2004h", "\x1b[?7l", "hello", "\x1b]2;tokenflow\a"} {
		if !strings.Contains(got, want) {
			t.Errorf("the session did not get %q: %q", want, got)
		}
	}
	if !strings.HasSuffix(got, screenLeave) {
		t.Errorf("the session does not end restored: %q", got)
	}

	out.Reset()
	newScreen(&out, colorprofile.TrueColor, 80, 24).close(patience)
	if out.Len() != 0 {
		t.Errorf("a screen that never drew wrote %q", out.String())
	}
}

// TestScreenWritesColoursTheTerminalTakes: true colour goes as it is, to
// a 256-colour terminal as its nearest, to a terminal without colour not
// at all; other sequences pass.
func TestScreenWritesColoursTheTerminalTakes(t *testing.T) {
	line := "\x1b[1;38;2;255;0;0mred\x1b[m plain \x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\"
	for _, c := range []struct {
		profile      colorprofile.Profile
		want, unwant string
	}{
		{colorprofile.TrueColor, "38;2;255;0;0", ""},
		{colorprofile.ANSI256, "38;5;196", "38;2;"},
		{colorprofile.ASCII, "\x1b[1mred", "38;"},
		{colorprofile.NoTTY, "red plain link", "\x1b[1;"},
	} {
		var out bytes.Buffer
		s := handDrawn(&out, c.profile)
		for i := range 2 { // the second time from the cache
			out.Reset()
			s.set(tea.View{Content: line + fmt.Sprint(i)})
			if err := s.draw(); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if !strings.Contains(got, c.want) || (c.unwant != "" && strings.Contains(got, c.unwant)) {
				t.Errorf("profile %v: wrote %q; want %q and no %q", c.profile, got, c.want, c.unwant)
			}
		}
	}
}

// TestScreenPutsTheCursorWhereTheFrameDoes: a frame with a cursor shows
// it there; the next without hides it.
func TestScreenPutsTheCursorWhereTheFrameDoes(t *testing.T) {
	var out bytes.Buffer
	s := handDrawn(&out, colorprofile.TrueColor)
	var term lineTerminal
	if got := drawn(t, s, &out, &term, tea.View{Content: "> type", Cursor: tea.NewCursor(6, 0)}); !bytes.HasSuffix(got, []byte("\x1b[1;7H\x1b[?25h"+syncEnd)) {
		t.Errorf("the cursor is not shown at column 7: %q", got)
	}
	if got := drawn(t, s, &out, &term, tea.View{Content: "> typed"}); !bytes.Contains(got, []byte("\x1b[?25l")) {
		t.Errorf("the cursor stays shown: %q", got)
	}
}

// stuckWriter is a client that has stopped reading.
type stuckWriter struct{ release chan struct{} }

func (w stuckWriter) Write(p []byte) (int, error) { <-w.release; return len(p), nil }

// TestScreenCloseDoesNotWaitForAClientThatStoppedReading: the session
// ends on time; the drawing goroutine goes when the connection does.
func TestScreenCloseDoesNotWaitForAClientThatStoppedReading(t *testing.T) {
	w := stuckWriter{release: make(chan struct{})}
	defer close(w.release)
	s := newScreen(w, colorprofile.TrueColor, 80, 24)
	s.set(tea.View{Content: "hello"})
	closed := make(chan struct{})
	go func() { s.close(time.Millisecond); close(closed) }()
	select {
	case <-closed:
	case <-time.After(patience):
		t.Fatal("close waited for a client that does not read")
	}
}

// TestScreenRedrawsInFullAfterAResize: after the terminal changes size,
// the frame is drawn again in full even when the program's frame is the
// same (one that does not depend on the size): the terminal may have cut
// or reflowed what it showed.
func TestScreenRedrawsInFullAfterAResize(t *testing.T) {
	var out bytes.Buffer
	s := handDrawn(&out, colorprofile.TrueColor)
	var term lineTerminal
	v := tea.View{Content: "one\ntwo\nthree"}
	drawn(t, s, &out, &term, v)
	s.resize(2, 24)
	drawn(t, s, &out, &term, v)
	s.resize(80, 24)
	if got := drawn(t, s, &out, &term, v); !bytes.Contains(got, []byte("three")) {
		t.Errorf("after a resize back to 80x24 the screen wrote %q: the lines the terminal cut stay cut", got)
	}
	if got := term.lines(); strings.Join(got, "|") != "one|two|three" {
		t.Errorf("the terminal shows %q", got)
	}
}

// TestScreenCutsALineWiderThanTheTerminal: a line wider than the
// terminal is cut at its edge, styles and wide characters whole, so the
// last column shows the character at the edge, not the line's last.
func TestScreenCutsALineWiderThanTheTerminal(t *testing.T) {
	var out bytes.Buffer
	s := handDrawn(&out, colorprofile.TrueColor)
	s.resize(10, 5)
	var term lineTerminal
	drawn(t, s, &out, &term, tea.View{Content: "0123456789overflow|\n\x1b[1m01234567\x1b[m李|\nshort"})
	if got, want := strings.Join(visible(strings.Join(term.lines(), "\n"), 5), "|"), "0123456789|01234567李|short"; got != want {
		t.Errorf("the terminal shows %q, want %q", got, want)
	}
	if bytes.Contains(out.Bytes(), []byte("overflow")) {
		t.Errorf("the screen wrote past the edge: %q", out.String())
	}
}
