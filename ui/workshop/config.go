package workshop

import (
	"errors"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

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
	// DefaultInstructor is the SSH user name that opens the dashboard.
	DefaultInstructor = "instructor"
	// DefaultShutdownGrace is how long a model gets to save and quit after
	// a ShutdownMsg.
	DefaultShutdownGrace = 3 * time.Second
)

// Config configures a Server. A zero limit means no limit.
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
	// IdleTimeout ends a learner's session after this long without input.
	IdleTimeout time.Duration
	// MaxSessionLength ends a learner's session this long after it began.
	MaxSessionLength time.Duration
	// InputRate limits each connection to this many key, paste and mouse
	// events a second, after a burst of InputBurst; input beyond it is
	// dropped, never the connection.
	InputRate  float64
	InputBurst int

	// Instructor is the SSH user name that opens the dashboard instead of
	// the tutorial; empty disables the dashboard. Only this name needs
	// credentials: InstructorPassword or one of InstructorKeys. With
	// neither set, nobody can log in as the instructor.
	Instructor         string
	InstructorPassword string
	InstructorKeys     []ssh.PublicKey

	// ShutdownGrace is how long a model gets to save and quit after a
	// ShutdownMsg before the server quits it; zero means
	// DefaultShutdownGrace.
	ShutdownGrace time.Duration
	// Now is the wall clock, for idle times and the dashboard; nil means
	// time.Now. Tests inject their own.
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
	case c.MaxSessions < 0:
		return errors.New("workshop: the maximum number of sessions cannot be negative")
	case c.IdleTimeout < 0 || c.MaxSessionLength < 0:
		return errors.New("workshop: a timeout cannot be negative")
	case c.InputRate < 0 || c.InputBurst < 0:
		return errors.New("workshop: the input rate cannot be negative")
	case c.ShutdownGrace < 0:
		return errors.New("workshop: the shutdown grace period cannot be negative")
	}
	return nil
}
