package compare_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/compare"
	"github.com/tokenflow/tokenflow/sim/script"
)

func lines(t *testing.T, src string) []script.Line {
	t.Helper()
	ls, err := script.Parse(strings.NewReader(src), "test")
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func TestParseWith(t *testing.T) {
	for _, tt := range []struct {
		spec, name string
		sets       []string
	}{
		{"set grace 30s", "with-1", []string{"set grace 30s"}},
		{"strict: set preset okta; set grace 0s;", "strict", []string{"set preset okta", "set grace 0s"}},
		{"  set skew api -2m ;set leeway 5m", "with-1", []string{"set skew-api -2m", "set leeway 5m"}},
	} {
		p, err := compare.ParseWith(tt.spec, "with-1")
		if err != nil {
			t.Errorf("%q: %v", tt.spec, err)
			continue
		}
		var got []string
		for _, a := range p.Lines {
			got = append(got, a.String())
		}
		if p.Name != tt.name || strings.Join(got, "|") != strings.Join(tt.sets, "|") {
			t.Errorf("%q: %s %v, want %s %v", tt.spec, p.Name, got, tt.name, tt.sets)
		}
	}
	for _, bad := range []string{"", ";;", "login", "set grace", "set grace 1y", "x y: set grace 0s", ": set grace 0s",
		"-x: set grace 0s", strings.Repeat("set grace 0s;", 200), strings.Repeat("set grace 0s;", 33)} {
		if _, err := compare.ParseWith(bad, "with-1"); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestCheckRefusesWhatCannotBeCompared(t *testing.T) {
	okta, _ := compare.PresetPolicy("okta")
	if err := compare.Check(nil); err == nil {
		t.Error("no policies passed")
	}
	if err := compare.Check([]compare.Policy{okta, okta}); err == nil {
		t.Error("a policy twice passed")
	}
	many := make([]compare.Policy, compare.MaxPolicies+1)
	for i := range many {
		many[i] = compare.Policy{Name: strings.Repeat("p", i+1)}
	}
	if err := compare.Check(many); err == nil {
		t.Error("too many policies passed")
	}
}

// TestRunTellsEachPolicysOutcomeAndWhereTheyDiverge plays the thief's
// replay under a family-revoking issuer and one that keeps old tokens.
func TestRunTellsEachPolicysOutcomeAndWhereTheyDiverge(t *testing.T) {
	policies, err := compare.ParseNames("auth0, entra")
	if err != nil {
		t.Fatal(err)
	}
	res, err := compare.Run(policies, lines(t, "login\nsteal refresh\nrefresh\n# the replay\nattacker refresh\nexpect status 400\n"), "test", 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text     string
		diverges bool
		outcomes []string
	}{
		{"login", false, []string{"200 login", "200 login"}},
		{"steal refresh", false, []string{"stolen-copy", "stolen-copy"}},
		{"refresh", false, []string{"200 rotated", "200 rotated"}},
		{"the replay", false, nil},
		{"attacker refresh", true, []string{"400 invalid_grant reuse-thief, 1 login revoked", "200 kept-valid-thief"}},
		{"expect status 400", true, []string{"ok", "FAILED: got status 200 (POST /token)"}},
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(want))
	}
	for i, w := range want {
		r := res.Rows[i]
		var got []string
		for _, o := range r.Outcomes {
			got = append(got, o.String())
		}
		if r.Text != w.text || r.Diverges != w.diverges || strings.Join(got, "|") != strings.Join(w.outcomes, "|") {
			t.Errorf("row %d: %q diverges %v %q; want %q %v %q", i, r.Text, r.Diverges, got, w.text, w.diverges, w.outcomes)
		}
	}
	if !res.Failed {
		t.Error("a failed expectation left the result unfailed")
	}
	if got := strings.Join(res.Policies[1].Settings, ", "); !strings.Contains(got, "reuse-revokes none") {
		t.Errorf("entra differs from the defaults in %q", got)
	}
}

func TestSummarizeCountsWhatWasRevoked(t *testing.T) {
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"set denylist on", "login", "logout"} {
		if err := w.Apply(sim.Act(l)); err != nil {
			t.Fatal(err)
		}
	}
	o := compare.Summarize(w.Log.Since(w.ActionStart()))
	if got := o.String(); got != "200 logout-denylist, 1 login revoked, 1 access token denylisted" {
		t.Errorf("logout with the denylist on: %q", got)
	}
}

// FuzzParseWith: whatever a --with holds, it parses or is refused with an
// error, and what parses is a named list of valid set lines.
func FuzzParseWith(f *testing.F) {
	for _, seed := range []string{"set grace 30s", "strict: set preset okta; set grace 0s", "a:b:c", ";", "set skew api -2m",
		"x: login", "set preset ping"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		p, err := compare.ParseWith(spec, "with-1")
		if err != nil {
			return
		}
		if p.Name == "" || len(p.Lines) == 0 {
			t.Fatalf("%q parsed to %+v", spec, p)
		}
		for _, a := range p.Lines {
			if _, err := sim.ParseAction(a.String()); err != nil || a.Verb != "set" {
				t.Fatalf("%q gave %q, which does not parse back: %v", spec, a, err)
			}
		}
	})
}

// TestBetweenPairsTheValuesThatDiffer: each side names its own value of
// every setting on which the two differ, a default included, and nothing
// the two share.
func TestBetweenPairsTheValuesThatDiffer(t *testing.T) {
	okta, _ := sim.FindPreset("okta")
	auth0, _ := sim.FindPreset("auth0")
	a, err := sim.ApplySetting(sim.Config{}, "preset", okta.Name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.ApplySetting(sim.Config{}, "preset", auth0.Name)
	if err != nil {
		t.Fatal(err)
	}
	as, bs := compare.Between(a, b)
	if len(as) != len(bs) || len(as) == 0 {
		t.Fatalf("okta %v, auth0 %v", as, bs)
	}
	if !slices.Contains(as, "grace 30s") || !slices.Contains(bs, "grace 0s") {
		t.Errorf("okta %v, auth0 %v: want grace 30s beside grace 0s", as, bs)
	}
	for i := range as {
		if as[i] == bs[i] {
			t.Errorf("both sides name %q", as[i])
		}
	}
	if as, bs := compare.Between(a, a); len(as)+len(bs) != 0 {
		t.Errorf("a world against itself: %v, %v", as, bs)
	}
}
