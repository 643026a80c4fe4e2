// Package cmd is tokenflow's command line. Each subcommand lives in its own
// file and only wires flags to the sim, lessons and ui packages; how an
// error becomes an exit code is decided in exit.go alone.
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

// runDefault is what plain `tokenflow` does. It is a variable so the file
// that brings the TUI can install it from an init function.
var runDefault = func(cmd *cobra.Command, args []string) error {
	return cmd.Help()
}

// subcommands holds a constructor per subcommand, added by each command's
// file with addCommand. Building the tree afresh for every execution means
// no flag value survives from one run to the next, which tests rely on.
var subcommands []func() *cobra.Command

// addCommand registers a subcommand constructor; call it from an init
// function in the subcommand's file.
func addCommand(newCmd func() *cobra.Command) {
	subcommands = append(subcommands, newCmd)
}

// rootFlags add flags to the root command itself, for what plain
// `tokenflow` does; a file that installs runDefault registers its flags
// here from an init function.
var rootFlags []func(root *cobra.Command)

// seedFlagName is the persistent flag that seeds a world's keys, token
// values and randomness.
const seedFlagName = "seed"

// newRootCmd builds the tokenflow command with every registered subcommand.
func newRootCmd() *cobra.Command {
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
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDefault(cmd, args)
		},
	}
	root.PersistentFlags().Uint64(seedFlagName, 1, "seed for keys and token values; the same seed replays the same world")
	for _, add := range rootFlags {
		add(root)
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &UsageError{Err: err}
	})
	for _, newCmd := range subcommands {
		root.AddCommand(newCmd())
	}
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
