package lessons

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim/termsafe"
)

// FuzzParse feeds Parse arbitrary files: it must answer with a lesson or
// with problems at lines of the file, never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validLesson))
	f.Add([]byte("---\nid: x\n---\n## Step: a\n```\n## b\n"))
	f.Add([]byte("---\nsettings:\n-\n- grace\n---\n### Goal\n"))
	f.Add([]byte(strings.Replace(validLesson, "title: Sample", "title: Sample\x1b]0;x\x07\u009b\u202e", 1)))
	f.Fuzz(func(t *testing.T, src []byte) {
		l, errs := Parse("f.md", src)
		if (l == nil) == (len(errs) == 0) {
			t.Fatalf("Parse returned lesson %v with %d problems", l, len(errs))
		}
		if l != nil {
			checkPlainText(t, l)
		}
		lines := strings.Count(string(src), "\n") + 1
		for _, err := range errs {
			e, ok := err.(*Error)
			if !ok || e.File != "f.md" || e.Line < 0 || e.Line > lines {
				t.Fatalf("problem %v is not at a line of the file (%d lines)", err, lines)
			}
		}
	})
}

// checkPlainText fails if any text of an accepted lesson could steer a
// terminal.
func checkPlainText(t *testing.T, l *Lesson) {
	t.Helper()
	texts := []string{l.ID, l.Title, l.Summary, l.Intro}
	for _, s := range l.Steps {
		texts = append(texts, s.Title, s.Narrative, s.GoalText, s.Debrief)
		texts = append(texts, s.Hints...)
	}
	for _, text := range texts {
		if strings.ContainsFunc(text, termsafe.Unsafe) {
			t.Fatalf("accepted lesson text %q holds a control character", text)
		}
	}
}
