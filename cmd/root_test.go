package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
)

func TestUsageErrorsExitTwoWithHint(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "tokenflow: unknown flag: --bogus\nRun 'tokenflow --help' for usage.\n"},
		{[]string{"inspec"}, "tokenflow: unknown command \"inspec\" for \"tokenflow\"\n\nDid you mean this?\n\tinspect\n\nRun 'tokenflow --help' for usage.\n"},
		{[]string{"--seed", "-1"}, "invalid argument \"-1\" for \"--seed\" flag"},
		{[]string{"inspect"}, "tokenflow: accepts 1 arg(s), received 0\nRun 'tokenflow inspect --help' for usage.\n"},
		{[]string{"inspect", "a", "b"}, "accepts 1 arg(s), received 2"},
		{[]string{"inspect", "--now", "yesterday", "x"}, "want an RFC 3339 time"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, "", tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) || !strings.HasSuffix(stderr, "--help' for usage.\n") {
				t.Errorf("stderr = %q, want it to contain %q and end with the --help hint", stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"plain error", errors.New("boom"), 1},
		{"usage error", &UsageError{Err: errors.New("bad flag")}, 2},
		{"exit error", &ExitError{Code: 3, Err: errors.New("expect failed")}, 3},
		{"wrapped exit error", fmt.Errorf("script: %w", &ExitError{Code: 2}), 2},
		{"interrupted TUI", fmt.Errorf("tui: %w", tea.ErrInterrupted), 130},
		{"explicit code over interrupt", &ExitError{Code: 1, Err: tea.ErrInterrupted}, 1},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestReportPrintsEachErrorOnceOrNotAtAll(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"success", nil, ""},
		{"plain error", errors.New("boom"), "tokenflow: boom\n"},
		{"exit error with message", &ExitError{Code: 1, Err: errors.New("script.tf:3: expect status 401: got 200")}, "tokenflow: script.tf:3: expect status 401: got 200\n"},
		{"exit error already reported", &ExitError{Code: 1}, ""},
		{"interrupted", tea.ErrInterrupted, ""},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		report(&stderr, newRootCmd(), tt.err)
		if stderr.String() != tt.want {
			t.Errorf("%s: stderr = %q, want %q", tt.name, stderr.String(), tt.want)
		}
	}
}

func TestVersionFlagPrintsStampedVersion(t *testing.T) {
	code, stdout, stderr := run(t, "", "--version")
	if code != 0 || stdout != "tokenflow version dev\n" || stderr != "" {
		t.Errorf("--version: code %d, stdout %q, stderr %q; want 0, %q, empty", code, stdout, stderr, "tokenflow version dev\n")
	}
}

func TestRootWithoutArgumentsRunsDefault(t *testing.T) {
	code, stdout, _ := run(t, "")
	if code != 0 || !strings.Contains(stdout, "Usage:") || !strings.Contains(stdout, "inspect") {
		t.Errorf("code %d, stdout %q; want 0 and help listing inspect", code, stdout)
	}

	root := buildRoot(func(*cobra.Command, []string) error { return &ExitError{Code: 4} })
	if code := execute(root, nil, strings.NewReader(""), io.Discard, io.Discard); code != 4 {
		t.Errorf("with another default action: code %d, want 4", code)
	}
}

// TestRootNamesEveryCommand: the root command is the one list of what
// tokenflow can do, with the global flags beside it.
func TestRootNamesEveryCommand(t *testing.T) {
	root := newRootCmd()
	var names []string
	for _, c := range root.Commands() {
		names = append(names, c.Name())
	}
	want := []string{"demo", "inspect", "lessons", "progress", "run", "serve", "ssh"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("subcommands %v, want %v", names, want)
	}
	for _, flag := range []string{seedFlagName, lessonsFlagName} {
		if root.PersistentFlags().Lookup(flag) == nil {
			t.Errorf("no persistent --%s", flag)
		}
	}
	for _, flag := range []string{accessibleFlagName, pausedFlagName, presentFlagName} {
		if root.LocalNonPersistentFlags().Lookup(flag) == nil {
			t.Errorf("no --%s on plain tokenflow", flag)
		}
	}
}

// probeRoot is the root command with a subcommand that records the seed it
// sees, and one with a required flag.
func probeRoot(t *testing.T, seed *uint64) *cobra.Command {
	t.Helper()
	root := newRootCmd()
	root.AddCommand(&cobra.Command{
		Use: "probe",
		RunE: func(cmd *cobra.Command, _ []string) error {
			*seed = seedFlag(cmd)
			return nil
		},
	})
	needy := &cobra.Command{Use: "needy", RunE: func(*cobra.Command, []string) error { return nil }}
	needy.Flags().String("file", "", "")
	if err := needy.MarkFlagRequired("file"); err != nil {
		t.Fatal(err)
	}
	root.AddCommand(needy)
	return root
}

func TestSeedFlagReachesSubcommands(t *testing.T) {
	tests := []struct {
		args []string
		want uint64
	}{
		{[]string{"probe"}, 1},
		{[]string{"--seed", "42", "probe"}, 42},
		{[]string{"probe", "--seed=7"}, 7},
	}
	for _, tt := range tests {
		var seed uint64
		var out bytes.Buffer
		if code := execute(probeRoot(t, &seed), tt.args, strings.NewReader(""), &out, &out); code != 0 {
			t.Fatalf("%v: exit code %d: %s", tt.args, code, out.String())
		}
		if seed != tt.want {
			t.Errorf("%v: seed = %d, want %d", tt.args, seed, tt.want)
		}
	}
}

func TestMissingRequiredFlagIsUsageError(t *testing.T) {
	var stderr bytes.Buffer
	code := execute(probeRoot(t, new(uint64)), []string{"needy"}, strings.NewReader(""), &bytes.Buffer{}, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), `required flag(s) "file" not set`) {
		t.Errorf("code %d, stderr %q; want 2 and the missing flag named", code, stderr.String())
	}
}
