package workshop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/plural"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// handshakeTimeout drops connections that never finish the SSH handshake,
// so they cannot hold sockets open forever.
const handshakeTimeout = 30 * time.Second

// sessionWait is how long a connection may go without a session, from
// its accept or from the end of its last session, before it is closed: a
// learner's client asks for one as soon as it has logged in, so the time
// the handshake may take is ample.
const sessionWait = handshakeTimeout

// sweepEvery is how often the idle and session-length limits are checked;
// both are minutes long, so a second of lateness does not matter.
const sweepEvery = time.Second

// Refusals, one line each, as the connecting learner reads them.
var (
	errNoPTY   = errors.New("this is a full-screen terminal app: connect from a terminal with plain ssh (add -t if you gave a command)")
	errClosing = errors.New("the workshop server is shutting down; please try again in a moment")
	errNoModel = errors.New("the tutorial could not start; please tell the instructor")
)

// Server is the workshop SSH server. Create it with New, run it with Serve
// and stop it with Shutdown.
type Server struct {
	cfg         Config
	srv         *ssh.Server
	hostKeyPath string
	fingerprint string
	now         func() time.Time
	log         *slog.Logger

	mu        sync.Mutex
	nextID    uint64
	closing   bool
	conns     map[uint64]*conn
	listeners []net.Listener
	// links are the open connections from each address (addressOf), with
	// a session or without.
	links map[string][]*link
	// learners holds what the connected learners' sessions share, by
	// directory.
	learners map[string]*learner
	// watching maps each instructor session to the learner session it
	// watches.
	watching map[uint64]uint64

	sweepOnce sync.Once
	stopOnce  sync.Once
	stop      chan struct{}
	// lock keeps the state directory this server's alone until Shutdown.
	lock *stateLock
}

// New checks cfg, creates the state directory, locks it for this server
// alone until Shutdown (a second server on it, or ArchiveProgress, gets a
// *StateInUseError), and loads the host key, generating it on first use.
func New(cfg Config) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:         cfg,
		hostKeyPath: cfg.HostKeyPath,
		now:         cfg.Now,
		log:         cfg.Logger,
		conns:       map[uint64]*conn{},
		links:       map[string][]*link{},
		learners:    map[string]*learner{},
		watching:    map[uint64]uint64{},
		stop:        make(chan struct{}),
	}
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("workshop: state directory: %w", err)
	}
	lock, err := lockState(cfg.StateDir)
	if err != nil {
		return nil, err
	}
	s.lock = lock
	if s.hostKeyPath == "" {
		s.hostKeyPath = filepath.Join(cfg.StateDir, "ssh_host_ed25519_key")
	}
	srv, err := wish.NewServer(
		// Given a path, wish generates the key there once and reuses it,
		// so learners' known_hosts entries stay valid across restarts.
		wish.WithHostKeyPath(s.hostKeyPath),
		wish.WithPasswordAuth(s.passwordAuth),
		wish.WithPublicKeyAuth(s.publicKeyAuth),
		wish.WithKeyboardInteractiveAuth(s.keyboardInteractiveAuth),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }),
	)
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("workshop: host key %s: %w", s.hostKeyPath, err)
	}
	srv.ServerConfigCallback = s.serverConfig
	srv.HandshakeTimeout = handshakeTimeout
	srv.ConnCallback = s.acceptConn
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	s.srv = srv
	if len(srv.HostSigners) > 0 {
		s.fingerprint = gossh.FingerprintSHA256(srv.HostSigners[0].PublicKey())
	}
	return s, nil
}

// HostKeyPath is the file holding the server's private host key.
func (s *Server) HostKeyPath() string { return s.hostKeyPath }

// Fingerprint is the SHA256 fingerprint of the host key, as ssh shows it on
// first connection, for the instructor to put on a slide.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Serve accepts connections on l until Shutdown, then returns nil. Called
// once Shutdown has begun, it closes l and returns nil at once.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		_ = l.Close()
		return nil
	}
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()
	s.sweepOnce.Do(func() { go s.sweepLoop() })
	err := s.srv.Serve(l)
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if errors.Is(err, ssh.ErrServerClosed) || (closing && errors.Is(err, net.ErrClosed)) {
		return nil
	}
	return err
}

// Shutdown refuses new sessions, sends every session a ShutdownMsg, waits
// until each program has finished (models save their progress then) or ctx
// is done, and closes the server. It returns ctx's error if some session
// did not finish in time.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	conns, listeners := s.all(), s.listeners
	s.mu.Unlock()
	s.stopOnce.Do(func() { close(s.stop) })

	for _, c := range conns {
		s.end(c, "the workshop server is shutting down; connect again later to continue where you left off")
	}
	var err error
wait:
	for _, c := range conns {
		select {
		case <-c.done:
		case <-ctx.Done():
			err = ctx.Err()
			break wait
		}
	}
	// Every session has finished, or time is up; the connections that
	// remain are idle SSH transports with nothing left to lose.
	_ = s.srv.Close()
	// srv.Close closes only the listeners its Serve has reached; a Serve
	// called just before Shutdown may not have reached it yet and would
	// accept forever. Closed here, its Accept fails at once, which Serve
	// takes for a clean stop.
	for _, l := range listeners {
		_ = l.Close()
	}
	// Every session has saved, or been cut off: the directory is free for
	// the next server, or for an archive between groups.
	s.lock.release()
	return err
}

// handle serves one SSH session from admission to the last line.
func (s *Server) handle(raw ssh.Session) {
	pty, windows, ok := raw.Pty()
	if !ok {
		s.refuse(raw, false, errNoPTY)
		return
	}
	c, err := s.admit(raw, pty)
	if err != nil {
		s.refuse(raw, true, err)
		return
	}
	defer close(c.done)
	// Removed again in case the program panicked; normally the slot is
	// freed below, before the client learns that the session is over.
	defer s.remove(c)
	s.log.Info("session started", "user", displayName(c.user), "instructor", c.instructor, "remote", raw.RemoteAddr().String())

	m, err := s.model(c)
	if err != nil {
		s.log.Error("cannot build the model", "user", displayName(c.user), "err", err)
		s.remove(c)
		s.refuse(raw, true, errNoModel)
		return
	}
	// The program sees the terminal no larger than the bounds, from its
	// first frame on: the size it starts with comes from pty.
	pty.Window.Width, pty.Window.Height = c.width, c.height
	sess := session{Session: raw, pty: pty, input: s.guard(c, raw)}
	if p := s.program(c, m, sess); p != nil {
		go s.watchWindow(c, p, windows)
		bm.MiddlewareWithProgramHandler(func(ssh.Session) *tea.Program { return p })(func(ssh.Session) {})(sess)
	}
	// Out of the alternate screen, the cursor back, before the goodbye.
	restored := c.screen == nil || c.screen.close(s.cfg.ShutdownGrace)
	s.remove(c)

	c.mu.Lock()
	reason := c.endReason
	c.mu.Unlock()
	s.log.Info("session ended", "user", displayName(c.user), "reason", reason)
	if !restored {
		// The client has not taken the last frame: it stopped reading,
		// and nothing more would reach it.
		s.hangUp(c, "the client stopped reading")
		return
	}
	s.goodbye(c, raw, reason)
}

// guard is the filter on c's input.
func (s *Server) guard(c *conn, src io.Reader) *inputGuard {
	var bytes *rate.Limiter
	if s.cfg.InputByteRate > 0 {
		bytes = rate.NewLimiter(rate.Limit(s.cfg.InputByteRate), s.cfg.InputByteBurst)
	}
	return newInputGuard(src, s.now, bytes, s.cfg.MaxPaste, c.tell)
}

// refuse tells the client why in one line and ends the session.
func (s *Server) refuse(sess ssh.Session, pty bool, why error) {
	s.log.Info("session refused", "user", displayName(sess.User()), "reason", why.Error())
	eol := "\n"
	if pty {
		// Standard error bypasses the emulated PTY's newline translation.
		eol = "\r\n"
	}
	_, _ = io.WriteString(sess.Stderr(), "tokenflow: "+why.Error()+eol)
	_ = sess.Exit(1)
}

// model builds the session's model, in its seat: the dashboard for the
// instructor, Config.NewModel's model for a learner.
func (s *Server) model(c *conn) (tea.Model, error) {
	if c.instructor {
		return newSeat(newDashboard(roomView{s: s, viewer: c}, s.now, s.cfg.MaxSessions, s.cfg.StuckAfter), c), nil
	}
	m, err := s.cfg.NewModel(c)
	if err == nil && m == nil {
		err = errors.New("workshop: NewModel returned no model")
	}
	if err != nil {
		return nil, err
	}
	return newSeat(m, c), nil
}

// program wraps the session's model in a Bubble Tea program reading and
// writing the SSH channel.
func (s *Server) program(c *conn, m tea.Model, sess session) *tea.Program {
	opts := append(bm.MakeOptions(sess),
		tea.WithFilter(s.filter(c)),
		// The server's own SIGINT and SIGTERM are for Shutdown, which
		// lets each model save; a program must not quit on them by itself.
		tea.WithoutSignalHandler(),
	)
	opts = append(opts, drawOwn(c, sess, sess.pty)...)
	p := tea.NewProgram(m, opts...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.endReason != "" {
		// Ended (by Shutdown, say) while the model was being built.
		return nil
	}
	c.program = p
	return p
}

// sweepLoop enforces the idle and session-length limits, and closes
// connections without a session, until Shutdown.
func (s *Server) sweepLoop() {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.sweep()
		}
	}
}

// sweep ends every learner session past a limit at s.now(), and closes
// every connection that has gone too long without a session. The
// instructor's session is exempt: watching the dashboard for hours is the
// job.
func (s *Server) sweep() {
	now := s.now()
	s.sweepLinks(now)
	s.mu.Lock()
	conns := s.all()
	s.mu.Unlock()
	for _, c := range conns {
		if c.instructor {
			continue
		}
		c.mu.Lock()
		idle := now.Sub(c.lastInput)
		c.mu.Unlock()
		switch {
		case s.cfg.MaxSessionLength > 0 && now.Sub(c.connected) >= s.cfg.MaxSessionLength:
			s.end(c, fmt.Sprintf("sessions end after %s; connect again to continue where you left off", clock.Spell(s.cfg.MaxSessionLength)))
		case s.cfg.IdleTimeout > 0 && idle >= s.cfg.IdleTimeout:
			s.end(c, fmt.Sprintf("disconnected after %s without a key press; connect again to continue where you left off", clock.Spell(s.cfg.IdleTimeout)))
		}
	}
}

// admit registers a new session, or says why it cannot have one.
func (s *Server) admit(sess ssh.Session, pty ssh.Pty) (*conn, error) {
	now := s.now()
	size, _ := s.clamp(pty.Window)
	c := &conn{
		user:       sess.User(),
		addr:       addressOf(sess.RemoteAddr()),
		link:       sess.Context().Value(linkKey).(*link),
		width:      size.Width,
		height:     size.Height,
		size:       size,
		ctx:        sess.Context(),
		connected:  now,
		lastInput:  now,
		stepSince:  now,
		instructor: s.isInstructor(sess.User()),
		now:        s.now,
		done:       make(chan struct{}),
	}
	if s.cfg.InputRate > 0 && !c.instructor {
		// The instructor logged in with a password or key, and types a
		// message to the room faster than a learner plays: dropping their
		// keys would send it with holes.
		c.input = rate.NewLimiter(rate.Limit(s.cfg.InputRate), max(1, s.cfg.InputBurst))
	}
	if !c.instructor {
		dir, err := userDir(s.cfg.StateDir, c.user)
		if err != nil {
			return nil, err
		}
		c.dir = dir
	}

	s.mu.Lock()
	switch {
	case s.closing:
		s.mu.Unlock()
		return nil, errClosing
	case !c.instructor && s.cfg.MaxSessions > 0 && s.learnerCount("") >= s.cfg.MaxSessions:
		s.mu.Unlock()
		return nil, fmt.Errorf("the workshop is full (%s connected); please try again in a few minutes", plural.Count(s.cfg.MaxSessions, "learner"))
	case !c.instructor && s.cfg.MaxPerAddress > 0 && s.learnerCount(c.addr) >= s.cfg.MaxPerAddress:
		s.mu.Unlock()
		return nil, fmt.Errorf("your network address has %s connected already, the most one address may have; please try again later (the instructor can raise the limit)", plural.Count(s.cfg.MaxPerAddress, "learner"))
	}
	s.nextID++
	c.id = s.nextID
	s.conns[c.id] = c
	if c.dir != "" {
		s.join(c)
	}
	s.mu.Unlock()

	if c.dir != "" {
		if err := os.MkdirAll(c.dir, 0o700); err != nil {
			s.remove(c)
			s.log.Error("cannot create user directory", "dir", c.dir, "err", err)
			return nil, errors.New("the server cannot keep your progress; please tell the instructor")
		}
		s.openProgress(c)
	}
	return c, nil
}

// remove forgets a finished session; removing it again does nothing. An
// instructor's session stops watching.
func (s *Server) remove(c *conn) {
	s.mu.Lock()
	if _, ok := s.conns[c.id]; ok {
		delete(s.conns, c.id)
		s.leave(c)
	}
	watched := s.conns[s.watching[c.id]]
	delete(s.watching, c.id)
	s.mu.Unlock()
	if watched != nil {
		watched.watched(-1)
	}
}

// all lists the sessions; s.mu must be held.
func (s *Server) all() []*conn {
	conns := make([]*conn, 0, len(s.conns))
	for _, c := range s.conns {
		conns = append(conns, c)
	}
	return conns
}

// learnerCount counts learner sessions, from addr or from anywhere if addr
// is empty; s.mu must be held.
func (s *Server) learnerCount(addr string) int {
	n := 0
	for _, c := range s.conns {
		if !c.instructor && (addr == "" || c.addr == addr) {
			n++
		}
	}
	return n
}

// learnerRows is the dashboard's view of the learners, by user name and
// then by connection time.
func (s *Server) learnerRows() []learnerRow {
	s.mu.Lock()
	conns := s.all()
	s.mu.Unlock()
	rows := make([]learnerRow, 0, len(conns))
	for _, c := range conns {
		if !c.instructor {
			rows = append(rows, c.row())
		}
	}
	// One learner's sessions (alice and Alice) sit together.
	sort.Slice(rows, func(i, j int) bool {
		if a, b := foldName(rows[i].User), foldName(rows[j].User); a != b {
			return a < b
		}
		return rows[i].Connected.Before(rows[j].Connected)
	})
	return rows
}

// resetAll sends ResetWorldMsg to every learner session; it returns how
// many worlds start afresh and how many stay, on a finished step.
func (s *Server) resetAll() (reset, kept int) {
	s.mu.Lock()
	conns := s.all()
	s.mu.Unlock()
	for _, c := range conns {
		if c.instructor || !c.send(ResetWorldMsg{Room: true}) {
			continue
		}
		if c.onFinishedStep() {
			kept++
		} else {
			reset++
		}
	}
	s.log.Info("instructor reset all worlds", "reset", reset, "kept", kept)
	return reset, kept
}
