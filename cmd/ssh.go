package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/ui"
	courseui "github.com/tokenflow/tokenflow/ui/course"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// instructorPasswordEnv is read when --instructor-password is not given,
// so the password need not show in the process list.
const instructorPasswordEnv = "TOKENFLOW_INSTRUCTOR_PASSWORD"

// sshShutdownTimeout bounds a graceful stop: every model gets
// workshop.DefaultShutdownGrace to save, and a stuck one as long again to
// be quit, before the server closes regardless.
const sshShutdownTimeout = 3*workshop.DefaultShutdownGrace + time.Second

// sshOptions are the flags of `tokenflow ssh`.
type sshOptions struct {
	addr, state, hostKey                           string
	maxSessions, maxPerAddress, burst              int
	byteBurst, maxPaste                            int
	idle, maxSession, stuckAfter                   time.Duration
	archive                                        bool
	rate, byteRate, resizeRate                     float64
	terminal                                       string
	instructor, instructorPassword, instructorKeys string
}

func newSSHCmd() *cobra.Command {
	var o sshOptions
	cmd := &cobra.Command{
		Use:   "ssh",
		Short: "Serve the tutorial over SSH to a whole room, with an instructor dashboard",
		Long: `Serve tokenflow over SSH, so learners need nothing but an ssh client:

  ssh -p 23234 YOURNAME@HOST

Every connection gets its own world (issuer keys, clock, attacker); the
first is seeded --seed, the next --seed+1 and so on. Progress is kept per
SSH user name (case aside) in the state directory, so a learner who
reconnects under the same name continues where they left off, and two
sessions of one learner add to the same progress. Learners need no password.

Connecting as the instructor (--instructor, in any case, with
--instructor-password or a key from --instructor-key) opens a live
dashboard of every learner instead: where each is, how long on the step,
the hints shown and the actions refused, who looks stuck (every hint shown,
or --stuck-after on one step). From it the instructor watches a learner's
screen, sends them or the room a message, resets worlds, clears a
learner's progress, disconnects them, exports the room as CSV and, between
groups, archives everyone's progress; ? lists its keys. The password may
also come from $` + instructorPasswordEnv + `.

A learner's q (and ctrl+c) asks before leaving, since work inside the
current step is lost; y, enter or ctrl+c again leaves.

Between two groups, --archive-progress moves the learners' progress to
STATE/archive/users-DATE-TIME and exits, so the next group starts afresh
under the same names and nothing is deleted; run it with the server
stopped: while a server runs on the same state directory it refuses, and
so does a second server (the dashboard's A archives while it runs).

The host key is generated into the state directory on first start and reused.
Ctrl+C (or SIGTERM) tells every session, lets it save, and stops; it never
waits for this command's own output, so a log piped into a reader that has
gone loses lines, not goodbyes.

Limits keep one learner from taking the room down: a terminal larger than
--max-terminal is drawn at that size, a paste longer than --max-paste is
ignored, input beyond --rate events or --byte-rate bytes a second is dropped
(the learner is told each time), window changes beyond --resize-rate are
merged, and one address may hold --max-per-address learners (a room behind
one NAT shares one address: raise it for a larger room). Each connection
runs one session at a time, and one that goes 30 seconds without a session
is closed. A limit of 0 turns that limit off, except the
terminal and paste sizes, which bound memory.`,
		Example: `  tokenflow ssh
  tokenflow ssh --addr 0.0.0.0:23234 --instructor-password 'correct horse'
  tokenflow ssh --instructor-key ~/.ssh/id_ed25519.pub --max-sessions 40
  tokenflow ssh --archive-progress`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.archive {
				return o.archiveProgress(cmd.OutOrStdout())
			}
			cfg, err := o.config(cmd, seedFlag(cmd))
			if err != nil {
				return err
			}
			return runSSH(cmd.Context(), o.addr, cfg, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:23234", "address to listen on; 0.0.0.0:23234 lets the room in (port 0 picks a free port)")
	f.StringVar(&o.state, "state", "", "state directory for the host key and learners' progress (default $"+lessons.HomeEnv+"/ssh or tokenflow/ssh in the user config directory)")
	f.StringVar(&o.hostKey, "host-key", "", "host private key file, generated if missing (default STATE/ssh_host_ed25519_key)")
	f.IntVar(&o.maxSessions, "max-sessions", workshop.DefaultMaxSessions, "learners connected at once; one more is told the workshop is full")
	f.IntVar(&o.maxPerAddress, "max-per-address", workshop.DefaultMaxPerAddress, "learners connected at once from one network address (IPv6: one /64); raise it for a larger room behind one NAT")
	f.DurationVar(&o.idle, "idle-timeout", workshop.DefaultIdleTimeout, "disconnect a learner after this long without a key press")
	f.DurationVar(&o.maxSession, "max-session", workshop.DefaultMaxSessionLength, "disconnect a learner after this long connected")
	f.Float64Var(&o.rate, "rate", workshop.DefaultInputRate, "input events a second per learner's connection (not the instructor's); input beyond it is dropped")
	f.IntVar(&o.burst, "rate-burst", workshop.DefaultInputBurst, "input events allowed at once before --rate applies")
	f.Float64Var(&o.byteRate, "byte-rate", workshop.DefaultInputByteRate, "input bytes a second per connection; input beyond it is dropped before it is decoded")
	f.IntVar(&o.byteBurst, "byte-burst", workshop.DefaultInputByteBurst, "input bytes allowed at once before --byte-rate applies; at least --max-paste")
	f.IntVar(&o.maxPaste, "max-paste", workshop.DefaultMaxPaste, "longest paste in bytes; a longer one is ignored")
	f.StringVar(&o.terminal, "max-terminal", fmt.Sprintf("%dx%d", workshop.DefaultMaxWidth, workshop.DefaultMaxHeight), "largest terminal drawn, COLUMNSxROWS; a larger one is drawn at this size")
	f.Float64Var(&o.resizeRate, "resize-rate", workshop.DefaultResizeRate, "window changes a second per connection; faster ones are merged into the latest")
	f.StringVar(&o.instructor, "instructor", workshop.DefaultInstructor, "SSH user name that opens the instructor dashboard")
	f.StringVar(&o.instructorPassword, "instructor-password", "", "password of the instructor (or $"+instructorPasswordEnv+")")
	f.StringVar(&o.instructorKeys, "instructor-key", "", "authorized_keys file with the instructor's public keys")
	f.DurationVar(&o.stuckAfter, "stuck-after", workshop.DefaultStuckAfter, "mark a learner stuck on the dashboard after this long on one step (0: only when every hint is shown)")
	f.BoolVar(&o.archive, "archive-progress", false, "move the learners' progress to STATE/archive/users-DATE-TIME and exit, so the next group starts afresh (refused while a server runs on STATE)")
	return cmd
}

// config checks the flags and builds the server's configuration.
func (o sshOptions) config(cmd *cobra.Command, seed uint64) (workshop.Config, error) {
	var cfg workshop.Config
	if err := checkAddr(o.addr, "0.0.0.0:23234"); err != nil {
		return cfg, err
	}
	for _, check := range []struct {
		bad  bool
		flag string
	}{
		{o.maxSessions < 0, "max-sessions"},
		{o.maxPerAddress < 0, "max-per-address"},
		{o.idle < 0, "idle-timeout"},
		{o.maxSession < 0, "max-session"},
		{o.rate < 0 || math.IsNaN(o.rate), "rate"},
		{o.burst < 0, "rate-burst"},
		{o.byteRate < 0 || math.IsNaN(o.byteRate), "byte-rate"},
		{o.byteBurst < 0, "byte-burst"},
		{o.resizeRate < 0 || math.IsNaN(o.resizeRate), "resize-rate"},
		{o.stuckAfter < 0, "stuck-after"},
	} {
		if check.bad {
			value := cmd.Flags().Lookup(check.flag).Value.String()
			return cfg, &UsageError{Err: fmt.Errorf("invalid value for --%s: %s: want 0 (no limit) or more", check.flag, value)}
		}
	}
	if o.maxPaste < 1 {
		return cfg, &UsageError{Err: fmt.Errorf("invalid value for --max-paste: %d: want 1 or more bytes", o.maxPaste)}
	}
	if o.byteRate > 0 && o.byteBurst < o.maxPaste {
		return cfg, &UsageError{Err: fmt.Errorf("invalid value for --byte-burst: %d: want at least --max-paste (%d), or no paste could pass", o.byteBurst, o.maxPaste)}
	}
	width, height, err := parseTerminalSize(o.terminal)
	if err != nil {
		return cfg, &UsageError{Err: fmt.Errorf("invalid value for --max-terminal: %q: %w", o.terminal, err)}
	}
	state, err := o.stateDir()
	if err != nil {
		return cfg, err
	}
	password := o.instructorPassword
	if !cmd.Flags().Changed("instructor-password") {
		password = os.Getenv(instructorPasswordEnv)
	}
	// Loaded once: every session reads the same lessons, never writes them.
	course, err := loadLessons(cmd)
	if err != nil {
		return cfg, &ExitError{Code: exitFailure, Err: err}
	}
	cfg = workshop.Config{
		NewModel:           newWorkshopModel(seed, course),
		StateDir:           state,
		HostKeyPath:        o.hostKey,
		MaxSessions:        o.maxSessions,
		MaxPerAddress:      o.maxPerAddress,
		IdleTimeout:        o.idle,
		MaxSessionLength:   o.maxSession,
		InputRate:          o.rate,
		InputBurst:         o.burst,
		InputByteRate:      o.byteRate,
		InputByteBurst:     o.byteBurst,
		MaxPaste:           o.maxPaste,
		MaxWidth:           width,
		MaxHeight:          height,
		ResizeRate:         o.resizeRate,
		StuckAfter:         o.stuckAfter,
		Instructor:         o.instructor,
		InstructorPassword: password,
	}
	if o.instructorKeys != "" {
		if cfg.InstructorKeys, err = workshop.ReadAuthorizedKeys(o.instructorKeys); err != nil {
			return cfg, &UsageError{Err: fmt.Errorf("invalid value for --instructor-key: %w", err)}
		}
	}
	return cfg, nil
}

// stateDir is --state, or its default.
func (o sshOptions) stateDir() (string, error) {
	if o.state != "" {
		return o.state, nil
	}
	home, err := lessons.DefaultDir()
	if err != nil {
		return "", &UsageError{Err: fmt.Errorf("no default state directory (%v): give --state", err)}
	}
	return filepath.Join(home, "ssh"), nil
}

// archiveProgress is --archive-progress: the last group's progress moves
// aside, nothing is deleted, and the command says where it went.
func (o sshOptions) archiveProgress(out io.Writer) error {
	state, err := o.stateDir()
	if err != nil {
		return err
	}
	path, n, err := workshop.ArchiveProgress(state, time.Now())
	var inUse *workshop.StateInUseError
	switch {
	case errors.As(err, &inUse):
		// Its learners' next saves would bring the archived progress back.
		return fmt.Errorf("ssh: --archive-progress: %s: archive from its dashboard (A), or stop it first", inUse.Holder())
	case err != nil:
		return fmt.Errorf("ssh: %w", err)
	case path == "":
		fmt.Fprintf(out, "no learners' progress in %s: nothing to archive\n", filepath.Join(state, "users"))
	case n == 1:
		fmt.Fprintf(out, "archived the progress of 1 learner to %s; the next group starts afresh\n", path)
	default:
		fmt.Fprintf(out, "archived the progress of %d learners to %s; the next group starts afresh\n", n, path)
	}
	return nil
}

// parseTerminalSize reads COLUMNSxROWS, within what Bubble Tea itself takes
// for a window (workshop.MaxCells).
func parseTerminalSize(s string) (width, height int, err error) {
	w, h, ok := strings.Cut(strings.ToLower(s), "x")
	width, werr := strconv.Atoi(w)
	height, herr := strconv.Atoi(h)
	switch {
	case !ok || werr != nil || herr != nil:
		return 0, 0, errors.New("want COLUMNSxROWS, for example 300x100")
	case width < 1 || height < 1 || width > workshop.MaxCells || height > workshop.MaxCells || width*height > workshop.MaxCells:
		return 0, 0, fmt.Errorf("want at least 1x1 and at most %d cells", workshop.MaxCells)
	}
	return width, height, nil
}

// newWorkshopModel builds each learner's tutorial. Each connection gets the
// next seed, so no two learners share issuer keys or token values; the
// progress is the learner's own store, shared by all their sessions, so a
// second terminal adds to it and reconnecting under the same name resumes
// it. Nothing is exported to the server's disk: the export key shows the
// Markdown to copy instead. The server asks before a learner leaves, and
// the help says so.
func newWorkshopModel(seed uint64, course []*lessons.Lesson) func(workshop.Session) (tea.Model, error) {
	var n atomic.Uint64
	return func(s workshop.Session) (tea.Model, error) {
		// A progress file that had to be set aside is told on the
		// learner's screen.
		store := s.Progress()
		return ui.New(ui.Options{
			Seed:     seed + n.Add(1) - 1,
			Now:      time.Now,
			Lessons:  course,
			Progress: store,
			OnLesson: lessonReporter(s, course, store),
			Limits:   workshop.SessionLimits,
			QuitAsks: true,
		})
	}
}

// lessonReporter tells the instructor's dashboard where a learner is: the
// screen, the lesson by number and title, the step, the hints shown and
// the actions refused in it, and the lessons finished, from the saved
// progress and the step just completed (whose save may still be queued).
// It reports at once, so a learner who reconnects shows their progress
// before opening a lesson.
func lessonReporter(s workshop.Session, course []*lessons.Lesson, store *lessons.Store) func(ui.LessonStatus) {
	index := map[string]int{}
	for i, l := range course {
		index[l.ID] = i
	}
	places := map[courseui.Screen]workshop.Place{courseui.ScreenMenu: workshop.PlaceMenu,
		courseui.ScreenSandbox: workshop.PlaceSandbox, courseui.ScreenLesson: workshop.PlaceLesson}
	report := func(st ui.LessonStatus) {
		saved := store.Progress()
		finished := make([]bool, len(course))
		completed := 0
		for i, l := range course {
			finished[i] = len(saved.Lessons[l.ID]) >= len(l.Steps) ||
				(l.ID == st.Lesson && st.Steps > 0 && st.Completed >= st.Steps)
			if finished[i] {
				completed++
			}
		}
		status := workshop.Status{Place: places[st.Screen], Completed: completed, Finished: finished,
			Step: st.Step, Steps: st.Steps, Hints: st.Hints, HintTiers: st.HintTiers, Solution: st.Solution,
			Refused: st.Refused, Done: st.Done}
		if i, ok := index[st.Lesson]; ok {
			status.Lesson, status.Index = fmt.Sprintf("%d %s", i+1, course[i].Title), i+1
		}
		s.Report(status)
	}
	first := courseui.ScreenSandbox
	if len(course) > 0 {
		first = courseui.ScreenMenu
	}
	report(ui.LessonStatus{Screen: first})
	return report
}

// logFlush bounds how long the end of `tokenflow ssh` waits for its last
// lines to reach a terminal that has stopped reading.
const logFlush = time.Second

// runSSH serves the workshop on addr until ctx ends or Ctrl+C, then shuts
// down gracefully. Session logs go to stderr, the banner to stdout; no
// session and no step of the shutdown waits for either (see
// workshop.LogWriter).
func runSSH(ctx context.Context, addr string, cfg workshop.Config, stdout, stderr io.Writer) error {
	surviveBrokenPipes()
	out, logs := workshop.NewLogWriter(stdout), workshop.NewLogWriter(stderr)
	defer logs.Close(logFlush)
	defer out.Close(logFlush)
	stdout = out
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	srv, err := workshop.New(cfg)
	var inUse *workshop.StateInUseError
	switch {
	case errors.As(err, &inUse):
		return fmt.Errorf("ssh: %s: stop it first, or give this server its own --state", inUse.Holder())
	case err != nil:
		return fmt.Errorf("ssh: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("ssh: %w", err)
	}
	defer ln.Close()
	printSSHBanner(stdout, ln.Addr(), srv, cfg)

	err = serveUntilStopped(ctx, sshShutdownTimeout,
		func() error { return srv.Serve(ln) },
		func(ctx context.Context) error {
			fmt.Fprintln(stdout, "stopping: telling every session and letting it save…")
			if err := srv.Shutdown(ctx); err != nil {
				return fmt.Errorf("some sessions did not finish in time: %w", err)
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("ssh: %w", err)
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// printSSHBanner tells the instructor what to put on the slide. The first
// line carries the address alone, for scripts and tests.
func printSSHBanner(out io.Writer, addr net.Addr, srv *workshop.Server, cfg workshop.Config) {
	host, port := "HOST", strconv.Itoa(addr.(*net.TCPAddr).Port)
	if ip := addr.(*net.TCPAddr).IP; !ip.IsUnspecified() {
		host = ip.String()
	}
	fmt.Fprintf(out, "tokenflow ssh: listening on %s\n", addr)
	fmt.Fprintf(out, "  learners    ssh -p %s YOURNAME@%s\n", port, host)
	switch {
	case cfg.Instructor == "":
		fmt.Fprintf(out, "  instructor  dashboard off\n")
	case cfg.InstructorPassword == "" && len(cfg.InstructorKeys) == 0:
		fmt.Fprintf(out, "  instructor  dashboard off: give --instructor-password or --instructor-key\n")
	default:
		fmt.Fprintf(out, "  instructor  ssh -p %s %s@%s\n", port, cfg.Instructor, host)
	}
	fmt.Fprintf(out, "  host key    %s (%s)\n", srv.Fingerprint(), srv.HostKeyPath())
	fmt.Fprintf(out, "  progress    %s (between groups: A on the dashboard, or --archive-progress)\n", filepath.Join(cfg.StateDir, "users"))
	limits := []string{"no session limit", "no limit per address", "no idle timeout", "no session length limit"}
	if cfg.MaxSessions > 0 {
		limits[0] = plural.Count(cfg.MaxSessions, "learner")
	}
	if cfg.MaxPerAddress > 0 {
		limits[1] = fmt.Sprintf("%d per address", cfg.MaxPerAddress)
	}
	if cfg.IdleTimeout > 0 {
		limits[2] = "idle " + cfg.IdleTimeout.String()
	}
	if cfg.MaxSessionLength > 0 {
		limits[3] = "session " + cfg.MaxSessionLength.String()
	}
	input := []string{"keys unlimited", "bytes unlimited", "resizes unlimited",
		fmt.Sprintf("paste %d bytes", cfg.MaxPaste), fmt.Sprintf("terminal %dx%d", cfg.MaxWidth, cfg.MaxHeight)}
	if cfg.InputRate > 0 {
		input[0] = fmt.Sprintf("%g keys/s (burst %d)", cfg.InputRate, cfg.InputBurst)
	}
	if cfg.InputByteRate > 0 {
		input[1] = fmt.Sprintf("%g bytes/s (burst %d)", cfg.InputByteRate, cfg.InputByteBurst)
	}
	if cfg.ResizeRate > 0 {
		input[2] = fmt.Sprintf("%g resizes/s", cfg.ResizeRate)
	}
	fmt.Fprintf(out, "  limits      %s\n", strings.Join(limits, ", "))
	fmt.Fprintf(out, "  input       %s\n", strings.Join(input, ", "))
	fmt.Fprintln(out, "Press Ctrl+C to stop.")
}
