package lessons

import (
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Predicate is one line of a step's goal. A goal is met when every one of
// its predicates holds; each is evaluated over all the events since the
// step began and over the world's state as it is now.
type Predicate struct {
	Line int    // in the lesson file
	Text string // as written
	test func(*view) bool
	// strict marks a goal line about an attack, a policy or one exchange:
	// the kind a wrong action could satisfy, so its step needs a
	// ### Not enough block to prove otherwise.
	strict bool
	// guard marks a line that rules something out (no-event, within):
	// it holds from the step's first instant until something breaks it,
	// so its holding is no progress of the learner's.
	guard bool
	words string
}

// String returns the predicate as written.
func (p Predicate) String() string { return p.Text }

// Words says the predicate in plain words, for the learner's checklist:
// "the app's POST /token answered 200", not the goal language.
func (p Predicate) Words() string { return p.words }

// view is what a predicate looks at.
type view struct {
	w       *sim.World
	events  []sim.Event // since the step began
	startAt time.Time   // simulated instant the step began
}

// Predicates lists the goal language for help texts and the authoring
// guide: each entry is a usage line and what it means.
var Predicates = []struct{ Usage, Meaning string }{
	{"event KIND [ACTOR] [xN] [after X]", "at least one (or N) KIND events since the step began, by ACTOR if given; " +
		"after DURATION, after KIND or after CAUSE counts only events that far into the step, or after the first event of that kind or cause, " +
		"about an access or refresh token if one is named (after stolen access); also for no-event, exchange, cause and inspected"},
	{"no-event KIND [ACTOR] [after X]", "no KIND event since the step began"},
	{"exchange ACTOR METHOD PATH STATUS [ERROR] [after X]", "an HTTP exchange like this since the step began; * matches anything, 4xx a class, PATH is a glob"},
	{"action VERB [ARG...]", "the learner did this since the step began (the action's first words)"},
	{"inspected access|refresh|id-token [after X]", "the learner opened the client's token in the inspector"},
	{"introspected active|inactive", "the issuer answered an introspection request (RFC 7662) so"},
	{"state HOLDER.TOKEN STATE[|STATE...]", "client or attacker, access or refresh token, is now in one of the states: " + strings.Join(tokenStates, ", ")},
	{"age HOLDER.TOKEN DURATION", "client or attacker, access or refresh token, was issued at least DURATION ago"},
	{"setting NAME VALUE", "the world's setting NAME is now VALUE"},
	{"cause CAUSE [ACTOR] [after X]", "an event since the step began happened for this cause (see `tokenflow run --format json`), by ACTOR if given"},
	{"elapsed DURATION", "at least DURATION of simulated time has passed since the step began"},
	{"within DURATION", "at most DURATION of simulated time has passed since the step began"},
}

// tokenStates are the states `state` can name: what sim.World.TokenState
// reports, plus none for no token held.
var tokenStates = []string{
	string(issuer.StateActive), string(issuer.StateExpired), string(issuer.StateRotated), string(issuer.StateRevoked),
	string(issuer.StateDenied), string(issuer.StateUnknown), "none",
}

// actors maps the goal language's actor names to the event log's, in the
// order messages list them.
var actors = []struct {
	name  string
	actor sim.Actor
}{
	{"client", sim.ActorClient},
	{"tab2", sim.ActorTab2},
	{"browser", sim.ActorBrowser},
	{"bff", sim.ActorBFF},
	{"attacker", sim.ActorAttacker},
	{"issuer", sim.ActorIssuer},
	{"api", sim.ActorAPI},
	{"learner", sim.ActorLearner},
	{"clock", sim.ActorClock},
}

// lookupActor returns the event log's actor for a goal-language actor
// name, or "" for none.
func lookupActor(name string) sim.Actor {
	name = strings.ToLower(name)
	for _, a := range actors {
		if a.name == name {
			return a.actor
		}
	}
	return ""
}

func actorNames() string {
	names := make([]string, len(actors))
	for i, a := range actors {
		names[i] = a.name
	}
	return strings.Join(names, ", ")
}

// ParsePredicate parses one goal line. Errors are *sim.SyntaxError values
// naming the offending word.
func ParsePredicate(text string) (Predicate, error) {
	words := strings.Fields(text)
	if len(words) == 0 {
		return Predicate{}, &sim.SyntaxError{Msg: "empty goal line"}
	}
	p := Predicate{Text: strings.Join(words, " ")}
	op, args := strings.ToLower(words[0]), words[1:]
	var aft after
	if rest, point, token, ok := splitAfter(op, args); ok {
		var err error
		if aft, err = parseAfter(point, token); err != nil {
			return p, err
		}
		args = rest
	}
	var err error
	switch op {
	case "event", "no-event":
		p.test, err = parseEvent(op == "no-event", args)
	case "exchange":
		p.test, err = parseExchange(args)
	case "action":
		p.test, err = parseAction(args)
	case "inspected":
		p.test, err = parseInspected(args)
	case "introspected":
		p.test, err = parseIntrospected(args)
	case "state":
		p.test, err = parseState(args)
	case "age":
		p.test, err = parseAge(args)
	case "setting":
		p.test, err = parseSetting(args)
	case "cause":
		p.test, err = parseCause(args)
	case "elapsed", "within":
		p.test, err = parseDuration(op, args)
	default:
		names := make([]string, len(Predicates))
		for i, x := range Predicates {
			names[i] = strings.Fields(x.Usage)[0]
		}
		err = &sim.SyntaxError{Word: words[0], Msg: "unknown goal predicate (known: " + strings.Join(names, ", ") + ")"}
	}
	if err == nil {
		p.words, p.strict = describe(op, args)
		p.guard = op == "no-event" || op == "within"
		if op == "no-event" {
			// A no-event line looks at this step's events only: the
			// attacker may hold tokens stolen in an earlier step.
			p.words += " in this step"
		}
		p.words += aft.words()
		if aft.set() {
			test := p.test
			p.test = func(v *view) bool { return test(aft.view(v)) }
		}
	}
	return p, err
}

func synErr(word, format string, args ...any) error {
	return &sim.SyntaxError{Word: word, Msg: fmt.Sprintf(format, args...)}
}

func arity(args []string, min, max int, usage string) error {
	if len(args) < min {
		return synErr("", "missing words: usage is %s", usage)
	}
	if len(args) > max {
		return synErr(args[max], "unexpected word: usage is %s", usage)
	}
	return nil
}

func parseEvent(negate bool, args []string) (func(*view) bool, error) {
	usage := "event KIND [ACTOR] [xN]"
	if negate {
		usage = "no-event KIND [ACTOR]"
	}
	if err := arity(args, 1, 3, usage); err != nil {
		return nil, err
	}
	kind := sim.Kind(strings.ToLower(args[0]))
	if !slices.Contains(sim.Kinds, kind) {
		return nil, synErr(args[0], "unknown event kind (known: %s)", sim.KindNames())
	}
	actor, count := sim.Actor(""), 1
	for _, a := range args[1:] {
		switch {
		case lookupActor(a) != "" && actor == "":
			actor = lookupActor(a)
		case !negate && len(a) > 1 && (a[0] == 'x' || a[0] == 'X') && count == 1:
			n, err := strconv.Atoi(a[1:])
			if err != nil || n < 1 || n > 100 {
				return nil, synErr(a, "not a count: write x2, x3, …")
			}
			count = n
		default:
			return nil, synErr(a, "not an actor (known: %s) or a count like x2", actorNames())
		}
	}
	return func(v *view) bool {
		n := sim.CountEvents(v.events, kind, actor)
		if negate {
			return n == 0
		}
		return n >= count
	}, nil
}

func parseExchange(args []string) (func(*view) bool, error) {
	const usage = "exchange ACTOR METHOD PATH STATUS [ERROR]"
	if err := arity(args, 4, 5, usage); err != nil {
		return nil, err
	}
	actor := sim.Actor("")
	if args[0] != "*" {
		if actor = lookupActor(args[0]); actor == "" {
			return nil, synErr(args[0], "unknown actor (known: %s, or *)", actorNames())
		}
	}
	method := strings.ToUpper(args[1])
	if method != "*" && method != "GET" && method != "POST" {
		return nil, synErr(args[1], "the world only sends GET and POST (or * for either)")
	}
	pattern := args[2]
	if _, err := path.Match(pattern, "/"); err != nil || (pattern != "*" && !strings.HasPrefix(pattern, "/")) {
		return nil, synErr(pattern, "not a path: write /token, /api/profile, /api/* or *")
	}
	status := strings.ToLower(args[3])
	if !validStatus(status) {
		return nil, synErr(args[3], "not a status: write 200, 4xx or *")
	}
	code := ""
	if len(args) == 5 {
		code = args[4]
	}
	return func(v *view) bool {
		for _, e := range v.events {
			x := e.Exchange
			if x == nil || (actor != "" && x.Actor != actor) || (method != "*" && x.Method != method) {
				continue
			}
			if ok, _ := path.Match(pattern, x.Path()); !ok && pattern != "*" {
				continue
			}
			if !statusMatches(status, x.Status) || (code != "" && x.ErrorCode() != code) {
				continue
			}
			return true
		}
		return false
	}, nil
}

func validStatus(s string) bool {
	if s == "*" {
		return true
	}
	if len(s) == 3 && s[0] >= '1' && s[0] <= '5' && s[1:] == "xx" {
		return true
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 100 && n <= 599 && len(s) == 3
}

func statusMatches(pattern string, status int) bool {
	switch {
	case pattern == "*":
		return true
	case strings.HasSuffix(pattern, "xx"):
		return status/100 == int(pattern[0]-'0')
	}
	return strconv.Itoa(status) == pattern
}

func parseAction(args []string) (func(*view) bool, error) {
	if len(args) == 0 {
		return nil, synErr("", "missing words: usage is action VERB [ARG...]")
	}
	words, err := actionWords(args)
	if err != nil {
		return nil, err
	}
	rule := Rule{Words: words}
	return func(v *view) bool {
		for _, e := range v.events {
			if e.Kind != sim.KindAction {
				continue
			}
			f := strings.Fields(e.Text)
			if len(f) > 0 && rule.matches(sim.Action{Verb: f[0], Args: f[1:]}) {
				return true
			}
		}
		return false
	}, nil
}

// actionWords validates the first words of an action, as `action` goal
// lines and forbid rules name them: a known verb, then, for a verb with a
// fixed set of arguments, one of them, and for set, a known setting.
func actionWords(args []string) ([]string, error) {
	words := make([]string, len(args))
	for i, a := range args {
		words[i] = strings.ToLower(a)
	}
	var verb *sim.Verb
	for i := range sim.Verbs {
		if sim.Verbs[i].Name == words[0] {
			verb = &sim.Verbs[i]
		}
	}
	if verb == nil {
		names := make([]string, len(sim.Verbs))
		for i, v := range sim.Verbs {
			names[i] = v.Name
		}
		return nil, synErr(args[0], "unknown verb (known: %s)", strings.Join(names, ", "))
	}
	if len(words) < 2 {
		return words, nil
	}
	switch {
	case len(verb.Subs) > 0:
		if !slices.Contains(verb.Subs, words[1]) {
			return nil, synErr(args[1], "unknown argument to %s (want %s)", verb.Name, strings.Join(verb.Subs, ", "))
		}
	case verb.Name == "set":
		known := false
		for _, s := range sim.Settings {
			known = known || s.Name == words[1]
		}
		if !known {
			return nil, synErr(args[1], "unknown setting")
		}
	}
	return words, nil
}

func parseInspected(args []string) (func(*view) bool, error) {
	if err := arity(args, 1, 1, "inspected access|refresh|id-token"); err != nil {
		return nil, err
	}
	var kind issuer.TokenKind
	switch strings.ToLower(args[0]) {
	case "access":
		kind = issuer.AccessToken
	case "refresh":
		kind = issuer.RefreshToken
	case "id-token":
		kind = issuer.IDToken
	default:
		return nil, synErr(args[0], "want access, refresh or id-token")
	}
	return func(v *view) bool {
		for _, e := range v.events {
			if e.Kind == sim.KindInspected && e.TokenKind == kind {
				return true
			}
		}
		return false
	}, nil
}

func parseIntrospected(args []string) (func(*view) bool, error) {
	if err := arity(args, 1, 1, "introspected active|inactive"); err != nil {
		return nil, err
	}
	want := strings.ToLower(args[0])
	if want != "active" && want != "inactive" {
		return nil, synErr(args[0], "want active or inactive")
	}
	return func(v *view) bool {
		for _, e := range v.events {
			x := e.Exchange
			if x == nil || x.Path() != issuer.PathIntrospect || x.Status != 200 {
				continue
			}
			var in struct {
				Active bool `json:"active"`
			}
			if json.Unmarshal([]byte(x.RespBody), &in) == nil && in.Active == (want == "active") {
				return true
			}
		}
		return false
	}, nil
}

func parseState(args []string) (func(*view) bool, error) {
	const usage = "state HOLDER.TOKEN STATE[|STATE...]"
	if err := arity(args, 2, 2, usage); err != nil {
		return nil, err
	}
	holder, kind, err := parseHolder(args[0])
	if err != nil {
		return nil, err
	}
	var want []string
	for _, s := range strings.Split(strings.ToLower(args[1]), "|") {
		if !slices.Contains(tokenStates, s) {
			return nil, synErr(s, "unknown token state (known: %s)", strings.Join(tokenStates, ", "))
		}
		want = append(want, s)
	}
	return func(v *view) bool {
		tok := heldToken(v, holder, kind)
		state := "none"
		if tok != "" {
			state = string(v.w.TokenState(tok))
		}
		return slices.Contains(want, state)
	}, nil
}

func parseSetting(args []string) (func(*view) bool, error) {
	if err := arity(args, 2, 2, "setting NAME VALUE"); err != nil {
		return nil, err
	}
	name := strings.ToLower(args[0])
	cfg, err := sim.ApplySetting(sim.Config{}, name, args[1])
	if err != nil {
		return nil, err
	}
	want := cfg.SettingString(name)
	return func(v *view) bool { return v.w.Config().SettingString(name) == want }, nil
}

func parseDuration(op string, args []string) (func(*view) bool, error) {
	if err := arity(args, 1, 1, op+" DURATION"); err != nil {
		return nil, err
	}
	d, err := sim.ParseDuration(args[0])
	if err != nil {
		return nil, synErr(args[0], "%v", err)
	}
	if d <= 0 {
		return nil, synErr(args[0], "%s needs a positive duration", op)
	}
	if op == "within" {
		return func(v *view) bool { return v.w.Now().Sub(v.startAt) <= d }, nil
	}
	return func(v *view) bool { return v.w.Now().Sub(v.startAt) >= d }, nil
}

// Tracker follows one step's goal as the learner acts: it remembers where
// the step began in the event log and on the simulated clock.
type Tracker struct {
	step    *Step
	start   int
	startAt time.Time
}

// NewTracker starts tracking step s on world w, from now. Create it when
// the step opens, before the learner's first action in it.
func NewTracker(s *Step, w *sim.World) *Tracker {
	return &Tracker{step: s, start: w.Log.Len(), startAt: w.Now()}
}

// Step returns the step being tracked.
func (t *Tracker) Step() *Step { return t.step }

// Start returns the log length when the step began: the step's events are
// w.Log.Since(t.Start()).
func (t *Tracker) Start() int { return t.start }

// Status evaluates each goal predicate on w, in order, so a screen can mark
// each goal line met or not. w may be a different *sim.World than the one
// the tracker started on, as long as it shares its history up to the
// step's start: undo rebuilds the world by replay.
func (t *Tracker) Status(w *sim.World) []bool {
	v := &view{w: w, events: w.Log.Since(t.start), startAt: t.startAt}
	out := make([]bool, len(t.step.Goal))
	for i, p := range t.step.Goal {
		out[i] = p.test(v)
	}
	return out
}

// Mark says where one goal line stands, for a checklist that must not
// show as done what the learner has not done.
type Mark int

// The marks. A guard line (no-event, within) starts out MarkHolding, not
// MarkMet: "the attacker stole nothing in this step" is true before the
// learner does anything, and a tick beside it would read as progress.
const (
	MarkUnmet   Mark = iota // not yet true
	MarkMet                 // true now
	MarkHolding             // a guard line, not broken so far
	MarkBroken              // a guard line, broken: only undo can mend it
)

// Marks is Status with guard lines told apart from the rest: each is
// MarkHolding while it holds and MarkBroken once it does not.
func (t *Tracker) Marks(w *sim.World) []Mark {
	out := make([]Mark, len(t.step.Goal))
	for i, ok := range t.Status(w) {
		switch guard := t.step.Goal[i].guard; {
		case guard && ok:
			out[i] = MarkHolding
		case guard:
			out[i] = MarkBroken
		case ok:
			out[i] = MarkMet
		}
	}
	return out
}

// Met reports whether every goal predicate holds on w now.
func (t *Tracker) Met(w *sim.World) bool {
	for _, ok := range t.Status(w) {
		if !ok {
			return false
		}
	}
	return true
}

// unmet lists the predicates that do not hold, for the checker's messages.
func (t *Tracker) unmet(w *sim.World) []string {
	var out []string
	for i, ok := range t.Status(w) {
		if !ok {
			out = append(out, strconv.Quote(t.step.Goal[i].Text))
		}
	}
	return out
}
