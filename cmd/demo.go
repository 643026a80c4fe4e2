package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui"
)

func newDemoCmd() *cobra.Command {
	var (
		auto    time.Duration
		present bool
	)
	c := &cobra.Command{
		Use:   "demo FILE",
		Short: "Play a scenario script in the TUI one step per key press, for a talk",
		Long: `demo opens the interactive tutorial and plays a scenario script in it, one
step per key press: a run of # comment lines is a caption, shown in large
type before the actions under it; each action is a step; expect lines are
checked and a failure is shown in red, without stopping the demo.

→ (or page down, as a presenter's clicker sends) plays the next step and
← (or page up) steps back, undoing the action. p starts or pauses
auto-play. The clock starts paused, so the same script and seed give the
same screens every time: rehearse with 'tokenflow run FILE'.

Every other key of the tutorial works too; u takes back what you did by
hand, and ctrl+r starts the demo over. E exports the session to the
working directory.`,
		Example: `  tokenflow demo content/scenarios/demo.tf
  tokenflow demo --present --auto 5s content/scenarios/demo.tf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if auto < 0 {
				return &UsageError{Err: fmt.Errorf("invalid --auto %s: want a positive duration such as 3s, or 0 for none", auto)}
			}
			if args[0] == "-" {
				return &UsageError{Err: errors.New("demo reads keys from the terminal, so the script must be a file, not -")}
			}
			lines, err := readDemoScript(args[0])
			if err != nil {
				return err
			}
			in, out := cmd.InOrStdin(), cmd.OutOrStdout()
			if !isTerminal(in) || !isTerminal(out) {
				return &ExitError{Code: exitFailure, Err: fmt.Errorf(
					"demo needs a terminal to play %s in; 'tokenflow run %s' plays it headless", args[0], args[0])}
			}
			wd, err := os.Getwd()
			if err != nil {
				return &ExitError{Code: exitFailure, Err: fmt.Errorf("demo: no working directory to export to: %w", err)}
			}
			m, err := ui.New(ui.Options{
				Seed:      seedFlag(cmd),
				Now:       time.Now,
				Paused:    true,
				Demo:      &ui.Demo{Name: filepath.Base(args[0]), Lines: lines, Auto: auto},
				Present:   present,
				ExportDir: wd,
			})
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			_, err = tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithContext(cmd.Context())).Run()
			return err
		},
	}
	c.Flags().DurationVar(&auto, "auto", 0, "play a step every DURATION (such as 3s) instead of on each key press; p pauses")
	c.Flags().BoolVar(&present, presentFlagName, false, presentFlagUsage)
	return c
}

// readDemoScript parses the whole script before the screen opens, so a
// bad line is reported, with its file and line, on a normal terminal.
func readDemoScript(path string) ([]script.Line, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &ExitError{Code: exitFailure, Err: fmt.Errorf("demo: %w", err)}
	}
	defer f.Close()
	lines, err := parseScript(f, path)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, &ExitError{Code: exitUsage, Err: fmt.Errorf("%s: nothing to play: the script has no actions and no comments", path)}
	}
	return lines, nil
}
