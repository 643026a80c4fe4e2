package sim_test

import (
	"os"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// causesOf lists the causes of the last action's events of kind k.
func causesOf(w *sim.World, k sim.Kind) []sim.Cause {
	var out []sim.Cause
	for _, e := range last(w) {
		if e.Kind == k {
			out = append(out, e.Cause)
		}
	}
	return out
}

// TestRefusalsThatRevokeNothing: a refresh token presented again is
// refused, yet nothing is revoked, and whoever holds the live token
// carries on.
//   - Review finding 9: under the keycloak preset (refresh-idle 30m) a
//     stolen generation 1 replayed after its exp is refused as expired, as
//     Keycloak's verifyRefreshToken does before any reuse check.
//   - Review finding 13: AWS documents only that a refresh "immediately
//     invalidates the submitted refresh token", so under the cognito
//     preset a replay is refused and nothing else dies.
func TestRefusalsThatRevokeNothing(t *testing.T) {
	for _, tc := range []struct {
		name           string
		lines          []string
		refused, after string
		cause          sim.Cause
	}{
		{"keycloak, an expired copy", []string{"set preset keycloak", "login", "steal refresh", "advance 4m", "refresh",
			"advance 20m", "refresh", "advance 20m", "refresh"}, "attacker refresh", "refresh", sim.CauseRefreshExpired},
		{"cognito, a replay", []string{"set preset cognito", "login", "steal refresh", "attacker refresh"},
			"refresh", "attacker refresh", sim.CauseRefreshUsed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, tc.lines...)
			if got := status(t, w, tc.refused); got != 400 {
				t.Fatalf("%s answered %d, want 400", tc.refused, got)
			}
			if hasKind(last(w), sim.KindReuseDetected) || hasKind(last(w), sim.KindFamilyRevoked) {
				t.Fatalf("%s revoked something:\n%s", tc.refused, transcript(t, w))
			}
			if ev, _ := sim.Explain(last(w)); ev.Cause != tc.cause {
				t.Errorf("the refusal is explained by %q, want %q", ev.Cause, tc.cause)
			}
			if got := status(t, w, tc.after); got != 200 {
				t.Errorf("%s, the live token's holder, answered %d, want 200", tc.after, got)
			}
		})
	}
}

// TestKeycloakReuseTakesTheBrowsersLoginsOnly is review finding 3:
// reuse-revokes client revokes the logins of one issuer session (the
// tabs of one browser), as Keycloak's client session is; a login made in
// a new session, as on another device, lives on.
func TestKeycloakReuseTakesTheBrowsersLoginsOnly(t *testing.T) {
	t.Run("same session", func(t *testing.T) {
		w := newWorld(t, sim.Config{Seed: 1})
		apply(t, w, "set preset keycloak", "login", "steal refresh", "refresh", "login", "attacker refresh")
		got := causesOf(w, sim.KindFamilyRevoked)
		if len(got) != 2 || got[0] != sim.CauseReuseRevoked || got[1] != sim.CauseReuseRevokedSession {
			t.Fatalf("family-revoked causes %v, want the replayed login's and the same session's other login", got)
		}
		if s := w.TokenState(w.Client.RefreshToken); s != issuer.StateRevoked {
			t.Errorf("the second login of the same browser is %s, want revoked", s)
		}
	})
	t.Run("another session", func(t *testing.T) {
		w := newWorld(t, sim.Config{Seed: 1})
		// The issuer session idles out after 5m: the next login types the
		// password and starts a session of its own.
		apply(t, w, "set preset keycloak", "set issuer-session-idle 5m", "login", "steal refresh", "refresh",
			"advance 6m", "login")
		if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseLogin {
			t.Fatalf("the second login is explained by %q, want a password login in a new session", ev.Cause)
		}
		apply(t, w, "attacker refresh")
		if got := causesOf(w, sim.KindFamilyRevoked); len(got) != 1 {
			t.Fatalf("family-revoked causes %v, want only the replayed login's", got)
		}
		if s := w.TokenState(w.Client.RefreshToken); s != issuer.StateActive {
			t.Errorf("the login of the new session is %s, want valid", s)
		}
	})
}

// TestReuseDetectionMeansWhatPresetsSays holds every preset to the
// meaning PRESETS.md gives reuse-detection and reuse-revokes (review
// finding 14): a rotated-out token presented again is accepted under
// reuse-revokes none whatever reuse-detection says; otherwise it is
// refused, and it revokes the login exactly when reuse-detection is on.
func TestReuseDetectionMeansWhatPresetsSays(t *testing.T) {
	for _, p := range sim.Presets {
		t.Run(p.Name, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "set preset "+p.Name, "set grace 0s")
			cfg := w.Config()
			if !cfg.Policy.Rotation || cfg.Policy.RefreshFormat != issuer.RefreshOpaque {
				return // nothing is rotated out
			}
			apply(t, w, "login", "steal refresh", "refresh")
			st := status(t, w, "attacker refresh")
			revoked := hasKind(last(w), sim.KindFamilyRevoked)
			switch {
			case cfg.Policy.ReuseRevokes == issuer.ReuseNone:
				if st != 200 || revoked {
					t.Errorf("reuse-revokes none: the rotated-out copy answered %d, revoked %v; want 200, nothing revoked", st, revoked)
				}
			case st != 400:
				t.Errorf("the rotated-out copy answered %d, want 400", st)
			case revoked != cfg.Policy.ReuseDetection:
				t.Errorf("reuse-detection %v, yet revoked %v", cfg.Policy.ReuseDetection, revoked)
			}
		})
	}
	b, err := os.ReadFile("PRESETS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, setting := range []string{"reuse-detection", "reuse-revokes"} {
		row := meaningRow(string(b), setting)
		if !strings.Contains(row, "none") || !strings.Contains(row, "valid") {
			t.Errorf("PRESETS.md's meaning of %s does not say that reuse-revokes none keeps rotated-out tokens valid: %q", setting, row)
		}
	}
}

// meaningRow is the row of PRESETS.md's "What the settings mean here"
// table for setting.
func meaningRow(doc, setting string) string {
	_, section, _ := strings.Cut(doc, "## What the settings mean here")
	section, _, _ = strings.Cut(section, "\n## ")
	for _, line := range strings.Split(section, "\n") {
		if c := cells(line); len(c) == 2 && c[0] == "`"+setting+"`" {
			return c[1]
		}
	}
	return ""
}

// TestHydraRevokesTheAccessTokenARotationReplaces is review finding 10:
// Ory Hydra revokes the access token issued with a refresh token when
// that refresh token is used. The course's API checks JWTs itself, so it
// refuses the thief's copy only through the denylist, which the hydra
// preset switches on in place of introspection; without it only the
// issuer knows.
func TestHydraRevokesTheAccessTokenARotationReplaces(t *testing.T) {
	for _, tc := range []struct {
		lines  []string
		status int
		cause  sim.Cause
	}{
		{[]string{"set preset hydra"}, 401, sim.CauseDenylisted},
		{[]string{"set preset hydra", "set denylist off"}, 200, sim.CauseAllowedRevoked},
		{[]string{"set preset hydra", "set rotation-revokes-access off"}, 200, sim.CauseAllowedThief},
		{[]string{"set preset auth0"}, 200, sim.CauseAllowedThief},
	} {
		t.Run(strings.Join(tc.lines, ", "), func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, tc.lines...)
			apply(t, w, "login", "steal access", "refresh")
			if got := status(t, w, "attacker call"); got != tc.status {
				t.Errorf("the copy of the replaced access token answered %d, want %d", got, tc.status)
			}
			if ev, _ := sim.Explain(last(w)); ev.Cause != tc.cause {
				t.Errorf("explained by %q, want %q", ev.Cause, tc.cause)
			}
			if got := status(t, w, "call"); got != 200 {
				t.Errorf("the app's new access token answered %d, want 200", got)
			}
		})
	}
}

// TestNoIdleLimitIsSaidInWords is review finding 11 for the event log:
// refresh-idle 0s means no idle limit, and a bare "0s" reads as a
// refresh token that lives no time at all.
func TestNoIdleLimitIsSaidInWords(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set preset okta")
	var texts []string
	for _, e := range last(w) {
		texts = append(texts, e.Text)
	}
	if want := "refresh-idle: 7d → 0s, no idle limit (Okta default)"; !strings.Contains(strings.Join(texts, "\n"), want) {
		t.Errorf("set preset okta said:\n%s\nwant a line %q", strings.Join(texts, "\n"), want)
	}
	apply(t, w, "set refresh-idle 1d")
	if got, want := last(w)[len(last(w))-1].Text, "refresh-idle: 0s, no idle limit → 1d (Okta default was 0s)"; got != want {
		t.Errorf("set refresh-idle 1d said %q, want %q", got, want)
	}
}
