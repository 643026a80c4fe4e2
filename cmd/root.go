// Package cmd is tokenflow's command line. Each subcommand lives in its own
// file and only wires flags to the sim, lessons and ui packages; the root
// command in this file names them all, and how an error becomes an exit
// code is decided in exit.go alone.
package cmd

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// version is the release this binary was built from, stamped by the
// Makefile with -ldflags "-X github.com/tokenflow/tokenflow/cmd.version=...".
var version = "dev"

// seedFlagName is the persistent flag that seeds a world's keys, token
// values and randomness.
const seedFlagName = "seed"

// newRootCmd builds the tokenflow command: plain `tokenflow` opens the
// interactive tutorial. The tree is built afresh for every execution, so
// no flag value survives from one run to the next, which tests rely on.
func newRootCmd() *cobra.Command { return buildRoot(runTUI) }

// buildRoot builds the tokenflow command with runDefault as what it does
// without a subcommand, and every subcommand.
func buildRoot(runDefault func(cmd *cobra.Command, args []string) error) *cobra.Command {
	root := &cobra.Command{
		Use:   "tokenflow",
		Short: "Watch OAuth access and refresh tokens live, expire, rotate and get stolen",
		Long: `tokenflow is a terminal tutorial about OAuth access and refresh tokens.
It runs a real authorization server and API on a simulated clock, so you can
log in, fast-forward to expiry, refresh, steal a token and see what stops it.`,
		Version: version,
		// Execute reports errors itself, once, with the right exit code.
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          unknownCommand,
		RunE:          runDefault,
	}
	root.PersistentFlags().Uint64(seedFlagName, 1, "seed for keys and token values; the same seed replays the same world")
	addLessonsFlag(root)
	addTUIFlags(root)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &UsageError{Err: err}
	})
	root.AddCommand(
		newDemoCmd(),
		newInspectCmd(),
		newLessonsCmd(),
		newProgressCmd(),
		newRunCmd(),
		newServeCmd(),
		newSSHCmd(),
	)
	return root
}

// unknownCommand rejects arguments to the root command. Cobra's own check
// only runs while Args is nil, and its error could not be told apart from a
// failure of the command itself; this one is a UsageError.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if suggestions := cmd.SuggestionsFor(args[0]); len(suggestions) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(suggestions, "\n\t") + "\n"
	}
	return &UsageError{Err: fmt.Errorf("%s", msg)}
}

// seedFlag returns the --seed the command was run with (default 1).
func seedFlag(cmd *cobra.Command) uint64 {
	seed, err := cmd.Flags().GetUint64(seedFlagName)
	if err != nil {
		// Only a command not attached to the root lacks the flag: a
		// programming error no input can cause.
		panic(err)
	}
	return seed
}

// Execute runs tokenflow with the process's arguments and standard streams
// and returns the exit code for os.Exit.
func Execute() int {
	return execute(newRootCmd(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// execute runs root with the given arguments and streams, reports any error
// on stderr and returns the exit code.
func execute(root *cobra.Command, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	markArgErrors(root)
	if args == nil {
		// Cobra would read the process's arguments instead, such as a
		// test binary's -update.
		args = []string{}
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteC()
	// Cobra checks required flags and flag groups after the PreRun hooks
	// and offers no hook to mark that error; if the check fails now, it is
	// what stopped the command.
	if err != nil && (cmd.ValidateRequiredFlags() != nil || cmd.ValidateFlagGroups() != nil) {
		err = &UsageError{Err: err}
	}
	return report(stderr, cmd, err)
}

// markArgErrors makes every positional-argument check in the tree (such as
// cobra.ExactArgs) return a UsageError, so command files can use cobra's
// checks as they are.
func markArgErrors(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return &UsageError{Err: err}
			}
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		markArgErrors(sub)
	}
}
