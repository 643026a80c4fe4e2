package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// testNotes are the notes of a short talk.
func testNotes(t testing.TB) *Notes {
	t.Helper()
	lines, err := script.ParseDemo(strings.NewReader("#> say it loudly\n# a caption\ncall\n#> n\nlogin\nexpect status 200\n"), "talk.tf")
	if err != nil {
		t.Fatal(err)
	}
	n, err := NewNotes("talk.tf", lines)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// followOnce draws the notes of the cue file at path once, as the notes
// terminal first does, and returns what it wrote after clearing the
// screen.
func followOnce(n *Notes, path string) string {
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// Writing to a buffer cannot fail.
	_ = n.Follow(ctx, &out, path, make(chan time.Time))
	return strings.TrimPrefix(out.String(), "\x1b[H\x1b[2J")
}

// TestNotesEscapeWhatTheCueHolds: the cue file is anyone's who can write
// the progress directory (a shared $TOKENFLOW_HOME); the checks and
// failures it names reach the presenter's terminal escaped, never as the
// sequences (OSC, CSI, C1, bidi overrides) they hold.
func TestNotesEscapeWhatTheCueHolds(t *testing.T) {
	n := testNotes(t)
	path := filepath.Join(t.TempDir(), "demo.cue")
	data, err := json.Marshal(cue{Step: 1, Steps: n.Steps(),
		Checks: []Check{{What: "\x1b]0;owned\x07\x1b[2J", Line: 1}},
		Failed: []Check{{What: "expect \u009b31mred", Line: 2, Err: "got \u202e200"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	body := followOnce(n, path)
	for _, r := range body {
		if r != '\r' && r != '\n' && termsafe.Unsafe(r) {
			t.Fatalf("the notes terminal was sent %U: %q", r, body)
		}
	}
	for _, want := range []string{`\u001b]0;owned\u0007\u001b[2J`, `expect \u009b31mred`, `got \u202e200`} {
		if !strings.Contains(body, want) {
			t.Errorf("the notes do not show %q escaped: %q", want, body)
		}
	}
}

// FuzzNotesRender: whatever a cue file holds, the notes render without
// panicking and without a character a terminal would obey.
func FuzzNotesRender(f *testing.F) {
	f.Add([]byte(`{"step":1,"steps":2,"checks":[{"What":"x","Line":1}]}`))
	f.Add([]byte(`{"step":2,"steps":2,"failed":[{"What":"\u001b[2J","Line":1,"Err":"\u009b"}]}`))
	f.Add([]byte(`{"step":-1,"steps":2}`))
	n := testNotes(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c cue
		if json.Unmarshal(data, &c) != nil {
			return
		}
		for _, line := range n.Render(c) {
			for _, r := range line {
				if termsafe.Unsafe(r) || r == '\n' {
					t.Fatalf("the notes hold %U: %q", r, line)
				}
			}
		}
	})
}
