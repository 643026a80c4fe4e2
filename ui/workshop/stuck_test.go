package workshop_test

import (
	"net"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// hugeModel draws, from its first frame, more than SSH's flow-control
// window (2 MB in golang.org/x/crypto/ssh and OpenSSH alike): a thousand
// lines of a thousand three-byte runes. A client that never reads its
// channel therefore wedges the session's very first frame, whatever the
// timing. It reports its first frame, copies on y as the tutorial's export
// screen does (an OSC 52 the program writes itself), and quits when the
// server asks.
type hugeModel struct {
	frame  string
	drawn  chan struct{}
	copied chan struct{}
	ended  chan string
}

// copiedMsg follows the clipboard copy in a tea.Sequence: by the time the
// model sees it, the program has queued the copy for its output.
type copiedMsg struct{}

func newHugeModel() hugeModel {
	line := strings.Repeat("█", 1000)
	return hugeModel{
		frame:  strings.TrimSuffix(strings.Repeat(line+"\n", 1000), "\n"),
		drawn:  make(chan struct{}, 1),
		copied: make(chan struct{}, 1),
		ended:  make(chan string, 1),
	}
}

func (m hugeModel) Init() tea.Cmd { return nil }

func (m hugeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.String() == "y" {
			return m, tea.Sequence(tea.SetClipboard("the export"), func() tea.Msg { return copiedMsg{} })
		}
	case copiedMsg:
		signal(m.copied)
	case workshop.ShutdownMsg:
		select {
		case m.ended <- msg.Reason:
		default:
		}
		return m, tea.Quit
	}
	return m, nil
}

func (m hugeModel) View() tea.View {
	signal(m.drawn)
	return tea.NewView(m.frame)
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// await waits for ch or fails the test with what.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatalf("%s: not within %s", what, patience)
	}
	var zero T
	return zero
}

// stuckServer is a server whose learners get a hugeModel, and gives up on
// a session 200 ms after each step of its end.
func stuckServer(t *testing.T) (*harness, chan hugeModel) {
	models := make(chan hugeModel, 1)
	h := start(t, workshop.Config{
		IdleTimeout: time.Minute, ShutdownGrace: 200 * time.Millisecond,
		MaxWidth: 1000, MaxHeight: 1000,
		NewModel: func(workshop.Session) (tea.Model, error) {
			m := newHugeModel()
			models <- m
			return m, nil
		},
	})
	return h, models
}

// openShell opens a session with a 1000×1000 terminal on client and
// returns its channel, never read, and its requests, closed when the
// channel closes.
func openShell(t *testing.T, client *gossh.Client) (gossh.Channel, <-chan *gossh.Request) {
	t.Helper()
	ch, reqs, err := client.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	pty := gossh.Marshal(struct {
		Term                 string
		Cols, Rows, PxW, PxH uint32
		Modes                string
	}{"xterm-256color", 1000, 1000, 0, 0, ""})
	if ok, err := ch.SendRequest("pty-req", true, pty); !ok || err != nil {
		t.Fatalf("pty-req: %v %v", ok, err)
	}
	if ok, err := ch.SendRequest("shell", true, nil); !ok || err != nil {
		t.Fatalf("shell: %v %v", ok, err)
	}
	return ch, reqs
}

// openStuck connects as mallory and opens a session with openShell.
func (h *harness) openStuck(t *testing.T) (gossh.Channel, <-chan *gossh.Request) {
	t.Helper()
	client, err := h.dial("mallory")
	if err != nil {
		t.Fatal(err)
	}
	return openShell(t, client)
}

// idleOut ends every session by the idle limit.
func (h *harness) idleOut() {
	h.clock.Advance(2 * time.Minute)
	h.srv.Sweep()
}

// released checks that the server has let go of every session and every
// connection's session place, and that the goroutines a session runs have
// ended.
func (h *harness) released(t *testing.T) {
	t.Helper()
	if !h.srv.WaitSessions(0, patience) {
		t.Fatal("the server still holds the session of a client that stopped reading")
	}
	if !h.srv.WaitLinksFree(patience) {
		t.Fatal("the connection still holds its session place")
	}
	sessionGoroutinesEnd(t)
}

// sessionGoroutinesEnd waits until no goroutine runs a session's handler,
// screen, window watcher, end, send or program, and fails the test with
// their stacks if some are left after patience. Nothing signals their
// end, so it yields until it is.
func sessionGoroutinesEnd(t *testing.T) {
	t.Helper()
	marks := []string{"workshop.(*Server).handle", "workshop.(*screen).run", "workshop.(*Server).watchWindow",
		"workshop.(*Server).stopProgram", "workshop.(*Server).goodbye", "workshop.(*conn).send", "bubbletea/v2.(*Program).Run"}
	deadline := time.Now().Add(patience)
	for {
		var b strings.Builder
		_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
		var left []string
		for _, g := range strings.Split(b.String(), "\n\n") {
			for _, m := range marks {
				if strings.Contains(g, m) {
					left = append(left, g)
					break
				}
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines of the session are left:\n%s", len(left), strings.Join(left, "\n\n"))
		}
		runtime.Gosched()
	}
}

// TestClientThatStopsReadingIsHungUpOn: a client that never reads its
// channel is ended by the idle limit; its first frame never finished, so
// the server skips the goodbye it could not take and closes the
// connection, instead of waiting for ever to write it (review d, 1).
func TestClientThatStopsReadingIsHungUpOn(t *testing.T) {
	h, models := stuckServer(t)
	_, reqs := h.openStuck(t)
	m := await(t, models, "the session's model")
	await(t, m.drawn, "the first frame")
	h.idleOut()
	t.Logf("the model was told: %s", await(t, m.ended, "the idle limit's ShutdownMsg"))
	closed := make(chan struct{})
	go func() {
		for range reqs {
		}
		close(closed)
	}()
	await(t, closed, "the server closing the session")
	h.released(t)
}

// TestClientThatStopsReadingAndCopiesIsHungUpOn: a client that stopped
// reading its channel presses y; the program's copy (OSC 52) then waits
// behind the wedged frame, holding the program's lock, so that the idle
// limit's ShutdownMsg may never be taken, or the program's end waits on
// the copy. The session still ends, its
// connection closed, and the notices sent to it meanwhile do not outlive
// it (review d, 2).
func TestClientThatStopsReadingAndCopiesIsHungUpOn(t *testing.T) {
	h, models := stuckServer(t)
	ch, _ := h.openStuck(t)
	// The client reads until the first frame begins and no further: the
	// screen is then inside the frame's one write, which holds the
	// connection's writer until the client reads the rest.
	var seen []byte
	for buf := make([]byte, 4096); !strings.Contains(string(seen), "█"); {
		n, err := ch.Read(buf)
		if err != nil {
			t.Fatalf("before the first frame: %v", err)
		}
		seen = append(seen, buf[:n]...)
	}
	m := await(t, models, "the session's model")
	for range 2 {
		if _, err := ch.Write([]byte("y")); err != nil {
			t.Fatal(err)
		}
	}
	await(t, m.copied, "the copy")
	// A terminal larger than the bounds: the server sends the learner a
	// notice, which the wedged program does not take.
	big := gossh.Marshal(struct{ Cols, Rows, PxW, PxH uint32 }{2000, 2000, 0, 0})
	if _, err := ch.SendRequest("window-change", false, big); err != nil {
		t.Fatal(err)
	}
	h.idleOut()
	h.released(t)
}

// frozenConn is a client's side of a connection that stops reading it
// altogether once frozen, as a suspended ssh process does: the client
// then answers nothing, not even the close of its channel.
type frozenConn struct {
	net.Conn
	once   sync.Once
	frozen chan struct{}
	thaw   chan struct{}
}

func (c *frozenConn) Read(p []byte) (int, error) {
	select {
	case <-c.frozen:
		<-c.thaw
		return 0, net.ErrClosed
	default:
		return c.Conn.Read(p)
	}
}

func (c *frozenConn) freeze() { c.once.Do(func() { close(c.frozen) }) }

// TestClientThatStopsReadingItsConnectionIsHungUpOn: a client whose whole
// connection stops reading after its first frame began gets no answer to
// anything, so closing its channel cannot end the session; closing the
// connection does.
func TestClientThatStopsReadingItsConnectionIsHungUpOn(t *testing.T) {
	h, models := stuckServer(t)
	nc, err := net.Dial("tcp", h.addr)
	if err != nil {
		t.Fatal(err)
	}
	fc := &frozenConn{Conn: nc, frozen: make(chan struct{}), thaw: make(chan struct{})}
	t.Cleanup(func() {
		close(fc.thaw)
		_ = nc.Close()
	})
	conn, chans, reqs, err := gossh.NewClientConn(fc, h.addr, &gossh.ClientConfig{
		User: "mallory", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: patience,
	})
	if err != nil {
		t.Fatal(err)
	}
	openShell(t, gossh.NewClient(conn, chans, reqs))
	m := await(t, models, "the session's model")
	await(t, m.drawn, "the first frame")
	fc.freeze()
	h.idleOut()
	h.released(t)
}
