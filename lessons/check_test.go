package lessons

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tokenflow/tokenflow/sim"
)

func TestCheckPassesACompletableLesson(t *testing.T) {
	if errs := Check(fstest.MapFS{"01-sample.md": {Data: []byte(validLesson)}}); len(errs) > 0 {
		t.Errorf("Check: %v", errs)
	}
}

// TestCheckCatchesLessonsThatCannotBeFinished breaks validLesson so that it
// still parses but cannot be completed as written.
func TestCheckCatchesLessonsThatCannotBeFinished(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"goal met before the step begins", "event login\n```\n\n### Forbid", "within 1h\n```\n\n### Forbid",
			`01-sample.md:11: step 1 "Log in": the goal is already met before the step's first action`},
		{"goal met before the solution ends", "```tokenflow\ncall\n```", "```tokenflow\ncall\ninspect access\n```\n",
			`01-sample.md:62: step 2 "Call": the goal is met after this line, before the solution ends`},
		{"goal never met", "exchange client GET /api/profile 200", "exchange client GET /api/profile 401",
			`01-sample.md:43: step 2 "Call": the solution ends but the goal is not met: not yet "exchange client GET /api/profile 401"`},
		{"expect fails", "login\nexpect event login", "login\nexpect event stolen",
			`01-sample.md:36: solution: expect event stolen: no stolen event happened`},
		{"action cannot run now", "```tokenflow\ncall\n```", "```tokenflow\nattacker call\n```",
			`01-sample.md:62: solution: attacker call: cannot run here: the attacker holds no access token`},
		{"setup cannot run", "settings:", "setup:\n  - refresh\nsettings:",
			`01-sample.md:6: setup: refresh: the client has no refresh token`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(validLesson, tt.old, tt.new, 1)
			if src == validLesson {
				t.Fatalf("replacing %q changed nothing", tt.old)
			}
			if strings.Contains(tt.new, "attacker call") {
				src = strings.Replace(src, "1. `call`", "1. `attacker call`", 1)
			}
			if strings.Contains(tt.new, "inspect access") {
				src = strings.Replace(src, "1. `call`", "1. `call`, `inspect access`", 1)
			}
			errs := Check(fstest.MapFS{"01-sample.md": {Data: []byte(src)}})
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Errorf("Check = %v\nwant one problem starting %q", errs, tt.want)
			}
		})
	}
}

func TestCheckRunsStepsOnOneWorld(t *testing.T) {
	// Step 2's `call` needs step 1's login: were steps run on fresh worlds,
	// it could not run.
	res := CheckAll(Source{Dir: "c", FS: fstest.MapFS{"01-sample.md": {Data: []byte(validLesson)}}})
	if len(res) != 1 || len(res[0].Problems) > 0 || res[0].String() != "c/01-sample.md (sample, 2 steps)" {
		t.Errorf("CheckAll = %+v", res)
	}
}

func TestCheckAllReportsParseProblemsPerFile(t *testing.T) {
	broken := strings.Replace(validLesson, "title: Sample", "title: Sample\ncolour: red", 1)
	res := CheckAll(Source{FS: fstest.MapFS{
		"01-good.md": {Data: []byte(validLesson)},
		"02-bad.md":  {Data: []byte(strings.Replace(broken, "id: sample", "id: other", 1))},
	}})
	if len(res) != 2 || len(res[0].Problems) != 0 || len(res[1].Problems) != 1 || res[1].Lesson != nil {
		t.Fatalf("CheckAll = %+v", res)
	}
	if got := res[1].Problems[0].Error(); !strings.HasPrefix(got, `02-bad.md:4: unknown front-matter key "colour"`) {
		t.Errorf("problem = %s", got)
	}
}

func TestWorldAtStartsFromThePreviousStepsSolutions(t *testing.T) {
	l, errs := Parse("s.md", []byte(validLesson))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	w, err := l.WorldAt(sim.Config{Seed: 7}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if w.Client.AccessToken == "" {
		t.Error("step 2's world has no logged-in client")
	}
	if got := w.Config().SettingString("access-ttl"); got != "5m" {
		t.Errorf("access-ttl = %s, want the lesson's 5m", got)
	}
	w1, err := l.WorldAt(sim.Config{Seed: 7}, 1)
	if err != nil || w1.Log.Len() != 0 {
		t.Errorf("WorldAt(1) = %d events, %v; want a fresh world", w1.Log.Len(), err)
	}
	if _, err := l.WorldAt(sim.Config{}, 3); err == nil {
		t.Error("WorldAt(3) of a 2-step lesson succeeded")
	}
}

// TestCheckRefusesWhatAWrongActionSatisfies is the class of bug the Not
// enough blocks exist for: each case is a lesson the checker must refuse,
// with the file:line of the offending line.
func TestCheckRefusesWhatAWrongActionSatisfies(t *testing.T) {
	notEnough := "### Not enough\n\n```tokenflow\ninspect access\n```"
	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"a Not enough block meets the goal", notEnough, "### Not enough\n\n```tokenflow\ninspect access\ncall\n```",
			`01-sample.md:69: step 2 "Call": the goal is met after this line of a Not enough block`},
		{"a strict goal without a Not enough block", notEnough + "\n", "",
			`01-sample.md:52: step 2 "Call": a goal about an attack, a policy or an exchange ("exchange client GET /api/profile 200") needs a ### Not enough block`},
		{"a Not enough block that cannot run", notEnough, "### Not enough\n\n```tokenflow\nattacker call\n```",
			`01-sample.md:68: not enough: attacker call: cannot run here`},
		{"a Not enough block with an expect", notEnough, "### Not enough\n\n```tokenflow\ninspect access\nexpect status 200\n```",
			`01-sample.md:69: a Not enough block holds actions only`},
		{"a Not enough block with a forbidden action", "### Hints\n\n1. `call`", "### Forbid\n\ninspect\n\n### Hints\n\n1. `call`",
			`01-sample.md:72: the Not enough block uses "inspect access", which the step forbids`},
		{"a hint with a key list", "2. The verb is `login`.", "2. The verb is `login` (keys: l).",
			`01-sample.md:30: a hint names a key by hand ((keys:)`},
		{"a hint that says press", "2. The verb is `login`.", "2. Press `l` to run `login`.",
			`01-sample.md:30: a hint names a key by hand (Press)`},
		{"a hint with a key in backticks", "2. The verb is `login`.", "2. The verb is `login`, key `l`.",
			"01-sample.md:30: a hint names a key by hand (`l`)"},
		{"a setting the pane cannot produce", "login\nexpect event login", "set grace 45s\nlogin\nexpect event login",
			`01-sample.md:35: set grace 45s is not among the settings pane's values for grace`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(validLesson, tt.old, tt.new, 1)
			if src == validLesson {
				t.Fatalf("replacing %q changed nothing", tt.old)
			}
			if strings.Contains(tt.new, "set grace") {
				src = strings.Replace(src, "2. The verb is `login`.", "2. `set grace 45s`, then `login`.", 1)
			}
			errs := Check(fstest.MapFS{"01-sample.md": {Data: []byte(src)}})
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Errorf("Check = %v\nwant one problem starting %q", errs, tt.want)
			}
		})
	}
}

// TestNotEnoughRunsFromTheStepsStart proves a block starts where the step
// starts, not where the solution ended: step 2's block runs after step 1's
// login, so a block holding a call that the previous step made possible
// is judged on that world.
func TestNotEnoughRunsFromTheStepsStart(t *testing.T) {
	src := strings.Replace(validLesson, "```tokenflow\ninspect access\n```", "```tokenflow\nrefresh\nlogout\n```", 1)
	if errs := Check(fstest.MapFS{"01-sample.md": {Data: []byte(src)}}); len(errs) > 0 {
		t.Errorf("a block of refresh and logout after step 1's login: %v", errs)
	}
}

// TestCheckProblemsWrapTheirCause: a problem names file:line in its
// message and still carries the failure behind it, for errors.As.
func TestCheckProblemsWrapTheirCause(t *testing.T) {
	src := strings.Replace(validLesson, "settings:", "setup:\n  - refresh\nsettings:", 1)
	errs := Check(fstest.MapFS{"01-sample.md": {Data: []byte(src)}})
	if len(errs) != 1 {
		t.Fatalf("Check = %v, want one problem", errs)
	}
	var le *Error
	var nn *sim.NotNowError
	if !errors.As(errs[0], &le) || le.Line != 6 || !errors.As(errs[0], &nn) {
		t.Errorf("Check = %#v, want an *Error at line 6 wrapping a *sim.NotNowError", errs[0])
	}
}

// TestAnUnreadableLessonFileWrapsTheFileSystemError: the problem says
// what went wrong without repeating the path, and errors.Is still sees it.
func TestAnUnreadableLessonFileWrapsTheFileSystemError(t *testing.T) {
	res := CheckAll(Source{FS: fstest.MapFS{"01-sample.md": {Mode: fs.ModeSymlink, Data: []byte("nowhere")}}})
	if len(res) != 1 || len(res[0].Problems) != 1 {
		t.Fatalf("CheckAll = %+v, want one problem", res)
	}
	if err := res[0].Problems[0]; !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("problem %v does not wrap fs.ErrNotExist", err)
	}
}
