package cmd

import (
	"slices"

	"github.com/spf13/pflag"
	"github.com/tokenflow/tokenflow/sim"
)

// servePolicies are the world settings serve takes as flags, in the order
// the banner lists them. Storage, transport, auto-refresh and the client's
// clock are settings of the simulated client app, which serve does not
// run.
var servePolicies = []string{
	"preset", "access-ttl", "refresh-idle", "refresh-absolute", "rotated-expiry", "rotation", "reuse-detection",
	"reuse-revokes", "expired-replay", "grace", "grace-returns", "grace-count", "denylist", "rotation-revokes-access", "alg", "refresh-format", "leeway",
	"skew-issuer", "skew-api", "dpop", "issuer-session-idle", "issuer-session-max",
}

// policyFlags are serve's policy flags as given: each checked when it is
// parsed, so a bad value is a flag error naming the flag, and applied
// together once parsing is done, the preset first.
type policyFlags struct {
	given []givenSetting
}

type givenSetting struct{ name, value string }

// register adds a flag for each setting of servePolicies, and one under
// each old name of a renamed one.
func (p *policyFlags) register(f *pflag.FlagSet) {
	var defaults sim.Config
	for _, s := range sim.Settings {
		if slices.Contains(servePolicies, s.Name) {
			f.Var(settingValue{flags: p, cfg: &defaults, setting: s}, s.Name, s.Summary)
		}
	}
	for old, now := range sim.SettingAliases() {
		s, _ := sim.FindSetting(now)
		f.Var(settingValue{flags: p, cfg: &defaults, setting: s}, old, "old name of --"+now)
		_ = f.MarkHidden(old)
	}
}

// apply returns cfg with the preset, if one was given, and then every
// other policy flag in the order given: a preset sets many settings, and
// a flag given beside it means to change what the preset set.
func (p *policyFlags) apply(cfg sim.Config) sim.Config {
	for _, pass := range []func(string) bool{
		func(name string) bool { return name == "preset" },
		func(name string) bool { return name != "preset" },
	} {
		for _, g := range p.given {
			if pass(g.name) {
				// Set checked the value; it cannot fail here.
				cfg, _ = sim.ApplySetting(cfg, g.name, g.value)
			}
		}
	}
	return cfg
}

// settingValue is a flag.Value for one setting of a world's config,
// checked as the scenario language's `set` checks it.
type settingValue struct {
	flags   *policyFlags
	cfg     *sim.Config // the defaults, for help
	setting sim.Setting
}

// String returns the setting's default value as `set` spells it.
func (v settingValue) String() string {
	if v.cfg == nil {
		return ""
	}
	return v.cfg.SettingString(v.setting.Name)
}

// Set validates a value and keeps it for apply.
func (v settingValue) Set(s string) error {
	if _, err := sim.ApplySetting(sim.Config{}, v.setting.Name, s); err != nil {
		return err
	}
	v.flags.given = append(v.flags.given, givenSetting{name: v.setting.Name, value: s})
	return nil
}

// Type names the value in help output: "duration", or the choices.
func (v settingValue) Type() string {
	if v.setting.IsDuration() {
		return "duration"
	}
	return v.setting.Values
}
