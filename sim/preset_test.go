package sim_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// docRow is one row of a preset's table in PRESETS.md.
type docRow struct{ value, origin, source string }

// presetDoc is PRESETS.md read back: each preset's table, by setting, and
// the overview's column for it.
type presetDoc struct {
	tables   map[string]map[string]docRow
	overview map[string]map[string]string
}

// cells splits a Markdown table row into its trimmed cells.
func cells(line string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func readPresetDoc(t *testing.T) presetDoc {
	t.Helper()
	b, err := os.ReadFile("PRESETS.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := presetDoc{tables: map[string]map[string]docRow{}, overview: map[string]map[string]string{}}
	var section string
	var columns []string
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
			columns = nil
			if name, ok := strings.CutPrefix(section, "`"); ok {
				section = strings.TrimSuffix(name, "`")
				doc.tables[section] = map[string]docRow{}
			}
		case !strings.HasPrefix(line, "| "):
		case section == "All presets at a glance":
			c := cells(line)
			if c[0] == "setting" {
				columns = c[1:]
				continue
			}
			if setting, ok := backticked(c[0]); ok {
				for i, preset := range columns {
					if doc.overview[preset] == nil {
						doc.overview[preset] = map[string]string{}
					}
					doc.overview[preset][setting] = c[i+1]
				}
			}
		case doc.tables[section] != nil:
			c := cells(line)
			setting, ok := backticked(c[0])
			if !ok || len(c) != 4 {
				continue
			}
			value, _ := backticked(c[1])
			doc.tables[section][setting] = docRow{value: value, origin: c[2], source: c[3]}
		}
	}
	return doc
}

func backticked(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '`' && s[len(s)-1] == '`' {
		return s[1 : len(s)-1], true
	}
	return "", false
}

// sameValue reports whether two spellings of a setting's value mean the
// same thing, as `set` reads them ("1d" is "24h").
func sameValue(t *testing.T, setting, a, b string) bool {
	t.Helper()
	ca, err := sim.ApplySetting(sim.Config{}, setting, a)
	if err != nil {
		t.Errorf("%s %s: %v", setting, a, err)
		return false
	}
	cb, err := sim.ApplySetting(sim.Config{}, setting, b)
	if err != nil {
		t.Errorf("%s %s: %v", setting, b, err)
		return false
	}
	return ca.SettingString(setting) == cb.SettingString(setting)
}

// TestPresetsMatchTheDocsTable holds every preset to its table in
// PRESETS.md, value and origin, setting by setting, and to the overview:
// the page and the code cannot say different things.
func TestPresetsMatchTheDocsTable(t *testing.T) {
	doc := readPresetDoc(t)
	for _, p := range sim.Presets {
		t.Run(p.Name, func(t *testing.T) {
			table, ok := doc.tables[p.Name]
			if !ok {
				t.Fatalf("PRESETS.md has no section for preset %s", p.Name)
			}
			if len(table) != len(sim.PresetSettings) {
				t.Errorf("PRESETS.md lists %d settings for %s, want the %d of PresetSettings", len(table), p.Name, len(sim.PresetSettings))
			}
			cfg, err := sim.ApplySetting(sim.Config{}, "preset", p.Name)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range p.Values {
				row, ok := table[v.Setting]
				switch {
				case !ok:
					t.Errorf("PRESETS.md has no row for %s", v.Setting)
					continue
				case !sameValue(t, v.Setting, v.Value, row.value):
					t.Errorf("%s: the code sets %s, PRESETS.md says %s", v.Setting, v.Value, row.value)
				case string(v.Origin) != row.origin:
					t.Errorf("%s: the code's origin is %s, PRESETS.md says %s", v.Setting, v.Origin, row.origin)
				case row.source == "":
					t.Errorf("%s: PRESETS.md gives no source", v.Setting)
				}
				if !sameValue(t, v.Setting, cfg.SettingString(v.Setting), row.value) {
					t.Errorf("%s: set preset %s leaves %s, PRESETS.md says %s", v.Setting, p.Name, cfg.SettingString(v.Setting), row.value)
				}
				if got := doc.overview[p.Name][v.Setting]; !sameValue(t, v.Setting, got, row.value) {
					t.Errorf("%s: the overview says %s, the preset's table %s", v.Setting, got, row.value)
				}
			}
		})
	}
	for name := range doc.tables {
		if _, ok := sim.FindPreset(name); !ok {
			t.Errorf("PRESETS.md documents %s, which is no preset", name)
		}
	}
}

func TestEveryPresetSetsEveryPresetSettingOnce(t *testing.T) {
	for _, p := range sim.Presets {
		var got []string
		for _, v := range p.Values {
			got = append(got, v.Setting)
			if !slices.Contains(sim.Origins, v.Origin) {
				t.Errorf("%s %s: unknown origin %q", p.Name, v.Setting, v.Origin)
			}
			if _, err := sim.ParseAction("set " + v.Setting + " " + v.Value); err != nil {
				t.Errorf("%s: set %s %s: %v", p.Name, v.Setting, v.Value, err)
			}
		}
		if strings.Join(got, " ") != strings.Join(sim.PresetSettings, " ") {
			t.Errorf("%s sets %v, want %v in that order", p.Name, got, sim.PresetSettings)
		}
	}
}

// TestTheContractsPresetsExist pins the names other checks rely on.
func TestTheContractsPresetsExist(t *testing.T) {
	for _, name := range []string{"auth0", "okta", "keycloak", "hydra", "cognito", "entra", "rfc9700", "naive"} {
		if _, err := sim.ParseAction("set preset " + name); err != nil {
			t.Errorf("set preset %s: %v", name, err)
		}
	}
	_, err := sim.ParseAction("set preset ping")
	if err == nil || !strings.Contains(err.Error(), "unknown preset") || !strings.Contains(err.Error(), "auth0, okta, keycloak") {
		t.Errorf("set preset ping: %v, want an error that lists the known presets", err)
	}
}

func TestApplyingAPresetLeavesNothingOfTheLast(t *testing.T) {
	direct, _ := sim.ApplySetting(sim.Config{}, "preset", "hydra")
	via, _ := sim.ApplySetting(sim.Config{}, "preset", "entra")
	via, _ = sim.ApplySetting(via, "preset", "hydra")
	for _, name := range sim.PresetSettings {
		if a, b := direct.SettingString(name), via.SettingString(name); a != b {
			t.Errorf("%s: hydra alone %s, hydra after entra %s", name, a, b)
		}
	}
}

func TestSourceNamesThePresetUntilTheValueChanges(t *testing.T) {
	cfg, _ := sim.ApplySetting(sim.Config{}, "preset", "okta")
	if got := cfg.Source("grace"); got != "Okta default" {
		t.Errorf("grace's source under okta: %q, want Okta default", got)
	}
	if got := cfg.Source("rotation"); got != "Okta default for single-page apps" {
		t.Errorf("rotation's source under okta: %q", got)
	}
	if cfg.Changed("grace") {
		t.Error("grace marked changed right after the preset")
	}
	cfg, _ = sim.ApplySetting(cfg, "grace", "0s")
	if got := cfg.Source("grace"); got != "" || !cfg.Changed("grace") {
		t.Errorf("after set grace 0s: source %q, changed %v; want no source, changed", got, cfg.Changed("grace"))
	}
	if was, _ := cfg.PresetValue("grace"); was != "30s" {
		t.Errorf("okta set grace %q, want 30s", was)
	}
	// Setting it back is no change at all.
	cfg, _ = sim.ApplySetting(cfg, "grace", "30s")
	if cfg.Changed("grace") {
		t.Error("grace back at okta's value is still marked changed")
	}
	// A setting no preset sets has no source and never changes one.
	cfg, _ = sim.ApplySetting(cfg, "storage", "cookie")
	if cfg.Source("storage") != "" || cfg.Changed("storage") {
		t.Error("storage has a preset source")
	}
	if got := (sim.Config{}).Source("access-ttl"); got != "course default" {
		t.Errorf("a fresh world's access-ttl source: %q, want course default", got)
	}
}

func TestSetPresetTellsEachChangeWithItsSource(t *testing.T) {
	w := newWorld(t, sim.Config{})
	apply(t, w, "set preset okta")
	var texts []string
	for _, e := range last(w) {
		if e.Kind == sim.KindPolicy {
			texts = append(texts, e.Text)
		}
	}
	got := strings.Join(texts, "\n")
	for _, want := range []string{"preset: default → okta", "grace: 0s → 30s (Okta default)", "access-ttl: 15m → 1h (Okta default)",
		"rotation: on → on"} {
		if strings.Contains(got, want) != (want != "rotation: on → on") {
			t.Errorf("set preset okta said:\n%s\nwant a line %q only if it changed", got, want)
		}
	}
	apply(t, w, "set grace 0s")
	if e := last(w)[len(last(w))-1]; e.Text != "grace: 30s → 0s (Okta default was 30s)" {
		t.Errorf("set grace 0s under okta said %q", e.Text)
	}
}

func TestOldSettingNamesStillWork(t *testing.T) {
	for old, now := range map[string]string{"refresh-ttl": "refresh-idle", "family-lifetime": "refresh-absolute"} {
		cfg, err := sim.ApplySetting(sim.Config{}, old, "2d")
		if err != nil {
			t.Fatalf("%s: %v", old, err)
		}
		if cfg.SettingString(now) != "2d" || cfg.SettingString(old) != "2d" {
			t.Errorf("set %s 2d: %s is %s", old, now, cfg.SettingString(now))
		}
		if _, err := sim.ParseAction("set " + old + " 1d"); err != nil {
			t.Errorf("set %s 1d: %v", old, err)
		}
	}
}

func TestSetSkewSaysWhoseClock(t *testing.T) {
	for _, tt := range []struct {
		line, want string
	}{
		{"set skew api -2m", "set skew-api -2m"},
		{"set skew ISSUER 5m", "set skew-issuer 5m"},
		{"set skew client +30s", "set skew-client +30s"},
		{"set skew-api -1d", "set skew-api -1d"},
	} {
		a, err := sim.ParseAction(tt.line)
		if err != nil || a.String() != tt.want {
			t.Errorf("%q parsed as %q, %v; want %q", tt.line, a, err, tt.want)
		}
	}
	for _, bad := range []string{"set skew api", "set skew", "set skew moon 2m", "set skew api soon", "set skew api --2m",
		"set skew api 400d", "set skew api 2m extra"} {
		if _, err := sim.ParseAction(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	cfg, _ := sim.ApplySetting(sim.Config{}, "skew-api", "-90s")
	if got := cfg.SettingString("skew-api"); got != "-1m30s" {
		t.Errorf("skew-api -90s reads back as %q", got)
	}
}
