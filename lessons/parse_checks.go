package lessons

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// The checks a step's sections must pass beyond their format: what makes
// a goal that a wrong action satisfies, a hint that names a key, or a
// setting the pane cannot produce a problem at load time.

// handKeys finds keys written into a hint by hand: "(keys: l, t)",
// "press T". Hints name actions; the TUI shows the keys for them from its
// keymap, so a hint cannot name a key that a keymap change made wrong.
var handKeys = regexp.MustCompile(`(?i)\(keys?:|\bpress(es|ing)?\b`)

// namedKeys are key names that are not actions.
var namedKeys = []string{"enter", "esc", "tab", "space", "backspace", "up", "down", "left", "right", "pgup", "pgdown", "home", "end"}

// handWrittenKey reports the first thing in a hint line that names a key
// rather than an action.
func handWrittenKey(text string) string {
	if m := handKeys.FindString(text); m != "" {
		return m
	}
	for _, m := range codeSpan.FindAllStringSubmatch(text, -1) {
		span := strings.TrimSpace(m[1])
		if _, err := sim.ParseAction(span); err == nil {
			continue
		}
		lower := strings.ToLower(span)
		if utf8.RuneCountInString(span) <= 2 || strings.HasPrefix(lower, "ctrl+") || slices.Contains(namedKeys, lower) {
			return "`" + span + "`"
		}
	}
	return ""
}

// notEnough reads a step's ### Not enough section: one or more
// ```tokenflow blocks of actions, each a wrong or partial attempt that must
// not meet the goal. Prose around them is for the author and is ignored.
func (p *parser) notEnough(s *Step, sec section) {
	blocks, _ := splitFences(sec.lines)
	for _, b := range blocks {
		if b.info != "tokenflow" {
			p.errorf(b.line, "a fenced block in ### Not enough must be ```tokenflow, holding actions that must not meet the goal")
			continue
		}
		blk := Block{Line: b.line}
		for _, ln := range b.lines {
			sl, ok, err := script.ParseLine(ln.text)
			switch {
			case err != nil:
				p.errorf(ln.n, "not enough: %v", err)
				continue
			case !ok:
				continue
			case sl.Action == nil:
				p.errorf(ln.n, "a Not enough block holds actions only: it shows what must not meet the goal")
				continue
			}
			if ferr := s.Allows(*sl.Action); ferr != nil {
				var fe *ForbiddenError
				fe, _ = ferr.(*ForbiddenError)
				p.errorf(ln.n, "the Not enough block uses %q, which the step forbids (line %d): a learner cannot try it", sl.Action.String(), fe.Rule.Line)
			}
			sl.N = ln.n
			blk.Lines = append(blk.Lines, sl)
		}
		if len(blk.Lines) == 0 {
			p.errorf(b.line, "the Not enough block has no action")
			continue
		}
		s.NotEnough = append(s.NotEnough, blk)
	}
	if len(blocks) == 0 {
		p.errorf(sec.line, "### Not enough holds no ```tokenflow block")
	}
}

// strictGoal demands a Not enough block of every step whose goal is about
// an attack, a policy or a specific exchange: those are the goals a wrong
// action can satisfy, and only running one proves it does not.
func (p *parser) strictGoal(s *Step, have map[string]section) {
	if _, ok := have["Not enough"]; ok {
		return
	}
	for _, g := range s.Goal {
		if g.strict {
			p.errorf(g.Line, "step %d %q: a goal about an attack, a policy or an exchange (%q) needs a ### Not enough block of actions that must not meet it", s.Number, s.Title, g.Text)
			return
		}
	}
}

// paneSettings refuses a solution or goal that needs a setting value the
// TUI's settings pane cannot produce: a learner without the prompt could
// never reach it.
func (p *parser) paneSettings(s *Step) {
	check := func(n int, words []string) {
		name, value := strings.ToLower(words[1]), words[2]
		if set, ok := sim.FindSetting(name); ok && !set.Offers(value) {
			p.errorf(n, "%s is not among the settings pane's values for %s (%s): add it to the pane's choices in sim, or pick one of them",
				strings.Join(words, " "), name, strings.Join(set.Choices, ", "))
		}
	}
	for _, sl := range s.Solution {
		if a := sl.Action; a != nil && a.Verb == "set" {
			check(sl.N, strings.Fields(a.String()))
		}
	}
	for _, g := range s.Goal {
		if f := strings.Fields(g.Text); strings.EqualFold(f[0], "setting") {
			check(g.Line, f)
		}
	}
}

// pane reads a step's ### Pane section: the one pane, of Panes, the step
// keeps on screen beside its text.
func (p *parser) pane(s *Step, sec section) {
	var words []string
	for _, ln := range sec.lines {
		words = append(words, strings.Fields(ln.text)...)
	}
	names := make([]string, len(Panes))
	for i, n := range Panes {
		names[i] = string(n)
	}
	if len(words) != 1 || !slices.Contains(Panes, Pane(strings.ToLower(words[0]))) {
		p.errorf(sec.line, "### Pane names one pane the step keeps on screen: %s", strings.Join(names, ", "))
		return
	}
	s.Pane = Pane(strings.ToLower(words[0]))
}
