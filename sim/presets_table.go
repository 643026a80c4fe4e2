package sim

// Presets are the issuers' refresh-token policies, each value with its
// origin. sim/PRESETS.md is the same table with a source for every value,
// and TestPresetsMatchTheDocsTable holds the two together: change one and
// the other, or the test fails.
var Presets = []Preset{
	{Name: DefaultPreset, Summary: "the course's own defaults, from which every world starts", Values: []PresetValue{
		{"access-ttl", "15m", OriginCourse}, {"refresh-idle", "7d", OriginCourse}, {"refresh-absolute", "30d", OriginCourse},
		{"rotated-expiry", "inherit", OriginCourse}, {"rotation", "on", OriginCourse}, {"reuse-detection", "on", OriginCourse},
		{"reuse-revokes", "family", OriginCourse}, {"expired-replay", "reuse", OriginCourse}, {"grace", "0s", OriginCourse},
		{"grace-returns", "child", OriginCourse}, {"grace-count", "0", OriginCourse}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginCourse}, {"refresh-format", "opaque", OriginCourse},
	}},
	{Name: "auth0", Vendor: "Auth0", Summary: "Auth0 with refresh-token rotation switched on, as it recommends", Values: []PresetValue{
		{"access-ttl", "1d", OriginDefault}, {"refresh-idle", "0s", OriginDefault}, {"refresh-absolute", "30d", OriginDefault},
		{"rotated-expiry", "inherit", OriginDefault}, {"rotation", "on", OriginEnabled}, {"reuse-detection", "on", OriginDefault},
		{"reuse-revokes", "family", OriginDefault}, {"expired-replay", "reuse", OriginCourse}, {"grace", "0s", OriginDefault},
		{"grace-returns", "sibling", OriginDefault}, {"grace-count", "0", OriginCourse}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginCourse}, {"refresh-format", "opaque", OriginDefault},
	}},
	{Name: "okta", Vendor: "Okta", Summary: "Okta's org authorization server, for a single-page app", Values: []PresetValue{
		{"access-ttl", "1h", OriginDefault}, {"refresh-idle", "0s", OriginDefault}, {"refresh-absolute", "90d", OriginDefault},
		{"rotated-expiry", "inherit", OriginDefault}, {"rotation", "on", OriginSPA}, {"reuse-detection", "on", OriginDefault},
		{"reuse-revokes", "family", OriginDefault}, {"expired-replay", "reuse", OriginCourse}, {"grace", "30s", OriginDefault},
		{"grace-returns", "child", OriginCourse}, {"grace-count", "0", OriginCourse}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginCourse}, {"refresh-format", "opaque", OriginDefault},
	}},
	{Name: "keycloak", Vendor: "Keycloak", Summary: "Keycloak's realm defaults, with Revoke Refresh Token switched on", Values: []PresetValue{
		{"access-ttl", "5m", OriginDefault}, {"refresh-idle", "30m", OriginDefault}, {"refresh-absolute", "10h", OriginDefault},
		{"rotated-expiry", "inherit", OriginDefault}, {"rotation", "on", OriginEnabled}, {"reuse-detection", "on", OriginEnabled},
		{"reuse-revokes", "client", OriginDefault}, {"expired-replay", "expired", OriginDefault}, {"grace", "0s", OriginDefault},
		{"grace-returns", "child", OriginAbsent}, {"grace-count", "0", OriginAbsent}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginCourse}, {"refresh-format", "opaque", OriginDefault},
	}},
	{Name: "hydra", Vendor: "Ory Hydra", Summary: "Ory Hydra's defaults: always rotating, a fresh lifetime at each rotation", Values: []PresetValue{
		{"access-ttl", "1h", OriginDefault}, {"refresh-idle", "0s", OriginAbsent}, {"refresh-absolute", "30d", OriginDefault},
		{"rotated-expiry", "fresh", OriginDefault}, {"rotation", "on", OriginDefault}, {"reuse-detection", "on", OriginDefault},
		{"reuse-revokes", "family", OriginDefault}, {"expired-replay", "reuse", OriginDefault}, {"grace", "0s", OriginDefault},
		{"grace-returns", "sibling", OriginDefault}, {"grace-count", "0", OriginDefault}, {"denylist", "on", OriginDefault}, {"rotation-revokes-access", "on", OriginDefault}, {"refresh-format", "opaque", OriginDefault},
	}},
	{Name: "cognito", Vendor: "Amazon Cognito", Summary: "an Amazon Cognito app client with refresh-token rotation switched on", Values: []PresetValue{
		{"access-ttl", "1h", OriginDefault}, {"refresh-idle", "0s", OriginAbsent}, {"refresh-absolute", "30d", OriginDefault},
		{"rotated-expiry", "inherit", OriginDefault}, {"rotation", "on", OriginEnabled}, {"reuse-detection", "off", OriginDefault},
		{"reuse-revokes", "family", OriginAbsent}, {"expired-replay", "reuse", OriginCourse}, {"grace", "0s", OriginCourse},
		{"grace-returns", "child", OriginCourse}, {"grace-count", "0", OriginCourse}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginCourse}, {"refresh-format", "opaque", OriginDefault},
	}},
	{Name: "entra", Vendor: "Microsoft Entra ID", Summary: "Microsoft Entra ID, for a single-page app: new refresh tokens, old ones kept", Values: []PresetValue{
		{"access-ttl", "75m", OriginDefault}, {"refresh-idle", "0s", OriginSPA}, {"refresh-absolute", "1d", OriginSPA},
		{"rotated-expiry", "inherit", OriginSPA}, {"rotation", "on", OriginDefault}, {"reuse-detection", "off", OriginDefault},
		{"reuse-revokes", "none", OriginDefault}, {"expired-replay", "reuse", OriginCourse}, {"grace", "0s", OriginAbsent},
		{"grace-returns", "child", OriginAbsent}, {"grace-count", "0", OriginAbsent}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginDefault}, {"refresh-format", "opaque", OriginDefault},
	}},
	{Name: "rfc9700", Vendor: "RFC 9700", Summary: "what the OAuth security BCP requires of a public client's refresh tokens; the course's defaults where it sets no value", Values: []PresetValue{
		{"access-ttl", "15m", OriginCourse}, {"refresh-idle", "7d", OriginCourse}, {"refresh-absolute", "30d", OriginCourse},
		{"rotated-expiry", "inherit", OriginCourse}, {"rotation", "on", OriginRFC}, {"reuse-detection", "on", OriginRFC},
		{"reuse-revokes", "family", OriginRFC}, {"expired-replay", "reuse", OriginCourse}, {"grace", "0s", OriginCourse},
		{"grace-returns", "child", OriginCourse}, {"grace-count", "0", OriginCourse}, {"denylist", "off", OriginCourse}, {"rotation-revokes-access", "off", OriginCourse}, {"refresh-format", "opaque", OriginRFC},
	}},
	{Name: "naive", Vendor: "The naive design", Summary: "the stateless JWT refresh token of many tutorials", Values: []PresetValue{
		{"access-ttl", "15m", OriginTutorial}, {"refresh-idle", "7d", OriginTutorial}, {"refresh-absolute", "30d", OriginAbsent},
		{"rotated-expiry", "inherit", OriginAbsent}, {"rotation", "off", OriginTutorial}, {"reuse-detection", "off", OriginTutorial},
		{"reuse-revokes", "family", OriginAbsent}, {"expired-replay", "reuse", OriginAbsent}, {"grace", "0s", OriginAbsent},
		{"grace-returns", "child", OriginAbsent}, {"grace-count", "0", OriginAbsent}, {"denylist", "off", OriginTutorial}, {"rotation-revokes-access", "off", OriginTutorial}, {"refresh-format", "stateless", OriginTutorial},
	}},
}
