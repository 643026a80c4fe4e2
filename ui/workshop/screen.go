package workshop

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// A session's screen is drawn by a screen, not by Bubble Tea's renderer.
// That renderer keeps two buffers of cells the size of the terminal and,
// for every frame that differs from the last, clears one, parses the whole
// frame into it and compares every cell and a hash of every line with the
// other: about a millisecond and a megabyte at 120×40, whatever changed. A
// room's frames mostly differ in a line or two (the clock's second, a
// countdown, the status line), and a room of 500 draws some 650 of them a
// second, so that work was half of the server's CPU and half of its memory
// (BENCHMARKS.md, issue 13). A screen keeps the lines last drawn and
// rewrites only the lines that changed, whole: a string comparison a line,
// no cells.
//
// It draws in the alternate screen with the cursor hidden (or where the
// frame puts it), bracketed paste on and automatic wrapping off, so that
// a line never spills into the next; a line wider than the terminal is
// cut at its edge first (with wrapping off, every character past the
// margin would overwrite the last column, which would show the line's
// last character, not the one at the edge). It restores the terminal
// when closed, wraps each frame in synchronized output (mode 2026, which
// terminals without it ignore), sets the window title, and downsamples
// colours to the terminal's profile as Bubble Tea's renderer would.

// frameGap is the least time between two frames drawn, as Bubble Tea's 60
// frames a second: a burst of frames is drawn as its last.
const frameGap = time.Second / 60

// Sequences that set the terminal up for a session and put it back.
const (
	screenEnter = "\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[?7l\x1b[H\x1b[2J"
	screenLeave = "\x1b[m\x1b[?7h\x1b[?2004l\x1b[?25h\x1b[?1049l"
	syncBegin   = "\x1b[?2026h"
	syncEnd     = "\x1b[?2026l"
)

// drawing is what a screen draws: the parts of a tea.View it honours.
type drawing struct {
	content string
	title   string
	cursor  *tea.Cursor
}

// screen draws one session's frames on its terminal; see the comment at
// the top. Its methods are safe to call from any goroutine.
type screen struct {
	out     io.Writer
	profile colorprofile.Profile

	mu            sync.Mutex
	next          drawing
	width, height int
	dirty         bool
	wake          chan struct{}
	stop          chan struct{}
	done          chan struct{}
	// start begins drawing at the first frame, so that a session ended
	// before its program ran writes nothing.
	start sync.Once

	// Only the drawing goroutine uses these.
	shown, lines   []string // the lines on the terminal, and the next ones
	shownW, shownH int
	shownTitle     string
	cursorShown    bool
	buf            bytes.Buffer
	// sgr holds each style sequence as the terminal's profile writes it:
	// a frame's styles come from a small palette, and converting them
	// anew on every line was a tenth of a room's drawing.
	sgr map[string]string
}

// maxSGR bounds a screen's cache of converted style sequences; styles
// beyond it are converted every time.
const maxSGR = 256

// newScreen returns the screen of a terminal of width×height with the
// given colour profile, which draws on out from its first frame until
// close.
func newScreen(out io.Writer, profile colorprofile.Profile, width, height int) *screen {
	return &screen{out: out, profile: profile, width: width, height: height, sgr: map[string]string{},
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
}

// set makes v the frame to draw next; it never waits for the terminal. A
// program draws after every message, and most (a clock's tick between two
// seconds) change nothing.
func (s *screen) set(v tea.View) {
	next := drawing{content: v.Content, title: v.WindowTitle, cursor: v.Cursor}
	s.mu.Lock()
	if next.content == s.next.content && next.title == s.next.title && next.cursor == nil && s.next.cursor == nil {
		s.mu.Unlock()
		return
	}
	s.next = next
	s.dirty = true
	s.mu.Unlock()
	s.start.Do(func() { go s.run() })
	s.poke()
}

// resize sets the size the next frame is drawn at, in full, and has it
// drawn even if the program's frame stays the same (one that does not
// depend on the size): the terminal may have cut or reflowed what it
// showed.
func (s *screen) resize(width, height int) {
	s.mu.Lock()
	changed := width != s.width || height != s.height
	s.width, s.height = width, height
	s.dirty = s.dirty || changed
	s.mu.Unlock()
	if changed {
		s.poke()
	}
}

func (s *screen) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// close draws the last frame, puts the terminal back as it was, and
// returns once that is written, the connection refused it, or wait has
// passed: a client that stopped reading holds its own drawing, not the
// session's end. It reports whether the screen finished; if not, its
// goroutine is waiting on the client, which closing the connection ends.
func (s *screen) close(wait time.Duration) bool {
	s.start.Do(func() { close(s.done) })
	close(s.stop)
	select {
	case <-s.done:
		return true
	case <-time.After(wait):
		return false
	}
}

func (s *screen) run() {
	defer close(s.done)
	if _, err := io.WriteString(s.out, screenEnter); err != nil {
		return
	}
	for {
		select {
		case <-s.wake:
		case <-s.stop:
			s.draw()
			_, _ = io.WriteString(s.out, screenLeave)
			return
		}
		if err := s.draw(); err != nil {
			// The connection is gone; the session ends with it.
			<-s.stop
			return
		}
		select {
		case <-time.After(frameGap):
		case <-s.stop:
			s.draw()
			_, _ = io.WriteString(s.out, screenLeave)
			return
		}
	}
}

// draw writes what changed since the last frame drawn: each changed line
// whole, erased first, cut to the terminal's width (fit).
func (s *screen) draw() error {
	s.mu.Lock()
	f, width, height, dirty := s.next, s.width, s.height, s.dirty
	s.dirty = false
	s.mu.Unlock()
	if !dirty {
		return nil
	}
	lines := s.lines[:0]
	for rest := f.content; len(lines) < height; {
		line, more, found := strings.Cut(rest, "\n")
		lines = append(lines, line)
		if !found {
			break
		}
		rest = more
	}
	b := &s.buf
	b.Reset()
	b.WriteString(syncBegin)
	changed := false
	if width != s.shownW || height != s.shownH {
		// A new size: the terminal may have reflowed what it showed.
		b.WriteString("\x1b[H\x1b[2J")
		s.shown, s.shownW, s.shownH = s.shown[:0], width, height
	}
	for i := range max(len(lines), len(s.shown)) {
		if i < len(lines) && i < len(s.shown) && lines[i] == s.shown[i] {
			continue
		}
		changed = true
		b.WriteString("\x1b[" + strconv.Itoa(i+1) + "H\x1b[2K")
		if i < len(lines) {
			s.writeLine(fit(lines[i], width))
			b.WriteString("\x1b[m")
		}
	}
	s.shown, s.lines = lines, s.shown
	if f.title != s.shownTitle {
		b.WriteString(ansi.SetWindowTitle(f.title))
		s.shownTitle, changed = f.title, true
	}
	switch c := f.cursor; {
	case c != nil:
		b.WriteString("\x1b[" + strconv.Itoa(c.Y+1) + ";" + strconv.Itoa(c.X+1) + "H\x1b[?25h")
		s.cursorShown, changed = true, true
	case s.cursorShown:
		b.WriteString("\x1b[?25l")
		s.cursorShown, changed = false, true
	}
	if !changed {
		return nil
	}
	b.WriteString(syncEnd)
	_, err := s.out.Write(b.Bytes())
	return err
}

// fit is line cut at width columns. A line no longer in bytes than width
// fits without measuring: no character is wider than its UTF-8 encoding
// is long.
func fit(line string, width int) string {
	if len(line) <= width || ansi.StringWidth(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "")
}

// writeLine adds a line of the frame to the buffer, its styles in the
// terminal's profile.
func (s *screen) writeLine(line string) {
	b := &s.buf
	switch {
	case s.profile == colorprofile.TrueColor:
		b.WriteString(line)
		return
	case s.profile <= colorprofile.NoTTY:
		b.WriteString(ansi.Strip(line))
		return
	}
	for {
		i := strings.Index(line, "\x1b[")
		if i < 0 {
			b.WriteString(line)
			return
		}
		b.WriteString(line[:i])
		// A control sequence ends with its first byte in @–~.
		end := strings.IndexFunc(line[i+2:], func(r rune) bool { return r >= '@' && r <= '~' })
		if end < 0 {
			b.WriteString(line[i:])
			return
		}
		seq := line[i : i+2+end+1]
		line = line[i+2+end+1:]
		if seq[len(seq)-1] != 'm' {
			b.WriteString(seq)
			continue
		}
		b.WriteString(s.style(seq))
	}
}

// style is the style sequence seq as the terminal's profile writes it.
func (s *screen) style(seq string) string {
	if out, ok := s.sgr[seq]; ok {
		return out
	}
	var out bytes.Buffer
	_, _ = (&colorprofile.Writer{Forward: &out, Profile: s.profile}).Write([]byte(seq))
	if len(s.sgr) < maxSGR {
		s.sgr[seq] = out.String()
	}
	return out.String()
}

// programQueries is the frame rate of a program drawn by a screen: its
// renderer, idle, only sends the program's queries to the terminal (the
// background colour, a clipboard), which can wait a tenth of a second.
const programQueries = 10

// drawOwn is the options of a session's program that leave its drawing to
// a screen, which c keeps; the program and the screen share one writer.
func drawOwn(c *conn, sess ssh.Session, pty ssh.Pty) []tea.ProgramOption {
	out := &lockedWriter{w: sess}
	profile := colorprofile.Env(append(sess.Environ(), "TERM="+pty.Term))
	c.screen = newScreen(out, profile, c.width, c.height)
	return []tea.ProgramOption{tea.WithOutput(out), tea.WithoutRenderer(), tea.WithFPS(programQueries)}
}

// lockedWriter lets a program and its screen write to one connection,
// a whole write at a time, so that neither's sequences split the other's.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
