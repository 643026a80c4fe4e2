package lessons

import (
	"strings"
	"testing"
)

// FuzzParse feeds Parse arbitrary files: it must answer with a lesson or
// with problems at lines of the file, never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validLesson))
	f.Add([]byte("---\nid: x\n---\n## Step: a\n```\n## b\n"))
	f.Add([]byte("---\nsettings:\n-\n- grace\n---\n### Goal\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		l, errs := Parse("f.md", src)
		if (l == nil) == (len(errs) == 0) {
			t.Fatalf("Parse returned lesson %v with %d problems", l, len(errs))
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
