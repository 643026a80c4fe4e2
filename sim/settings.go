package sim

import (
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Storage places for the client's tokens.
const (
	StorageMemory       = "memory"        // a JavaScript variable: gone on reload, unreadable from other pages
	StorageLocalStorage = "local-storage" // window.localStorage: any script on the origin reads it
	StorageCookie       = "cookie"        // HttpOnly; Secure; SameSite cookies set by the app's backend
)

// Transports the client's traffic can use.
const (
	TransportHTTPS = "https"
	TransportHTTP  = "http"
)

// Config is how a world starts. The zero value of any field means its default.
type Config struct {
	Seed        uint64
	Start       time.Time     // simulated start; clock.Start by default
	Policy      issuer.Policy // issuer.DefaultPolicy() by default
	Storage     string        // StorageMemory by default
	Transport   string        // TransportHTTPS by default
	AutoRefresh bool
	// BaseURL is the issuer identifier and the origin of the API;
	// https://tokenflow.test by default. serve sets the real address.
	BaseURL string
	// Limits bounds what the world remembers; the zero value remembers
	// everything. serve sets it.
	Limits Limits
}

func (c Config) withDefaults() Config {
	if c.Start.IsZero() {
		c.Start = clock.Start
	}
	if c.Policy == (issuer.Policy{}) {
		c.Policy = issuer.DefaultPolicy()
	}
	if c.Storage == "" {
		c.Storage = StorageMemory
	}
	if c.Transport == "" {
		c.Transport = TransportHTTPS
	}
	if c.BaseURL == "" {
		c.BaseURL = "https://tokenflow.test"
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c
}

func onOff(name, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "on", "true", "yes", "1":
		return true, nil
	case "off", "false", "no", "0":
		return false, nil
	}
	return false, synErr(v, "%s takes on or off", name)
}

// settingValue checks that value suits setting name.
func settingValue(name, value string) (any, error) {
	dur := func(allowZero bool) (any, error) {
		d, err := ParseDuration(value)
		if err != nil {
			return nil, synErr(value, "%v", err)
		}
		if d < 0 || (d == 0 && !allowZero) {
			return nil, synErr(value, "%s must be a positive duration", name)
		}
		return d, nil
	}
	switch name {
	case "access-ttl", "refresh-ttl", "family-lifetime":
		return dur(false)
	case "grace", "leeway":
		return dur(true)
	case "rotation", "reuse-detection", "denylist", "auto-refresh":
		return onOff(name, value)
	case "alg":
		v := strings.ToUpper(value)
		if v != issuer.ES256 && v != issuer.RS256 && v != issuer.HS256 {
			return nil, synErr(value, "alg takes ES256, RS256 or HS256")
		}
		return v, nil
	case "refresh-format":
		v := strings.ToLower(value)
		if v != issuer.RefreshOpaque && v != issuer.RefreshStateless {
			return nil, synErr(value, "refresh-format takes opaque or stateless")
		}
		return v, nil
	case "storage":
		v := strings.ToLower(value)
		if v != StorageMemory && v != StorageLocalStorage && v != StorageCookie {
			return nil, synErr(value, "storage takes memory, local-storage or cookie")
		}
		return v, nil
	case "transport":
		v := strings.ToLower(value)
		if v != TransportHTTP && v != TransportHTTPS {
			return nil, synErr(value, "transport takes https or http")
		}
		return v, nil
	}
	names := make([]string, len(Settings))
	for i, s := range Settings {
		names[i] = s.Name
	}
	return nil, synErr(name, "unknown setting (known: %s)", strings.Join(names, ", "))
}

// ApplySetting returns cfg with one setting changed, validated as `set`
// validates it. Lesson front matter and serve flags use it too.
func ApplySetting(cfg Config, name, value string) (Config, error) {
	cfg = cfg.withDefaults()
	name = strings.ToLower(name)
	v, err := settingValue(name, value)
	if err != nil {
		return cfg, err
	}
	p := &cfg.Policy
	switch name {
	case "access-ttl":
		p.AccessTTL = v.(time.Duration)
	case "refresh-ttl":
		p.RefreshTTL = v.(time.Duration)
	case "family-lifetime":
		p.FamilyLifetime = v.(time.Duration)
	case "grace":
		p.ReuseGrace = v.(time.Duration)
	case "leeway":
		p.Leeway = v.(time.Duration)
	case "rotation":
		p.Rotation = v.(bool)
	case "reuse-detection":
		p.ReuseDetection = v.(bool)
	case "denylist":
		p.Denylist = v.(bool)
	case "alg":
		p.Alg = v.(string)
	case "refresh-format":
		p.RefreshFormat = v.(string)
	case "storage":
		cfg.Storage = v.(string)
	case "transport":
		cfg.Transport = v.(string)
	case "auto-refresh":
		cfg.AutoRefresh = v.(bool)
	}
	return cfg, nil
}

// SettingString reports the current value of a setting as `set` spells it.
func (c Config) SettingString(name string) string {
	c = c.withDefaults()
	p := c.Policy
	on := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	switch name {
	case "access-ttl":
		return FormatDuration(p.AccessTTL)
	case "refresh-ttl":
		return FormatDuration(p.RefreshTTL)
	case "family-lifetime":
		return FormatDuration(p.FamilyLifetime)
	case "grace":
		return FormatDuration(p.ReuseGrace)
	case "leeway":
		return FormatDuration(p.Leeway)
	case "rotation":
		return on(p.Rotation)
	case "reuse-detection":
		return on(p.ReuseDetection)
	case "denylist":
		return on(p.Denylist)
	case "alg":
		return p.Alg
	case "refresh-format":
		return p.RefreshFormat
	case "storage":
		return c.Storage
	case "transport":
		return c.Transport
	case "auto-refresh":
		return on(c.AutoRefresh)
	}
	return ""
}
