package common

import (
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestBriefKeepsWholeClauses: a sentence too long for the status line
// loses its closing parenthesis, then its last clauses, never part of a
// word; one with nothing to lose is left whole for Fit to cut.
func TestBriefKeepsWholeClauses(t *testing.T) {
	tests := []struct {
		text string
		w    int
		want string
	}{
		{"alice is logged in; the ID token checks out", 80, "alice is logged in; the ID token checks out"},
		{"alice is logged in; the ID token checks out", 30, "alice is logged in"},
		{"the attacker now holds rt-x (its own silent login)", 30, "the attacker now holds rt-x"},
		{"one. two; three. four", 15, "one. two; three"},
		{"one. two; three. four", 9, "one. two"},
		{"one. two; three. four", 4, "one"},
		{"no clause to drop here at all", 10, "no clause to drop here at all"},
		// A comma only when no full stop or semicolon is left to cut at:
		// the reuse status at 80 columns.
		{"reuse detected: family f revoked, every refresh token in it is dead: reuse", 40, "reuse detected: family f revoked"},
		{"one, two; three", 10, "one, two"},
	}
	for _, tt := range tests {
		if got := Brief(tt.text, tt.w); got != tt.want {
			t.Errorf("Brief(%q, %d) = %q, want %q", tt.text, tt.w, got, tt.want)
		}
	}
}

// TestSummarizeSkipsTheRoutine: a nonce challenge is routine, so the
// refusal or success after it is the status; a session's end outranks
// the revocation it causes; userinfo's answer is a status of its own.
func TestSummarizeSkipsTheRoutine(t *testing.T) {
	nonce := sim.Event{Kind: sim.KindRefused, Cause: sim.CauseDPoPNonce, Text: "use_dpop_nonce"}
	login := sim.Event{Kind: sim.KindLogin, Cause: sim.CauseLogin, Text: "alice is logged in"}
	if s := Summarize([]sim.Event{nonce, login}); s.Text != login.Text || !s.Told {
		t.Errorf("a nonce retry then a login: status %+v", s)
	}
	ended := sim.Event{Kind: sim.KindSessionEnded, Cause: sim.CauseSessionLogout, Text: "session ended"}
	revoked := sim.Event{Kind: sim.KindFamilyRevoked, Cause: sim.CauseSessionRevoked, Text: "family revoked"}
	if s := Summarize([]sim.Event{revoked, ended}); s.Text != ended.Text {
		t.Errorf("a logout at the issuer: status %q, want the session's end", s.Text)
	}
	refused := sim.Event{Kind: sim.KindUserinfo, Cause: sim.CauseUserinfoRevoked, Text: "userinfo refused"}
	if s := Summarize([]sim.Event{refused}); s.Text != refused.Text || s.Level != LevelBad {
		t.Errorf("userinfo's refusal: status %+v", s)
	}
}
