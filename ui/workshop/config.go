package workshop

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// SessionLimits bound what each learner's world remembers and does: the
// most recent 5,000 events (a lesson step takes a few dozen; the sequence
// diagram shows far fewer); 20,000 issuer records, 10,000 of them for one
// login; 5,000 actions, which undo replays; and 300 automatic refreshes
// per action (a 3-day jump on 15-minute tokens; about 20 ms of work, so a
// key held down costs a fraction of a core) and 20,000 over a world's
// life (a replay of about a second). A learner pressing keys as fast as
// the input limit allows for a whole session still fits in a few
// megabytes and never pins a core; a reset starts a world afresh.
var SessionLimits = sim.Limits{Events: 5000, Issuer: issuer.Limits{Records: 20000, PerLogin: 10000},
	Actions: 5000, AutoRefreshes: 300, AutoRefreshTotal: 20000}

// Defaults for the limits, as `tokenflow ssh` offers them. They are sized
// for a room of a few dozen learners on a laptop.
const (
	DefaultMaxSessions      = 100
	DefaultIdleTimeout      = 30 * time.Minute
	DefaultMaxSessionLength = 4 * time.Hour
	// DefaultInputRate and DefaultInputBurst allow a held-down key
	// (about 30 repeats a second on most systems, after the burst) to be
	// thinned rather than to queue up work.
	DefaultInputRate  = 20
	DefaultInputBurst = 40
	// DefaultInputByteRate and DefaultInputByteBurst are far above what
	// a person types (a few bytes a key, even with the kitty keyboard
	// protocol's release events) and hold a few pastes at once.
	DefaultInputByteRate  = 2048
	DefaultInputByteBurst = 16 << 10
	// DefaultMaxPaste is what anyone pastes into the tutorial: a token
	// (an RS256 access token is under 1 KiB) or a line of a script.
	DefaultMaxPaste = 4 << 10
	// DefaultMaxWidth and DefaultMaxHeight are the largest terminal a
	// session is drawn for: a full-screen terminal on a laptop or a 4K
	// screen at the usual scaling, and more columns than any pane uses.
	// Every frame is drawn at that size, so it bounds what a frame costs
	// and each session's memory: about 0.7 MB of heap a learner at this
	// size, 1.2 MB at 500×200, 0.4 MB at 100×30 (BENCHMARKS.md).
	DefaultMaxWidth  = 300
	DefaultMaxHeight = 100
	// DefaultResizeRate passes a window being dragged at ten sizes a
	// second; the last size always arrives.
	DefaultResizeRate = 10
	// DefaultMaxPerAddress lets a room behind one NAT, which shares one
	// public address, connect as a whole, while one address alone cannot
	// take every place of DefaultMaxSessions.
	DefaultMaxPerAddress = 50
	// DefaultInstructor is the SSH user name that opens the dashboard.
	DefaultInstructor = "instructor"
	// DefaultStuckAfter is how long a learner may spend on one step before
	// the dashboard marks them stuck: most steps take a minute or two.
	DefaultStuckAfter = 5 * time.Minute
	// DefaultShutdownGrace is how long a model gets to save and quit after
	// a ShutdownMsg.
	DefaultShutdownGrace = 3 * time.Second
	// MaxCells bounds MaxWidth × MaxHeight: it is Bubble Tea's own bound on
	// a window size that it takes from a resize.
	MaxCells = 1 << 20
)

// Config configures a Server. A zero limit means no limit, except for the
// terminal size and the paste size: those bound memory, so zero means
// their default.
type Config struct {
	// NewModel builds the model for one learner's connection; it must
	// return a fresh model sharing nothing with any other. An error ends
	// that connection with an apology; the server carries on. Required.
	NewModel func(s Session) (tea.Model, error)

	// StateDir holds the host key and users/<name>/, one directory per
	// learner (see UserDirName). Required; created if missing.
	StateDir string
	// HostKeyPath is the server's private host key, generated there on
	// first start and reused after; empty means StateDir/ssh_host_ed25519_key.
	HostKeyPath string

	// MaxSessions caps the learners connected at once; the instructor does
	// not count. One more is told the workshop is full and disconnected.
	MaxSessions int
	// MaxPerAddress caps the learners connected at once from one network
	// address (an IPv4 address, or an IPv6 /64, which one machine can
	// hold whole); one more is told why and disconnected. The instructor
	// does not count. An address may hold twice as many connections,
	// counted before anyone logs in, so a refused client still hears why;
	// beyond that, a new connection takes the place of the address's
	// connection that has gone longest without a session, or, if each
	// holds one, is closed at once. Whatever the limits, a connection that
	// goes 30 seconds without a session is closed.
	MaxPerAddress int
	// IdleTimeout ends a learner's session after this long without input.
	IdleTimeout time.Duration
	// MaxSessionLength ends a learner's session this long after it began.
	MaxSessionLength time.Duration
	// InputRate limits each learner's connection to this many key, paste
	// and mouse events a second, after a burst of InputBurst; input beyond
	// it is dropped, never the connection, and the learner is told. The
	// instructor, who logged in with a password or key, is not held to it
	// (InputByteRate still applies).
	InputRate  float64
	InputBurst int
	// InputByteRate limits the bytes of input each connection sends, a
	// second, after a burst of InputByteBurst; input beyond it is dropped
	// before it is decoded, and the learner is told.
	InputByteRate  float64
	InputByteBurst int
	// MaxPaste is the largest paste a session takes, in bytes; a longer
	// one is dropped whole and the learner told. Zero means
	// DefaultMaxPaste.
	MaxPaste int
	// MaxWidth and MaxHeight bound the terminal size a session is drawn
	// for, at connection and at every resize; a larger terminal is drawn
	// at the bound and the learner told. Zero means DefaultMaxWidth and
	// DefaultMaxHeight.
	MaxWidth, MaxHeight int
	// ResizeRate limits the window changes each connection passes to its
	// program, a second; faster changes are merged into the latest size.
	ResizeRate float64

	// Instructor is the SSH user name that opens the dashboard instead of
	// the tutorial; empty disables the dashboard. It is compared as
	// learners' names are, regardless of case and Unicode normalization.
	// Only this name needs credentials: InstructorPassword or one of
	// InstructorKeys. With neither set, nobody can log in under it.
	Instructor         string
	InstructorPassword string
	InstructorKeys     []ssh.PublicKey

	// StuckAfter is how long a learner may spend on one lesson step before
	// the dashboard marks them stuck (so does having shown every hint);
	// zero marks nobody stuck for time alone.
	StuckAfter time.Duration

	// ShutdownGrace is how long a model gets to save and quit after a
	// ShutdownMsg before the server quits it, and how long each later step
	// of a session's end waits (killing the program, closing the
	// connection of a client that stopped reading; ending.go); zero means
	// DefaultShutdownGrace.
	ShutdownGrace time.Duration
	// Now is the wall clock, for idle times, the dashboard and the rate
	// limits; nil means time.Now. Tests inject their own.
	Now func() time.Time
	// Logger receives one line per session started, refused and ended;
	// nil discards them.
	Logger *slog.Logger
}

// validate reports the first field that cannot work.
func (c Config) validate() error {
	switch {
	case c.NewModel == nil:
		return errors.New("workshop: Config.NewModel is required")
	case c.StateDir == "":
		return errors.New("workshop: Config.StateDir is required")
	case c.MaxSessions < 0 || c.MaxPerAddress < 0:
		return errors.New("workshop: the maximum number of sessions cannot be negative")
	case c.IdleTimeout < 0 || c.MaxSessionLength < 0:
		return errors.New("workshop: a timeout cannot be negative")
	case c.InputRate < 0 || c.InputBurst < 0 || c.InputByteRate < 0 || c.InputByteBurst < 0 || c.ResizeRate < 0:
		return errors.New("workshop: an input rate cannot be negative")
	case c.MaxPaste < 0 || c.MaxWidth < 0 || c.MaxHeight < 0:
		return errors.New("workshop: the paste and terminal sizes cannot be negative")
	case c.MaxWidth > MaxCells || c.MaxHeight > MaxCells || c.withDefaults().MaxWidth*c.withDefaults().MaxHeight > MaxCells:
		return fmt.Errorf("workshop: the largest terminal can have at most %d cells", MaxCells)
	case c.InputByteRate > 0 && c.InputByteBurst < c.withDefaults().MaxPaste:
		return errors.New("workshop: the input byte burst must hold the largest paste")
	case c.StuckAfter < 0:
		return errors.New("workshop: the time after which a learner counts as stuck cannot be negative")
	case c.ShutdownGrace < 0:
		return errors.New("workshop: the shutdown grace period cannot be negative")
	}
	return nil
}

// withDefaults fills in the fields whose zero means a default.
func (c Config) withDefaults() Config {
	if c.ShutdownGrace == 0 {
		c.ShutdownGrace = DefaultShutdownGrace
	}
	if c.MaxPaste == 0 {
		c.MaxPaste = DefaultMaxPaste
	}
	if c.MaxWidth == 0 {
		c.MaxWidth = DefaultMaxWidth
	}
	if c.MaxHeight == 0 {
		c.MaxHeight = DefaultMaxHeight
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
