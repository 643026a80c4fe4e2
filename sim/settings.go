package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Storage is where the client app keeps its tokens.
type Storage string

// Storage places for the client's tokens.
const (
	StorageMemory       Storage = "memory"        // a JavaScript variable: gone on reload, unreadable from other pages
	StorageLocalStorage Storage = "local-storage" // window.localStorage: any script on the origin reads it
	StorageCookie       Storage = "cookie"        // HttpOnly; Secure; SameSite cookies set by the app's backend
	StorageBFF          Storage = "bff"           // a backend-for-frontend keeps them on the server; the browser holds a session cookie
)

// Transport is how the client app's traffic travels.
type Transport string

// Transports the client's traffic can use.
const (
	TransportHTTPS Transport = "https"
	TransportHTTP  Transport = "http"
)

// OpenID says whether the app's login is an OpenID Connect one.
type OpenID string

// Whether the app asks for an ID token.
const (
	OpenIDOn  OpenID = "on"  // scope openid and a nonce: the token response carries an ID token
	OpenIDOff OpenID = "off" // plain OAuth: an access token and a refresh token, nothing said of who signed in
)

// Config is how a world starts. The zero value of any field means its default.
type Config struct {
	Seed        uint64
	Start       time.Time     // simulated start; clock.Start by default
	Policy      issuer.Policy // issuer.DefaultPolicy() by default
	Storage     Storage       // StorageMemory by default
	Transport   Transport     // TransportHTTPS by default
	OpenID      OpenID        // OpenIDOn by default
	AutoRefresh bool
	// BaseURL is the issuer identifier and the origin of the API;
	// https://tokenflow.test by default. serve sets the real address.
	BaseURL string
	// Limits bounds what the world remembers; the zero value remembers
	// everything. serve sets it.
	Limits Limits
	// Preset is the name of the preset last applied, "" for none: the
	// course's defaults. Settings changed since keep it; see Source.
	Preset string
	// Skew is how far each party's clock is off the world's.
	Skew Skew
}

// Skew is how far the issuer's, the API's and the client app's clocks are
// ahead of the world's (behind, when negative). Each party stamps and
// checks times by its own clock, as real machines do.
type Skew struct {
	Issuer, API, Client time.Duration
}

func (c Config) withDefaults() Config {
	if c.Start.IsZero() {
		c.Start = clock.Start
	}
	if c.Policy == (issuer.Policy{}) {
		c.Policy = issuer.DefaultPolicy()
	}
	if c.Policy.DPoP == "" {
		c.Policy.DPoP = issuer.DPoPOff
	}
	if c.Storage == "" {
		c.Storage = StorageMemory
	}
	if c.Transport == "" {
		c.Transport = TransportHTTPS
	}
	if c.OpenID == "" {
		c.OpenID = OpenIDOn
	}
	def := issuer.DefaultPolicy()
	if c.Policy.RotatedExpiry == "" {
		c.Policy.RotatedExpiry = def.RotatedExpiry
	}
	if c.Policy.ReuseRevokes == "" {
		c.Policy.ReuseRevokes = def.ReuseRevokes
	}
	if c.Policy.ExpiredReplay == "" {
		c.Policy.ExpiredReplay = def.ExpiredReplay
	}
	if c.Policy.GraceReturns == "" {
		c.Policy.GraceReturns = def.GraceReturns
	}
	if c.BaseURL == "" {
		c.BaseURL = "https://tokenflow.test"
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c
}

// Setting is one thing `set` can change: its name, what its values are,
// what it does, the values the TUI's settings pane steps through, and how
// to read, check and change it in a Config. Everything that names a
// setting (`set`, lesson front matter, the pane, serve's flags, help) goes
// through this one table.
type Setting struct {
	Name    string
	Values  string // what the value may be, for messages and help
	Summary string
	// Choices are the values the TUI's settings pane steps through, in
	// order: a few telling ones for a duration, every one for the rest.
	// A lesson may ask only for a value the pane can produce.
	Choices []string
	// zero says what a value of zero means where a learner could read it
	// the other way round: refresh-idle 0s is no idle limit, not a token
	// that lives no time at all.
	zero string

	kind  settingKind
	parse func(value string) (any, error)
	get   func(c *Config) string
	set   func(c *Config, v any)
}

type settingKind int

const (
	kindDuration settingKind = iota
	kindOnOff
	kindChoice
	kindCount
)

// IsDuration reports whether the setting takes a duration.
func (s Setting) IsDuration() bool { return s.kind == kindDuration }

// Offers reports whether the settings pane can produce value: one of its
// choices means the same, as `set` reads them ("24h" is "1d").
func (s Setting) Offers(value string) bool {
	_, ok := s.Choice(value)
	return ok
}

// Choice is the settings pane's spelling of value, the choice that means
// the same ("1d" for "24h"), so that a sentence names what the learner
// sees in the pane; ok is false when the pane offers no such value.
func (s Setting) Choice(value string) (choice string, ok bool) {
	want, err := s.parse(value)
	if err != nil {
		return "", false
	}
	for _, c := range s.Choices {
		if got, err := s.parse(c); err == nil && got == want {
			return c, true
		}
	}
	return "", false
}

// durationSetting takes a duration into the field that at picks out.
func durationSetting(name, summary string, allowZero bool, choices []string, at func(*Config) *time.Duration) Setting {
	values := "a duration"
	if allowZero {
		values = "a duration (0 = none)"
	}
	return Setting{Name: name, Values: values, Summary: summary, Choices: choices, kind: kindDuration,
		parse: func(value string) (any, error) {
			d, err := ParseDuration(value)
			if err != nil {
				return nil, synErr(value, "%v", err)
			}
			if d < 0 || (d == 0 && !allowZero) {
				return nil, synErr(value, "%s must be a positive duration", name)
			}
			return d, nil
		},
		get: func(c *Config) string { return FormatDuration(*at(c)) },
		set: func(c *Config, v any) { *at(c) = v.(time.Duration) },
	}
}

// withZero gives s the words for what its zero means.
func withZero(phrase string, s Setting) Setting {
	s.zero = phrase
	return s
}

// onOffSetting takes on or off into the field that at picks out.
func onOffSetting(name, summary string, choices []string, at func(*Config) *bool) Setting {
	return Setting{Name: name, Values: "on|off", Summary: summary, Choices: choices, kind: kindOnOff,
		parse: func(value string) (any, error) {
			switch strings.ToLower(value) {
			case "on", "true", "yes", "1":
				return true, nil
			case "off", "false", "no", "0":
				return false, nil
			}
			return nil, synErr(value, "%s takes on or off", name)
		},
		get: func(c *Config) string {
			if *at(c) {
				return "on"
			}
			return "off"
		},
		set: func(c *Config, v any) { *at(c) = v.(bool) },
	}
}

// choiceSetting takes one of a fixed set of words, every one of which the
// pane offers, into the field that at picks out.
func choiceSetting[T ~string](name, summary string, values []T, at func(*Config) *T) Setting {
	options := make([]string, len(values))
	for i, v := range values {
		options[i] = string(v)
	}
	return Setting{Name: name, Values: strings.Join(options, "|"), Summary: summary, Choices: options, kind: kindChoice,
		parse: func(value string) (any, error) {
			for _, o := range values {
				if strings.EqualFold(string(o), value) {
					return o, nil
				}
			}
			last := len(options) - 1
			return nil, synErr(value, "%s takes %s or %s", name, strings.Join(options[:last], ", "), options[last])
		},
		get: func(c *Config) string { return string(*at(c)) },
		set: func(c *Config, v any) { *at(c) = v.(T) },
	}
}

// maxSkew bounds a clock's skew: a clock a year off is a wrong date, and
// anything past it only risks overflowing the times it shifts.
const maxSkew = 365 * 24 * time.Hour

// skewSetting takes a signed duration into the field that at picks out:
// how far one party's clock is ahead of the world's, or behind it.
func skewSetting(party, summary string, at func(*Config) *time.Duration) Setting {
	name := "skew-" + party
	return Setting{Name: name, Values: "a duration, negative for a clock behind", Summary: summary,
		Choices: []string{"-5m", "-2m", "-30s", "0s", "30s", "2m", "5m"}, kind: kindDuration,
		parse: func(value string) (any, error) {
			d, err := parseSignedDuration(value)
			if err != nil {
				return nil, synErr(value, "%v", err)
			}
			return d, nil
		},
		get: func(c *Config) string { return formatSigned(*at(c)) },
		set: func(c *Config, v any) { *at(c) = v.(time.Duration) },
	}
}

// parseSignedDuration reads a duration that may be negative ("-2m",
// "+30s", "-1d"), at most maxSkew either way.
func parseSignedDuration(s string) (time.Duration, error) {
	sign, rest := time.Duration(1), s
	if rest != "" && (rest[0] == '-' || rest[0] == '+') {
		if rest[0] == '-' {
			sign = -1
		}
		rest = rest[1:]
	}
	if rest == "" || rest[0] == '-' || rest[0] == '+' {
		return 0, errNotDuration
	}
	d, err := ParseDuration(rest)
	if err != nil {
		return 0, err
	}
	if d > maxSkew {
		return 0, fmt.Errorf("%s is more than a year: a clock that far off has the wrong date, not skew", s)
	}
	return sign * d, nil
}

// formatSigned prints a signed duration as set reads it: "-2m", "30s".
func formatSigned(d time.Duration) string {
	if d < 0 {
		return "-" + FormatDuration(-d)
	}
	return FormatDuration(d)
}

// countSetting takes a whole number from 0 to limit into the field that
// at picks out.
func countSetting(name, summary string, limit int, choices []string, at func(*Config) *int) Setting {
	return Setting{Name: name, Values: fmt.Sprintf("a count from 0 to %d (0 = no limit)", limit), Summary: summary,
		Choices: choices, kind: kindCount,
		parse: func(value string) (any, error) {
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 || n > limit || strconv.Itoa(n) != value {
				return nil, synErr(value, "%s takes a whole number from 0 to %d", name, limit)
			}
			return n, nil
		},
		get: func(c *Config) string { return strconv.Itoa(*at(c)) },
		set: func(c *Config, v any) { *at(c) = v.(int) },
	}
}

// Settings lists every setting `set` accepts, in the order the settings
// pane and help show them.
var Settings = []Setting{
	durationSetting("access-ttl", "lifetime of access tokens", false,
		[]string{"30s", "1m", "5m", "15m", "1h", "1d"}, func(c *Config) *time.Duration { return &c.Policy.AccessTTL }),
	withZero("no idle limit", durationSetting("refresh-idle", "how long a refresh token lives unused (0 = no idle limit): each token lives this long from its issue, "+
		"so with rotation on every refresh starts it again, and with rotation off the one token's time runs from login. Old name: refresh-ttl", true,
		[]string{"0s", "5m", "30m", "1h", "1d", "7d", "30d", "90d"}, func(c *Config) *time.Duration { return &c.Policy.RefreshTTL })),
	durationSetting("refresh-absolute", "absolute lifetime of a login: no refresh token of it works past this, however often it rotated. Old name: family-lifetime", false,
		[]string{"1h", "10h", "1d", "7d", "14d", "30d", "90d"}, func(c *Config) *time.Duration { return &c.Policy.FamilyLifetime }),
	choiceSetting("rotated-expiry", "inherit: a rotated refresh token keeps the login's absolute end; fresh: each rotation starts the absolute lifetime again",
		[]issuer.RotatedExpiry{issuer.ExpiryInherit, issuer.ExpiryFresh}, func(c *Config) *issuer.RotatedExpiry { return &c.Policy.RotatedExpiry }),
	onOffSetting("rotation", "each refresh returns a new refresh token",
		[]string{"on", "off"}, func(c *Config) *bool { return &c.Policy.Rotation }),
	onOffSetting("reuse-detection", "a rotated-out refresh token presented again is refused, and revokes what reuse-revokes says; off: refused, nothing revoked. "+
		"Under reuse-revokes none it is accepted whatever this says",
		[]string{"on", "off"}, func(c *Config) *bool { return &c.Policy.ReuseDetection }),
	choiceSetting("reuse-revokes", "what a rotated-out refresh token presented again revokes: its family; every login of that user at that client "+
		"in the same issuer session (the tabs of one browser, as Keycloak's client session); "+
		"or none, and then rotated-out tokens simply stay valid until they expire",
		[]issuer.ReuseScope{issuer.ReuseFamily, issuer.ReuseClient, issuer.ReuseNone}, func(c *Config) *issuer.ReuseScope { return &c.Policy.ReuseRevokes }),
	choiceSetting("expired-replay", "what a rotated-out refresh token presented after its own expiry counts as: reuse, which reuse detection "+
		"handles as any rotated-out token (Ory Hydra); or expired, refused as expired with nothing revoked (Keycloak)",
		[]issuer.ExpiredReplay{issuer.ReplayReuse, issuer.ReplayExpired}, func(c *Config) *issuer.ExpiredReplay { return &c.Policy.ExpiredReplay }),
	durationSetting("grace", "how long after a rotation the immediate parent may be presented again, while its child is unused, without counting as reuse", true,
		[]string{"0s", "10s", "30s", "1m", "5m"}, func(c *Config) *time.Duration { return &c.Policy.ReuseGrace }),
	choiceSetting("grace-returns", "what a redemption inside the grace period gets: the child already issued, or a new sibling beside it",
		[]issuer.GraceReturn{issuer.GraceChild, issuer.GraceSibling}, func(c *Config) *issuer.GraceReturn { return &c.Policy.GraceReturns }),
	countSetting("grace-count", "how many times the grace period forgives one parent", issuer.MaxGraceCount,
		[]string{"0", "1", "2", "5"}, func(c *Config) *int { return &c.Policy.GraceCount }),
	onOffSetting("denylist", "the API refuses revoked access tokens by jti",
		[]string{"off", "on"}, func(c *Config) *bool { return &c.Policy.Denylist }),
	onOffSetting("rotation-revokes-access", "each rotation revokes the access tokens issued with the refresh token presented, "+
		"as Ory Hydra does; the API, checking JWTs itself, refuses them only with the denylist on",
		[]string{"off", "on"}, func(c *Config) *bool { return &c.Policy.RotationRevokesAccess }),
	choiceSetting("alg", "access-token signing algorithm",
		[]issuer.Alg{issuer.ES256, issuer.RS256, issuer.HS256}, func(c *Config) *issuer.Alg { return &c.Policy.Alg }),
	choiceSetting("refresh-format", "opaque tokens in families, or the naive JWT refresh token",
		[]string{issuer.RefreshOpaque, issuer.RefreshStateless}, func(c *Config) *string { return &c.Policy.RefreshFormat }),
	durationSetting("leeway", "how far past exp, and before iat and nbf, the API still takes a token: an allowance for clocks that disagree", true,
		[]string{"0s", "30s", "1m", "5m"}, func(c *Config) *time.Duration { return &c.Policy.Leeway }),
	skewSetting("issuer", "how far the issuer's clock is ahead of true time (negative: behind); it stamps iat and exp by it",
		func(c *Config) *time.Duration { return &c.Skew.Issuer }),
	skewSetting("api", "how far the API's clock is ahead of true time (negative: behind); it checks exp, iat and DPoP proofs by it",
		func(c *Config) *time.Duration { return &c.Skew.API }),
	skewSetting("client", "how far the app's clock is ahead of true time (negative: behind); it stamps its DPoP proofs by it",
		func(c *Config) *time.Duration { return &c.Skew.Client }),
	choiceSetting("dpop", "binds tokens to the client's key (RFC 9449): off; on, for a client that sends proofs; required, of every public client",
		[]issuer.DPoPMode{issuer.DPoPOff, issuer.DPoPOn, issuer.DPoPRequired}, func(c *Config) *issuer.DPoPMode { return &c.Policy.DPoP }),
	durationSetting("issuer-session-idle", "how long the issuer's session (its cookie in alice's browser) lives unused; "+
		"while it lives, a login needs no password. 30m is Keycloak's SSO Session Idle; Auth0 and Okta set their own per tenant or policy", false,
		[]string{"5m", "15m", "30m", "1h", "8h", "1d"}, func(c *Config) *time.Duration { return &c.Policy.SessionIdle }),
	durationSetting("issuer-session-max", "how long the issuer's session lives at most from the password, however often it is used: "+
		"10h is Keycloak's SSO Session Max; Auth0 and Okta set their own per tenant or policy", false,
		[]string{"1h", "8h", "10h", "1d", "7d", "30d"}, func(c *Config) *time.Duration { return &c.Policy.SessionMax }),
	choiceSetting("openid", "the app's login asks for openid and a nonce, and checks the ID token that comes back (OpenID Connect)",
		[]OpenID{OpenIDOn, OpenIDOff}, func(c *Config) *OpenID { return &c.OpenID }),
	choiceSetting("storage", "where the client app keeps its tokens",
		[]Storage{StorageMemory, StorageLocalStorage, StorageCookie, StorageBFF}, func(c *Config) *Storage { return &c.Storage }),
	choiceSetting("transport", "whether the app's traffic is encrypted",
		[]Transport{TransportHTTPS, TransportHTTP}, func(c *Config) *Transport { return &c.Transport }),
	onOffSetting("auto-refresh", "the client refreshes a minute before its access token expires, by the expires_in it was told",
		[]string{"off", "on"}, func(c *Config) *bool { return &c.AutoRefresh }),
}

// aliases are the names settings had before they were renamed: everything
// that names a setting takes them still.
var aliases = map[string]string{
	"refresh-ttl":     "refresh-idle",
	"family-lifetime": "refresh-absolute",
}

// SettingAliases maps each old name of a renamed setting to its name now.
func SettingAliases() map[string]string {
	out := make(map[string]string, len(aliases))
	for old, now := range aliases {
		out[old] = now
	}
	return out
}

// FindSetting returns the setting called name.
func FindSetting(name string) (Setting, bool) {
	if to, ok := aliases[name]; ok {
		name = to
	}
	for _, s := range Settings {
		if s.Name == name {
			return s, true
		}
	}
	return Setting{}, false
}

func findSetting(name string) (Setting, error) {
	if s, ok := FindSetting(strings.ToLower(name)); ok {
		return s, nil
	}
	names := make([]string, len(Settings))
	for i, s := range Settings {
		names[i] = s.Name
	}
	return Setting{}, synErr(name, "unknown setting (known: %s)", strings.Join(names, ", "))
}

// checkSetting reports whether value suits the setting called name.
func checkSetting(name, value string) error {
	s, err := findSetting(name)
	if err != nil {
		return err
	}
	_, err = s.parse(value)
	return err
}

// ApplySetting returns cfg with one setting changed, validated as `set`
// validates it. Lesson front matter and serve flags use it too.
func ApplySetting(cfg Config, name, value string) (Config, error) {
	cfg = cfg.withDefaults()
	s, err := findSetting(name)
	if err != nil {
		return cfg, err
	}
	v, err := s.parse(value)
	if err != nil {
		return cfg, err
	}
	s.set(&cfg, v)
	return cfg, nil
}

// settingText is the current value of a setting as `set` spells it, with
// what it means where zero reads the wrong way: "0s, no idle limit".
func (c Config) settingText(name string) string {
	v := c.SettingString(name)
	if s, ok := FindSetting(name); ok && s.zero != "" {
		if d, err := s.parse(v); err == nil && d == time.Duration(0) {
			return v + ", " + s.zero
		}
	}
	return v
}

// SettingString reports the current value of a setting as `set` spells it.
func (c Config) SettingString(name string) string {
	c = c.withDefaults()
	if s, ok := FindSetting(name); ok {
		return s.get(&c)
	}
	return ""
}
