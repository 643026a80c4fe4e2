package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/sim/plural"
)

func newProgressCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "progress",
		Short: "Show, export, import or reset your lesson progress",
		Long: `progress shows where your lesson progress is kept and what it holds.
Its subcommands move it between machines or start over. The file lives in
$TOKENFLOW_HOME, or tokenflow/ in your configuration directory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openProgress(cmd)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			p := store.Progress()
			steps := 0
			for _, s := range p.Lessons {
				steps += len(s)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "progress file: %s\n", store.Path())
			fmt.Fprintf(out, "%d %s completed in %d %s\n", steps, plural.Noun(steps, "step"), len(p.Lessons), plural.Noun(len(p.Lessons), "lesson"))
			if last, ok := store.Last(); ok {
				// A lesson by its title, as `tokenflow lessons` names it; an
				// id no lesson has any more (an instructor's) stays an id.
				name := last.Lesson
				if ls, err := loadLessons(cmd); err == nil {
					for _, l := range ls {
						if l.ID == last.Lesson {
							name = l.Title
						}
					}
				}
				fmt.Fprintf(out, "last seen: %s, step %d\n", name, last.Step)
			}
			return nil
		},
	}
	c.AddCommand(newProgressExportCmd(), newProgressImportCmd(), newProgressResetCmd())
	return c
}

func newProgressExportCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "export [FILE|-]",
		Short:   "Write your progress as JSON to FILE, or to standard output",
		Example: "  tokenflow progress export progress-backup.json",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			store, err := openProgress(cmd)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			if len(args) == 0 || args[0] == "-" {
				err = store.Export(cmd.OutOrStdout())
			} else {
				err = store.ExportFile(args[0])
			}
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			return nil
		},
	}
}

func newProgressImportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE|-",
		Short: "Replace your progress with what progress export wrote",
		Long: `import reads a file written by progress export (or standard input, with -),
checks all of it, and only then replaces your progress. A file that does not
check out changes nothing.`,
		Example: "  tokenflow progress import progress-backup.json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var src io.Reader = cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return &ExitError{Code: exitFailure, Err: fmt.Errorf("progress import: %w", err)}
				}
				defer f.Close()
				src = f
			}
			store, err := openProgress(cmd)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			if err := store.Import(src); err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported progress into %s\n", store.Path())
			return nil
		},
	}
}

func newProgressResetCmd() *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "reset",
		Short: "Forget all lesson progress",
		Long: `reset forgets every completed step, as before a workshop's next group.
It asks first; --yes answers for a script. Export first if you may want it
back.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openProgress(cmd)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			if !yes {
				steps := 0
				for _, done := range store.Progress().Lessons {
					steps += len(done)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Forget %d completed %s in %s? [y/N] ", steps, plural.Noun(steps, "step"), store.Path())
				answer, _ := bufio.NewReader(io.LimitReader(cmd.InOrStdin(), 64)).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
					return &ExitError{Code: exitFailure, Err: errors.New("progress reset: nothing forgotten (answer y, or pass --yes)")}
				}
			}
			if err := store.Reset(); err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "progress reset: %s\n", store.Path())
			return nil
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, "do not ask: forget the progress at once")
	return c
}
