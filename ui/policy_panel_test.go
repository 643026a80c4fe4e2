package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestPolicyPanelSaysNoIdleLimitAndThePreset is review finding 11: under
// a preset with no idle limit the panel said "refresh 0s", which reads as
// refresh tokens that live no time at all. It says the login's absolute
// lifetime and "no idle limit" instead, and names the preset in force.
func TestPolicyPanelSaysNoIdleLimitAndThePreset(t *testing.T) {
	for _, tt := range []struct {
		preset string
		want   []string
	}{
		{"okta", []string{"preset okta", "access 1h · refresh 90d, no idle limit"}},
		{"keycloak", []string{"preset keycloak", "access 5m · refresh 10h, idle 30m"}},
		{"entra", []string{"preset entra", "access 1h15m · refresh 1d, no idle limit"}},
		{"naive", []string{"preset naive", "stateless refresh 7d"}},
	} {
		m := newWorld(t, "set preset "+tt.preset)
		pane := walletText(m, 48, 0)
		strip := ansi.Strip(m.wallet.RenderStrip(200, m.wallet.StripHeight(36)))
		for _, w := range tt.want {
			if !strings.Contains(pane, w) {
				t.Errorf("%s: the Actors pane lacks %q:\n%s", tt.preset, w, pane)
			}
		}
		for name, text := range map[string]string{"pane": pane, "strip": strip} {
			if strings.Contains(text, "refresh 0s") {
				t.Errorf("%s: the %s says refresh 0s:\n%s", tt.preset, name, text)
			}
		}
	}
	if pane := walletText(newWorld(t), 48, 0); strings.Contains(pane, "preset") {
		t.Errorf("the course's defaults are named as a preset:\n%s", pane)
	}
}
