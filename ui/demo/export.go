package demo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons/atomicfile"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Export exports the session's events as Markdown, with a Mermaid
// sequence diagram: to two files in a directory, or, without one, to an
// overlay that shows the Markdown to copy, since an SSH session must not
// write to the server's disk. The overlay is drawn without side borders so
// that a mouse selection copies clean lines.
type Export struct {
	c   *common.Common
	sc  *common.Scene
	h   Host
	dir string

	text  string
	view  common.Scroller
	cache common.Cached[exportKey]
}

type exportKey struct {
	text   string
	w, h   int
	off    int
	styles *styles.Styles
}

// ExportedMsg is the end of an export to files: where they went, or why
// they did not.
type ExportedMsg struct {
	md, mmd string
	err     error
}

// NewExport returns the export of the world in sc, to files in dir, or to
// the overlay when dir is empty.
func NewExport(c *common.Common, sc *common.Scene, h Host, dir string) *Export {
	return &Export{c: c, sc: sc, h: h, dir: dir}
}

// Start exports the session's events as the log holds them now, with
// captions between them (a demo's, Player.Captions): it returns the
// command that writes the files, or, without a directory, whether the
// overlay is to open (the accessible mode prints the text instead).
func (e *Export) Start(captions ...sim.Caption) (write tea.Cmd, open bool) {
	events := e.sc.World.Log.All()
	if len(events) == 0 {
		e.h.Say(common.Status{Text: "nothing to export yet: press " + e.c.Keys.Login.Help().Key + " to log in first", Level: common.LevelWarn})
		return nil, false
	}
	var md, mmd strings.Builder
	if err := sim.WriteMarkdown(&md, events, captions...); err != nil {
		e.h.Say(common.Status{Text: "export failed: " + err.Error(), Level: common.LevelBad})
		return nil, false
	}
	if err := sim.WriteMermaid(&mmd, events, captions...); err != nil {
		e.h.Say(common.Status{Text: "export failed: " + err.Error(), Level: common.LevelBad})
		return nil, false
	}
	if e.dir == "" {
		e.text = md.String() + "\n```mermaid\n" + mmd.String() + "```\n"
		e.view.ScrollTo(0)
		if e.c.Accessible {
			e.c.Print(strings.Split(strings.TrimRight(e.text, "\n"), "\n")...)
			return nil, false
		}
		e.h.Say(common.Status{Text: "the session as Markdown with a Mermaid diagram: select it to copy, or press " +
			e.c.Keys.Copy.Help().Key + " to copy it all"})
		return nil, true
	}
	dir := e.dir
	base := "tokenflow-session-" + e.sc.World.Now().Format("20060102-150405")
	mdText, mmdText := md.String(), mmd.String()
	e.h.Say(common.Status{Text: "exporting the session…"})
	return func() tea.Msg { return writeExport(dir, base, mdText, mmdText) }, false
}

// Finish reports a finished export in the status line.
func (e *Export) Finish(msg ExportedMsg) {
	if msg.err != nil {
		e.h.Say(common.Status{Text: "export failed: " + msg.err.Error(), Level: common.LevelBad})
		return
	}
	e.h.Say(common.Status{Text: fmt.Sprintf("exported the session: %s (Markdown) and %s (Mermaid)", msg.md, filepath.Base(msg.mmd))})
}

// Text is the Markdown the overlay shows.
func (e *Export) Text() string { return e.text }

// Offset is the overlay's first visible line.
func (e *Export) Offset() int { return e.view.Offset() }

// Update handles the overlay's keys: the copy key puts the text on the
// clipboard, and the arrow, page, home and end keys scroll. It reports
// whether msg was one of them.
func (e *Export) Update(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(msg, e.c.Keys.Copy) {
		e.h.Say(common.Status{Text: "copied the Markdown to your clipboard (if your terminal allows programs to set it)"})
		return tea.SetClipboard(e.text), true
	}
	return nil, e.view.Update(e.c.Keys, msg)
}

// ShortHelp is the overlay's keys, for the key line.
func (e *Export) ShortHelp() []key.Binding {
	k := e.c.Keys
	return append(common.ScrollHelp(k, true), k.Copy, k.Back)
}

// FullHelp is every key of the overlay: its scrolling, copy and esc.
func (e *Export) FullHelp() [][]key.Binding {
	k := e.c.Keys
	return [][]key.Binding{append(common.ScrollFullHelp(k), k.Copy, k.Back)}
}

// writeExport writes the Markdown and the Mermaid documents as base.md
// and base.mmd in dir. A name already taken by an earlier export (the
// simulated clock starts at the same instant in every session) gets a
// number instead of being overwritten.
func writeExport(dir, base, md, mmd string) ExportedMsg {
	name := base
	for n := 2; ; n++ {
		if !exists(filepath.Join(dir, name+".md")) && !exists(filepath.Join(dir, name+".mmd")) {
			break
		}
		if n > 999 {
			return ExportedMsg{err: fmt.Errorf("%s has too many exports named %s", dir, base)}
		}
		name = fmt.Sprintf("%s-%d", base, n)
	}
	out := ExportedMsg{md: filepath.Join(dir, name+".md"), mmd: filepath.Join(dir, name+".mmd")}
	if err := atomicfile.Write(out.md, []byte(md), 0o644); err != nil {
		return ExportedMsg{err: err}
	}
	if err := atomicfile.Write(out.mmd, []byte(mmd), 0o644); err != nil {
		return ExportedMsg{err: err}
	}
	return out
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// Render draws the overlay w cells wide and h rows high: a title and how
// to copy the text whole, the text soft-wrapped at the width, and a
// footer line with the position and the keys. A line wider than the
// screen wraps at a space where it can: a mouse selection copies the
// wrapped lines as separate lines (over SSH the terminal knows no
// better), which is why the copy key, which sends the text itself, is
// named first.
func (e *Export) Render(w, h int) string {
	st, keys := e.c.Styles, e.c.Keys
	k := exportKey{text: e.text, w: w, h: h, off: e.view.Offset(), styles: st}
	return e.cache.Get(k, func() string {
		var lines []string
		for _, l := range strings.Split(strings.TrimRight(e.text, "\n"), "\n") {
			lines = append(lines, common.Wrap(l, w)...)
		}
		head := []string{common.Fit(st.PaneTitle.Render(" Export · this session as Markdown, with a Mermaid sequence diagram"), w)}
		for _, l := range common.Wrap(keys.Copy.Help().Key+" copies all of it, unbroken, to your clipboard (OSC 52); "+
			"a mouse selection breaks the long lines where the screen wraps them", w-1) {
			head = append(head, common.Fit(" "+st.Hint.Render(l), w))
		}
		visible := e.view.Window(lines, max(h-1-len(head), 1))
		out := make([]string, 0, h)
		out = append(out, head...)
		for _, l := range visible {
			out = append(out, common.Fit(l, w))
		}
		for len(out) < h-1 {
			out = append(out, common.Fit("", w))
		}
		footer := e.view.Footer(keys, keys.Copy.Help().Key+" copies it all · "+keys.Back.Help().Key+" closes")
		out = append(out, common.Fit(st.Muted.Render(" "+footer), w))
		return strings.Join(out, "\n")
	})
}
