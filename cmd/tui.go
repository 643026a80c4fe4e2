package cmd

import (
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/ui"
)

// runTUI runs the Bubble Tea program on the command's terminal. Without a
// terminal on both ends (a pipe, a test) there is nothing to draw on or
// read keys from, so it prints the help instead.
func runTUI(cmd *cobra.Command, _ []string) error {
	in, out := cmd.InOrStdin(), cmd.OutOrStdout()
	if !isTerminal(in) || !isTerminal(out) {
		fmt.Fprintln(cmd.ErrOrStderr(), "tokenflow: the interactive tutorial needs a terminal; showing the help instead.")
		return cmd.Help()
	}
	accessible, err := cmd.Flags().GetBool(accessibleFlagName)
	if err != nil {
		return err
	}
	paused, err := cmd.Flags().GetBool(pausedFlagName)
	if err != nil {
		return err
	}
	present, err := cmd.Flags().GetBool(presentFlagName)
	if err != nil {
		return err
	}
	// The export key writes where the learner started tokenflow.
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	course, err := loadLessons(cmd)
	if err != nil {
		return &ExitError{Code: exitFailure, Err: err}
	}
	progress, err := openProgress(cmd)
	if err != nil {
		return &ExitError{Code: exitFailure, Err: err}
	}
	m, err := ui.New(ui.Options{Seed: seedFlag(cmd), Accessible: accessible, Paused: paused, Now: time.Now, Output: out,
		Present: present, ExportDir: wd, Lessons: course, Progress: progress})
	if err != nil {
		return err
	}
	opts := []tea.ProgramOption{tea.WithInput(in), tea.WithOutput(out), tea.WithContext(cmd.Context())}
	if accessible {
		// Nothing is drawn: the model prints each event as a line. Without
		// its renderer Bubble Tea leaves the terminal in line mode, so put
		// it in raw mode here for single keys to arrive as they are typed.
		restore, err := rawMode(in)
		if err != nil {
			return err
		}
		defer restore()
		opts = append(opts, tea.WithoutRenderer())
	}
	_, err = tea.NewProgram(m, opts...).Run()
	return err
}

// rawMode puts the terminal on in into raw mode and returns what restores it.
func rawMode(in any) (restore func(), err error) {
	f := in.(*os.File) // isTerminal has checked
	state, err := term.MakeRaw(f.Fd())
	if err != nil {
		return nil, fmt.Errorf("raw mode for the accessible TUI: %w", err)
	}
	return func() { _ = term.Restore(f.Fd(), state) }, nil
}

// terminalWidth is the width of the terminal s is, or 0 if it is none.
func terminalWidth(s any) int {
	f, ok := s.(*os.File)
	if !ok {
		return 0
	}
	w, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return w
}

// isTerminal reports whether a stream is a terminal.
func isTerminal(s any) bool {
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
