package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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
	_ = n.Follow(ctx, &out, path, make(chan time.Time), func() int { return 0 })
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

// TestNotesWrapAtSpacesAndSayWhenTheDemoEnds: the notes terminal breaks
// its lines at spaces to its width, under each line's indent, and again
// when the width changes, so the terminal never breaks a word; once the
// presenter's demo has ended, it says so instead of showing a step as if
// it were still on screen.
func TestNotesWrapAtSpacesAndSayWhenTheDemoEnds(t *testing.T) {
	const src = `# The thief replays the refresh token it stole from a leaked log file.
#> Ask who keeps refresh tokens in local storage, and why that matters here.
login
jump
`
	cue := CuePath(t.TempDir(), "wrap.tf")
	p := newScript(t, "wrap.tf", src, 0, nil, func(s *Script) { s.Cue = cue })
	lines, _ := script.ParseDemo(strings.NewReader(src), "wrap.tf")
	notes, err := NewNotes("wrap.tf", lines)
	if err != nil {
		t.Fatal(err)
	}
	var width atomic.Int64
	width.Store(34)
	out, tick, stop := follow(t, notes, cue, func() int { return int(width.Load()) })
	defer stop()
	screen := func() []string {
		tick <- time.Time{} // the notes terminal reads the cue
		tick <- time.Time{} // and has drawn it by the time it waits again
		got := out.String()
		return strings.Split(got[strings.LastIndex(got, "\x1b[2J")+4:], "\r\n")
	}
	ticks(p, p.Init())
	for _, w := range []int{34, 60} {
		width.Store(int64(w))
		shown := screen()
		text := strings.Join(shown, " ")
		for _, l := range shown {
			if n := ansi.StringWidth(l); n > w {
				t.Errorf("width %d: a line of %d cells: %q", w, n, l)
			}
		}
		for _, word := range strings.Fields("Ask who keeps refresh tokens in local storage, and why that matters here.") {
			if !strings.Contains(" "+text+" ", " "+word+" ") {
				t.Errorf("width %d: the note's word %q is broken:\n%s", w, word, strings.Join(shown, "\n"))
			}
		}
	}
	cmd, _ := p.Key(tea.KeyPressMsg{Code: tea.KeyRight})
	ticks(p, cmd)
	p.End()
	if shown := strings.Join(screen(), "\n"); !strings.Contains(shown, "ENDED the presenter's demo has ended, at step 2 of 3") || strings.Contains(shown, "NOW") {
		t.Errorf("after the demo ended the notes show:\n%s", shown)
	}
}
