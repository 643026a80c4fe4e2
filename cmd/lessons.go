package cmd

import (
	"bufio"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// The global flags that add an instructor's lessons and place them.
const (
	lessonsFlagName      = "lessons"
	lessonsFirstFlagName = "lessons-first"
	lessonsOnlyFlagName  = "lessons-only"
)

// addLessonsFlag makes --lessons and where its lessons go persistent
// flags: the TUI, `lessons`, `lessons check` and `ssh` all read the same
// set of lessons, in the same order.
func addLessonsFlag(root *cobra.Command) {
	f := root.PersistentFlags()
	f.String(lessonsFlagName, "", "a directory of your own lessons (NN-slug.md), offered after the built-in ones")
	f.Bool(lessonsFirstFlagName, false, "offer the --lessons lessons before the built-in ones")
	f.Bool(lessonsOnlyFlagName, false, "offer the --lessons lessons alone, without the built-in ones")
}

// lessonSources lists where the command's lessons come from: the built-in
// content, then the --lessons directory if one was given, which
// --lessons-first puts ahead and --lessons-only offers alone. The built-in
// ids stay taken even then, so a learner's progress in one lesson is never
// read as progress in another. Misused placement flags are a UsageError.
func lessonSources(cmd *cobra.Command) ([]lessons.Source, error) {
	f := cmd.Flags()
	dir, _ := f.GetString(lessonsFlagName)
	first, _ := f.GetBool(lessonsFirstFlagName)
	only, _ := f.GetBool(lessonsOnlyFlagName)
	switch {
	case first && only:
		return nil, &UsageError{Err: fmt.Errorf("--%s and --%s cannot be used together: choose where your lessons go", lessonsFirstFlagName, lessonsOnlyFlagName)}
	case (first || only) && dir == "":
		flag := lessonsFirstFlagName
		if only {
			flag = lessonsOnlyFlagName
		}
		return nil, &UsageError{Err: fmt.Errorf("--%s places the lessons of --%s DIR: give that too", flag, lessonsFlagName)}
	}
	srcs := []lessons.Source{{Dir: "content", FS: content.FS, Reference: only}}
	if dir != "" {
		srcs = append(srcs, lessons.Source{Dir: dir, FS: os.DirFS(dir), First: first})
	}
	return srcs, nil
}

// loadLessons loads every lesson the command offers. Any problem in any
// file is fatal: a course with a broken lesson in the middle is no course.
func loadLessons(cmd *cobra.Command) ([]*lessons.Lesson, error) {
	srcs, err := lessonSources(cmd)
	if err != nil {
		return nil, err
	}
	ls, err := lessons.LoadAll(srcs...)
	if err != nil {
		return nil, fmt.Errorf("the lessons have problems (run 'tokenflow lessons check' for details):\n%w", err)
	}
	return ls, nil
}

// openProgress opens the learner's progress store, reporting on stderr a
// progress file that had to be set aside.
func openProgress(cmd *cobra.Command) (*lessons.Store, error) {
	dir, err := lessons.DefaultDir()
	if err != nil {
		return nil, err
	}
	store := lessons.Open(dir)
	if p := store.Problem(); p != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "tokenflow: warning: %s\n", termsafe.Escape(p.Error()))
	}
	return store, nil
}

func newLessonsCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "lessons",
		Short: "List the lessons and your progress in them",
		Long: `lessons lists the course in order, with how many steps of each you have
completed. Progress is kept in $TOKENFLOW_HOME, or tokenflow/ in your
configuration directory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ls, err := loadLessons(cmd)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			store, err := openProgress(cmd)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			return listLessons(cmd, ls, store)
		},
	}
	c.AddCommand(newLessonsCheckCmd())
	return c
}

func listLessons(cmd *cobra.Command, ls []*lessons.Lesson, store *lessons.Store) error {
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	for i, l := range ls {
		done := len(store.Completed(l.ID))
		mark, state := " ", fmt.Sprintf("%d/%d steps", done, len(l.Steps))
		switch {
		case done >= len(l.Steps):
			mark, state = "✓", "done"
		case done == 0:
			state = "new"
		}
		fmt.Fprintf(tw, "%s %2d  %s\t%s\t%s\n", mark, i+1, l.Title, state, l.ID)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if last, ok := store.Last(); ok {
		for _, l := range ls {
			if l.ID == last.Lesson && last.Step <= len(l.Steps) {
				fmt.Fprintf(cmd.OutOrStdout(), "\nLast seen: %s, step %d of %d.\n", l.Title, last.Step, len(l.Steps))
			}
		}
	}
	return nil
}

func newLessonsCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check [DIR]",
		Short: "Validate lesson files and run every solution headless",
		Long: `check validates every lesson file in DIR (default: the built-in lessons, plus
--lessons if given) and runs each lesson's solutions on a fresh world, step
after step, proving that each goal is reachable and not met before its step
begins. Each lesson gets an ok line; each problem is reported as
file:line: what is wrong.

Exit status: 0 when every lesson passes, 1 on any problem.`,
		Example: `  tokenflow lessons check
  tokenflow lessons check mylessons`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			srcs, err := lessonSources(cmd)
			if err != nil {
				return err
			}
			if len(args) == 1 {
				// DIR is checked as --lessons DIR loads it: after the
				// built-in lessons, whose ids it must not take.
				srcs = []lessons.Source{{Dir: "content", FS: content.FS, Reference: true}, {Dir: args[0], FS: os.DirFS(args[0])}}
			}
			return checkLessons(cmd, srcs)
		},
	}
}

func checkLessons(cmd *cobra.Command, srcs []lessons.Source) error {
	out := bufio.NewWriter(cmd.OutOrStdout())
	defer out.Flush()
	problems, files := 0, 0
	for _, r := range lessons.CheckAll(srcs...) {
		if len(r.Problems) == 0 {
			fmt.Fprintf(out, "ok   %s\n", r)
			continue
		}
		files++
		for _, p := range r.Problems {
			problems++
			fmt.Fprintln(out, termsafe.Escape(p.Error()))
		}
	}
	if problems > 0 {
		return &ExitError{Code: exitFailure, Err: fmt.Errorf("lessons check: %d %s in %d %s",
			problems, plural.Noun(problems, "problem"), files, plural.Noun(files, "file"))}
	}
	return nil
}
