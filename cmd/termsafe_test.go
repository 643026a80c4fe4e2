package cmd

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// rawControl returns the first rune of s a terminal would obey rather than
// print (newlines and tabs aside), or 0.
func rawControl(s string) rune {
	for _, r := range s {
		if termsafe.Unsafe(r) {
			return r
		}
	}
	return 0
}

// hostile carries a C1 CSI (U+009B, "clear the screen" to a terminal
// that reads C1 controls), a right-to-left override (U+202E), and two
// characters that print as nothing: a zero-width space and a byte-order
// mark (U+200B, U+FEFF).
const hostile = "al\u202eice wonder\u009b2Jland\u200bzero\ufeffwidth"

func TestRunEscapesControlsInEveryFormat(t *testing.T) {
	for _, format := range runFormats {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := run(t, "login "+hostile+"\n", "run", "--format", format, "-")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if r := rawControl(stdout); r != 0 {
				t.Errorf("the transcript holds %U raw:\n%s", r, termsafe.Escape(stdout))
			}
			if !strings.Contains(stdout, `al\u202eice wonder\u009b2Jland\u200bzero\ufeffwidth`) {
				t.Errorf("the transcript does not show the escaped input:\n%s", termsafe.Escape(stdout))
			}
		})
	}
	// JSON's escapes are the same characters: the values are unchanged.
	_, stdout, _ := run(t, "login "+hostile+"\n", "run", "--format", "json", "-")
	var first struct{ Text string }
	if err := json.Unmarshal([]byte(strings.SplitN(stdout, "\n", 2)[0]), &first); err != nil {
		t.Fatalf("first JSON line: %v", err)
	}
	if first.Text != "login "+hostile {
		t.Errorf("decoded text %q, want %q", first.Text, "login "+hostile)
	}
}

func TestInspectEscapesControlsInClaims(t *testing.T) {
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": hostile, "name": "\x1b]0;pwned\x07", "x\u202e": 1,
	}).SignedString([]byte("tutorial-secret"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", "inspect", "--secret", "tutorial-secret", "--now", fixtureNow, tok)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if r := rawControl(stdout); r != 0 {
		t.Errorf("inspect printed %U raw:\n%s", r, termsafe.Escape(stdout))
	}
}

func TestErrorsEscapeEchoedInput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "\u009b2J\u202e.tf")
	code, _, stderr := run(t, "", "run", missing)
	if code != 1 || !strings.Contains(stderr, "no such file") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if r := rawControl(stderr); r != 0 {
		t.Errorf("the error echoes %U raw: %q", r, stderr)
	}
	code, _, stderr = run(t, "", "inspect", "\u009b2J."+hostile+".x")
	if code != 1 || stderr == "" {
		t.Fatalf("inspect: exit %d, stderr %q", code, stderr)
	}
	if r := rawControl(stderr); r != 0 {
		t.Errorf("inspect's error echoes %U raw: %q", r, stderr)
	}
}
