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
			_, body, _ := strings.Cut(text, "Lessons ·")
			list, _, _ := strings.Cut(body, "2  The wristband")
			if !subsequence(strings.Fields(list), strings.Fields(longTitle)) {
				t.Errorf("the menu's row does not hold the whole title %q:\n%s", longTitle, text)
			}
			requireGolden(t, out)
		})
	}
}

// subsequence reports whether want's words appear in words in order,
// other words (the summary beside the title) between them.
func subsequence(words, want []string) bool {
	// A line may break after a hyphen: the word goes on on the next line.
	var joined []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		for strings.HasSuffix(w, "-") && i+1 < len(words) {
			i++
			w += words[i]
		}
		joined = append(joined, w)
	}
	for _, w := range joined {
		if len(want) > 0 && w == want[0] {
			want = want[1:]
		}
	}
	return len(want) == 0
}
