package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
)

// TestSettingsPaneNamesThePresetAndMarksChanges: the pane's title names
// the preset in force, the chosen setting says where its value comes
// from ("Okta default: grace 30s"), and a value changed since is marked
// with a symbol, not colour alone.
func TestSettingsPaneNamesThePresetAndMarksChanges(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	m.perform(sim.Act("set preset okta"))
	press(m, "s")
	for _, s := range sim.Settings { // down to grace
		if s.Name == "grace" {
			break
		}
		press(m, "down")
	}
	text := ansi.Strip(ascii(t, m))
	for _, want := range []string{"Settings · preset okta", "› grace", "◀ 30s ▶", "Okta default: grace 30s"} {
		if !strings.Contains(text, want) {
			t.Errorf("the pane does not show %q:\n%s", want, text)
		}
	}
	press(m, "left") // 30s → 10s
	text = ansi.Strip(ascii(t, m))
	for _, want := range []string{"◀ 10s ▶ *", "* grace 10s, changed since preset okta set"} {
		if !strings.Contains(text, want) {
			t.Errorf("after a change the pane does not show %q:\n%s", want, text)
		}
	}
}

// TestSettingsPaneScrollsToTheChosenSetting: at 80×24 the list is longer
// than the pane, and the chosen setting stays in sight.
func TestSettingsPaneScrollsToTheChosenSetting(t *testing.T) {
	m := newModel(t)
	resize(m, 80, 24)
	press(m, "s", "up") // from the first setting up to the last
	last := sim.Settings[len(sim.Settings)-1].Name
	if text := ansi.Strip(ascii(t, m)); !strings.Contains(text, "› "+last) {
		t.Errorf("the chosen setting %s is out of sight:\n%s", last, text)
	}
}
