package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// typed types line at the `:` prompt and presses enter, as a learner does.
func typed(m *Model, line string) {
	press(m, ":")
	for _, r := range line {
		k := string(r)
		if r == ' ' {
			k = "space"
		}
		press(m, k)
	}
	press(m, "enter")
}

// TestDefencesGolden pins the screens of the defences beyond rotation at
// the smallest and a common size: tokens bound to a key in the wallet and
// the inspector (the binding, the app's proof, an exchange's proof), the
// ID token, the backend-for-frontend's lane and where its tokens live,
// and the status line after DPoP refusals, a silent login and a logout at
// the issuer. Each names text its screen must show at both sizes (any of
// a|b); scroll is the text the inspector is scrolled to, as its first
// line if it can be.
func TestDefencesGolden(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		keys   []string
		scroll string
		want   []string
	}{
		{name: "bound_tokens", lines: []string{"set dpop on", "login", "steal access", "steal refresh", "attacker call", "attacker refresh"},
			want: []string{"app's key", "invalid_dpop_proof", "use_dpop_nonce"}},
		{name: "silent_dpop", lines: []string{"set dpop on", "login", "attacker silent"},
			want: []string{"attacker's key|its own key", "the attacker now holds the access token"}},
		{name: "bff", lines: []string{"set storage bff", "login", "call", "attacker xss"},
			want: []string{"backend (BFF)", "BFF", "GET /bff/api/p", "XSS found no token"}},
		{name: "bff_silent", lines: []string{"set storage bff", "login", "attacker silent"},
			want: []string{"backend (BFF)", "the code landed at the app's backend"}},
		{name: "logout_everywhere", lines: []string{"login", "attacker silent", "logout everywhere"},
			want: []string{"ended by logout", "API still accepts it|still works|usable"}},
		{name: "inspect_id_token", lines: []string{"login", "inspect id-token"},
			want: []string{"Inspector · the client's ID token", "for the app, not for APIs", "OpenID Connect Core §2"}},
		{name: "inspect_bound_token", lines: []string{"set dpop on", "login", "call", "inspect access"},
			want: []string{"cnf.jkt", "Bound to the app's key"}},
		{name: "inspect_bound_token_proof", lines: []string{"set dpop on", "login", "call", "inspect access"},
			scroll: "── DPoP proof the app sent", want: []string{"typ    dpop+jwt", "✓ the thumbprint the token is bound to"}},
		{name: "inspect_dpop_exchange", lines: []string{"set dpop on", "login", "call"}, keys: []string{"up", "enter"},
			scroll: "── DPoP proof sent", want: []string{"typ    dpop+jwt", "✓ the thumbprint the token is bound to"}},
	}
	for _, tt := range tests {
		for _, size := range [][2]int{{120, 40}, {80, 24}} {
			t.Run(fmt.Sprintf("%s_%dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				m := newModel(t)
				resize(m, size[0], size[1])
				for _, l := range tt.lines {
					typed(m, l)
				}
				press(m, tt.keys...)
				if tt.scroll != "" {
					scrollTo(t, m, tt.scroll)
				}
				out := ascii(t, m)
				requireFrame(t, out, size[0], size[1])
				text := ansi.Strip(out)
				for _, want := range tt.want {
					if !slices.ContainsFunc(strings.Split(want, "|"), func(w string) bool { return strings.Contains(text, w) }) {
						t.Errorf("the screen does not show %q:\n%s", want, text)
					}
				}
				requireGolden(t, out)
			})
		}
	}
}

// scrollTo scrolls the open overlay down a line at a time until text is
// its first line, or as near the top as the end of the overlay lets it.
func scrollTo(t *testing.T, m *Model, text string) {
	t.Helper()
	prev := ""
	for range 200 {
		frame := ansi.Strip(m.View().Content)
		lines := strings.Split(frame, "\n")
		if len(lines) > 2 && strings.Contains(lines[2], text) || frame == prev && strings.Contains(frame, text) {
			return
		}
		prev = frame
		press(m, "down")
	}
	t.Fatalf("%q never scrolled into view:\n%s", text, prev)
}
