package demo

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/script"
)

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
