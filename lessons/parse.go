package lessons

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// FrontMatterKeys lists the keys a lesson's front matter may have.
var FrontMatterKeys = []string{"id", "title", "summary", "settings", "setup"}

// StepSections lists the `### ` sections a step may have, in the order the
// authoring guide presents them. Forbid and Not enough are optional.
var StepSections = []string{"Goal", "Hints", "Forbid", "Solution", "Not enough", "Pane", "Debrief"}

// optionalSections are the step sections a step may leave out.
var optionalSections = []string{"Forbid", "Not enough", "Pane"}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	stepHeading = regexp.MustCompile(`^##\s+[Ss]tep:\s*(.*)$`)
	listItem    = regexp.MustCompile(`^ {0,3}(?:\d{1,2}[.)]|[-*+])\s+(.*)$`)
	codeSpan    = regexp.MustCompile("`([^`]+)`")
)

// maxLessonBytes bounds a lesson file; the longest real one is a few KiB.
const maxLessonBytes = 256 << 10

// line is one line of the file with its 1-based number.
type line struct {
	n    int
	text string
}

// section is a run of lines under one heading.
type section struct {
	name  string // "" for a step's narrative, else one of StepSections
	line  int    // the heading's line
	lines []line
}

// parser collects the problems of one file.
type parser struct {
	file string
	errs []*Error
}

func (p *parser) errorf(n int, format string, args ...any) {
	p.errs = append(p.errs, errorf(p.file, n, format, args...))
}

// Parse reads one lesson file. name is how problems name the file. It
// returns the lesson, or every problem found (each an *Error with the line
// it is on); problems found later, such as a solution that does not reach
// its goal, are the checker's.
func Parse(name string, src []byte) (*Lesson, []error) {
	p := &parser{file: name}
	l := p.parse(src)
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b *Error) int { return cmp.Compare(a.Line, b.Line) })
		errs := make([]error, len(p.errs))
		for i, e := range p.errs {
			errs[i] = e
		}
		return nil, errs
	}
	return l, nil
}

func (p *parser) parse(src []byte) *Lesson {
	if len(src) > maxLessonBytes {
		p.errorf(0, "the file is larger than %d KiB: not a lesson", maxLessonBytes>>10)
		return nil
	}
	if !utf8.Valid(src) {
		p.errorf(0, "the file is not UTF-8 text")
		return nil
	}
	raw := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	lines := make([]line, len(raw))
	for i, t := range raw {
		lines[i] = line{n: i + 1, text: t}
	}
	if !p.plainText(lines) {
		return nil
	}
	if len(lines) == 0 || strings.TrimSpace(lines[0].text) != "---" {
		p.errorf(1, "a lesson starts with front matter: a line `---`, then id, title, summary and settings, then `---`")
		return nil
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i].text) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		p.errorf(1, "the front matter is never closed: add a line `---` after it")
		return nil
	}
	l := &Lesson{File: p.file}
	p.frontMatter(l, lines[1:end])
	p.body(l, lines[end+1:])
	return l
}

// frontMatter reads a strict subset of YAML: `key: value` lines, and
// `settings:` or `setup:` followed by `- …` list lines.
func (p *parser) frontMatter(l *Lesson, lines []line) {
	seen := map[string]int{}
	list := "" // the key whose list items follow
	for _, ln := range lines {
		t := strings.TrimSpace(ln.text)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if item, ok := strings.CutPrefix(t, "-"); ok && (item == "" || item[0] == ' ') {
			switch item = strings.TrimSpace(item); {
			case list == "":
				p.errorf(ln.n, "a list item outside settings or setup")
			case item == "":
				p.errorf(ln.n, "an empty list item")
			default:
				p.listEntry(l, list, ln.n, item)
			}
			continue
		}
		if ln.text[0] == ' ' || ln.text[0] == '\t' {
			p.errorf(ln.n, "unexpected indentation: front matter is `key: value` lines and `- ` list items")
			continue
		}
		key, value, ok := strings.Cut(t, ":")
		if !ok {
			p.errorf(ln.n, "want `key: value`")
			continue
		}
		key, value = strings.TrimSpace(key), unquote(strings.TrimSpace(value))
		list = ""
		if !slices.Contains(FrontMatterKeys, key) {
			p.errorf(ln.n, "unknown front-matter key %q (known: %s)", key, strings.Join(FrontMatterKeys, ", "))
			continue
		}
		if first, dup := seen[key]; dup {
			p.errorf(ln.n, "%s is given twice (first on line %d)", key, first)
			continue
		}
		seen[key] = ln.n
		switch key {
		case "id":
			if !idPattern.MatchString(value) {
				p.errorf(ln.n, "id %q must be lowercase words joined by hyphens, like the-wristband", value)
			}
			l.ID, l.idLine = value, ln.n
		case "title":
			l.Title = value
		case "summary":
			l.Summary = value
		case "settings", "setup":
			if value != "" {
				p.errorf(ln.n, "%s is a list: put each entry on its own `  - ` line below", key)
			}
			list = key
		}
	}
	for _, f := range []struct{ key, value string }{{"id", l.ID}, {"title", l.Title}, {"summary", l.Summary}} {
		if n, ok := seen[f.key]; !ok {
			p.errorf(1, "the front matter has no %s", f.key)
		} else if f.value == "" && f.key != "id" {
			p.errorf(n, "%s is empty", f.key)
		}
	}
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}

func (p *parser) listEntry(l *Lesson, list string, n int, item string) {
	if list == "settings" {
		words := strings.Fields(item)
		if len(words) != 2 {
			p.errorf(n, "a setting is `NAME VALUE`, like `access-ttl 5m`")
			return
		}
		if _, err := sim.ApplySetting(sim.Config{}, words[0], words[1]); err != nil {
			p.errorf(n, "setting: %v", err)
			return
		}
		l.Settings = append(l.Settings, Setting{Name: strings.ToLower(words[0]), Value: words[1], Line: n})
		return
	}
	sl, ok, err := script.ParseLine(item)
	switch {
	case err != nil:
		p.errorf(n, "setup: %v", err)
	case ok && sl.Action == nil:
		p.errorf(n, "setup lines are actions; expectations and comments belong in solutions")
	case ok:
		sl.N = n
		l.Setup = append(l.Setup, sl)
	}
}

// body splits the Markdown after the front matter into the intro and the
// steps, and the steps into their sections.
func (p *parser) body(l *Lesson, lines []line) {
	var intro []line
	var step *Step
	var sections []section
	finish := func() {
		if step != nil {
			p.step(l, step, sections)
		}
	}
	fence := fenceState{}
	for _, ln := range lines {
		if fence.inside(ln.text) {
			appendLine(&intro, &sections, step, ln)
			continue
		}
		t := ln.text
		switch {
		case strings.HasPrefix(t, "## "), t == "##":
			m := stepHeading.FindStringSubmatch(strings.TrimRight(t, " "))
			if m == nil {
				p.errorf(ln.n, "unknown heading: steps start with `## Step: TITLE`")
				continue
			}
			finish()
			step = &Step{Number: len(l.Steps) + 1, Title: strings.TrimSpace(m[1]), Line: ln.n}
			if step.Title == "" {
				p.errorf(ln.n, "the step has no title: write `## Step: TITLE`")
			}
			sections = []section{{line: ln.n}}
		case strings.HasPrefix(t, "# "), t == "#":
			p.errorf(ln.n, "a `# ` heading: the lesson's title comes from the front matter; steps start with `## Step: TITLE`")
		case strings.HasPrefix(t, "### "):
			name := strings.TrimSpace(strings.TrimPrefix(t, "### "))
			if step == nil {
				p.errorf(ln.n, "section %q before the first `## Step:` heading", name)
				continue
			}
			canon := ""
			for _, s := range StepSections {
				if strings.EqualFold(s, name) {
					canon = s
				}
			}
			if canon == "" {
				p.errorf(ln.n, "unknown step section %q (known: %s; use #### for headings inside a narrative)", name, strings.Join(StepSections, ", "))
				continue
			}
			for _, s := range sections {
				if s.name == canon {
					p.errorf(ln.n, "the step has two %s sections (first on line %d)", canon, s.line)
				}
			}
			sections = append(sections, section{name: canon, line: ln.n})
		default:
			appendLine(&intro, &sections, step, ln)
		}
	}
	if fence.open {
		p.errorf(fence.line, "this fenced block is never closed")
	}
	finish()
	l.Intro = prose(intro)
	if len(l.Steps) == 0 {
		p.errorf(0, "the lesson has no steps: each starts with `## Step: TITLE`")
	}
}

func appendLine(intro *[]line, sections *[]section, step *Step, ln line) {
	if step == nil {
		*intro = append(*intro, ln)
		return
	}
	s := &(*sections)[len(*sections)-1]
	s.lines = append(s.lines, ln)
}

// fenceState tracks fenced code blocks (``` or ~~~), inside which headings
// are text.
type fenceState struct {
	open  bool
	char  byte
	count int
	line  int
}

// inside reports whether text is part of a fenced block, its fences included.
func (f *fenceState) inside(text string) bool {
	t := strings.TrimLeft(text, " ")
	if len(text)-len(t) > 3 {
		return f.open
	}
	char, count := fenceRun(t)
	if f.open {
		if char == f.char && count >= f.count && strings.TrimSpace(t[count:]) == "" {
			f.open = false
		}
		return true
	}
	if count >= 3 {
		f.open, f.char, f.count = true, char, count
		return true
	}
	return false
}

func fenceRun(t string) (byte, int) {
	if t == "" || (t[0] != '`' && t[0] != '~') {
		return 0, 0
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	return t[0], n
}

// block is a fenced block inside a section.
type block struct {
	info  string
	line  int // the opening fence
	lines []line
}

// splitFences separates a section's fenced blocks from its prose.
func splitFences(lines []line) ([]block, []line) {
	var blocks []block
	var text []line
	var f fenceState
	for _, ln := range lines {
		wasOpen := f.open
		if !f.inside(ln.text) {
			text = append(text, ln)
			continue
		}
		switch {
		case !wasOpen:
			t := strings.TrimLeft(ln.text, " ")
			_, n := fenceRun(t)
			blocks = append(blocks, block{info: strings.TrimSpace(t[n:]), line: ln.n})
		case f.open:
			blocks[len(blocks)-1].lines = append(blocks[len(blocks)-1].lines, ln)
		}
	}
	return blocks, text
}

// prose joins lines into Markdown without leading or trailing blank lines.
func prose(lines []line) string {
	parts := make([]string, len(lines))
	for i, ln := range lines {
		parts[i] = ln.text
	}
	return strings.Trim(strings.Join(parts, "\n"), "\n \t")
}

func (p *parser) step(l *Lesson, s *Step, sections []section) {
	have := map[string]section{}
	for _, sec := range sections {
		if sec.name == "" {
			s.Narrative = prose(sec.lines)
			continue
		}
		if _, dup := have[sec.name]; !dup {
			have[sec.name] = sec
		}
	}
	for _, name := range StepSections {
		if _, ok := have[name]; !ok && !slices.Contains(optionalSections, name) {
			p.errorf(s.Line, "step %d %q has no ### %s section", s.Number, s.Title, name)
		}
	}
	if s.Narrative == "" {
		p.errorf(s.Line, "step %d %q has no narrative: say what is going on before its sections", s.Number, s.Title)
	}
	if sec, ok := have["Forbid"]; ok {
		p.forbid(s, sec)
	}
	if sec, ok := have["Goal"]; ok {
		p.goal(s, sec)
	}
	if sec, ok := have["Solution"]; ok {
		p.solution(s, sec)
	}
	if sec, ok := have["Hints"]; ok {
		p.hints(s, sec)
	}
	if sec, ok := have["Not enough"]; ok {
		p.notEnough(s, sec)
	}
	s.Pane = PaneActors
	if sec, ok := have["Pane"]; ok {
		p.pane(s, sec)
	}
	p.strictGoal(s, have)
	p.paneSettings(s)
	if sec, ok := have["Debrief"]; ok {
		if s.Debrief = prose(sec.lines); s.Debrief == "" {
			p.errorf(sec.line, "the debrief is empty: say what just happened and why")
		}
	}
	l.Steps = append(l.Steps, s)
}

func (p *parser) goal(s *Step, sec section) {
	blocks, text := splitFences(sec.lines)
	s.GoalText = prose(text)
	if s.GoalText == "" {
		p.errorf(sec.line, "the goal has no description: say in words what the learner must achieve")
	}
	var goal *block
	for i := range blocks {
		if blocks[i].info != "goal" {
			p.errorf(blocks[i].line, "a fenced block in ### Goal must be ```goal, holding one predicate a line")
			continue
		}
		if goal != nil {
			p.errorf(blocks[i].line, "a second ```goal block (the first is on line %d): put every predicate in one", goal.line)
			continue
		}
		goal = &blocks[i]
	}
	if goal == nil {
		p.errorf(sec.line, "the goal has no ```goal block of predicates")
		return
	}
	bad := 0
	for _, ln := range goal.lines {
		t := strings.TrimSpace(ln.text)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		pred, err := ParsePredicate(t)
		if err != nil {
			p.errorf(ln.n, "goal: %v", err)
			bad++
			continue
		}
		pred.Line = ln.n
		s.Goal = append(s.Goal, pred)
	}
	if len(s.Goal) == 0 && bad == 0 {
		p.errorf(goal.line, "the ```goal block holds no predicate")
	}
}

func (p *parser) solution(s *Step, sec section) {
	blocks, text := splitFences(sec.lines)
	for _, ln := range text {
		if strings.TrimSpace(ln.text) != "" {
			p.errorf(ln.n, "text outside the solution's fenced block: put explanations in the debrief")
			break
		}
	}
	if len(blocks) != 1 {
		p.errorf(sec.line, "the solution is one fenced block of scenario lines (found %d)", len(blocks))
		return
	}
	actions := 0
	for _, ln := range blocks[0].lines {
		sl, ok, err := script.ParseLine(ln.text)
		if err != nil {
			p.errorf(ln.n, "solution: %v", err)
			continue
		}
		if !ok {
			continue
		}
		sl.N = ln.n
		if sl.Action != nil {
			actions++
			if ferr := s.Allows(*sl.Action); ferr != nil {
				var fe *ForbiddenError
				fe, _ = ferr.(*ForbiddenError)
				p.errorf(ln.n, "the solution uses %q, which the step forbids (line %d)", sl.Action.String(), fe.Rule.Line)
			}
		}
		if sl.Expect != nil && actions == 0 {
			p.errorf(ln.n, "an expect before any action in the step: it checks the last action's events")
		}
		s.Solution = append(s.Solution, sl)
	}
	if actions == 0 {
		p.errorf(blocks[0].line, "the solution has no action")
	}
}

func (p *parser) hints(s *Step, sec section) {
	for _, ln := range sec.lines {
		if k := handWrittenKey(ln.text); k != "" {
			p.errorf(ln.n, "a hint names a key by hand (%s): name the action in backticks, and the TUI shows its key from the keymap", k)
		}
		if m := listItem.FindStringSubmatch(ln.text); m != nil {
			s.Hints = append(s.Hints, strings.TrimSpace(m[1]))
			continue
		}
		t := strings.TrimSpace(ln.text)
		if t == "" {
			continue
		}
		if len(s.Hints) == 0 {
			p.errorf(ln.n, "hints are a numbered list, one item per tier: a nudge, a pointer, the exact action")
			return
		}
		s.Hints[len(s.Hints)-1] += "\n" + t
	}
	if len(s.Hints) == 0 {
		p.errorf(sec.line, "the step has no hints: list a nudge, a pointer and the exact action")
		return
	}
	// The last tier gives the exact actions, so a learner who asks for every
	// hint can always finish: each action of the solution must appear in a
	// hint as `code`. This keeps hints and solutions from drifting apart.
	spans := map[string]bool{}
	for _, h := range s.Hints {
		for _, m := range codeSpan.FindAllStringSubmatch(h, -1) {
			spans[normalize(m[1])] = true
			// A span may say an action another way than it prints:
			// `set skew api -2m` is set skew-api -2m.
			if a, err := sim.ParseAction(m[1]); err == nil {
				spans[normalize(a.String())] = true
			}
		}
	}
	for _, sl := range s.Solution {
		if sl.Action != nil && !spans[normalize(sl.Action.String())] {
			p.errorf(sec.line, "no hint names the solution's action `%s` (line %d): the last tier should give the exact actions", sl.Action.String(), sl.N)
		}
	}
}

// normalize folds case and spacing, so `Set alg HS256` names set alg hs256.
func normalize(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (p *parser) forbid(s *Step, sec section) {
	for _, ln := range sec.lines {
		t := strings.TrimSpace(ln.text)
		if m := listItem.FindStringSubmatch(ln.text); m != nil {
			t = strings.TrimSpace(m[1])
		}
		if t == "" {
			continue
		}
		for _, item := range strings.Split(t, ",") {
			words := strings.Fields(strings.Trim(strings.TrimSpace(item), "`"))
			if len(words) == 0 {
				p.errorf(ln.n, "an empty entry in ### Forbid")
				continue
			}
			words, err := actionWords(words)
			if err != nil {
				p.errorf(ln.n, "forbid: %v", err)
				continue
			}
			s.Forbid = append(s.Forbid, Rule{Words: words, Line: ln.n})
		}
	}
	if len(s.Forbid) == 0 {
		p.errorf(sec.line, "### Forbid lists no verb: remove the section or name verbs, like `refresh, race`")
	}
}
