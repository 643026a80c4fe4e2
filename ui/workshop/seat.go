package workshop

import (
	"fmt"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// A seat is what the server puts around each learner's model: the
// question before the learner leaves, the instructor's messages on top of
// the tutorial, and the copy of the screen an instructor watches. The
// model inside knows nothing of it.

// maxNote bounds an instructor's message, in characters: a sentence or
// two, which fits a box on the smallest screen.
const maxNote = 280

// maxNotes bounds the messages a learner's screen holds at once; when
// more arrive, the oldest not yet closed gives way.
const maxNotes = 3

// askQuitMsg replaces a learner's QuitMsg (see Server.filter) until they
// confirm that they want to leave.
type askQuitMsg struct{}

// noteMsg brings an instructor's message, already clean (cleanNote).
type noteMsg struct{ text string }

// drawMsg asks for a frame, so that an instructor who starts watching
// sees the screen without waiting for the learner's next key.
type drawMsg struct{}

// seat wraps a learner's model. It is a pointer: the program holds one
// seat for the whole session.
type seat struct {
	inner  tea.Model
	c      *conn
	styles seatStyles

	width, height int
	asking        bool     // "leave tokenflow?" is on screen
	notes         []string // the instructor's messages not yet closed, oldest first
	// boxKey is what the lines in boxLines show.
	boxKey   boxKey
	boxLines []string
}

// seatStyles draw the boxes in weight and reverse video only, so they read
// on any background and without colour.
type seatStyles struct {
	Box, Title, Muted lipgloss.Style
}

func newSeat(inner tea.Model, c *conn) *seat {
	return &seat{inner: inner, c: c, width: c.width, height: c.height, styles: seatStyles{
		Box:   lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Title: lipgloss.NewStyle().Bold(true),
		Muted: lipgloss.NewStyle().Faint(true),
	}}
}

func (s *seat) Init() tea.Cmd { return s.inner.Init() }

func (s *seat) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case askQuitMsg:
		s.asking = true
		return s, nil
	case noteMsg:
		if len(s.notes) == maxNotes {
			s.notes = s.notes[1:]
		}
		s.notes = append(s.notes, msg.text)
		return s, nil
	case drawMsg:
		return s, nil
	case tea.WindowSizeMsg:
		s.width, s.height = msg.Width, msg.Height
		if s.c.screen != nil {
			s.c.screen.resize(msg.Width, msg.Height)
		}
	case tea.KeyPressMsg:
		if s.asking {
			return s, s.answer(msg)
		}
		if len(s.notes) > 0 && msg.String() != "ctrl+c" {
			// A message holds the keys until it is closed: a key meant for
			// the tutorial must not act unseen behind it.
			if k := msg.String(); k == "enter" || k == "esc" {
				s.notes = s.notes[1:]
			}
			return s, nil
		}
	case tea.PasteMsg:
		if s.asking || len(s.notes) > 0 {
			return s, nil
		}
	}
	var cmd tea.Cmd
	s.inner, cmd = s.inner.Update(msg)
	return s, cmd
}

// answer takes the key that answers "leave tokenflow?": y, enter or
// ctrl+c again leaves; any other key stays.
func (s *seat) answer(msg tea.KeyPressMsg) tea.Cmd {
	s.asking = false
	switch msg.String() {
	case "y", "Y", "enter", "ctrl+c":
		s.c.leave()
		return tea.Quit
	}
	return nil
}

func (s *seat) View() tea.View {
	v := s.inner.View()
	if box, w := s.box(); len(box) > 0 {
		v.Content = overlay(v.Content, box, w, max(0, (s.width-w)/2), max(0, (s.height-len(box))/2))
		v.Cursor = nil
	}
	s.c.drew(v.Content)
	if s.c.screen != nil {
		s.c.screen.set(v)
	}
	return v
}

// box is the lines of the question or the oldest message and their
// width, or none when neither shows. It is drawn again only when what it
// says or the width changes: it stays on screen for many frames (the
// tutorial's clock ticks behind it).
func (s *seat) box() ([]string, int) {
	var title, body, foot string
	switch {
	case s.asking:
		title = "Leave tokenflow?"
		body = "Work inside the current step is lost; the steps you completed are saved, and connecting again under the same name continues from them."
		foot = "y, enter or ctrl+c leaves · any other key stays"
	case len(s.notes) > 0:
		title = "Message from the instructor"
		body = s.notes[0]
		foot = "enter or esc closes it"
		if n := len(s.notes); n > 1 {
			foot = fmt.Sprintf("enter or esc: the next of %d messages", n)
		}
	default:
		return nil, 0
	}
	// The box fits any screen a program can be given: on a tiny one it
	// is cut, never larger than the frame.
	w := min(64, s.width)
	if w < 8 {
		return nil, 0
	}
	key := boxKey{title: title, body: body, foot: foot, width: w}
	if key == s.boxKey {
		return s.boxLines, w
	}
	inner := w - s.styles.Box.GetHorizontalFrameSize()
	text := lipgloss.NewStyle().Width(inner)
	box := s.styles.Box.Width(w).Render(lipgloss.JoinVertical(lipgloss.Left,
		s.styles.Title.Render(title), "", text.Render(body), "", s.styles.Muted.Render(text.Render(foot))))
	s.boxKey, s.boxLines = key, strings.Split(box, "\n")
	return s.boxLines, w
}

// boxKey is what a seat's box shows, at what width.
type boxKey struct {
	title, body, foot string
	width             int
}

// overlay puts box, lines boxW wide, over frame with its top-left corner
// at column x of line y, and returns the frame. It rewrites only the lines
// the box covers, cutting each around the box in one pass, instead of
// composing the whole frame cell by cell: a message stays up for many
// frames, on every screen in the room after a broadcast (BENCHMARKS.md).
func overlay(frame string, box []string, boxW, x, y int) string {
	var b strings.Builder
	b.Grow(len(frame) + len(box)*(len(box[0])+x+8))
	rest, more := frame, true
	for row := range y + len(box) {
		var line string
		if more {
			line, rest, more = strings.Cut(rest, "\n")
		}
		if row > 0 {
			b.WriteByte('\n')
		}
		if row < y {
			b.WriteString(line)
			continue
		}
		splice(&b, line, box[row-y], x, x+boxW)
	}
	if more {
		b.WriteByte('\n')
		b.WriteString(rest)
	}
	return b.String()
}

// splice writes line with its columns from to to replaced by boxLine.
// The line's part after the box keeps its style: every sequence before it
// is written again. A wide character that an edge of the box splits gives
// way to spaces.
func splice(b *strings.Builder, line, boxLine string, from, to int) {
	var styles strings.Builder
	col, i := 0, 0
	var state byte
	// decode takes the next character or sequence, keeping the sequences.
	decode := func() (w, n int) {
		seq, w, n, next := ansi.DecodeSequence(line[i:], state, nil)
		if w == 0 && strings.HasPrefix(seq, "\x1b") {
			styles.WriteString(seq)
		}
		state = next
		return w, n
	}
	for i < len(line) {
		w, n := decode()
		if col+w > from {
			break
		}
		col, i = col+w, i+n
	}
	b.WriteString(line[:i])
	b.WriteString(strings.Repeat(" ", from-col))
	// Each side of the box starts from no style, so that none of the
	// line's reaches the box.
	b.WriteString("\x1b[m")
	b.WriteString(boxLine)
	b.WriteString("\x1b[m")
	for i < len(line) && col < to {
		w, n := decode()
		col, i = col+w, i+n
	}
	if i == len(line) {
		return
	}
	b.WriteString(styles.String())
	b.WriteString(strings.Repeat(" ", col-to))
	b.WriteString(line[i:])
}

// cleanNote makes an instructor's message fit to show a learner: one line
// of at most maxNote characters, with nothing a terminal would take for a
// command (termsafe). An empty message is an error.
func cleanNote(text string) (string, error) {
	text = strings.Join(strings.Fields(strings.ToValidUTF8(text, "\uFFFD")), " ")
	if text == "" {
		return "", errEmptyNote
	}
	if utf8.RuneCountInString(text) > maxNote {
		runes := []rune(text)
		text = string(runes[:maxNote-1]) + "…"
	}
	return termsafe.Escape(text), nil
}

// leave records that the program's next QuitMsg is meant: the learner
// confirmed it, or the client went.
func (c *conn) leave() {
	c.mu.Lock()
	c.leaving = true
	c.mu.Unlock()
}

// mayQuit reports whether the program may quit without asking: a learner's
// quit asks first, unless it was confirmed, the server ends the session,
// or the client has gone (Wish quits the program when the session's
// context ends).
func (c *conn) mayQuit() bool {
	if c.ctx != nil && c.ctx.Err() != nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.instructor || c.leaving || c.endReason != ""
}

// drew keeps the frame the learner now sees, while an instructor watches:
// one frame a learner, replaced by the next, and none when nobody looks.
func (c *conn) drew(frame string) {
	c.mu.Lock()
	if c.watchers > 0 {
		c.frame = frame
	}
	c.mu.Unlock()
}

// watched adds (by +1) or removes (by -1) an instructor watching; the
// last to go takes the frame with them.
func (c *conn) watched(by int) {
	c.mu.Lock()
	c.watchers = max(0, c.watchers+by)
	if c.watchers == 0 {
		c.frame = ""
	}
	c.mu.Unlock()
}

// shot is the frame last drawn while watched, its number and the size
// it was drawn for.
func (c *conn) shot() screenShot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return screenShot{Content: c.frame, Width: c.size.Width, Height: c.size.Height}
}

// screenShot is a learner's screen as an instructor watches it.
type screenShot struct {
	Content       string
	Width, Height int
}
