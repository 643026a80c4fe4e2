package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/demo"
)

// demoOptions are demo's flags.
type demoOptions struct {
	auto       time.Duration
	present    bool
	from       int
	showChecks bool
	notes      bool
	record     string
	force      bool
}

func newDemoCmd() *cobra.Command {
	var o demoOptions
	c := &cobra.Command{
		Use:   "demo FILE",
		Short: "Play a scenario script in the TUI one step per key press, for a talk",
		Long: `demo opens the interactive tutorial and plays a scenario script in it, one
step per key press: a run of # comment lines is a caption, shown in large
type before the actions under it; each action is a step; expect lines are
checked and a failure is shown in red, without stopping the demo. In
presenter mode the checks are hidden from the room (--show-checks shows
them): the notes show them, and failures are listed when demo ends.

→ (or page down, as a presenter's clicker sends) plays the next step and
← (or page up) steps back, undoing the action. :N jumps to step N. p
starts or pauses auto-play. The clock starts paused, so the same script
and seed give the same screens every time: rehearse with 'tokenflow run
FILE'.

Two comment forms are the demo's own, and every other reader of a script
takes them for plain comments: '#> text' is a speaker note, and
'# pause 4s' sets auto-play's wait before the next step. 'tokenflow demo
--notes FILE' in a second terminal shows the notes of the step on screen
and of the next, following the demo of the same FILE on this machine.

Every other key of the tutorial works too; u takes back what you did by
hand, and ctrl+r starts the demo over. E exports the session to the
working directory.`,
		Example: `  tokenflow demo content/scenarios/demo.tf
  tokenflow demo --present --auto 5s content/scenarios/demo.tf
  tokenflow demo --notes content/scenarios/demo.tf     # in a second terminal
  tokenflow demo --present --auto 5s --record talk.cast content/scenarios/demo.tf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runDemo(cmd, args[0], o) },
	}
	f := c.Flags()
	f.DurationVar(&o.auto, "auto", 0, "play a step every DURATION (such as 3s) instead of on each key press; p pauses")
	f.BoolVar(&o.present, presentFlagName, false, presentFlagUsage)
	f.IntVar(&o.from, "from", 0, "open the demo at step N, the steps before it played through")
	f.BoolVar(&o.showChecks, "show-checks", false, "show the expect results to the room in presenter mode too")
	f.BoolVar(&o.notes, "notes", false, "show the speaker notes of the demo of FILE running in another terminal, and follow it")
	f.StringVar(&o.record, "record", "", "record the demo as an asciicast v2 FILE (asciinema); with --auto its timing follows the steps")
	f.BoolVar(&o.force, "force", false, "let --record overwrite an existing file")
	return c
}

// runDemo checks everything it can before the screen opens, so a bad
// script line, flag or recording path is reported on a normal terminal.
func runDemo(cmd *cobra.Command, path string, o demoOptions) error {
	switch {
	case o.auto < 0:
		return &UsageError{Err: fmt.Errorf("invalid --auto %s: want a positive duration such as 3s, or 0 for none", o.auto)}
	case path == "-":
		return &UsageError{Err: errors.New("demo reads keys from the terminal, so the script must be a file, not -")}
	case o.from < 0:
		return &UsageError{Err: fmt.Errorf("invalid --from %d: want a step number from 1", o.from)}
	case o.notes && (o.record != "" || o.auto != 0 || o.from != 0 || o.present):
		return &UsageError{Err: errors.New("--notes follows a demo running elsewhere: it takes no --record, --auto, --from or --present")}
	case o.force && o.record == "":
		return &UsageError{Err: errors.New("--force is for --record: it lets the recording overwrite a file")}
	}
	lines, err := readDemoScript(path)
	if err != nil {
		return err
	}
	notes, err := demo.NewNotes(filepath.Base(path), lines)
	if err != nil {
		return &ExitError{Code: exitUsage, Err: fmt.Errorf("%s: %w", path, err)}
	}
	if o.from > notes.Steps() {
		return &UsageError{Err: fmt.Errorf("invalid --from %d: %s has %d steps", o.from, path, notes.Steps())}
	}
	cue := ""
	if dir, err := lessons.DefaultDir(); err == nil && os.MkdirAll(dir, 0o700) == nil {
		cue = demo.CuePath(dir, path)
	}
	if o.notes {
		if cue == "" {
			return &ExitError{Code: exitFailure, Err: fmt.Errorf("demo --notes: no directory to follow the demo through (set %s)", lessons.HomeEnv)}
		}
		ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		out := cmd.OutOrStdout()
		return notes.Follow(ctx, out, cue, tick.C, func() int { return terminalWidth(out) })
	}
	if o.record != "" {
		if err := checkRecordPath(o.record, o.force); err != nil {
			return err
		}
	}
	in, out := cmd.InOrStdin(), cmd.OutOrStdout()
	if !isTerminal(in) || !isTerminal(out) {
		return &ExitError{Code: exitFailure, Err: fmt.Errorf(
			"demo needs a terminal to play %s in; 'tokenflow run %s' plays it headless", path, path)}
	}
	wd, err := os.Getwd()
	if err != nil {
		return &ExitError{Code: exitFailure, Err: fmt.Errorf("demo: no working directory to export to: %w", err)}
	}
	script := &ui.Demo{Name: filepath.Base(path), Lines: lines, Auto: o.auto, From: o.from, ShowChecks: o.showChecks, Cue: cue}
	opts := ui.Options{Seed: seedFlag(cmd), Now: time.Now, Paused: true, Demo: script, Present: o.present, ExportDir: wd}
	var rec *demo.Recorder
	if o.record != "" {
		if rec, err = openRecording(o.record, o.force, script); err != nil {
			return err
		}
		opts.Recorder = rec
	}
	m, err := ui.New(opts)
	if err != nil {
		if rec != nil {
			rec.Close()
			os.Remove(o.record)
		}
		return &ExitError{Code: exitFailure, Err: err}
	}
	final, err := tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithContext(cmd.Context())).Run()
	stderr := cmd.ErrOrStderr()
	if rec != nil {
		if rerr := rec.Close(); rerr != nil {
			fmt.Fprintf(stderr, "tokenflow: demo: %s: %v\n", o.record, rerr)
		} else {
			fmt.Fprintf(stderr, "tokenflow: demo recorded in %s (play it with asciinema play %s)\n", o.record, o.record)
		}
	}
	if fm, ok := final.(*ui.Model); ok {
		fm.EndDemo()
		if failed := fm.DemoFailures(); len(failed) > 0 {
			fmt.Fprintf(stderr, "tokenflow: demo: %s of %s did not hold:\n", plural.Count(len(failed), "check"), path)
			for _, c := range failed {
				fmt.Fprintf(stderr, "  %s:%d: %s failed: %s\n", path, c.Line, c.What, c.Err)
			}
		}
	}
	return err
}

// checkRecordPath refuses, before the screen opens, a recording that
// would overwrite a file without --force or that has no directory to go
// in.
func checkRecordPath(path string, force bool) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return &UsageError{Err: fmt.Errorf("--record %s: that is a directory; name a file such as talk.cast", path)}
		}
		if !force {
			return &UsageError{Err: fmt.Errorf("--record %s: the file exists; --force overwrites it", path)}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &ExitError{Code: exitFailure, Err: fmt.Errorf("--record %s: %w", path, err)}
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return &ExitError{Code: exitFailure, Err: fmt.Errorf("--record %s: no directory %s to write it in", path, filepath.Dir(path))}
	}
	return nil
}

// openRecording creates the recording's file: never over an existing
// one unless force, and with its timing on auto-play's schedule when the
// demo auto-plays.
func openRecording(path string, force bool, s *ui.Demo) (*demo.Recorder, error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, &ExitError{Code: exitFailure, Err: fmt.Errorf("--record: %w", err)}
	}
	rec := demo.NewRecorder(f, demo.RecordOptions{Title: "tokenflow demo " + s.Name, Scheduled: s.Auto > 0})
	if s.Auto > 0 {
		s.OnAuto = rec.Mark
	}
	return rec, nil
}

// readDemoScript parses the whole script, with the demo's directives,
// before the screen opens, so a bad line is reported, with its file and
// line, on a normal terminal.
func readDemoScript(path string) ([]script.Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ExitError{Code: exitFailure, Err: fmt.Errorf("demo: %w", err)}
	}
	defer f.Close()
	lines, err := script.ParseDemo(f, path)
	if err != nil {
		var se *script.Error
		if errors.As(err, &se) {
			return nil, &ExitError{Code: exitUsage, Err: err}
		}
		return nil, &ExitError{Code: exitFailure, Err: err}
	}
	if len(lines) == 0 {
		return nil, &ExitError{Code: exitUsage, Err: fmt.Errorf("%s: nothing to play: the script has no actions and no comments", path)}
	}
	return lines, nil
}
