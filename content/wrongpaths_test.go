package content_test

import (
	"errors"
	"testing"

	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
)

// TestNewcomersWrongPathsDoNotCompleteTheirSteps replays the wrong but
// plausible paths a newcomer took through lessons 10–20, each of which
// once completed its step while the debrief then said something false.
// Each must now either be refused by the step's Forbid list or leave the
// goal unmet after every action. Not enough blocks cannot hold a path
// that a Forbid list refuses, so this test keeps those too.
func TestNewcomersWrongPathsDoNotCompleteTheirSteps(t *testing.T) {
	ls, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*lessons.Lesson{}
	for _, l := range ls {
		byID[l.ID] = l
	}
	for _, tt := range []struct {
		finding, lesson string
		step            int
		path            []string
	}{
		// The stolen app token filled the loot slot and was revoked by
		// the app's own logout; the script's login lived on.
		{"A2", "two-sessions", 4, []string{"attacker silent", "steal refresh", "logout"}},
		// The attacker's copy was refused because it expired, not for
		// the key.
		{"A3", "bound-to-a-key", 2, []string{"steal access", "steal refresh", "attacker refresh", "jump", "attacker call"}},
		// The token opened was the bearer one, before DPoP.
		{"A4", "bound-to-a-key", 1, []string{"login", "inspect access", "set dpop on", "login"}},
		// The call used the attacker's own silent login's token.
		{"A5", "tokens-out-of-the-browser", 3, []string{"steal refresh", "attacker refresh", "attacker call"}},
		// The revocation reached the app's own token; the attacker's copy
		// from step 1 was refused because it expired.
		{"A6", "the-golden-rules", 4, []string{"set denylist on", "login", "revoke access", "call", "logout", "attacker call"}},
	} {
		l := byID[tt.lesson]
		if l == nil {
			t.Fatalf("%s: no lesson %s", tt.finding, tt.lesson)
		}
		w, err := l.WorldAt(sim.Config{Seed: lessons.CheckSeed}, tt.step)
		if err != nil {
			t.Fatal(err)
		}
		s := l.Steps[tt.step-1]
		tr := lessons.NewTracker(s, w)
		for _, line := range tt.path {
			a, err := sim.ParseAction(line)
			if err != nil {
				t.Fatal(err)
			}
			var forbidden *lessons.ForbiddenError
			if err := s.Allows(a); errors.As(err, &forbidden) {
				break
			}
			if err := w.Apply(a); err != nil {
				t.Fatalf("%s: %s step %d: %s cannot run: %v", tt.finding, tt.lesson, tt.step, line, err)
			}
			if tr.Met(w) {
				t.Errorf("%s: %s step %d %q is complete after %s of %v", tt.finding, tt.lesson, tt.step, s.Title, line, tt.path)
				break
			}
		}
	}
}
