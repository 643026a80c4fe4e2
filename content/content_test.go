package content_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
)

// TestShippedLessonsPassTheCheck is `tokenflow lessons check` over the
// built-in lessons: every file valid, every solution completes its step.
func TestShippedLessonsPassTheCheck(t *testing.T) {
	for _, err := range lessons.Check(content.FS) {
		t.Error(err)
	}
}

// TestCurriculumOrder pins the course the issue asks for, in order.
func TestCurriculumOrder(t *testing.T) {
	ls, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"the-wristband", "it-expires", "the-vip-pass", "why-short-lived", "the-naive-design",
		"rotation", "replay-caught", "the-two-tab-race", "logging-out-for-real", "two-sessions", "real-issuers-differ",
		"where-tokens-live", "always-https", "bound-to-a-key", "tokens-out-of-the-browser", "forgeries", "clocks-disagree",
		"id-token-not-access-token",
		"incident-response", "the-golden-rules",
	}
	var got []string
	for _, l := range ls {
		got = append(got, l.ID)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("lessons in order:\n%v\nwant\n%v", got, want)
	}
}

// TestLessonsStayShort keeps each step readable beside the simulator.
func TestLessonsStayShort(t *testing.T) {
	ls, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		for _, s := range l.Steps {
			if n := strings.Count(s.Narrative, "\n") + 1; n > 12 {
				t.Errorf("%s:%d: step %q has a %d-line narrative; keep it to 12", l.File, s.Line, s.Title, n)
			}
			if n := strings.Count(s.Debrief, "\n") + 1; n > 14 {
				t.Errorf("%s:%d: step %q has a %d-line debrief; keep it to 14", l.File, s.Line, s.Title, n)
			}
		}
	}
}

// TestAuthoringExamplePasses proves the guide's complete example lesson is
// what it claims: a lesson the checker accepts.
func TestAuthoringExamplePasses(t *testing.T) {
	guide, err := os.ReadFile("AUTHORING.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(guide), "\n````markdown\n")
	example, _, closed := strings.Cut(rest, "\n````\n")
	if !ok || !closed {
		t.Fatal("AUTHORING.md has no ````markdown example block")
	}
	fsys := fstest.MapFS{"01-a-stolen-pass.md": {Data: []byte(example + "\n")}}
	for _, err := range lessons.Check(fsys) {
		t.Error(err)
	}
}
