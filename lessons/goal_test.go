package lessons

import (
	"slices"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// world returns a fresh world with lines applied.
func world(t *testing.T, lines ...string) *sim.World {
	t.Helper()
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	apply(t, w, lines...)
	return w
}

func apply(t *testing.T, w *sim.World, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if err := w.Apply(sim.Act(l)); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
}

// stepWith builds a step whose goal is the given predicate lines.
func stepWith(t *testing.T, preds ...string) *Step {
	t.Helper()
	s := &Step{Title: "test"}
	for _, text := range preds {
		p, err := ParsePredicate(text)
		if err != nil {
			t.Fatalf("ParsePredicate(%q): %v", text, err)
		}
		s.Goal = append(s.Goal, p)
	}
	return s
}

// TestPredicates runs each predicate over the events of a step: before is
// applied before the step begins, during after.
func TestPredicates(t *testing.T) {
	tests := []struct {
		pred           string
		before, during []string
		want           bool
	}{
		{"event login", nil, []string{"login"}, true},
		{"event login", []string{"login"}, []string{"call"}, false}, // only events since the step began count
		{"event login client", nil, []string{"login"}, true},
		{"event login attacker", nil, []string{"login"}, false},
		{"event rotated x2", []string{"login"}, []string{"refresh", "refresh"}, true},
		{"event rotated x3", []string{"login"}, []string{"refresh", "refresh"}, false},
		{"no-event stolen", nil, []string{"login", "call"}, true},
		{"no-event stolen", nil, []string{"login", "steal access"}, false},
		{"exchange client GET /api/profile 200", []string{"login"}, []string{"call"}, true},
		{"exchange * GET /api/* 2xx", []string{"login"}, []string{"call"}, true},
		{"exchange attacker GET /api/profile 200", []string{"login"}, []string{"call"}, false},
		{"exchange client GET /api/profile 401 invalid_token", []string{"login"}, []string{"advance 15m", "call"}, true},
		{"exchange client GET /api/profile 4xx invalid_grant", []string{"login"}, []string{"advance 15m", "call"}, false},
		{"exchange tab2 POST /token 400 invalid_grant", []string{"login"}, []string{"race"}, true},
		{"exchange client * * *", nil, []string{"login"}, true},
		{"action forge none", nil, []string{"forge none"}, true},
		{"action forge", nil, []string{"forge none"}, true},
		{"action forge tamper", []string{"login"}, []string{"forge none"}, false},
		{"action set grace", nil, []string{"set grace 30s"}, true},
		{"inspected access", []string{"login"}, []string{"inspect access"}, true},
		{"inspected refresh", []string{"login"}, []string{"inspect access"}, false},
		{"introspected inactive", []string{"login", "steal access", "logout"}, []string{"introspect stolen"}, true},
		{"introspected active", []string{"login", "steal access", "logout"}, []string{"introspect stolen"}, false},
		{"introspected active", []string{"login"}, []string{"introspect access"}, true},
		{"state client.access valid", nil, []string{"login"}, true},
		{"state client.access expired", []string{"login"}, []string{"jump"}, true},
		{"state client.refresh rotated-out|revoked", []string{"login", "steal refresh"}, []string{"attacker refresh"}, true},
		{"state attacker.refresh none", []string{"login"}, []string{"call"}, true},
		{"state attacker.access denied", []string{"set denylist on", "login", "steal access"}, []string{"logout"}, true},
		{"state attacker.access revoked", []string{"login", "steal access"}, []string{"logout"}, true},
		{"setting denylist on", nil, []string{"set denylist on"}, true},
		{"setting grace 30s", nil, []string{"set grace 0.5m"}, true},
		{"setting grace 30s", nil, []string{"set grace 1m"}, false},
		{"elapsed 15m", nil, []string{"advance 14m", "advance 1m"}, true},
		{"elapsed 15m", []string{"advance 1h"}, []string{"advance 14m"}, false}, // time before the step does not count
		{"within 10m", nil, []string{"advance 10m"}, true},
		{"within 10m", nil, []string{"advance 10m", "advance 1s"}, false},
	}
	for _, tt := range tests {
		name := tt.pred + " after " + strings.Join(tt.during, ", ")
		t.Run(name, func(t *testing.T) {
			w := world(t, tt.before...)
			tr := NewTracker(stepWith(t, tt.pred), w)
			apply(t, w, tt.during...)
			if got := tr.Met(w); got != tt.want {
				t.Errorf("Met = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParsePredicateRejectsNonsense(t *testing.T) {
	tests := []struct{ line, word string }{
		{"", ""},
		{"happened login", "happened"},
		{"event", ""},
		{"event logn", "logn"},
		{"event login robot", "robot"},
		{"event login x0", "x0"},
		{"no-event login x2", "x2"},
		{"exchange client GET /token", ""},
		{"exchange robot GET /token 200", "robot"},
		{"exchange client PUT /token 200", "PUT"},
		{"exchange client GET token 200", "token"},
		{"exchange client GET /token 2000", "2000"},
		{"exchange client GET /token 6xx", "6xx"},
		{"exchange client GET /token 200 invalid_grant extra", "extra"},
		{"action", ""},
		{"action dance", "dance"},
		{"action steal wallet", "wallet"},
		{"action set colour", "colour"},
		{"inspected id", "id"},
		{"introspected maybe", "maybe"},
		{"state client.access", ""},
		{"state client valid", "client"},
		{"state tab2.access valid", "tab2.access"},
		{"state client.access shiny", "shiny"},
		{"state client.access valid|shiny", "shiny"},
		{"setting colour red", "colour"},
		{"setting rotation maybe", "maybe"},
		{"elapsed soon", "soon"},
		{"within 0s", "0s"},
	}
	for _, tt := range tests {
		_, err := ParsePredicate(tt.line)
		se, ok := err.(*sim.SyntaxError)
		if !ok {
			t.Errorf("ParsePredicate(%q) = %v, want a *sim.SyntaxError", tt.line, err)
			continue
		}
		if se.Word != tt.word {
			t.Errorf("ParsePredicate(%q) blames %q (%v), want %q", tt.line, se.Word, err, tt.word)
		}
	}
}

func TestTrackerStatusMarksEachGoalLine(t *testing.T) {
	w := world(t)
	tr := NewTracker(stepWith(t, "event login", "exchange client GET /api/profile 200"), w)
	if got := tr.Status(w); got[0] || got[1] {
		t.Errorf("before any action: %v", got)
	}
	apply(t, w, "login")
	if got := tr.Status(w); !got[0] || got[1] || tr.Met(w) {
		t.Errorf("after login: %v, met %v", got, tr.Met(w))
	}
	apply(t, w, "call")
	if !tr.Met(w) {
		t.Errorf("after call: %v", tr.Status(w))
	}
}

func TestTrackerSurvivesUndo(t *testing.T) {
	w := world(t, "login")
	tr := NewTracker(stepWith(t, "exchange client GET /api/profile 200"), w)
	apply(t, w, "call")
	if !tr.Met(w) {
		t.Fatal("goal not met after call")
	}
	w, _, err := w.Undo()
	if err != nil {
		t.Fatal(err)
	}
	if tr.Met(w) {
		t.Error("goal still met after undoing the call")
	}
	apply(t, w, "call")
	if !tr.Met(w) {
		t.Error("goal not met after calling again on the undone world")
	}
}

func TestAllowsForbidsByLeadingWords(t *testing.T) {
	l, errs := Parse("f.md", []byte(strings.Replace(validLesson, "refresh, race", "refresh, set grace, attacker refresh", 1)))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := l.Steps[0]
	tests := []struct {
		action  string
		allowed bool
	}{
		{"refresh", false},
		{"race", true},
		{"set grace 30s", false},
		{"set denylist on", true},
		{"attacker refresh", false},
		{"attacker call", true},
		{"login", true},
	}
	for _, tt := range tests {
		err := s.Allows(sim.Act(tt.action))
		if (err == nil) != tt.allowed {
			t.Errorf("Allows(%s) = %v, want allowed %v", tt.action, err, tt.allowed)
		}
		if fe, ok := err.(*ForbiddenError); err != nil && (!ok || !strings.Contains(fe.Error(), "switched off in this step")) {
			t.Errorf("Allows(%s) = %v, want a *ForbiddenError", tt.action, err)
		}
	}
}

// TestGoalLinesReadAsWords pins the learner's checklist: every predicate
// is said in words, never in the goal language.
func TestGoalLinesReadAsWords(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{"exchange client POST /token 200", "the app's POST /token answered 200"},
		{"exchange attacker POST /token 400 invalid_grant", "the attacker's POST /token answered 400 invalid_grant"},
		{"exchange * * /api/* 4xx", "any request to /api/* answered a 4xx"},
		{"event login", "alice logged in"},
		{"event stolen attacker", "the attacker got hold of a token"},
		{"event denied api", "the API refused a token"},
		{"event allowed attacker", "the API served a request, by the attacker"},
		{"event rotated x2", "a refresh token was rotated, 2 times"},
		{"no-event reuse-detected", "the issuer detected no reuse in this step"},
		{"no-event stolen after token-expired", "the attacker got hold of no token in this step, after a token someone holds expired"},
		{"state client.refresh revoked", "the app's refresh token is revoked"},
		{"state attacker.access denied|expired", "the attacker's access token is on the API's denylist or expired"},
		{"state attacker.refresh none", "the attacker holds no refresh token"},
		{"setting grace 30s", "the setting grace is 30s"},
		// As the settings pane spells the value, where the learner looks.
		{"setting access-ttl 24h", "the setting access-ttl is 1d"},
		{"age attacker.access 12h", "the attacker's access token was issued at least 12h ago"},
		{"action forge none", `the attacker forged a token with alg "none"`},
		{"inspected refresh", "you opened the app's refresh token"},
		{"introspected inactive", "the issuer said a token is inactive"},
		{"elapsed 14m", "at least 14m of simulated time passed"},
		{"within 10m", "no more than 10m of simulated time passed"},
		{"cause sniff-tls", "the attacker sniffed encrypted traffic"},
		{"cause reuse-late", "a refresh token came back after its grace period closed, and counted as reuse"},
	} {
		p, err := ParsePredicate(tt.line)
		if err != nil {
			t.Fatalf("%s: %v", tt.line, err)
		}
		if p.Words() != tt.want {
			t.Errorf("%s reads %q, want %q", tt.line, p.Words(), tt.want)
		}
	}
}

// TestEveryPredicateHasWords guards the tables behind Words: each event
// kind and each cause a goal can name reads as a sentence of its own.
func TestEveryPredicateHasWords(t *testing.T) {
	for _, k := range sim.Kinds {
		for _, op := range []string{"event", "no-event"} {
			p, err := ParsePredicate(op + " " + string(k))
			if err != nil {
				t.Fatal(err)
			}
			if p.Words() == "" || strings.Contains(p.Words(), string(k)) && strings.Contains(string(k), "-") {
				t.Errorf("%s %s reads %q", op, k, p.Words())
			}
		}
	}
	for _, c := range sim.Causes {
		p, err := ParsePredicate("cause " + string(c))
		if err != nil {
			t.Fatalf("cause %s: %v", c, err)
		}
		if _, ok := causeWords[c]; !ok || strings.Contains(string(c), "-") && strings.Contains(p.Words(), string(c)) {
			t.Errorf("cause %s has no words of its own: it reads %q", c, p.Words())
		}
	}
}

// TestAfterOrdersAGoal: "the thief's refresh works after the logout" is a
// claim about order, which a plain exchange predicate cannot make.
func TestAfterOrdersAGoal(t *testing.T) {
	afterLogout := must(t, "exchange attacker GET /api/profile 200 after logged-out")
	afterTime := must(t, "exchange attacker GET /api/profile 200 after 10m")
	for _, tt := range []struct {
		lines       []string
		logout, ten bool
	}{
		{[]string{"login", "steal access", "attacker call", "logout"}, false, false},
		{[]string{"login", "steal access", "logout", "attacker call"}, true, false},
		{[]string{"login", "steal access", "attacker call", "advance 10m", "logout"}, false, false},
		{[]string{"login", "steal access", "advance 10m", "attacker call"}, false, true},
	} {
		w, err := sim.New(sim.Config{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		s := &Step{Goal: []Predicate{afterLogout}}
		tr := NewTracker(s, w)
		tr2 := NewTracker(&Step{Goal: []Predicate{afterTime}}, w)
		for _, l := range tt.lines {
			if err := w.Apply(sim.Act(l)); err != nil {
				t.Fatal(err)
			}
		}
		if tr.Met(w) != tt.logout || tr2.Met(w) != tt.ten {
			t.Errorf("%v: after logged-out %v, after 10m %v; want %v, %v", tt.lines, tr.Met(w), tr2.Met(w), tt.logout, tt.ten)
		}
	}
	if afterLogout.Words() != "the attacker's GET /api/profile answered 200, after the app logged out" {
		t.Errorf("words: %q", afterLogout.Words())
	}
	if _, err := ParsePredicate("exchange attacker GET /api/profile 200 after never"); err == nil {
		t.Error("after never parsed")
	}
}

// TestAfterACauseOrATokenOrdersAGoal: "the inspected token is the bound one" is
// "inspected after the DPoP nonce", and a cause is finer than its kind.
func TestAfterACauseOrATokenOrdersAGoal(t *testing.T) {
	for _, tt := range []struct {
		pred          string
		before, lines []string
		want          bool
	}{
		{"inspected access after dpop-nonce", nil, []string{"login", "inspect access", "set dpop on", "login"}, false},
		{"inspected access after dpop-nonce", nil, []string{"set dpop on", "login", "inspect access"}, true},
		{"cause session-revoked after silent-stolen", nil, []string{"login", "login", "logout everywhere", "login", "attacker silent", "logout"}, false},
		{"cause session-revoked after silent-stolen", nil, []string{"login", "attacker silent", "logout everywhere"}, true},
		// The attacker holds its own silent login's access token from the
		// start: only a call after the access token's theft is the copy's.
		{"exchange attacker GET /api/profile 200 after stolen access", []string{"login", "attacker silent"}, []string{"steal refresh", "attacker call"}, false},
		{"exchange attacker GET /api/profile 200 after stolen access", []string{"login", "attacker silent"}, []string{"attacker call", "steal access"}, false},
		{"exchange attacker GET /api/profile 200 after stolen access", []string{"login", "attacker silent"}, []string{"steal refresh", "steal access", "attacker call"}, true},
	} {
		w := world(t, tt.before...)
		tr := NewTracker(&Step{Goal: []Predicate{must(t, tt.pred)}}, w)
		apply(t, w, tt.lines...)
		if got := tr.Met(w); got != tt.want {
			t.Errorf("%s after %v = %v, want %v", tt.pred, tt.lines, got, tt.want)
		}
	}
	if p := must(t, "cause session-revoked after silent-stolen"); !strings.HasSuffix(p.Words(), ", after injected script ran a silent login of its own and kept the tokens") {
		t.Errorf("words: %q", p.Words())
	}
	if p := must(t, "event login after login"); p.Words() != "alice logged in, after alice logged in" {
		t.Errorf("a word that names a kind and a cause means the kind: %q", p.Words())
	}
	if p := must(t, "exchange attacker GET /api/profile 200 after stolen access"); p.Words() != "the attacker's GET /api/profile answered 200, after the attacker got hold of an access token" {
		t.Errorf("words: %q", p.Words())
	}
	if _, err := ParsePredicate("event login after 10m access"); err == nil {
		t.Error("after a duration took a token kind")
	}
}

// TestGuardLinesAreNotShownAsProgress: a line that rules something out is
// true before the learner acts, so the checklist must not tick it, and it
// looks at this step only while the attacker may hold older loot.
func TestGuardLinesAreNotShownAsProgress(t *testing.T) {
	w := world(t, "login", "steal access", "steal refresh")
	tr := NewTracker(stepWith(t, "no-event stolen", "within 10m", "event rotated"), w)
	want := []Mark{MarkHolding, MarkHolding, MarkUnmet}
	if got := tr.Marks(w); !slices.Equal(got, want) {
		t.Errorf("at the step's start, with loot from before it: %v, want %v", got, want)
	}
	if got := tr.Step().Goal[0].Words(); got != "the attacker got hold of no token in this step" {
		t.Errorf("no-event reads %q", got)
	}
	apply(t, w, "refresh")
	want = []Mark{MarkHolding, MarkHolding, MarkMet}
	if got := tr.Marks(w); !slices.Equal(got, want) || !tr.Met(w) {
		t.Errorf("after a refresh: %v (met %v), want %v", got, tr.Met(w), want)
	}
	apply(t, w, "steal access", "advance 11m")
	want = []Mark{MarkBroken, MarkBroken, MarkMet}
	if got := tr.Marks(w); !slices.Equal(got, want) || tr.Met(w) {
		t.Errorf("after a theft and 11m: %v (met %v), want %v", got, tr.Met(w), want)
	}
}

func must(t *testing.T, line string) Predicate {
	t.Helper()
	p, err := ParsePredicate(line)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return p
}

func TestAgeCountsFromTheTokensIssue(t *testing.T) {
	p := must(t, "age attacker.access 12h")
	for _, tt := range []struct {
		lines []string
		want  bool
	}{
		{[]string{"set access-ttl 1d", "login", "steal access", "advance 12h"}, true},
		{[]string{"set access-ttl 1d", "advance 12h", "login", "steal access"}, false},
		{[]string{"set access-ttl 1d", "login", "advance 12h"}, false}, // nothing held
	} {
		w := world(t, tt.lines...)
		tr := NewTracker(&Step{Goal: []Predicate{p}}, w)
		if got := tr.Met(w); got != tt.want {
			t.Errorf("%v: age attacker.access 12h = %v, want %v", tt.lines, got, tt.want)
		}
	}
}
