package workshop

import (
	"context"
	"io"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/tokenflow/tokenflow/lessons"
	"golang.org/x/time/rate"
)

// Session is what Config.NewModel learns about one learner's connection.
// Every connection gets its own Session, even two from the same user.
type Session interface {
	// User is the SSH user name as the learner typed it.
	User() string
	// StateDir is this user's own directory on the server, created before
	// NewModel is called and the same on every connection with the same
	// user name (see UserDirName), so what is saved there resumes on
	// reconnect.
	StateDir() string
	// Progress is the learner's lesson progress, kept in StateDir: one
	// store shared by every session of the same learner at once, so a
	// second terminal (or Alice@ beside alice@) adds its steps to the
	// first's instead of overwriting them. Save as progress changes: a
	// dropped connection ends the program without a ShutdownMsg.
	Progress() *lessons.Store
	// WindowSize is the terminal size at connection time, within the
	// server's bounds; later sizes arrive as tea.WindowSizeMsg.
	WindowSize() (width, height int)
	// Context is done when the connection ends, for goroutines a model
	// starts outside its program (such as a real-time clock driver).
	Context() context.Context
	// Report publishes the learner's progress to the instructor dashboard.
	// It is cheap and safe to call from Update on every change.
	Report(Status)
}

// Status is a learner's progress as the instructor dashboard shows it.
type Status struct {
	// Place is the screen the learner is on.
	Place Place
	// Lesson names the lesson the learner is in; empty outside a lesson.
	Lesson string
	// Index is Lesson's place in the course, from 1; 0 outside a lesson.
	Index int
	// Step is the 1-based step within Lesson, and Steps how many it has;
	// zero when unknown.
	Step, Steps int
	// Completed counts the lessons the learner has finished.
	Completed int
	// Finished marks, lesson by lesson in the course's order, the lessons
	// the learner has finished, for the dashboard's strip. The dashboard
	// reads it from another goroutine: report a new slice, never change
	// one reported.
	Finished []bool
	// Hints is how many of the step's HintTiers the learner has shown, and
	// Solution whether they have shown its solution.
	Hints, HintTiers int
	Solution         bool
	// Refused counts the actions the step has refused the learner.
	Refused int
	// Done reports that the step's goal is met.
	Done bool
}

// Place is the screen a learner is on.
type Place int

// The places. PlaceUnknown is a session that has reported nothing yet.
const (
	PlaceUnknown Place = iota
	PlaceMenu
	PlaceSandbox
	PlaceLesson
)

// String names the place as the dashboard and the CSV export write it.
func (p Place) String() string {
	switch p {
	case PlaceMenu:
		return "menu"
	case PlaceSandbox:
		return "sandbox"
	case PlaceLesson:
		return "lesson"
	}
	return "starting"
}

// conn is the server's record of one SSH session, learner or instructor.
// The fields above mu never change after admission.
type conn struct {
	id   uint64
	user string
	dir  string
	// learner is what this learner's sessions share; nil for the
	// instructor.
	learner *learner
	// addr is the network address the session counts against (addressOf).
	addr string
	// link is the session's connection, which hangUp closes.
	link *link
	// width and height are the terminal size at connection, clamped.
	width      int
	height     int
	ctx        context.Context
	connected  time.Time
	instructor bool
	now        func() time.Time
	// input limits this session's key, paste and mouse events; nil means
	// unlimited. Only the program's event loop (through the filter) uses it.
	input *rate.Limiter
	// screen draws the session's program (see screen).
	screen *screen

	mu     sync.Mutex
	status Status
	// stepSince is when the learner arrived at the step (or the menu, or
	// the sandbox) status names, on the server's clock.
	stepSince time.Time
	lastInput time.Time
	program   *tea.Program
	endReason string
	// size is the terminal size last passed to the program.
	size tea.WindowSizeMsg
	// told holds when the learner was last told of each kind of limit.
	told map[string]time.Time
	// leaving is set once a quit is the learner's confirmed wish, or the
	// client's: the filter lets the program's QuitMsg through.
	leaving bool
	// watchers counts the instructors watching this screen; frame is the
	// last one drawn while someone was.
	watchers int
	frame    string
	// done is closed once the session's program has finished.
	done chan struct{}
}

// noticeEvery is how often the learner hears of the same limit: a flood
// trips it thousands of times a second.
const noticeEvery = 10 * time.Second

func (c *conn) User() string     { return c.user }
func (c *conn) StateDir() string { return c.dir }
func (c *conn) Progress() *lessons.Store {
	if c.learner == nil {
		return nil // the instructor keeps no lesson progress
	}
	return c.learner.progress
}
func (c *conn) WindowSize() (width, height int) { return c.width, c.height }
func (c *conn) Context() context.Context        { return c.ctx }

func (c *conn) Report(s Status) {
	now := c.now()
	c.mu.Lock()
	if s.Place != c.status.Place || s.Lesson != c.status.Lesson || s.Step != c.status.Step {
		c.stepSince = now
	}
	c.status = s
	c.mu.Unlock()
}

// touch records input at now, for the idle time and the idle timeout.
func (c *conn) touch(now time.Time) {
	c.mu.Lock()
	c.lastInput = now
	c.mu.Unlock()
}

// currentSize is the terminal size last passed to the program.
func (c *conn) currentSize() tea.WindowSizeMsg {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

func (c *conn) setSize(size tea.WindowSizeMsg) {
	c.mu.Lock()
	c.size = size
	c.mu.Unlock()
}

// notice is the LimitMsg telling the learner text, or nil if they heard of
// this kind of limit less than noticeEvery ago.
func (c *conn) notice(kind, text string) tea.Msg {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if last, ok := c.told[kind]; ok && now.Sub(last) < noticeEvery {
		return nil
	}
	if c.told == nil {
		c.told = map[string]time.Time{}
	}
	c.told[kind] = now
	return LimitMsg{Text: text}
}

// tell sends the learner a notice from outside the program's event loop.
func (c *conn) tell(kind, text string) {
	if msg := c.notice(kind, text); msg != nil {
		c.send(msg)
	}
}

// row is the dashboard's copy of the session.
func (c *conn) row() learnerRow {
	c.mu.Lock()
	defer c.mu.Unlock()
	return learnerRow{
		ID:        c.id,
		User:      c.user,
		Status:    c.status,
		Connected: c.connected,
		LastInput: c.lastInput,
		StepSince: c.stepSince,
	}
}

// send delivers msg to the session's program without blocking the caller:
// a program busy with a slow update must not stall the dashboard or the
// shutdown of the others. It reports whether a program was there to send to.
// The goroutine lasts no longer than the program, which Server.end bounds
// even when a client that stopped reading has wedged it.
func (c *conn) send(msg tea.Msg) bool {
	c.mu.Lock()
	p := c.program
	c.mu.Unlock()
	if p == nil {
		return false
	}
	// Send returns once the program takes the message or has finished.
	go p.Send(msg)
	return true
}

// session is the ssh.Session a program reads and writes: its terminal size
// is the clamped one, its input comes through the guard, and its window
// changes come through watchWindow alone, so the Bubble Tea middleware gets
// a channel that never delivers.
type session struct {
	ssh.Session
	pty   ssh.Pty
	input io.Reader
}

func (s session) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return s.pty, nil, true }
func (s session) Read(p []byte) (int, error)              { return s.input.Read(p) }
