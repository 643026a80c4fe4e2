package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons/atomicfile"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// exportView is the export overlay of a session that may not write files
// (an SSH session): the session as Markdown, with its Mermaid diagram in a
// fenced block, drawn without side borders so that a mouse selection
// copies clean lines.
type exportView struct {
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

// exportedMsg is the end of an export to files: where they went, or why
// they did not.
type exportedMsg struct {
	md, mmd string
	err     error
}

// exportSession exports the session's events: to two files in
// Options.ExportDir, written by the returned command, or, without one, to
// the overlay. The documents are built here, from the log as it is now.
func (m *Model) exportSession() tea.Cmd {
	events := m.sc.World.Log.All()
	if len(events) == 0 {
		m.say(common.Status{Text: "nothing to export yet: press " + m.com.Keys.Login.Help().Key + " to log in first", Level: common.LevelWarn})
		return nil
	}
	var md, mmd strings.Builder
	if err := sim.WriteMarkdown(&md, events); err != nil {
		m.say(common.Status{Text: "export failed: " + err.Error(), Level: common.LevelBad})
		return nil
	}
	if err := sim.WriteMermaid(&mmd, events); err != nil {
		m.say(common.Status{Text: "export failed: " + err.Error(), Level: common.LevelBad})
		return nil
	}
	if m.opts.ExportDir == "" {
		m.export.text = md.String() + "\n```mermaid\n" + mmd.String() + "```\n"
		m.export.view.ScrollTo(0)
		if m.com.Accessible {
			m.com.Print(strings.Split(strings.TrimRight(m.export.text, "\n"), "\n")...)
			return nil
		}
		m.focus.Overlay = common.OverlayExport
		m.say(common.Status{Text: "the session as Markdown with a Mermaid diagram: select it to copy, or press " +
			m.com.Keys.Copy.Help().Key + " to copy it all"})
		return nil
	}
	dir := m.opts.ExportDir
	base := "tokenflow-session-" + m.sc.World.Now().Format("20060102-150405")
	mdText, mmdText := md.String(), mmd.String()
	m.say(common.Status{Text: "exporting the session…"})
	return func() tea.Msg { return writeExport(dir, base, mdText, mmdText) }
}

// exported reports a finished export in the status line.
func (m *Model) exported(msg exportedMsg) {
	if msg.err != nil {
		m.say(common.Status{Text: "export failed: " + msg.err.Error(), Level: common.LevelBad})
		return
	}
	m.say(common.Status{Text: fmt.Sprintf("exported the session: %s (Markdown) and %s (Mermaid)", msg.md, filepath.Base(msg.mmd))})
}

// writeExport writes the Markdown and the Mermaid documents as base.md
// and base.mmd in dir. A name already taken by an earlier export (the
// simulated clock starts at the same instant in every session) gets a
// number instead of being overwritten.
func writeExport(dir, base, md, mmd string) exportedMsg {
	name := base
	for n := 2; ; n++ {
		if !exists(filepath.Join(dir, name+".md")) && !exists(filepath.Join(dir, name+".mmd")) {
			break
		}
		if n > 999 {
			return exportedMsg{err: fmt.Errorf("%s has too many exports named %s", dir, base)}
		}
		name = fmt.Sprintf("%s-%d", base, n)
	}
	out := exportedMsg{md: filepath.Join(dir, name+".md"), mmd: filepath.Join(dir, name+".mmd")}
	if err := atomicfile.Write(out.md, []byte(md), 0o644); err != nil {
		return exportedMsg{err: err}
	}
	if err := atomicfile.Write(out.mmd, []byte(mmd), 0o644); err != nil {
		return exportedMsg{err: err}
	}
	return out
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// Render draws the overlay w cells wide and h rows high: a title line,
// the text as it is, and a footer line with the position and the keys.
func (p *exportView) Render(c *common.Common, w, h int) string {
	st, keys := c.Styles, c.Keys
	k := exportKey{text: p.text, w: w, h: h, off: p.view.Offset(), styles: st}
	return p.cache.Get(k, func() string {
		var lines []string
		for _, l := range strings.Split(strings.TrimRight(p.text, "\n"), "\n") {
			lines = append(lines, common.HardWrap(l, w)...)
		}
		visible := p.view.Window(lines, h-2)
		out := make([]string, 0, h)
		out = append(out, common.Fit(st.PaneTitle.Render(" Export · this session as Markdown, with a Mermaid sequence diagram"), w))
		for _, l := range visible {
			out = append(out, common.Fit(l, w))
		}
		for len(out) < h-1 {
			out = append(out, common.Fit("", w))
		}
		footer := p.view.Footer(keys, keys.Copy.Help().Key+" copies it all · "+keys.Back.Help().Key+" closes")
		out = append(out, common.Fit(st.Muted.Render(" "+footer), w))
		return strings.Join(out, "\n")
	})
}
