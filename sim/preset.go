package sim

import (
	"strings"
)

// Origin says where a preset's value comes from, as sim/PRESETS.md
// records it with its source.
type Origin string

// Origins of a preset's values.
const (
	OriginDefault  Origin = "default"  // the issuer's documented default
	OriginSPA      Origin = "spa"      // the issuer's documented default for single-page apps, which the course's app is
	OriginEnabled  Origin = "enabled"  // a feature the issuer offers switched off, which the preset switches on
	OriginAbsent   Origin = "absent"   // the issuer has no such setting: the value means none, or changes nothing
	OriginCourse   Origin = "course"   // the issuer documents no value: the course's default
	OriginRFC      Origin = "rfc"      // what RFC 9700 requires
	OriginTutorial Origin = "tutorial" // the naive design of many tutorials
)

// Origins lists every origin, for the table test of sim/PRESETS.md.
var Origins = []Origin{OriginDefault, OriginSPA, OriginEnabled, OriginAbsent, OriginCourse, OriginRFC, OriginTutorial}

// PresetValue is one setting a preset sets, and where its value comes from.
type PresetValue struct {
	Setting string
	Value   string
	Origin  Origin
}

// Preset is one issuer's refresh-token policy as a set of values for the
// settings in PresetSettings: `set preset NAME` and `serve --preset NAME`
// apply it. sim/PRESETS.md gives each value's source; a test holds the two
// to the same values.
type Preset struct {
	Name    string
	Vendor  string // as a learner names the issuer; "" for the course's own defaults
	Summary string
	Values  []PresetValue
}

// PresetSettings are the settings every preset sets, so that applying one
// preset after another leaves nothing of the first. The signing algorithm,
// leeway, DPoP and the rest are not refresh-token policy and stay as they
// are.
var PresetSettings = []string{
	"access-ttl", "refresh-idle", "refresh-absolute", "rotated-expiry", "rotation", "reuse-detection",
	"reuse-revokes", "expired-replay", "grace", "grace-returns", "grace-count", "denylist", "rotation-revokes-access", "refresh-format",
}

// DefaultPreset names the course's own defaults, which a world starts from.
const DefaultPreset = "default"

// Label names where v comes from, as the settings pane and the policy
// events say it: "Okta default".
func (p Preset) Label(v PresetValue) string {
	if p.Vendor == "" {
		return "course default"
	}
	switch v.Origin {
	case OriginDefault:
		return p.Vendor + " default"
	case OriginSPA:
		return p.Vendor + " default for single-page apps"
	case OriginEnabled:
		return p.Vendor + ", switched on (off by default)"
	case OriginAbsent:
		return p.Vendor + " has no such setting"
	case OriginRFC:
		return "RFC 9700"
	case OriginTutorial:
		return "the tutorials' design"
	}
	return "course default: " + p.Vendor + " documents none"
}

// value returns what p sets setting to.
func (p Preset) value(setting string) (PresetValue, bool) {
	for _, v := range p.Values {
		if v.Setting == setting {
			return v, true
		}
	}
	return PresetValue{}, false
}

// apply returns c with every value of p set, as `set` sets them.
func (p Preset) apply(c Config) Config {
	for _, v := range p.Values {
		// The table test proves every value parses.
		if s, ok := FindSetting(v.Setting); ok {
			if val, err := s.parse(v.Value); err == nil {
				s.set(&c, val)
			}
		}
	}
	c.Preset = p.Name
	return c
}

// FindPreset returns the preset called name.
func FindPreset(name string) (Preset, bool) {
	for _, p := range Presets {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Preset{}, false
}

// PresetNames lists the presets' names, in the order help shows them.
func PresetNames() []string {
	names := make([]string, len(Presets))
	for i, p := range Presets {
		names[i] = p.Name
	}
	return names
}

// presetSetting is `set preset NAME`: every value of one preset at once.
func presetSetting() Setting {
	names := PresetNames()
	return Setting{Name: "preset", Values: strings.Join(names, "|"),
		Summary: "one issuer's refresh-token policy at once: its lifetimes, rotation, grace and what reuse revokes; " +
			"settings changed since are marked", Choices: names, kind: kindChoice,
		parse: func(value string) (any, error) {
			// The name, not the Preset: values are compared (Offers).
			if p, ok := FindPreset(value); ok {
				return p.Name, nil
			}
			return nil, synErr(value, "unknown preset (known: %s)", strings.Join(names, ", "))
		},
		get: func(c *Config) string {
			if c.Preset == "" {
				return DefaultPreset
			}
			return c.Preset
		},
		set: func(c *Config, v any) {
			p, _ := FindPreset(v.(string))
			*c = p.apply(*c)
		},
	}
}

// Settings cannot list the preset setting in its own initializer: applying
// a preset looks the other settings up in Settings, and Go refuses a
// variable whose initializer refers to itself.
func init() { Settings = append([]Setting{presetSetting()}, Settings...) }

// presetInForce is the preset the config last applied, the course's
// defaults when none.
func (c Config) presetInForce() Preset {
	p, ok := FindPreset(c.Preset)
	if !ok {
		p, _ = FindPreset(DefaultPreset)
	}
	return p
}

// Source names where a setting's current value comes from: the preset in
// force ("Okta default"), when that preset sets it and it has not changed
// since; "" otherwise.
func (c Config) Source(name string) string {
	c = c.withDefaults()
	s, ok := FindSetting(name)
	if !ok {
		return ""
	}
	p := c.presetInForce()
	v, ok := p.value(s.Name)
	if !ok || c.Changed(s.Name) {
		return ""
	}
	return p.Label(v)
}

// Changed reports whether a setting that the preset in force sets has
// another value now, and what the preset set it to.
func (c Config) Changed(name string) bool {
	_, changed := c.PresetValue(name)
	return changed
}

// PresetValue returns what the preset in force set the setting to, and
// whether the setting has changed since. A setting no preset sets has
// nothing to report.
func (c Config) PresetValue(name string) (string, bool) {
	c = c.withDefaults()
	s, ok := FindSetting(name)
	if !ok {
		return "", false
	}
	v, ok := c.presetInForce().value(s.Name)
	if !ok {
		return "", false
	}
	want := c
	if val, err := s.parse(v.Value); err == nil {
		s.set(&want, val)
	}
	return s.get(&want), s.get(&want) != s.get(&c)
}
