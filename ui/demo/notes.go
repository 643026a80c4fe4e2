package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons/atomicfile"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/sim/termsafe"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Speaker notes reach the presenter through a small file, the cue: the
// player on the projector rewrites it at every step, and `tokenflow demo
// --notes` in a second terminal reads it a few times a second and shows
// the notes of the step on screen and of the next. A file needs no port,
// no network and no pairing, works offline on the presenter's laptop,
// and both sides find it from the script's path alone.

// CuePath is the cue file of the demo script at path, in dir (the
// progress directory): one per script, so two talks do not cross.
func CuePath(dir, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "demo-"+hex.EncodeToString(sum[:6])+".cue")
}

// maxCue bounds the cue file a notes terminal reads.
const maxCue = 1 << 20

// cue is what the cue file holds: the step on screen, its checks, every
// failure so far, and whether the presenter's demo has ended.
type cue struct {
	Step   int     `json:"step"`
	Steps  int     `json:"steps"`
	Checks []Check `json:"checks,omitempty"`
	Failed []Check `json:"failed,omitempty"`
	Ended  bool    `json:"ended,omitempty"`
}

// cueFile writes the newest cue. Writes run as commands, in any order,
// so each writes the newest state rather than the one it was made with.
type cueFile struct {
	path   string
	mu     sync.Mutex
	latest cue
	failed bool // a write failed; said once
}

// cueCmd returns the command that writes where the demo is now.
func (p *Player) cueCmd() tea.Cmd {
	if p.cue == nil {
		return nil
	}
	f := p.cue
	f.set(cue{Step: p.Pos(), Steps: len(p.beats), Checks: p.Checks(), Failed: p.Failures()})
	return func() tea.Msg {
		if err := f.write(); err != nil {
			return CueFailedMsg{Err: err}
		}
		return nil
	}
}

// End tells a notes terminal that the demo has ended, where it stood: the
// program calls it once its screen is gone. It writes at once, since no
// command runs after the program.
func (p *Player) End() {
	if p.cue == nil {
		return
	}
	p.cue.set(cue{Step: p.Pos(), Steps: len(p.beats), Failed: p.Failures(), Ended: true})
	_ = p.cue.write()
}

// set makes c the newest cue.
func (f *cueFile) set(c cue) {
	f.mu.Lock()
	f.latest = c
	f.mu.Unlock()
}

// write writes the newest cue; it returns the first failure alone, which
// is said once.
func (f *cueFile) write() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, _ := json.Marshal(f.latest) // plain values: cannot fail
	if err := atomicfile.Write(f.path, data, 0o600); err != nil && !f.failed {
		f.failed = true
		return err
	}
	return nil
}

// CueFailedMsg says that the notes terminal cannot follow: the cue file
// could not be written.
type CueFailedMsg struct{ Err error }

// Status is the message in words, for the status line.
func (m CueFailedMsg) Status() common.Status {
	return common.Status{Text: "speaker notes cannot follow: " + m.Err.Error(), Level: common.LevelWarn}
}

// Notes is the presenter's view of a demo in a second terminal: the
// script's steps with their captions and speaker notes.
type Notes struct {
	name  string
	beats []beat
	start int
}

// NewNotes reads a script's steps for the notes terminal, as the player
// groups them.
func NewNotes(name string, lines []script.Line) (*Notes, error) {
	beats, start := group(lines)
	if len(beats) == 0 {
		return nil, fmt.Errorf("ui: the demo %s has no actions and no captions", name)
	}
	return &Notes{name: name, beats: beats, start: start}, nil
}

// Render is the notes for the step the cue names, as lines of plain
// text: the step on screen, its caption, notes and checks; the next step
// and its notes; and every failure so far. Each line is one line,
// escaped (termsafe): the cue file is anyone's who can write the progress
// directory.
func (n *Notes) Render(c cue) []string {
	lines := n.render(c)
	for i, l := range lines {
		lines[i] = termsafe.Escape(strings.ReplaceAll(l, "\n", " "))
	}
	return lines
}

func (n *Notes) render(c cue) []string {
	out := []string{fmt.Sprintf("tokenflow demo · %s · speaker notes", n.name), ""}
	if c.Step < 1 || c.Step > len(n.beats) || c.Steps != len(n.beats) {
		return append(out, "The presenter's demo is at a step this script does not have: is it the same script?")
	}
	if c.Ended {
		out = append(out, fmt.Sprintf("ENDED the presenter's demo has ended, at step %d of %d; these notes follow it again when it restarts.", c.Step, c.Steps))
		return append(out, failedLines(c.Failed)...)
	}
	now := n.beats[c.Step-1]
	out = append(out, fmt.Sprintf("NOW  step %d of %d · %s", c.Step, c.Steps, now.what()))
	if cap := captionAt(n.beats, c.Step); cap != "" {
		out = append(out, indent("caption: "+strings.ReplaceAll(cap, "\n", " "))...)
	}
	for _, note := range now.notes {
		out = append(out, indent("» "+note)...)
	}
	for _, ch := range c.Checks {
		out = append(out, "     "+ch.Text())
	}
	out = append(out, "")
	if c.Step < len(n.beats) {
		next := n.beats[c.Step]
		out = append(out, fmt.Sprintf("NEXT step %d · %s", c.Step+1, next.what()))
		if next.isCaption {
			out = append(out, indent("caption: "+strings.ReplaceAll(next.caption, "\n", " "))...)
		}
		for _, note := range next.notes {
			out = append(out, indent("» "+note)...)
		}
	} else {
		out = append(out, "NEXT the end of the demo")
	}
	return append(out, failedLines(c.Failed)...)
}

// failedLines list the failed checks, after a blank line; none, nothing.
func failedLines(failed []Check) []string {
	if len(failed) == 0 {
		return nil
	}
	out := []string{"", fmt.Sprintf("FAILED so far (%d, hidden from the room in presenter mode):", len(failed))}
	for _, f := range failed {
		out = append(out, "     "+f.Text())
	}
	return out
}

// wrapNotes breaks the notes' lines at spaces to width cells, each under
// its own indent, so that the terminal never breaks a word; width 0 (not
// a terminal) leaves them whole.
func wrapNotes(lines []string, width int) []string {
	if width <= 0 {
		return lines
	}
	var out []string
	for _, l := range lines {
		body := strings.TrimLeft(l, " ")
		indent := l[:len(l)-len(body)]
		if len(indent) >= width/2 {
			indent = ""
		}
		for _, w := range common.Wrap(body, width-len(indent)) {
			out = append(out, indent+w)
		}
	}
	return out
}

func indent(s string) []string { return []string{"     " + s} }

// what names a step for the notes.
func (b beat) what() string {
	switch {
	case b.action != nil:
		return "▶ " + b.action.Action.String()
	case b.isCaption:
		return "caption"
	}
	return fmt.Sprintf("the checks of line %d", b.line)
}

// captionAt is the caption on screen at step n: the newest caption
// played.
func captionAt(beats []beat, n int) string {
	for i := n - 1; i >= 0; i-- {
		if beats[i].isCaption {
			return beats[i].caption
		}
	}
	return ""
}

// Follow shows the notes in out and follows the cue file at path: at
// each tick it reads the file and, when the step changed or the terminal's
// width (width, 0 when unknown) did, draws the notes again on a cleared
// screen, wrapped at spaces. It returns when ctx ends.
func (n *Notes) Follow(ctx context.Context, out io.Writer, path string, tick <-chan time.Time, width func() int) error {
	var shown []byte
	first, cols := true, -1
	for {
		data, err := readCue(path)
		w := width()
		if first || w != cols || (err == nil && string(data) != string(shown)) {
			first, cols = false, w
			var lines []string
			var c cue
			switch {
			case errors.Is(err, fs.ErrNotExist):
				lines = []string{termsafe.Escape(fmt.Sprintf("tokenflow demo · %s · speaker notes", n.name)), "",
					termsafe.Escape("Waiting for the presenter: start `tokenflow demo " + n.name + "` (with --present for the projector) in another terminal.")}
			case err != nil:
				lines = []string{termsafe.Escape("tokenflow demo: " + err.Error())}
			case json.Unmarshal(data, &c) != nil:
				lines = []string{termsafe.Escape("tokenflow demo: the cue file " + path + " is not a demo's cue")}
				shown = data
			default:
				lines = n.Render(c)
				shown = data
			}
			if _, err := io.WriteString(out, "\x1b[H\x1b[2J"+strings.Join(wrapNotes(lines, w), "\r\n")+"\r\n"); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick:
		}
	}
}

// readCue reads the cue file, at most maxCue bytes of it, and only if it
// is a regular file. It opens without waiting (O_NONBLOCK, which Windows
// ignores and has no FIFOs to need): opening a FIFO for reading waits for
// a writer, in open(2), where Ctrl+C cannot end the notes terminal.
func readCue(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("the cue file %s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxCue+1))
	if err == nil && len(data) > maxCue {
		err = fmt.Errorf("the cue file %s is larger than %d KiB", path, maxCue>>10)
	}
	return data, err
}

// Steps is how many steps the demo has.
func (n *Notes) Steps() int { return len(n.beats) }
