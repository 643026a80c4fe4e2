package cmd

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// comparedPresets are the presets the compare goldens line up: every
// issuer's, and what the BCP asks.
const comparedPresets = "auth0,okta,keycloak,hydra,cognito,entra,rfc9700,naive"

// TestRunCompareScenarios pins the side-by-side output of every compare
// scenario in every format: a change in what any issuer's policy does
// shows up here, line by line.
func TestRunCompareScenarios(t *testing.T) {
	for _, name := range []string{"lost-response", "thief-away", "two-tabs", "logout"} {
		for _, format := range compareFormats {
			t.Run(name+"_"+format, func(t *testing.T) {
				var out, errOut bytes.Buffer
				code := execute(newRootCmd(), []string{"run", "--compare", comparedPresets, "--format", format,
					"../content/scenarios/" + name + ".tf"}, nil, &out, &errOut)
				// Each scenario's expectations hold for the course's defaults
				// and fail for some issuer: that is what it is for.
				if code != exitFailure || errOut.Len() != 0 {
					t.Fatalf("exit %d, stderr %q; want 1 and nothing on stderr", code, errOut.String())
				}
				golden.RequireEqual(t, out.Bytes())
			})
		}
	}
}

func TestRunCompareWithACustomPolicy(t *testing.T) {
	var out, errOut bytes.Buffer
	code := execute(newRootCmd(), []string{"run", "--compare", "okta", "--with", "no-grace: set preset okta; set grace 0s",
		"--with", "set grace 30s; set grace-returns sibling", "../content/scenarios/two-tabs.tf"}, nil, &out, &errOut)
	if code != exitFailure {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	golden.RequireEqual(t, out.Bytes())
}

func TestRunCompareExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		args     []string
		wantCode int
		wantErr  string // in stderr
		wantOut  string // in stdout
	}{
		{"every expectation holds everywhere", "login\ncall\nexpect status 200\n", []string{"--compare", "okta,auth0"}, 0, "", "okta"},
		{"an expectation fails somewhere", "login\nsteal refresh\nrefresh\nattacker refresh\nexpect status 400\n",
			[]string{"--compare", "okta,auth0"}, 1, "", "FAILED: got status 200"},
		{"an action cannot run somewhere", "login\nsteal refresh\nadvance 9h\nattacker refresh\nattacker call\n",
			[]string{"--compare", "keycloak,okta"}, 1, "", "FAILED: cannot attacker call now"},
		{"an invalid line runs nothing", "login\nteleport\n", []string{"--compare", "okta"}, 2, `stdin:2: "teleport": unknown verb`, ""},
		{"an unknown preset lists the known", "login\n", []string{"--compare", "okta,pingone"}, 2,
			`unknown preset "pingone" (known: default, auth0, okta, keycloak, hydra, cognito, entra, rfc9700, naive)`, ""},
		{"an empty list", "login\n", []string{"--compare", ","}, 2, "unknown preset", ""},
		{"a preset twice", "login\n", []string{"--compare", "okta,okta"}, 2, "okta is compared twice", ""},
		{"a with that is not a set", "login\n", []string{"--with", "login"}, 2, "set lines only", ""},
		{"a with with a bad value", "login\n", []string{"--with", "set grace forever"}, 2, `"forever"`, ""},
		{"a with with a bad label", "login\n", []string{"--with", "Strict Policy: set grace 0s"}, 2, "a label is", ""},
		{"a with that sets nothing", "login\n", []string{"--with", " ; "}, 2, "sets nothing", ""},
		{"mermaid is no comparison format", "login\n", []string{"--compare", "okta", "--format", "mermaid"}, 2, `invalid --format "mermaid" with --compare`, ""},
		{"with alone compares custom policies", "login\ncall\n", []string{"--with", "set access-ttl 1m", "--with", "set access-ttl 1h"}, 0, "", "with-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.script, append(append([]string{"run"}, tt.args...), "-")...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.wantErr)
			}
			if !strings.Contains(stdout, tt.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantOut, stdout)
			}
			if tt.wantCode == exitUsage && stdout != "" {
				t.Errorf("an invalid comparison printed %q", stdout)
			}
		})
	}
}
