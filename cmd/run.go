package cmd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/compare"
	"github.com/tokenflow/tokenflow/sim/script"
)

// runFormats are the transcript formats of `tokenflow run`.
var runFormats = []string{"text", "json", "markdown", "mermaid"}

// compareFormats are the formats of `tokenflow run --compare`.
var compareFormats = []string{"text", "json", "markdown"}

func newRunCmd() *cobra.Command {
	var (
		format  string
		presets string
		with    []string
	)
	c := &cobra.Command{
		Use:   "run FILE|-",
		Short: "Apply a scenario script headless and print the transcript",
		Long: `run applies a scenario script to a fresh world and prints what happened,
with simulated timestamps. One action a line, # comments; expect lines check
the last action. The same script and seed give a byte-identical transcript.

A script holds at most 64 KiB and 1,000 actions.

Exit status: 0 when every expectation holds, 1 when one fails or an action
cannot run, 2 when a line is invalid or the script is past its limits.

With --compare NAME,NAME,... the script runs once under each preset (and
under each --with 'set ...; set ...' policy, optionally labelled
'LABEL: set ...'), each in a fresh world from the same seed, and run prints
one row per script line with each policy's outcome side by side, marking
with ≠ the lines the policies disagree on. An expect line is reported per
policy instead of stopping the run: the exit status is 0 when the script
ran and every expectation held under every policy, 1 when one failed or an
action could not run under some policy, 2 on an invalid line. Formats:
text, markdown, json.`,
		Example: `  tokenflow run content/scenarios/tour.tf
  printf 'login\ncall\nexpect status 200\n' | tokenflow run -
  tokenflow run --compare auth0,okta,entra content/scenarios/lost-response.tf
  tokenflow run --compare okta --with 'no-grace: set preset okta; set grace 0s' content/scenarios/two-tabs.tf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if presets != "" || len(with) > 0 {
				return runCompare(cmd, args[0], format, presets, with)
			}
			if !slices.Contains(runFormats, format) {
				return &UsageError{Err: fmt.Errorf("invalid --format %q: want one of %v", format, runFormats)}
			}
			name, src, err := openScript(cmd, args[0])
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			defer src.Close()
			return runScript(cmd.OutOrStdout(), name, src, format, seedFlag(cmd))
		},
	}
	c.Flags().StringVar(&format, "format", "text", "transcript format: text, json, markdown or mermaid (with --compare: text, json or markdown)")
	c.Flags().StringVar(&presets, "compare", "", "replay the script under each of these presets, NAME,NAME,..., side by side")
	c.Flags().StringArrayVar(&with, "with", nil, "with --compare, another policy to replay under: 'set k v; set k v', optionally 'LABEL: set ...' (repeatable)")
	return c
}

func openScript(cmd *cobra.Command, arg string) (string, io.ReadCloser, error) {
	if arg == "-" {
		return "stdin", io.NopCloser(cmd.InOrStdin()), nil
	}
	f, err := os.Open(arg)
	if err != nil {
		return "", nil, fmt.Errorf("run: %w", err)
	}
	return arg, f, nil
}

// parseScript reads a whole script: an invalid line is a usage error (exit
// 2), a script that cannot be read a failure (exit 1).
func parseScript(src io.Reader, name string) ([]script.Line, error) {
	lines, err := script.Parse(src, name)
	if err != nil {
		var se *script.Error
		if errors.As(err, &se) {
			return nil, &ExitError{Code: exitUsage, Err: err}
		}
		return nil, &ExitError{Code: exitFailure, Err: err}
	}
	return lines, nil
}

// runScript parses the whole script before applying any of it, so an
// invalid line is reported without a half-written transcript.
func runScript(out io.Writer, name string, src io.Reader, format string, seed uint64) error {
	lines, err := parseScript(src, name)
	if err != nil {
		return err
	}
	w, err := sim.New(sim.Config{Seed: seed, Limits: script.WorldLimits})
	if err != nil {
		return &ExitError{Code: exitFailure, Err: err}
	}
	bw := bufio.NewWriter(out)
	defer bw.Flush()
	var day time.Time
	var captions []sim.Caption
	captionEnd := -1 // the line number of the last comment line read
	// Text and JSON stream line by line; Markdown and Mermaid are whole
	// documents, written once the script has run (or stopped), with the
	// script's comments as captions where they stood.
	stream := func(l script.Line, events []sim.Event) {
		switch format {
		case "json":
			_ = sim.WriteJSON(bw, events)
		case "text":
			_ = sim.WriteText(bw, events, &day)
		}
		if l.Action != nil || l.Expect != nil {
			return
		}
		// Consecutive comment lines are one caption, as the demo
		// player shows them.
		if n := len(captions); n > 0 && captionEnd == l.N-1 && l.Comment != "" {
			captions[n-1].Text += " " + l.Comment
		} else {
			captions = append(captions, sim.Caption{After: w.Log.Len(), Text: l.Comment})
		}
		captionEnd = l.N
	}
	err = script.Run(w, lines, name, stream)
	switch format {
	case "markdown":
		_ = sim.WriteMarkdown(bw, w.Log.All(), captions...)
	case "mermaid":
		_ = sim.WriteMermaid(bw, w.Log.All(), captions...)
	}
	if err != nil {
		bw.Flush()
		var fe *script.FailedError
		if errors.As(err, &fe) {
			return &ExitError{Code: exitFailure, Err: err}
		}
		return &ExitError{Code: exitUsage, Err: err}
	}
	return nil
}

// runCompare is `run --compare`: the script under each policy, side by
// side. Every flag and line is checked before any world runs.
func runCompare(cmd *cobra.Command, file, format, presets string, with []string) error {
	if !slices.Contains(compareFormats, format) {
		return &UsageError{Err: fmt.Errorf("invalid --format %q with --compare: want one of %v", format, compareFormats)}
	}
	var policies []compare.Policy
	if presets != "" {
		var err error
		if policies, err = compare.ParseNames(presets); err != nil {
			return &UsageError{Err: fmt.Errorf("--compare: %w", err)}
		}
	}
	for i, spec := range with {
		p, err := compare.ParseWith(spec, fmt.Sprintf("with-%d", i+1))
		if err != nil {
			return &UsageError{Err: err}
		}
		policies = append(policies, p)
	}
	if err := compare.Check(policies); err != nil {
		return &UsageError{Err: fmt.Errorf("--compare: %w", err)}
	}
	name, src, err := openScript(cmd, file)
	if err != nil {
		return &ExitError{Code: exitFailure, Err: err}
	}
	defer src.Close()
	lines, err := parseScript(src, name)
	if err != nil {
		return err
	}
	res, err := compare.Run(policies, lines, name, seedFlag(cmd))
	if err != nil {
		var se *script.Error
		if errors.As(err, &se) {
			return &ExitError{Code: exitUsage, Err: err}
		}
		return &ExitError{Code: exitFailure, Err: err}
	}
	out := cmd.OutOrStdout()
	switch format {
	case "json":
		err = res.WriteJSON(out)
	case "markdown":
		err = res.WriteMarkdown(out)
	default:
		err = res.WriteText(out)
	}
	if err != nil {
		return &ExitError{Code: exitFailure, Err: err}
	}
	if res.Failed {
		// The output already says what failed where.
		return &ExitError{Code: exitFailure}
	}
	return nil
}
