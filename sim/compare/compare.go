// Package compare replays one scenario script under several issuer
// policies, each in a world of its own from the same seed, and lines their
// outcomes up side by side: for each line of the script, what each policy
// answered (status, error code, cause, what it revoked), and which lines
// the policies disagree on. `tokenflow run --compare` prints it; the TUI's
// compare view tells each action the same way.
package compare

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/sim/script"
)

// Policy is one column: a name and the `set` lines that make it, applied
// to a fresh world before the script.
type Policy struct {
	Name  string
	Lines []sim.Action
}

// Limits on a comparison: each policy is a world that runs the whole
// script, so their number bounds the work one command can ask for.
const (
	// MaxPolicies bounds the columns: every preset and a few of your own.
	MaxPolicies = 16
	// MaxSpec bounds one --with specification, in bytes.
	MaxSpec = 2048
	// maxSpecLines bounds the settings in one --with specification.
	maxSpecLines = 32
)

// PresetPolicy is the policy of preset name, or an error that lists the
// presets.
func PresetPolicy(name string) (Policy, error) {
	p, ok := sim.FindPreset(strings.TrimSpace(name))
	if !ok {
		return Policy{}, fmt.Errorf("unknown preset %q (known: %s)", strings.TrimSpace(name), strings.Join(sim.PresetNames(), ", "))
	}
	return Policy{Name: p.Name, Lines: []sim.Action{{Verb: "set", Args: []string{"preset", p.Name}}}}, nil
}

// ParseNames reads --compare's list, NAME,NAME,...: presets, each once.
func ParseNames(list string) ([]Policy, error) {
	if strings.TrimSpace(list) == "" {
		return nil, errors.New("no preset to compare: give NAME,NAME,... (known: " + strings.Join(sim.PresetNames(), ", ") + ")")
	}
	var out []Policy
	for _, name := range strings.Split(list, ",") {
		p, err := PresetPolicy(name)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// ParseWith reads one --with specification: `set` lines separated by
// semicolons, applied in order to a fresh world, optionally after a label
// and a colon ("strict: set preset okta; set grace 0s"). Without a label
// the policy is called fallback.
func ParseWith(spec, fallback string) (Policy, error) {
	if len(spec) > MaxSpec {
		return Policy{}, fmt.Errorf("--with is longer than %d bytes", MaxSpec)
	}
	p := Policy{Name: fallback}
	body := spec
	if label, rest, ok := strings.Cut(spec, ":"); ok {
		label = strings.TrimSpace(label)
		if !validLabel(label) {
			return Policy{}, fmt.Errorf("--with %q: a label is lowercase letters, digits and hyphens, at most 24, before the colon", label)
		}
		p.Name, body = label, rest
	}
	for _, part := range strings.Split(body, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if len(p.Lines) == maxSpecLines {
			return Policy{}, fmt.Errorf("--with holds more than %d settings", maxSpecLines)
		}
		a, err := sim.ParseAction(part)
		if err != nil {
			return Policy{}, fmt.Errorf("--with %q: %w", part, err)
		}
		if a.Verb != "set" {
			return Policy{}, fmt.Errorf("--with %q: a policy is made of set lines only", part)
		}
		p.Lines = append(p.Lines, a)
	}
	if len(p.Lines) == 0 {
		return Policy{}, fmt.Errorf("--with %q sets nothing: give set lines, such as 'set preset okta; set grace 0s'", spec)
	}
	return p, nil
}

func validLabel(s string) bool {
	if s == "" || len(s) > 24 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Check refuses a set of policies that cannot be compared: none, too
// many, or two under one name.
func Check(policies []Policy) error {
	switch {
	case len(policies) == 0:
		return errors.New("nothing to compare")
	case len(policies) > MaxPolicies:
		return fmt.Errorf("%d policies: compare at most %d at once", len(policies), MaxPolicies)
	}
	seen := map[string]bool{}
	for _, p := range policies {
		if seen[p.Name] {
			return fmt.Errorf("%s is compared twice: give each policy once (label a --with with NAME: to tell it apart)", p.Name)
		}
		seen[p.Name] = true
	}
	return nil
}

// Outcome is what one line of the script came to under one policy.
type Outcome struct {
	Status int    `json:"status,omitempty"` // the last exchange's status; 0 when the line made none
	Error  string `json:"error,omitempty"`  // its OAuth or RFC 6750 error code
	Cause  string `json:"cause,omitempty"`  // what explains the line (sim.Explain)
	// Revoked counts the logins revoked, and Denied the access tokens
	// put on the denylist.
	Revoked int `json:"revoked,omitempty"`
	Denied  int `json:"denylisted,omitempty"`
	// Failed marks an expectation that did not hold, or an action that
	// could not run; Note says why.
	Failed bool   `json:"failed,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Summarize tells what one action's events came to.
func Summarize(events []sim.Event) Outcome {
	var o Outcome
	for _, e := range events {
		switch {
		case e.Exchange != nil:
			o.Status, o.Error = e.Exchange.Status, e.Exchange.ErrorCode()
		case e.Kind == sim.KindFamilyRevoked:
			o.Revoked++
		case e.Kind == sim.KindDenylisted:
			o.Denied++
		}
	}
	if e, ok := sim.Explain(events); ok {
		o.Cause = string(e.Cause)
	}
	return o
}

// String is the outcome in a few words: "400 invalid_grant reuse-thief,
// 1 login revoked".
func (o Outcome) String() string {
	if o.Note != "" {
		if o.Failed {
			return "FAILED: " + o.Note
		}
		return o.Note
	}
	var parts []string
	if o.Status != 0 {
		parts = append(parts, strconv.Itoa(o.Status))
	}
	if o.Error != "" {
		parts = append(parts, o.Error)
	}
	if o.Cause != "" {
		parts = append(parts, o.Cause)
	}
	s := strings.Join(parts, " ")
	if s == "" {
		s = "-"
	}
	if o.Revoked > 0 {
		s += ", " + plural.Count(o.Revoked, "login") + " revoked"
	}
	if o.Denied > 0 {
		s += ", " + plural.Count(o.Denied, "access token") + " denylisted"
	}
	return s
}

// Row is one line of the script and its outcome under every policy.
type Row struct {
	Line     int       `json:"line"`
	Text     string    `json:"text"`
	Kind     string    `json:"kind"` // action, expect or comment
	Outcomes []Outcome `json:"outcomes,omitempty"`
	// Diverges says the policies did not all come to the same outcome.
	Diverges bool `json:"diverges,omitempty"`
}

// Column describes one policy: its name, how it was made, and the
// settings in which it differs from the course's defaults.
type Column struct {
	Name     string   `json:"name"`
	Lines    []string `json:"set"`
	Settings []string `json:"differs"`
}

// Result is a comparison: the policies, and every line of the script with
// what each made of it.
type Result struct {
	Script   string   `json:"script"`
	Policies []Column `json:"policies"`
	Rows     []Row    `json:"lines"`
	// Failed says an expectation did not hold, or an action could not
	// run, under at least one policy.
	Failed bool `json:"failed"`
}

// Run plays lines, read from the script called name, under each policy in
// a world of its own from seed. An error means a policy or a line could
// not be applied at all (a *script.Error); expectations that fail are
// part of the result, not errors.
func Run(policies []Policy, lines []script.Line, name string, seed uint64) (*Result, error) {
	if err := Check(policies); err != nil {
		return nil, err
	}
	res := &Result{Script: name}
	for _, l := range lines {
		row := Row{Line: l.N}
		switch {
		case l.Action != nil:
			row.Kind, row.Text = "action", l.Action.String()
		case l.Expect != nil:
			row.Kind, row.Text = "expect", l.Expect.String()
		default:
			row.Kind, row.Text = "comment", l.Comment
		}
		res.Rows = append(res.Rows, row)
	}
	for _, p := range policies {
		col, err := res.play(p, lines, name, seed)
		if err != nil {
			return nil, err
		}
		res.Policies = append(res.Policies, col)
	}
	for i := range res.Rows {
		r := &res.Rows[i]
		for _, o := range r.Outcomes {
			res.Failed = res.Failed || o.Failed
			r.Diverges = r.Diverges || o.String() != r.Outcomes[0].String()
		}
	}
	return res, nil
}

// play runs the script under one policy and adds its outcomes to the rows.
func (res *Result) play(p Policy, lines []script.Line, name string, seed uint64) (Column, error) {
	w, err := sim.New(sim.Config{Seed: seed, Limits: script.WorldLimits})
	if err != nil {
		return Column{}, err
	}
	col := Column{Name: p.Name}
	for _, a := range p.Lines {
		if err := w.Apply(a); err != nil {
			return Column{}, fmt.Errorf("policy %s: %s: %w", p.Name, a, err)
		}
		col.Lines = append(col.Lines, a.String())
	}
	col.Settings = Differences(w.Config())
	stuck := false // the last action could not run: an expectation about it says nothing
	for i, l := range lines {
		var o Outcome
		switch {
		case l.Action != nil:
			start := w.Log.Len()
			err := w.Apply(*l.Action)
			var nn *sim.NotNowError
			switch {
			case errors.As(err, &nn):
				o = Outcome{Failed: true, Note: "cannot " + l.Action.String() + " now: " + nn.Msg}
			case err != nil:
				return Column{}, &script.Error{File: name, Line: l.N, Msg: "under " + p.Name + ": " + err.Error(), Err: err}
			default:
				o = Summarize(w.Log.Since(start))
			}
			stuck = err != nil
		case l.Expect != nil:
			switch err := l.Expect.Check(w.Log.Since(w.ActionStart())); {
			case stuck:
				o = Outcome{Failed: true, Note: "the action before it could not run"}
			case err != nil:
				o = Outcome{Failed: true, Note: err.Error()}
			default:
				o = Outcome{Note: "ok"}
			}
		default:
			continue
		}
		res.Rows[i].Outcomes = append(res.Rows[i].Outcomes, o)
	}
	return col, nil
}

// Differences lists the settings of cfg that differ from a fresh world's,
// as `set` spells them, in the settings' order.
func Differences(cfg sim.Config) []string {
	var base sim.Config
	out := []string{}
	for _, s := range sim.Settings {
		if s.Name == "preset" {
			continue
		}
		if v := cfg.SettingString(s.Name); v != base.SettingString(s.Name) {
			out = append(out, s.Name+" "+v)
		}
	}
	return out
}

// Between lists the settings on which a and b differ, each as `set`
// spells it for its own side, in the settings' order: the pairs to read
// side by side, Okta's "grace 30s" beside Auth0's "grace 0s", where
// Differences would name Okta's alone, since Auth0's is the default.
func Between(a, b sim.Config) (as, bs []string) {
	as, bs = []string{}, []string{}
	for _, s := range sim.Settings {
		if s.Name == "preset" {
			continue
		}
		if va, vb := a.SettingString(s.Name), b.SettingString(s.Name); va != vb {
			as, bs = append(as, s.Name+" "+va), append(bs, s.Name+" "+vb)
		}
	}
	return as, bs
}
