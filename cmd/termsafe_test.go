package cmd

import (
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

// TestRunRefusesControlsInAScript: a script line holding a character a
// terminal would obey or print as nothing is refused, as a lesson file's
// would be, naming the line and not echoing the character: a script's
// text reaches terminals (the transcript, a demo's captions and speaker
// notes).
func TestRunRefusesControlsInAScript(t *testing.T) {
	for _, r := range hostile {
		if !termsafe.Unsafe(r) {
			continue
		}
		code, stdout, stderr := run(t, "login al"+string(r)+"ice wonderland\n", "run", "-")
		if code != 2 || !strings.Contains(stderr, "stdin:1: not text") {
			t.Errorf("%U: exit %d, stdout %q, stderr %q; want exit 2 and stdin:1: not text", r, code, stdout, stderr)
		}
		if c := rawControl(stderr); c != 0 {
			t.Errorf("%U: the error echoes %U raw: %q", r, c, stderr)
		}
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
