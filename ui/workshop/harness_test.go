package workshop_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// patience bounds every wait on the server in these tests. It is a
// deadline for a hung test, not a measurement: everything awaited happens
// in milliseconds.
const patience = 15 * time.Second

// fakeClock is the wall clock the server reads in tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// harness is a workshop server on 127.0.0.1 with the echo model.
type harness struct {
	t      *testing.T
	srv    *workshop.Server
	addr   string
	state  string
	clock  *fakeClock
	echoes *echoes
}

// start runs a server with cfg, filling in the echo model, a temporary
// state directory and a fake clock where cfg leaves them empty.
func start(t *testing.T, cfg workshop.Config) *harness {
	t.Helper()
	h := &harness{t: t, clock: newFakeClock(), echoes: newEchoes()}
	if cfg.StateDir == "" {
		cfg.StateDir = t.TempDir()
	}
	if cfg.NewModel == nil {
		cfg.NewModel = h.echoes.newModel
	}
	if cfg.Now == nil {
		cfg.Now = h.clock.Now
	}
	h.state = cfg.StateDir
	srv, err := workshop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.srv = srv
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.addr = l.Addr().String()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), patience)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return h
}

// dial opens an SSH connection as user; with no auth methods the client
// offers only "none", as a learner without keys would.
func (h *harness) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	client, err := gossh.Dial("tcp", h.addr, &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         patience,
	})
	if err == nil {
		h.t.Cleanup(func() { _ = client.Close() })
	}
	return client, err
}

// term is one client session with a terminal, reading everything the
// server writes to stdout and stderr.
type term struct {
	t     *testing.T
	sess  *gossh.Session
	stdin io.WriteCloser
	out   *output
}

// open connects as user with a PTY and starts the shell.
func (h *harness) open(user string, auth ...gossh.AuthMethod) *term {
	h.t.Helper()
	client, err := h.dial(user, auth...)
	if err != nil {
		h.t.Fatalf("dial as %s: %v", user, err)
	}
	return openTerm(h.t, client, true)
}

func openTerm(t *testing.T, client *gossh.Client, pty bool) *term {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sess.Close() })
	out := newOutput()
	sess.Stdout = out
	sess.Stderr = out
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if pty {
		if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return &term{t: t, sess: sess, stdin: stdin, out: out}
}

// waitFor waits until the output contains s.
func (tm *term) waitFor(s string) {
	tm.t.Helper()
	if !tm.out.waitFor(s, patience) {
		tm.t.Fatalf("no %q in the output after %s:\n%q", s, patience, tm.out.String())
	}
}

func (tm *term) typ(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.stdin, s); err != nil {
		tm.t.Fatal(err)
	}
}

// leave ends the session as a learner does: q, and y once the question
// whether they mean it shows.
func (tm *term) leave() {
	tm.t.Helper()
	tm.typ("q")
	tm.waitFor("tokenflow?")
	tm.typ("y")
}

// exitStatus waits for the session to end and returns its exit status.
func (tm *term) exitStatus() int {
	tm.t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.sess.Wait() }()
	select {
	case err := <-done:
		var exit *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &exit):
			return exit.ExitStatus()
		default:
			tm.t.Fatalf("session ended without a status: %v", err)
		}
	case <-time.After(patience):
		tm.t.Fatalf("session still running after %s; output:\n%q", patience, tm.out.String())
	}
	return -1
}

// output collects what a session prints and wakes waiters on each write.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newOutput() *output { return &output{changed: make(chan struct{})} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	close(o.changed)
	o.changed = make(chan struct{})
	return len(p), nil
}

// reset forgets what was written so far, so that waitFor sees only what
// comes after.
func (o *output) reset() {
	o.mu.Lock()
	o.buf.Reset()
	o.mu.Unlock()
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

func (o *output) waitFor(s string, limit time.Duration) bool {
	deadline := time.After(limit)
	for {
		o.mu.Lock()
		found := strings.Contains(o.buf.String(), s)
		changed := o.changed
		o.mu.Unlock()
		if found {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}

// echoes makes echo models and hands each one's record to the test.
type echoes struct {
	opened chan *echoRecord
}

func newEchoes() *echoes { return &echoes{opened: make(chan *echoRecord, 64)} }

// echoRecord is what one echo model saw, for the test to read: events in
// order, and apart from them the notices of limits (LimitMsg), which
// arrive from other goroutines than the input.
type echoRecord struct {
	user    string
	dir     string
	size    string // Session.WindowSize, as 80x24
	events  chan string
	notices chan string
}

// next returns the record of the next session to open.
func (e *echoes) next(t *testing.T) *echoRecord {
	t.Helper()
	select {
	case r := <-e.opened:
		return r
	case <-time.After(patience):
		t.Fatal("no session opened")
		return nil
	}
}

// nextFor returns the records of the next len(users) sessions by user.
func (e *echoes) nextFor(t *testing.T, users ...string) map[string]*echoRecord {
	t.Helper()
	got := map[string]*echoRecord{}
	for range users {
		r := e.next(t)
		got[r.user] = r
	}
	for _, u := range users {
		if got[u] == nil {
			t.Fatalf("no session for %s among %v", u, got)
		}
	}
	return got
}

// event waits for the model's next event.
func (r *echoRecord) event(t *testing.T) string {
	t.Helper()
	select {
	case ev := <-r.events:
		return ev
	case <-time.After(patience):
		t.Fatalf("%s: no event", r.user)
		return ""
	}
}

// notice waits for the model's next notice of a limit.
func (r *echoRecord) notice(t *testing.T) string {
	t.Helper()
	select {
	case n := <-r.notices:
		return n
	case <-time.After(patience):
		t.Fatalf("%s: no notice", r.user)
		return ""
	}
}

// events waits for the model's next n events.
func (r *echoRecord) eventsN(t *testing.T, n int) []string {
	t.Helper()
	var evs []string
	for range n {
		evs = append(evs, r.event(t))
	}
	return evs
}

// progressFile is where the echo model saves the keys it has seen.
const progressFile = "progress.txt"

func (e *echoes) newModel(s workshop.Session) (tea.Model, error) {
	w, h := s.WindowSize()
	rec := &echoRecord{user: s.User(), dir: s.StateDir(), size: fmt.Sprintf("%dx%d", w, h), events: make(chan string, 256), notices: make(chan string, 16)}
	saved, _ := os.ReadFile(filepath.Join(s.StateDir(), progressFile))
	e.opened <- rec
	return echoModel{sess: s, rec: rec, resumed: string(saved)}, nil
}

// echoModel shows its user, the keys typed and the steps its store holds,
// records every key, paste, resize, reset, clearing, notice and shutdown,
// saves its keys on "s" and at shutdown, completes a step on "p", reports
// its step's goal met on "d", and quits on "q".
type echoModel struct {
	sess    workshop.Session
	rec     *echoRecord
	keys    string
	resumed string
}

type savedMsg struct{}

func (m echoModel) Init() tea.Cmd { return nil }

func (m echoModel) save() tea.Msg {
	_ = os.WriteFile(filepath.Join(m.sess.StateDir(), progressFile), []byte(m.keys), 0o600)
	return savedMsg{}
}

func (m echoModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q":
			return m, tea.Quit
		case "s":
			return m, m.save
		case "d":
			// The step's goal met: its debrief shows.
			m.sess.Report(workshop.Status{Place: workshop.PlaceLesson, Lesson: "Echo", Step: 1, Steps: 10, Done: true})
			m.rec.events <- "done"
			return m, nil
		case "p":
			// A step completed, in the learner's store.
			if err := m.sess.Progress().Complete("echo", 1); err != nil {
				m.rec.events <- "progress:" + err.Error()
				return m, nil
			}
			m.rec.events <- "completed"
			return m, nil
		}
		m.keys += msg.Text
		m.sess.Report(workshop.Status{Place: workshop.PlaceLesson, Lesson: "Echo", Step: len(m.keys), Steps: 10})
		m.rec.events <- "key:" + msg.Text
	case tea.WindowSizeMsg:
		// The size at connection time arrives at start-up; only a later
		// change is an event worth reporting.
		if w, h := m.sess.WindowSize(); msg.Width != w || msg.Height != h {
			m.rec.events <- fmt.Sprintf("resize:%dx%d", msg.Width, msg.Height)
		}
	case tea.PasteMsg:
		m.rec.events <- fmt.Sprintf("paste:%d bytes", len(msg.Content))
	case workshop.LimitMsg:
		select {
		case m.rec.notices <- msg.Text:
		default:
		}
	case savedMsg:
		m.rec.events <- "saved"
	case workshop.ResetWorldMsg:
		if msg.Room {
			m.rec.events <- "reset room"
		} else {
			m.rec.events <- "reset"
		}
	case workshop.ProgressClearedMsg:
		m.rec.events <- "cleared"
	case workshop.ShutdownMsg:
		m.rec.events <- "shutdown:" + msg.Reason
		return m, tea.Sequence(m.save, tea.Quit)
	}
	return m, nil
}

func (m echoModel) View() tea.View {
	steps := len(m.sess.Progress().Completed("echo"))
	return tea.NewView(fmt.Sprintf("completed=%d\nuser=%s\nresumed=%s\ntyped=%s", steps, m.sess.User(), m.resumed, m.keys))
}
