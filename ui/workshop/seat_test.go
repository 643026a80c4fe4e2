package workshop

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// keyLog is a learner's model that records the keys it gets and quits
// on q, as the tutorial does.
type keyLog struct{ keys *string }

func (k keyLog) Init() tea.Cmd { return nil }
func (k keyLog) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		*k.keys += msg.String() + " "
		if msg.String() == "q" {
			return k, tea.Quit
		}
	}
	return k, nil
}
func (k keyLog) View() tea.View {
	return tea.NewView(strings.Repeat("tutorial line\n", 23) + "tutorial line")
}

func newTestSeat() (*seat, *conn, *string) {
	var keys string
	c := &conn{width: 80, height: 24, size: tea.WindowSizeMsg{Width: 80, Height: 24}, now: time.Now}
	return newSeat(keyLog{&keys}, c), c, &keys
}

func seatFrame(s *seat) string { return ansi.Strip(s.View().Content) }

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// TestFilterTurnsALearnersQuitIntoAQuestion: the program's QuitMsg, from
// whatever key the model quits on, becomes the question; it passes once
// the learner confirmed, once the client went (its window closed, or its
// connection: Wish quits the program then), once the server ends the
// session, and always for the instructor.
func TestFilterTurnsALearnersQuitIntoAQuestion(t *testing.T) {
	s := &Server{now: time.Now}
	c := &conn{}
	if _, ok := s.filter(c)(nil, tea.QuitMsg{}).(askQuitMsg); !ok {
		t.Error("a learner's quit passed without a question")
	}
	c.leave()
	if _, ok := s.filter(c)(nil, tea.QuitMsg{}).(tea.QuitMsg); !ok {
		t.Error("a confirmed quit did not pass")
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for name, c := range map[string]*conn{"instructor": {instructor: true}, "ended": {endReason: "idle"}, "client gone": {ctx: gone}} {
		if _, ok := s.filter(c)(nil, tea.QuitMsg{}).(tea.QuitMsg); !ok {
			t.Errorf("%s: the quit did not pass", name)
		}
	}
}

// TestSeatAsksBeforeLeaving: the question says what is lost; y, enter or
// ctrl+c leaves, any other key stays and reaches nothing behind it.
func TestSeatAsksBeforeLeaving(t *testing.T) {
	for _, answer := range []tea.KeyPressMsg{
		{Code: 'y', Text: "y"}, {Code: tea.KeyEnter}, {Code: 'c', Mod: tea.ModCtrl},
	} {
		s, c, keys := newTestSeat()
		s.Update(askQuitMsg{})
		got := seatFrame(s)
		for _, want := range []string{"Leave tokenflow?", "Work inside the current step is lost", "any other key stays"} {
			if !strings.Contains(got, want) {
				t.Fatalf("the question does not say %q:\n%s", want, got)
			}
		}
		if _, cmd := s.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}); cmd != nil || s.asking || *keys != "" {
			t.Fatalf("x: cmd %v, asking %v, keys %q; want the question gone and nothing else", cmd != nil, s.asking, *keys)
		}
		if strings.Contains(seatFrame(s), "Leave tokenflow?") {
			t.Fatal("the question stays on screen after x")
		}
		s.Update(askQuitMsg{})
		if _, cmd := s.Update(answer); !isQuit(cmd) || !c.mayQuit() {
			t.Errorf("%s: quit %v, may quit %v; want the session to end", answer, isQuit(cmd), c.mayQuit())
		}
	}
}

// TestSeatShowsTheInstructorsMessages: a message shows over the tutorial
// until enter or esc closes it, holding other keys meanwhile; at most
// maxNotes wait, the oldest giving way.
func TestSeatShowsTheInstructorsMessages(t *testing.T) {
	s, _, keys := newTestSeat()
	s.Update(noteMsg{"first"})
	got := seatFrame(s)
	if !strings.Contains(got, "Message from the instructor") || !strings.Contains(got, "first") || !strings.Contains(got, "tutorial line") {
		t.Fatalf("the message does not show over the tutorial:\n%s", got)
	}
	s.Update(tea.KeyPressMsg{Code: 'l', Text: "l"})
	s.Update(tea.PasteMsg{Content: "pasted"})
	if *keys != "" {
		t.Errorf("keys reached the tutorial behind the message: %q", *keys)
	}
	s.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if strings.Contains(seatFrame(s), "first") {
		t.Error("enter did not close the message")
	}
	s.Update(tea.KeyPressMsg{Code: 'l', Text: "l"})
	if *keys != "l " {
		t.Errorf("keys after the message closed: %q, want l", *keys)
	}

	for _, n := range []string{"one", "two", "three", "four"} {
		s.Update(noteMsg{n})
	}
	if got := seatFrame(s); strings.Contains(got, "one") || !strings.Contains(got, "two") || !strings.Contains(got, "the next of 3 messages") {
		t.Errorf("four messages: want the first dropped, two shown of three:\n%s", got)
	}
	s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if got := seatFrame(s); !strings.Contains(got, "three") {
		t.Errorf("esc does not show the next message:\n%s", got)
	}
}

// TestSeatKeepsAFrameOnlyWhileWatched: nobody watching, nothing is kept;
// one frame, the latest, while someone is; none once they stop.
func TestSeatKeepsAFrameOnlyWhileWatched(t *testing.T) {
	s, c, _ := newTestSeat()
	s.View()
	if shot := c.shot(); shot.Content != "" {
		t.Fatalf("a frame was kept with nobody watching: %+v", shot)
	}
	c.watched(+1)
	s.View()
	s.View()
	if shot := c.shot(); !strings.Contains(shot.Content, "tutorial line") || shot.Width != 80 {
		t.Errorf("watched: %d bytes, width %d; want the tutorial, 80 wide", len(shot.Content), shot.Width)
	}
	s.Update(noteMsg{"hello"})
	s.View()
	if shot := c.shot(); !strings.Contains(shot.Content, "hello") {
		t.Errorf("the watched frame does not show what the learner sees:\n%s", shot.Content)
	}
	c.watched(-1)
	if shot := c.shot(); shot.Content != "" {
		t.Error("the frame stayed after the watch ended")
	}
}

// TestSeatFitsAnyScreen: the boxes never make the frame wider than the
// learner's terminal, nor break on a tiny one.
func TestSeatFitsAnyScreen(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {9, 3}, {20, 5}, {300, 100}} {
		s, _, _ := newTestSeat()
		s.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		s.Update(noteMsg{strings.Repeat("long words ", 30)})
		s.Update(askQuitMsg{})
		for i, line := range strings.Split(seatFrame(s), "\n") {
			if w := ansi.StringWidth(line); w > max(size[0], len("tutorial line")) {
				t.Errorf("%dx%d: line %d is %d wide", size[0], size[1], i+1, w)
			}
		}
	}
}

func TestCleanNote(t *testing.T) {
	long := strings.Repeat("é", maxNote+50)
	for in, want := range map[string]string{
		"  break:\n10 minutes\t ": "break: 10 minutes",
		"\x1b[2Jclear\x1b]0;x\a":  `\u001b[2Jclear\u001b]0;x\u0007`,
		"rtl \u202eevil":          `rtl \u202eevil`,
		long:                      strings.Repeat("é", maxNote-1) + "…",
		"bad \xff byte":           "bad \uFFFD byte",
		"👩\u200d💻 pair with bob":  "👩\u200d💻 pair with bob",
	} {
		got, err := cleanNote(in)
		if err != nil || got != want {
			t.Errorf("cleanNote(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := cleanNote(" \n\t"); err == nil {
		t.Error("an empty message was accepted")
	}
}

// TestWatchIsOneLearnerAtATimeAndEndsWithTheInstructor: an instructor
// watches one screen at a time; when their session ends, the learner's
// frame is dropped.
func TestWatchIsOneLearnerAtATimeAndEndsWithTheInstructor(t *testing.T) {
	viewer := &conn{id: 1, instructor: true}
	alice, bob := &conn{id: 2}, &conn{id: 3}
	s := &Server{conns: map[uint64]*conn{1: viewer, 2: alice, 3: bob}, watching: map[uint64]uint64{}, learners: map[string]*learner{}}
	s.watch(viewer, 2)
	s.watch(viewer, 3)
	if alice.watchers != 0 || bob.watchers != 1 {
		t.Fatalf("watchers: alice %d, bob %d; want bob's alone", alice.watchers, bob.watchers)
	}
	s.watch(viewer, 1) // an instructor's screen is not for watching
	if bob.watchers != 0 || len(s.watching) != 0 {
		t.Fatalf("watching an instructor: bob %d, watches %v", bob.watchers, s.watching)
	}
	s.watch(viewer, 2)
	s.remove(viewer)
	if alice.watchers != 0 || len(s.watching) != 0 {
		t.Errorf("after the instructor left: alice %d, watches %v", alice.watchers, s.watching)
	}
}

// TestOverlayCutsTheFrameAroundTheBox: the box covers its columns of its
// lines and nothing else; the line after it keeps its style, a wide
// character an edge splits gives way to spaces, and a frame shorter than
// the box grows to hold it.
func TestOverlayCutsTheFrameAroundTheBox(t *testing.T) {
	box := []string{"[XX]", "[YY]"}
	for _, c := range []struct {
		name, frame string
		x, y        int
		want        []string
	}{
		{"plain", "0123456789\n0123456789\n0123456789\n0123456789", 3, 1,
			[]string{"0123456789", "012[XX]789", "012[YY]789", "0123456789"}},
		{"short lines", "01\n\n0123456", 4, 0,
			[]string{"01  [XX]", "    [YY]", "0123456"}},
		{"frame shorter than the box", "0123456789", 0, 2,
			[]string{"0123456789", "", "[XX]", "[YY]"}},
		{"wide characters split", "李小龙李小龙\n李小龙李小龙", 1, 0,
			[]string{" [XX] 李小龙", " [YY] 李小龙"}},
	} {
		got := strings.Split(ansi.Strip(overlay(c.frame, box, 4, c.x, c.y)), "\n")
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}

	red := "\x1b[31m" + strings.Repeat("r", 10) + "\x1b[m"
	got := overlay(red, []string{"\x1b[1mB\x1b[m"}, 1, 4, 0)
	left, right, _ := strings.Cut(got, "\x1b[1mB\x1b[m")
	if !strings.HasPrefix(left, "\x1b[31mrrrr") || !strings.HasSuffix(left, "\x1b[m") {
		t.Errorf("the line before the box is %q: want it red, then no style", left)
	}
	if !strings.HasPrefix(right, "\x1b[m\x1b[31m") || ansi.Strip(right) != "rrrrr" {
		t.Errorf("the line after the box is %q: want it red again, five cells", right)
	}
}

// TestSeatMessageCoversOnlyItsLines: with a message up, the lines above
// and below the box are the tutorial's own, byte for byte, so the screen
// rewrites no more of the frame than the box.
func TestSeatMessageCoversOnlyItsLines(t *testing.T) {
	s, _, _ := newTestSeat()
	plain := strings.Split(s.View().Content, "\n")
	s.Update(noteMsg{"hello"})
	boxed := strings.Split(s.View().Content, "\n")
	if len(boxed) != len(plain) {
		t.Fatalf("%d lines with the message, %d without", len(boxed), len(plain))
	}
	box, boxW := s.box()
	changed := 0
	for i := range plain {
		if boxed[i] != plain[i] {
			changed++
			// The box, centred, ends at (80+boxW)/2.
			if w, want := ansi.StringWidth(boxed[i]), max(ansi.StringWidth(plain[i]), (80+boxW)/2); w != want {
				t.Errorf("line %d is %d wide, want %d: %q", i+1, w, want, boxed[i])
			}
		}
	}
	if changed != len(box) {
		t.Errorf("%d lines changed for a box of %d", changed, len(box))
	}
}

// TestSeatMessageCostsAFewAllocations: a frame with an instructor's
// message on top allocates a few times a line of the box more than the
// frame alone, not a canvas of cells: a broadcast leaves a box on every
// screen in the room for as long as each learner keeps it
// (BenchmarkSeatViewWithMessage has the time).
func TestSeatMessageCostsAFewAllocations(t *testing.T) {
	allocs := func(message bool) (float64, int) {
		c := &conn{width: 120, height: 40}
		s := newSeat(&styledFrames{style: lipgloss.NewStyle().Foreground(lipgloss.Color("#ff8800")).Bold(true)}, c)
		if message {
			s.Update(noteMsg{"Please look at the slide: we move on to lesson 4 in two minutes."})
		}
		s.View()
		box, _ := s.box()
		return testing.AllocsPerRun(20, func() { s.View() }), len(box)
	}
	plain, _ := allocs(false)
	boxed, lines := allocs(true)
	if extra := boxed - plain; extra > float64(3*lines) {
		t.Errorf("a frame allocates %.0f times with a message of %d lines, %.0f without", boxed, lines, plain)
	}
}
