package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/lessons"
)

// longTitle is an instructor's lesson title longer than the menu's title
// column at any width.
const longTitle = "Refresh tokens in a single-page app with a backend-for-frontend, rotation and reuse detection, end to end"

// longTitleLesson is an instructor's lesson, of a long title, loaded as
// `--lessons DIR --lessons-first` loads it: from a directory of its own,
// before the built-in lessons.
func longTitleLesson(t *testing.T) []*lessons.Lesson {
	t.Helper()
	dir := t.TempDir()
	text := "---\nid: long-title\ntitle: " + longTitle + "\nsummary: An instructor's own lesson, whose title says everything it covers.\n---\n\n" +
		"## Step: Sign in\n\nSign alice in.\n\n### Goal\n\nAlice is logged in.\n\n```goal\nevent login\n```\n\n" +
		"### Hints\n\n1. `login`\n\n### Solution\n\n```tokenflow\nlogin\n```\n\n### Debrief\n\nSigned in.\n"
	if err := os.WriteFile(filepath.Join(dir, "01-long-title.md"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	own, err := lessons.LoadAll(lessons.Source{FS: os.DirFS(dir), Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return append(own, theCourse(t)...)
}

// TestMenuLongTitleGolden: an instructor's lesson of a long title is
// not cut in the lesson menu: the title column widens, and what does not
// fit wraps under it; the detail under the list shows it whole too.
func TestMenuLongTitleGolden(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m, err := New(Options{Seed: 1, Lessons: longTitleLesson(t)})
			if err != nil {
				t.Fatal(err)
			}
			resize(m, size[0], size[1])
			out := ascii(t, m)
			requireFrame(t, out, size[0], size[1])
			text := ansi.Strip(out)
			if got := titleColumn(text, "Refresh tokens", "new"); got != longTitle {
				t.Errorf("the menu's row holds the title %q, want %q:\n%s", got, longTitle, text)
			}
			requireGolden(t, out)
		})
	}
}

// titleColumn reads the title column of the menu row whose title starts
// with start, across the row's lines, up to the column where the first
// line shows the state (state): the title as the menu shows it.
func titleColumn(frame, start, state string) string {
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		at := strings.Index(l, start)
		if at < 0 {
			continue
		}
		from := ansi.StringWidth(l[:at])
		to := ansi.StringWidth(l[:at+strings.Index(l[at:], state)])
		var parts []string
		for _, row := range lines[i:] {
			part := strings.TrimSpace(ansi.Cut(row, from, to))
			if part == "" || (len(parts) > 0 && strings.TrimSpace(ansi.Cut(row, 0, from)) != "┃") {
				break // the next row has a number before its title
			}
			parts = append(parts, part)
		}
		return strings.ReplaceAll(strings.Join(parts, " "), "- ", "-")
	}
	return ""
}

// TestMenuSummaryCutSaysSoGolden: at 80x30 the selected lesson's summary
// under the list is cut to the rows left; its last line ends in "…", so
// it does not pass for the whole sentence.
func TestMenuSummaryCutSaysSoGolden(t *testing.T) {
	m := newCourseModel(t, nil)
	resize(m, 80, 30)
	for range 14 {
		keys(m, "down") // lesson 15, whose summary takes two lines
	}
	out := ascii(t, m)
	requireFrame(t, out, 80, 30)
	text := ansi.Strip(out)
	summary := theCourse(t)[14].Summary
	first, _, _ := strings.Cut(summary, " of the")
	i := strings.Index(text, first)
	if i < 0 {
		t.Fatalf("the summary of lesson 15 is not under the list:\n%s", text)
	}
	line, _, _ := strings.Cut(text[i:], "┃")
	if line = strings.TrimSpace(line); !strings.HasSuffix(line, "…") || strings.Contains(text, summary) {
		t.Errorf("the summary, cut to %q, does not say it goes on:\n%s", line, text)
	}
	requireGolden(t, out)
}
