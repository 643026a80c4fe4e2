package sim_test

import (
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestSettingsChoicesAreValidActions checks that every setting has values
// for the settings pane to step through and that each is a valid `set`.
func TestSettingsChoicesAreValidActions(t *testing.T) {
	for _, s := range sim.Settings {
		if len(s.Choices) < 2 {
			t.Errorf("setting %s has %d choices, want at least 2", s.Name, len(s.Choices))
		}
		for _, c := range s.Choices {
			if _, err := sim.ParseAction("set " + s.Name + " " + c); err != nil {
				t.Errorf("set %s %s: %v", s.Name, c, err)
			}
		}
	}
}

func TestSettingOffersValuesByMeaning(t *testing.T) {
	access, _ := sim.FindSetting("access-ttl")
	grace, _ := sim.FindSetting("grace")
	preset, _ := sim.FindSetting("preset")
	skew, _ := sim.FindSetting("skew-api")
	for _, tt := range []struct {
		s     sim.Setting
		value string
		want  bool
	}{
		{access, "24h", true}, // the pane's 1d
		{access, "15m", true},
		{access, "2h", false},
		{grace, "30s", true},
		{grace, "0", true},     // 0s
		{grace, "soon", false}, // not a duration at all
		{grace, "45s", false},
		{preset, "OKTA", true},
		{preset, "pingone", false},
		{skew, "-120s", true}, // the pane's -2m
		{skew, "-3m", false},
	} {
		if got := tt.s.Offers(tt.value); got != tt.want {
			t.Errorf("%s offers %q: %v, want %v", tt.s.Name, tt.value, got, tt.want)
		}
	}
}
