package workshop

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// Session is what Config.NewModel learns about one learner's connection.
// Every connection gets its own Session, even two from the same user.
type Session interface {
	// User is the SSH user name as the learner typed it.
	User() string
	// StateDir is this user's own directory on the server, created before
	// NewModel is called and the same on every connection with the same
	// user name, so progress saved there resumes on reconnect. Save as
	// progress changes: a dropped connection ends the program without a
	// ShutdownMsg.
	StateDir() string
	// WindowSize is the terminal size at connection time; later sizes
	// arrive as tea.WindowSizeMsg.
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
	// Lesson names the lesson the learner is in; empty before one starts.
	Lesson string
	// Step is the 1-based step within Lesson, and Steps how many it has;
	// zero when unknown.
	Step, Steps int
	// Completed counts the lessons the learner has finished.
	Completed int
}

// conn is the server's record of one SSH session, learner or instructor.
// The fields above mu never change after admission.
type conn struct {
	id         uint64
	user       string
	dir        string
	width      int
	height     int
	ctx        context.Context
	connected  time.Time
	instructor bool
	// input limits this session's key, paste and mouse events; nil means
	// unlimited. Only the program's event loop (through the filter) uses it.
	input *bucket

	mu        sync.Mutex
	status    Status
	lastInput time.Time
	program   *tea.Program
	endReason string
	// hungUp is set when the client has closed the session.
	hungUp bool
	// done is closed once the session's program has finished.
	done chan struct{}
}

func (c *conn) User() string                    { return c.user }
func (c *conn) StateDir() string                { return c.dir }
func (c *conn) WindowSize() (width, height int) { return c.width, c.height }
func (c *conn) Context() context.Context        { return c.ctx }

func (c *conn) Report(s Status) {
	c.mu.Lock()
	c.status = s
	c.mu.Unlock()
}

// touch records input at now, for the idle time and the idle timeout.
func (c *conn) touch(now time.Time) {
	c.mu.Lock()
	c.lastInput = now
	c.mu.Unlock()
}

// row is the dashboard's copy of the session.
func (c *conn) row() learnerRow {
	c.mu.Lock()
	defer c.mu.Unlock()
	return learnerRow{
		User:      c.user,
		Status:    c.status,
		Connected: c.connected,
		LastInput: c.lastInput,
	}
}

// send delivers msg to the session's program without blocking the caller:
// a program busy with a slow update must not stall the dashboard or the
// shutdown of the others. It reports whether a program was there to send to.
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

// hangUpSession is an ssh.Session whose window changes come through
// watchHangUp.
type hangUpSession struct {
	ssh.Session
	windows chan ssh.Window
}

func (s hangUpSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	pty, _, ok := s.Session.Pty()
	return pty, s.windows, ok
}

// watchHangUp ends c's program when the client closes the session but not
// the connection (OpenSSH's connection sharing does this). The session's
// window-change channel closes then; the Bubble Tea middleware would read
// zero sizes from it until the connection ended, with the program running
// on, so it gets a channel that is never closed and the program a Quit.
func watchHangUp(c *conn, sess ssh.Session) ssh.Session {
	_, from, _ := sess.Pty()
	to := make(chan ssh.Window)
	go func() {
		for w := range from {
			select {
			case to <- w:
			case <-c.done:
				return
			}
		}
		c.mu.Lock()
		c.hungUp = true
		p := c.program
		c.mu.Unlock()
		if p != nil {
			p.Quit()
		}
	}()
	return hangUpSession{Session: sess, windows: to}
}
