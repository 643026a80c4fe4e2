package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// TestRunScenarioTranscripts pins the transcript of every shipped scenario:
// a change in what the issuer does, or in how it is told, shows up here.
func TestRunScenarioTranscripts(t *testing.T) {
	files, err := filepath.Glob("../content/scenarios/*.tf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios found: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".tf")
		for _, format := range runFormats {
			t.Run(name+"_"+format, func(t *testing.T) {
				var out, errOut bytes.Buffer
				code := execute(newRootCmd(), []string{"run", "--format", format, f}, nil, &out, &errOut)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut.String())
				}
				// The golden is the plain text a reviewer reads: the
				// transcript escapes terminal controls, so it needs no
				// stripped companion as the UI's frames do.
				if text := out.String(); ansi.Strip(text) != text {
					t.Errorf("the %s transcript carries escape sequences", format)
				}
				golden.RequireEqual(t, out.Bytes())
			})
		}
	}
}

// TestRunIsDeterministic runs one script twice and once with another seed.
func TestRunIsDeterministic(t *testing.T) {
	run := func(seed string) string {
		var out, errOut bytes.Buffer
		if code := execute(newRootCmd(), []string{"--seed", seed, "run", "../content/scenarios/tour.tf"}, nil, &out, &errOut); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		return out.String()
	}
	a, b, c := run("7"), run("7"), run("8")
	if a != b {
		t.Fatal("the same seed gave two different transcripts")
	}
	if a == c {
		t.Fatal("different seeds gave the same transcript: token values are not seeded")
	}
}

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		args     []string
		wantCode int
		wantErr  string // substring of stderr
	}{
		{"all expectations hold", "login\ncall\nexpect status 200\n", nil, 0, ""},
		{"failed expectation names file:line", "login\ncall\nexpect status 401\n", nil, 1, "stdin:3: expect status 401: got status 200"},
		{"failed event expectation", "login\nexpect event reuse-detected\n", nil, 1, "stdin:2: expect event reuse-detected: no reuse-detected event happened"},
		{"action that cannot run now", "refresh\n", nil, 1, "stdin:1: refresh: the client has no refresh token"},
		{"unknown verb names the word", "login\nteleport\n", nil, 2, `stdin:2: "teleport": unknown verb`},
		{"bad duration", "advance soon\n", nil, 2, `stdin:1: "soon": not a duration`},
		{"unknown setting", "set speed 11\n", nil, 2, `stdin:1: "speed": unknown setting`},
		{"unknown setting value", "set rotation maybe\n", nil, 2, `stdin:1: "maybe": rotation takes on or off`},
		{"missing argument", "steal\n", nil, 2, `stdin:1: "steal": missing argument`},
		{"extra argument", "jump now\n", nil, 2, `stdin:1: "now": unexpected argument`},
		{"bad expectation", "expect weather sunny\n", nil, 2, `stdin:1: "weather": cannot expect that`},
		{"binary garbage", "login\x00\x01\n", nil, 2, "stdin:1: not text"},
		{"bad format flag", "login\n", []string{"--format", "xml"}, 2, `invalid --format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"run"}, tt.args...)
			args = append(args, "-")
			code := execute(newRootCmd(), args, strings.NewReader(tt.script), &out, &errOut)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.wantCode, errOut.String())
			}
			if !strings.Contains(errOut.String(), tt.wantErr) {
				t.Fatalf("stderr %q does not contain %q", errOut.String(), tt.wantErr)
			}
		})
	}
}

func TestRunMissingFile(t *testing.T) {
	var out, errOut bytes.Buffer
	code := execute(newRootCmd(), []string{"run", filepath.Join(t.TempDir(), "nope.tf")}, nil, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "no such file") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if _, err := os.Stat("nope.tf"); err == nil {
		t.Fatal("run created a file")
	}
}

// TestRunRefusesAScriptPastItsLimits: a script's size and action count are
// bounded (README: 64 KiB, 1,000 actions), and an oversized one is bad
// input, refused before anything runs.
func TestRunRefusesAScriptPastItsLimits(t *testing.T) {
	for name, tt := range map[string]struct{ script, want string }{
		"size":    {strings.Repeat("# "+strings.Repeat("x", 61)+"\n", 1<<20/64), "stdin:1025: the script is larger than 64 KiB"},
		"actions": {strings.Repeat("advance 1s\n", 1001), "stdin:1001: more than 1000 actions"},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.script, "run", "-")
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("a refused script wrote a transcript: %.200q", stdout)
			}
		})
	}
}
