package lessons

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// validLesson is a small lesson that passes the checker; tests break one
// thing in it at a time. Its line numbers matter to the tests below.
const validLesson = `---
id: sample
title: Sample
summary: A lesson for tests.
settings:
  - access-ttl 5m
---

An introduction.

## Step: Log in

Sign in.

### Goal

Alice is logged in.

` + "```goal" + `
event login
` + "```" + `

### Forbid

refresh, race

### Hints

1. Sign in.
2. The verb is ` + "`login`" + `.

### Solution

` + "```tokenflow" + `
login
expect event login
` + "```" + `

### Debrief

Done (RFC 6749 §4.1).

## Step: Call

Use the token.

### Goal

The API answered.

` + "```goal" + `
exchange client GET /api/profile 200
` + "```" + `

### Hints

1. ` + "`call`" + `

### Solution

` + "```tokenflow" + `
call
` + "```" + `

### Not enough

` + "```tokenflow" + `
inspect access
` + "```" + `

### Debrief

It worked.
`

// lineOf returns the 1-based line of the first line of text equal to want.
func lineOf(t *testing.T, text, want string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if l == want {
			return i + 1
		}
	}
	t.Fatalf("no line %q", want)
	return 0
}

func TestParseValidLesson(t *testing.T) {
	l, errs := Parse("sample.md", []byte(validLesson))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	if l.ID != "sample" || l.Title != "Sample" || l.Summary != "A lesson for tests." || l.Intro != "An introduction." {
		t.Errorf("front matter = %q %q %q, intro %q", l.ID, l.Title, l.Summary, l.Intro)
	}
	if len(l.Settings) != 1 || l.Settings[0] != (Setting{Name: "access-ttl", Value: "5m", Line: 6}) {
		t.Errorf("settings = %+v", l.Settings)
	}
	if len(l.Steps) != 2 {
		t.Fatalf("%d steps, want 2", len(l.Steps))
	}
	s := l.Steps[0]
	if s.Number != 1 || s.Title != "Log in" || s.Line != 11 || s.Narrative != "Sign in." || s.GoalText != "Alice is logged in." {
		t.Errorf("step 1 = %d %q line %d, narrative %q, goal %q", s.Number, s.Title, s.Line, s.Narrative, s.GoalText)
	}
	if len(s.Goal) != 1 || s.Goal[0].Text != "event login" || s.Goal[0].Line != lineOf(t, validLesson, "event login") {
		t.Errorf("goal = %+v", s.Goal)
	}
	if len(s.Hints) != 2 || s.Hints[1] != "The verb is `login`." {
		t.Errorf("hints = %q", s.Hints)
	}
	if len(s.Forbid) != 2 || s.Forbid[0].String() != "refresh" || s.Forbid[1].String() != "race" {
		t.Errorf("forbid = %+v", s.Forbid)
	}
	if got, want := s.SolutionText(), "login\nexpect event login\n"; got != want {
		t.Errorf("solution = %q, want %q", got, want)
	}
	if s.Solution[0].N != lineOf(t, validLesson, "login") {
		t.Errorf("solution line numbers are not the file's: %d", s.Solution[0].N)
	}
	if s.Debrief != "Done (RFC 6749 §4.1)." {
		t.Errorf("debrief = %q", s.Debrief)
	}
}

// TestParseReportsEveryProblemAtItsLine breaks validLesson one way at a
// time and expects the problem at file:line.
func TestParseReportsEveryProblemAtItsLine(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace old with new in validLesson
		want     string // file:line: message prefix or substring
	}{
		{"no front matter", "---\nid: sample", "id: sample", "sample.md:1: a lesson starts with front matter"},
		{"front matter never closed", "  - access-ttl 5m\n---", "  - access-ttl 5m", "sample.md:1: the front matter is never closed"},
		{"unknown front-matter key", "title: Sample", "title: Sample\ncolour: red", `sample.md:4: unknown front-matter key "colour"`},
		{"key twice", "title: Sample", "title: Sample\ntitle: Again", "sample.md:4: title is given twice (first on line 3)"},
		{"missing id", "id: sample\n", "", "sample.md:1: the front matter has no id"},
		{"missing title", "title: Sample\n", "", "sample.md:1: the front matter has no title"},
		{"missing summary", "summary: A lesson for tests.\n", "", "sample.md:1: the front matter has no summary"},
		{"empty title", "title: Sample", "title:", "sample.md:3: title is empty"},
		{"bad id", "id: sample", "id: Sample_1", `sample.md:2: id "Sample_1" must be lowercase words`},
		{"unknown setting", "access-ttl 5m", "colour red", `sample.md:6: setting: "colour": unknown setting`},
		{"bad setting value", "access-ttl 5m", "rotation maybe", `sample.md:6: setting: "maybe": rotation takes on or off`},
		{"setting shape", "access-ttl 5m", "access-ttl", "sample.md:6: a setting is `NAME VALUE`"},
		{"settings inline", "settings:", "settings: rotation on", "sample.md:5: settings is a list"},
		{"list item outside a list", "summary: A lesson for tests.", "summary: A lesson for tests.\n- stray", "sample.md:5: a list item outside settings or setup"},
		{"indented key", "title: Sample", "  title: Sample", "sample.md:3: unexpected indentation"},
		{"setup expect", "settings:", "setup:\n  - expect status 200\nsettings:", "sample.md:6: setup lines are actions"},
		{"setup bad verb", "settings:", "setup:\n  - dance\nsettings:", `sample.md:6: setup: "dance": unknown verb`},
		{"level-1 heading", "An introduction.", "# Sample", "sample.md:9: a `# ` heading"},
		{"unknown level-2 heading", "An introduction.", "## Background", "sample.md:9: unknown heading: steps start with `## Step: TITLE`"},
		{"step without title", "## Step: Call", "## Step:", "the step has no title"},
		{"section before a step", "An introduction.", "### Goal", `sample.md:9: section "Goal" before the first`},
		{"unknown section", "### Forbid", "### Notes", `sample.md:23: unknown step section "Notes"`},
		{"section twice", "### Debrief\n\nDone", "### Debrief\n\nDone\n\n### Debrief\n\nAgain", "sample.md:43: the step has two Debrief sections (first on line 39)"},
		{"no goal", "### Goal\n\nAlice is logged in.\n\n```goal\nevent login\n```\n", "", `sample.md:11: step 1 "Log in" has no ### Goal section`},
		{"no hints", "### Hints\n\n1. Sign in.\n2. The verb is `login`.\n", "", `sample.md:11: step 1 "Log in" has no ### Hints section`},
		{"no solution", "### Solution\n\n```tokenflow\nlogin\nexpect event login\n```\n", "", `sample.md:11: step 1 "Log in" has no ### Solution section`},
		{"no debrief", "### Debrief\n\nDone (RFC 6749 §4.1).\n", "", `sample.md:11: step 1 "Log in" has no ### Debrief section`},
		{"empty debrief", "Done (RFC 6749 §4.1).", "", "sample.md:39: the debrief is empty"},
		{"no narrative", "Sign in.", "", `sample.md:11: step 1 "Log in" has no narrative`},
		{"goal without words", "Alice is logged in.", "", "sample.md:15: the goal has no description"},
		{"goal without block", "```goal\nevent login\n```", "event login", "sample.md:15: the goal has no ```goal block"},
		{"goal block of another kind", "```goal\nevent login", "```text\nevent login", "sample.md:19: a fenced block in ### Goal must be ```goal"},
		{"empty goal block", "```goal\nevent login\n```", "```goal\n```", "sample.md:19: the ```goal block holds no predicate"},
		{"invalid predicate", "event login\n```\n\n### Forbid", "event logn\n```\n\n### Forbid", `sample.md:20: goal: "logn": unknown event kind`},
		{"unknown predicate", "event login\n```\n\n### Forbid", "happened login\n```\n\n### Forbid", `sample.md:20: goal: "happened": unknown goal predicate`},
		{"invalid solution line", "login\nexpect event login", "login\nexpect status teapot", `sample.md:36: solution: "teapot": not an HTTP status code`},
		{"unknown verb in solution", "login\nexpect event login", "logon\nexpect event login", `sample.md:35: solution: "logon": unknown verb`},
		{"solution uses a forbidden verb", "login\nexpect event login", "login\nrefresh", `sample.md:36: the solution uses "refresh", which the step forbids (line 25)`},
		{"expect before any action", "login\nexpect event login", "expect event login\nlogin", "sample.md:35: an expect before any action"},
		{"solution without action", "login\nexpect event login", "# nothing", "sample.md:34: the solution has no action"},
		{"text beside the solution", "```tokenflow\nlogin", "Like this:\n```tokenflow\nlogin", "sample.md:34: text outside the solution's fenced block"},
		{"two solution blocks", "```tokenflow\ncall\n```", "```tokenflow\ncall\n```\n```tokenflow\ncall\n```", "the solution is one fenced block of scenario lines (found 2)"},
		{"hints not a list", "1. Sign in.", "Sign in.", "sample.md:29: hints are a numbered list"},
		{"hint misses the action", "2. The verb is `login`.", "2. The verb starts with l.", "sample.md:27: no hint names the solution's action `login` (line 35)"},
		{"forbid unknown verb", "refresh, race", "refresh, fly", `sample.md:25: forbid: "fly": unknown verb`},
		{"forbid bad argument", "refresh, race", "steal wallet", `sample.md:25: forbid: "wallet": unknown argument to steal`},
		{"forbid empty", "refresh, race", "", "sample.md:23: ### Forbid lists no verb"},
		{"unclosed fence", "It worked.", "It worked.\n```", "this fenced block is never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(validLesson, tt.old, tt.new, 1)
			if src == validLesson {
				t.Fatalf("replacing %q changed nothing", tt.old)
			}
			l, errs := Parse("sample.md", []byte(src))
			if l != nil || len(errs) == 0 {
				t.Fatalf("Parse accepted the broken lesson")
			}
			var msgs []string
			for _, err := range errs {
				if _, ok := err.(*Error); !ok {
					t.Errorf("problem %v is a %T, want *Error", err, err)
				}
				msgs = append(msgs, err.Error())
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", all, tt.want)
			}
		})
	}
}

func TestParseRejectsNonText(t *testing.T) {
	_, errs := Parse("bin.md", []byte{0xff, 0xfe, 0x00})
	if len(errs) != 1 || errs[0].Error() != "bin.md: the file is not UTF-8 text" {
		t.Errorf("problems = %v", errs)
	}
	_, errs = Parse("empty.md", []byte("---\nid: x\ntitle: X\nsummary: S\n---\n"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "empty.md: the lesson has no steps") {
		t.Errorf("problems = %v", errs)
	}
}

func TestParseIgnoresHeadingsInsideFences(t *testing.T) {
	src := strings.Replace(validLesson, "Sign in.\n", "Sign in.\n\n~~~\n## not a heading\n### nor this\n~~~\n", 1)
	l, errs := Parse("sample.md", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	if !strings.Contains(l.Steps[0].Narrative, "## not a heading") {
		t.Errorf("narrative = %q", l.Steps[0].Narrative)
	}
}

func TestLoadOrdersFilesAndSkipsDocs(t *testing.T) {
	second := strings.Replace(validLesson, "id: sample", "id: second", 1)
	fsys := fstest.MapFS{
		"02-second.md":   {Data: []byte(second)},
		"01-sample.md":   {Data: []byte(validLesson)},
		"AUTHORING.md":   {Data: []byte("# not a lesson")},
		"scenarios/x.tf": {Data: []byte("login\n")},
	}
	ls, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(ls) != 2 || ls[0].ID != "sample" || ls[1].ID != "second" || ls[1].File != "02-second.md" {
		t.Errorf("lessons = %v", ls)
	}
}

func TestLoadReportsDuplicateIdsAcrossSources(t *testing.T) {
	builtin := fstest.MapFS{"01-sample.md": {Data: []byte(validLesson)}}
	mine := fstest.MapFS{"01-mine.md": {Data: []byte(validLesson)}}
	ls, err := LoadAll(Source{Dir: "content", FS: builtin}, Source{Dir: "mine", FS: mine})
	want := `mine/01-mine.md:2: duplicate lesson id "sample": content/01-sample.md has it too`
	if err == nil || err.Error() != want {
		t.Errorf("LoadAll error = %v, want %q", err, want)
	}
	if len(ls) != 1 || ls[0].File != "content/01-sample.md" {
		t.Errorf("loaded %v, want the first file's lesson only", ls)
	}
}

func TestLoadPutsFirstSourcesAheadAndReferencesNowhere(t *testing.T) {
	builtin := fstest.MapFS{"01-sample.md": {Data: []byte(validLesson)}}
	mine := fstest.MapFS{"01-mine.md": {Data: []byte(strings.Replace(validLesson, "id: sample", "id: mine", 1))}}
	ids := func(ls []*Lesson) (out []string) {
		for _, l := range ls {
			out = append(out, l.ID)
		}
		return out
	}
	ls, err := LoadAll(Source{Dir: "content", FS: builtin}, Source{Dir: "mine", FS: mine, First: true})
	if err != nil || !slices.Equal(ids(ls), []string{"mine", "sample"}) {
		t.Errorf("First: %v, %v; want mine ahead of sample", ids(ls), err)
	}
	ls, err = LoadAll(Source{Dir: "content", FS: builtin, Reference: true}, Source{Dir: "mine", FS: mine})
	if err != nil || !slices.Equal(ids(ls), []string{"mine"}) {
		t.Errorf("Reference: %v, %v; want mine alone", ids(ls), err)
	}
	clash := fstest.MapFS{"01-mine.md": {Data: []byte(validLesson)}}
	_, err = LoadAll(Source{Dir: "content", FS: builtin}, Source{Dir: "mine", FS: clash, First: true})
	if want := `mine/01-mine.md:2: duplicate lesson id "sample": content/01-sample.md has it too`; err == nil || err.Error() != want {
		t.Errorf("a clash with First: %v, want %q", err, want)
	}
}

func TestLoadReportsMisnamedAndMissingLessons(t *testing.T) {
	_, err := LoadAll(Source{Dir: "mine", FS: fstest.MapFS{"lesson-one.md": {Data: []byte(validLesson)}}})
	if err == nil || !strings.Contains(err.Error(), "mine/lesson-one.md: not a lesson file name") ||
		!strings.Contains(err.Error(), "mine: no lesson files") {
		t.Errorf("error = %v", err)
	}
	_, err = LoadAll(Source{Dir: "nowhere", FS: fstest.MapFS{}})
	if err == nil || !strings.Contains(err.Error(), "nowhere: no lesson files") {
		t.Errorf("error = %v", err)
	}
}

func TestAStepNamesThePaneItKeepsOnScreen(t *testing.T) {
	l, errs := Parse("p.md", []byte(strings.Replace(validLesson, "### Debrief\n\nIt worked.", "### Pane\n\nfamily\n\n### Debrief\n\nIt worked.", 1)))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if l.Steps[0].Pane != PaneActors || l.Steps[1].Pane != PaneFamily {
		t.Errorf("panes %q, %q; want actors by default and family as named", l.Steps[0].Pane, l.Steps[1].Pane)
	}
	_, errs = Parse("p.md", []byte(strings.Replace(validLesson, "### Debrief\n\nIt worked.", "### Pane\n\nsettings\n\n### Debrief\n\nIt worked.", 1)))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "### Pane names one pane") {
		t.Errorf("an unknown pane: %v", errs)
	}
}
