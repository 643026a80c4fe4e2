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
	"github.com/tokenflow/tokenflow/sim/script"
)

// runFormats are the transcript formats of `tokenflow run`.
var runFormats = []string{"text", "json", "markdown", "mermaid"}

func newRunCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "run FILE|-",
		Short: "Apply a scenario script headless and print the transcript",
		Long: `run applies a scenario script to a fresh world and prints what happened,
with simulated timestamps. One action a line, # comments; expect lines check
the last action. The same script and seed give a byte-identical transcript.

A script holds at most 64 KiB and 1,000 actions.

Exit status: 0 when every expectation holds, 1 when one fails or an action
cannot run, 2 when a line is invalid or the script is past its limits.`,
		Example: `  tokenflow run content/scenarios/tour.tf
  printf 'login\ncall\nexpect status 200\n' | tokenflow run -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
	c.Flags().StringVar(&format, "format", "text", "transcript format: text, json, markdown or mermaid")
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
