package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// pressCmd sends one key and returns the command it produced.
func pressCmd(m *Model, k string) tea.Cmd {
	_, cmd := m.Update(keyMsg(k))
	return cmd
}

// TestExportWritesMarkdownAndMermaid checks that E writes the session's
// events as tokenflow-session-<simulated time>.md and .mmd in the export
// directory, that the status line says where, and that a second export
// at the same instant gets a new name instead of overwriting the first.
func TestExportWritesMarkdownAndMermaid(t *testing.T) {
	dir := t.TempDir()
	m, err := New(Options{Seed: 1, ExportDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	press(m, "l", "c", "j")
	cmd := pressCmd(m, "E")
	if cmd == nil {
		t.Fatal("E returned no command to write the files with")
	}
	m.Update(cmd())
	base := filepath.Join(dir, "tokenflow-session-20260105-091500")
	if !strings.Contains(m.Status(), base+".md") || !strings.Contains(m.Status(), ".mmd") {
		t.Errorf("status %q does not say where the files went", m.Status())
	}
	var md, mmd strings.Builder
	if err := sim.WriteMarkdown(&md, m.World().Log.All()); err != nil {
		t.Fatal(err)
	}
	if err := sim.WriteMermaid(&mmd, m.World().Log.All()); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{base + ".md": md.String(), base + ".mmd": mmd.String()} {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("%s differs from the session's events:\n%s", path, got)
		}
	}

	m.Update(pressCmd(m, "E")())
	if _, err := os.Stat(base + "-2.md"); err != nil {
		t.Errorf("the second export at the same instant: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("export dir holds %v, want two .md and two .mmd files and no leftovers", names)
	}
}

// TestExportFailureIsReported checks that an export directory that
// cannot be written to gives a message, not a crash or silence.
func TestExportFailureIsReported(t *testing.T) {
	m, err := New(Options{Seed: 1, ExportDir: filepath.Join(t.TempDir(), "missing")})
	if err != nil {
		t.Fatal(err)
	}
	press(m, "l")
	m.Update(pressCmd(m, "E")())
	if !strings.HasPrefix(m.Status(), "export failed") || m.status.Level != common.LevelBad {
		t.Errorf("status %q (level %d), want an export failure", m.Status(), m.status.Level)
	}
}

// TestExportWithoutDirShowsTheMarkdown checks that without an export
// directory (an SSH session) E opens the Markdown, with the Mermaid
// diagram, in an overlay that scrolls, copies and closes.
func TestExportWithoutDirShowsTheMarkdown(t *testing.T) {
	m := newModel(t)
	resize(m, 100, 30)
	press(m, "l", "c", "E")
	if m.focus.Overlay != common.OverlayExport {
		t.Fatal("E did not open the export overlay")
	}
	frame := ansi.Strip(m.View().Content)
	for _, want := range []string{"# tokenflow transcript", "## 09:00:00 · `login`", "y copies it all"} {
		if !strings.Contains(frame, want) {
			t.Errorf("overlay lacks %q:\n%s", want, frame)
		}
	}
	requireFrame(t, frame, 100, 30)
	if !strings.Contains(m.export.Text(), "```mermaid\nsequenceDiagram\n") {
		t.Errorf("the exported text has no Mermaid block:\n%s", m.export.Text())
	}
	press(m, "end")
	if frame := ansi.Strip(m.View().Content); !strings.Contains(frame, "```") {
		t.Errorf("end did not scroll to the Mermaid block:\n%s", frame)
	}
	if cmd := pressCmd(m, "y"); cmd == nil {
		t.Error("y returned no clipboard command")
	}
	press(m, "esc")
	if m.focus.Overlay != common.OverlayNone {
		t.Error("esc did not close the export overlay")
	}
}

// TestExportBeforeAnythingHappenedSaysSo checks that an empty session is
// not exported.
func TestExportBeforeAnythingHappenedSaysSo(t *testing.T) {
	m := newModel(t)
	if cmd := pressCmd(m, "E"); cmd != nil || m.focus.Overlay == common.OverlayExport || !strings.Contains(m.Status(), "nothing to export") {
		t.Errorf("E before any action: status %q, overlay %d", m.Status(), m.focus.Overlay)
	}
}

// TestExportOverlayOverSettingsTakesItsKeys checks that the export
// overlay, opened while the settings panel is open, gets the arrow keys
// and esc as the other overlays do: esc closes the overlay, not the
// panel hidden behind it.
func TestExportOverlayOverSettingsTakesItsKeys(t *testing.T) {
	m := newModel(t)
	resize(m, 100, 30)
	press(m, "l", "c", "s", "E")
	if m.focus.Overlay != common.OverlayExport || !m.focus.Settings {
		t.Fatalf("overlay %d, settings %v: want the export overlay over the settings panel", m.focus.Overlay, m.focus.Settings)
	}
	m.View() // the overlay learns how far it can scroll when drawn
	sel := m.setPane.Selected()
	press(m, "down")
	if m.export.Offset() != 1 || m.setPane.Selected() != sel {
		t.Errorf("down scrolled the export to line %d and moved the setting from %d to %d; want the export scrolled, the setting kept",
			m.export.Offset(), sel, m.setPane.Selected())
	}
	press(m, "esc")
	if m.focus.Overlay != common.OverlayNone || !m.focus.Settings {
		t.Errorf("esc left overlay %d, settings %v: want the overlay closed and the settings panel still open", m.focus.Overlay, m.focus.Settings)
	}
}

// TestExportOverlaySaysYCopiesWholeAndSoftWraps: the export overlay says
// that y copies the text whole (OSC 52), and wraps a line wider than the
// screen at its spaces, so that no word is cut in two.
func TestExportOverlaySaysYCopiesWholeAndSoftWraps(t *testing.T) {
	m := newModel(t)
	resize(m, 80, 24)
	press(m, "l", "c", "E")
	frame := ansi.Strip(m.View().Content)
	if flat := strings.Join(strings.Fields(frame), " "); !strings.Contains(flat, "y copies all of it, unbroken, to your clipboard (OSC 52)") {
		t.Errorf("the overlay does not say that y copies it whole:\n%s", frame)
	}
	requireFrame(t, frame, 80, 24)
	var long []string
	for _, l := range strings.Split(m.export.Text(), "\n") {
		if ansi.StringWidth(l) > 80 && strings.Contains(l, " ") {
			long = append(long, l)
		}
	}
	if len(long) == 0 {
		t.Fatal("no line of the export is wider than the screen: the test tests nothing")
	}
	words := map[string]bool{}
	for range 20 { // every page of the text
		for _, w := range strings.Fields(ansi.Strip(m.View().Content)) {
			words[w] = true
		}
		press(m, "pgdown")
	}
	for _, l := range long {
		for _, w := range strings.Fields(l) {
			if !words[w] {
				t.Errorf("the word %q of a long line is not shown whole: the line was cut, not wrapped at a space", w)
			}
		}
	}
}

// TestDemoExportKeepsItsCaptions: E in a demo exports its captions too,
// as `tokenflow run --format markdown` writes a script's comments: each
// caption shown so far as a quote, after the events before it and before
// the action it introduced, its paragraphs apart; the Mermaid diagram has
// them as notes. A caption not reached yet is not in it.
func TestDemoExportKeepsItsCaptions(t *testing.T) {
	dir := t.TempDir()
	m := newDemo(t, "steps.tf", stepScript(t), Options{ExportDir: dir})
	resize(m, 100, 30)
	press(m, "right", "right", "right") // the caption over login, login, call
	m.Update(pressCmd(m, "E")())
	md, err := os.ReadFile(filepath.Join(dir, "tokenflow-session-20260105-090000.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "\n> Opening caption, on two lines.\n\n> Log in and call.\n\n## 09:00:00 · `login`\n"
	if !strings.Contains(string(md), want) || strings.Contains(string(md), "The clock jumps") {
		t.Errorf("the export does not hold the captions shown, each before its action (%q), and only those:\n%s", want, md)
	}
	if i, j := strings.Index(string(md), "`call`"), strings.LastIndex(string(md), "> "); j > i {
		t.Errorf("a caption stands after the call it did not introduce:\n%s", md)
	}
	mmd, err := os.ReadFile(filepath.Join(dir, "tokenflow-session-20260105-090000.mmd"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mmd), "Note over Client,API: Log in and call.") {
		t.Errorf("the Mermaid diagram lacks the caption as a note:\n%s", mmd)
	}
}
