package issuer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Policy is every knob a lesson turns. The zero value is not useful; start
// from DefaultPolicy. The zero value of each field added since the first
// release (RotatedExpiry, ReuseRevokes, ExpiredReplay, GraceReturns,
// GraceCount) means the default, so a Policy literal from before them
// keeps its meaning.
type Policy struct {
	AccessTTL time.Duration // lifetime of an access token
	// RefreshTTL is a refresh token's idle lifetime: each refresh token
	// lives this long from its issue, never past the login's absolute end.
	// With rotation on, every refresh issues a new one, so a login dies
	// after this long unused; with rotation off, the one token's time runs
	// from login. Zero means no idle limit: only the absolute end counts.
	RefreshTTL time.Duration
	// FamilyLifetime is a login's absolute lifetime: no refresh token of it
	// works past this, counted from sign-in, or from each rotation when
	// RotatedExpiry is ExpiryFresh.
	FamilyLifetime time.Duration
	Rotation       bool          // each refresh returns a new refresh token
	ReuseDetection bool          // a rotated-out token is refused, and ReuseRevokes says what else
	ReuseGrace     time.Duration // the immediate parent stays usable this long
	Denylist       bool          // revoked families' access tokens are denied by jti
	Alg            Alg           // ES256, RS256 or HS256
	RefreshFormat  string        // RefreshOpaque or RefreshStateless
	Leeway         time.Duration // clock-skew allowance when checking exp, nbf and iat
	DPoP           DPoPMode      // whether tokens are bound to the client's key (RFC 9449)
	// SessionIdle ends the issuer's session (its cookie in the browser)
	// after this long without use; each use renews it, up to SessionMax.
	SessionIdle time.Duration
	// SessionMax ends the issuer's session this long after the password
	// was typed, however often it was used.
	SessionMax time.Duration
	// RotatedExpiry says whether a rotated token inherits the login's
	// absolute end or starts a fresh one.
	RotatedExpiry RotatedExpiry
	// ReuseRevokes says what presenting a rotated-out refresh token
	// revokes, once it is neither a retry inside the grace period nor
	// refused with reuse detection off.
	ReuseRevokes ReuseScope
	// ExpiredReplay says what a rotated-out refresh token presented after
	// its own exp counts as: reuse, or merely expired.
	ExpiredReplay ExpiredReplay
	// GraceReturns says what a retry inside the grace period gets.
	GraceReturns GraceReturn
	// GraceCount bounds how often one parent may be redeemed again inside
	// its grace period; zero means as often as the window allows.
	GraceCount int
	// RotationRevokesAccess revokes, at each rotation, the access tokens
	// issued with the refresh token presented, as Ory Hydra does. Like any
	// revocation of an access token, an API that checks JWTs itself sees
	// it only through the denylist (or by introspecting).
	RotationRevokesAccess bool
}

// DPoPMode says how the issuer treats DPoP proofs (RFC 9449).
type DPoPMode string

// DPoP modes.
const (
	DPoPOff      DPoPMode = "off"      // new tokens are bearer tokens; a proof counts only for a login bound while DPoP was on
	DPoPOn       DPoPMode = "on"       // a request with a proof gets bound tokens, one without bearer tokens
	DPoPRequired DPoPMode = "required" // the public client must send a proof
)

// RotatedExpiry says how long a rotated refresh token may live at most.
type RotatedExpiry string

// Rotated-token expiries.
const (
	// ExpiryInherit fixes a login's absolute end at sign-in: every token
	// rotated from it inherits that end (Auth0, Okta, Cognito; Entra ID for
	// single-page apps).
	ExpiryInherit RotatedExpiry = "inherit"
	// ExpiryFresh starts the absolute lifetime again at each rotation, so
	// a login kept in use never ends (Ory Hydra).
	ExpiryFresh RotatedExpiry = "fresh"
)

// ReuseScope is what presenting a rotated-out refresh token revokes.
type ReuseScope string

// Reuse scopes.
const (
	// ReuseNone revokes nothing: rotated-out tokens stay valid until they
	// expire, and each redemption of one gets new tokens (Entra ID).
	ReuseNone ReuseScope = "none"
	// ReuseFamily revokes every refresh token of the login (RFC 9700
	// §4.14.2; Auth0, Okta, Ory Hydra).
	ReuseFamily ReuseScope = "family"
	// ReuseClient revokes every login of that user at that client that
	// the same issuer session started: every tab of one browser, no other
	// device. Keycloak detaches the client session of the user's SSO
	// session (TokenManager's validateTokenReuseForRefresh).
	ReuseClient ReuseScope = "client"
)

// ExpiredReplay is what a rotated-out refresh token presented after its
// own exp counts as. RFC 9700 §4.14.2 sets no order between the expiry
// check and the reuse check, and issuers differ.
type ExpiredReplay string

// Expired-replay answers.
const (
	// ReplayReuse asks whether the token was rotated out before whether
	// it expired, so reuse detection handles an expired copy as any other
	// rotated-out token: a used token stays on record for the whole login
	// to be recognised (Ory fosite's flow_refresh.go, where an inactive
	// token is handled as reuse before its expiry is looked at).
	ReplayReuse ExpiredReplay = "reuse"
	// ReplayExpired refuses an expired token as expired before asking
	// whether it was rotated out, so a replay after its exp revokes
	// nothing (Keycloak's TokenManager: verifyRefreshToken, with its
	// expiry check, before validateTokenReuseForRefresh).
	ReplayExpired ExpiredReplay = "expired"
)

// GraceReturn is what a redemption of the parent inside the grace period
// gets besides a new access token.
type GraceReturn string

// Grace answers.
const (
	// GraceChild answers with the child already issued for that parent,
	// so the family keeps one live token (thephpleague/oauth2-server#1506).
	GraceChild GraceReturn = "child"
	// GraceSibling mints a new token beside the child, which stays valid
	// too (Auth0, Ory Hydra).
	GraceSibling GraceReturn = "sibling"
)

// MaxGraceCount bounds GraceCount: far beyond any issuer's setting, and
// small enough that a count is never a way to make the issuer mint
// without end.
const MaxGraceCount = 100

// DefaultPolicy is what DESIGN.md fixes and the lessons start from.
func DefaultPolicy() Policy {
	return Policy{
		AccessTTL:      15 * time.Minute,
		RefreshTTL:     7 * 24 * time.Hour,
		FamilyLifetime: 30 * 24 * time.Hour,
		Rotation:       true,
		ReuseDetection: true,
		Denylist:       false,
		Alg:            ES256,
		RefreshFormat:  RefreshOpaque,
		DPoP:           DPoPOff,
		// Keycloak's SSO Session Idle and SSO Session Max. Auth0 and Okta
		// set theirs per tenant or per sign-on policy, with other values
		// (Auth0 allows its non-enterprise tenants up to 3 days idle and
		// 30 days in all).
		SessionIdle:   30 * time.Minute,
		SessionMax:    10 * time.Hour,
		RotatedExpiry: ExpiryInherit,
		ReuseRevokes:  ReuseFamily,
		ExpiredReplay: ReplayReuse,
		GraceReturns:  GraceChild,
	}
}

// Validate reports a policy that cannot be served.
func (p Policy) Validate() error {
	switch {
	case p.AccessTTL <= 0:
		return fmt.Errorf("issuer: access TTL must be positive, got %v", p.AccessTTL)
	case p.RefreshTTL < 0:
		return fmt.Errorf("issuer: refresh idle lifetime must not be negative, got %v", p.RefreshTTL)
	case p.FamilyLifetime <= 0:
		return fmt.Errorf("issuer: family lifetime must be positive, got %v", p.FamilyLifetime)
	case p.ReuseGrace < 0:
		return fmt.Errorf("issuer: reuse grace must not be negative, got %v", p.ReuseGrace)
	case p.Leeway < 0:
		return fmt.Errorf("issuer: leeway must not be negative, got %v", p.Leeway)
	case p.SessionIdle <= 0:
		return fmt.Errorf("issuer: session idle timeout must be positive, got %v", p.SessionIdle)
	case p.SessionMax <= 0:
		return fmt.Errorf("issuer: session lifetime must be positive, got %v", p.SessionMax)
	case p.GraceCount < 0 || p.GraceCount > MaxGraceCount:
		return fmt.Errorf("issuer: grace count must be 0 to %d, got %d", MaxGraceCount, p.GraceCount)
	}
	// "" stands for the default of each field added since the first
	// release (and of DPoP), so a Policy literal from before them is valid.
	return errors.Join(
		oneOf("signing algorithm", p.Alg, ES256, RS256, HS256),
		oneOf("refresh-token format", p.RefreshFormat, RefreshOpaque, RefreshStateless),
		oneOf("DPoP mode", p.DPoP, "", DPoPOff, DPoPOn, DPoPRequired),
		oneOf("rotated expiry", p.RotatedExpiry, "", ExpiryInherit, ExpiryFresh),
		oneOf("reuse scope", p.ReuseRevokes, "", ReuseNone, ReuseFamily, ReuseClient),
		oneOf("expired replay", p.ExpiredReplay, "", ReplayReuse, ReplayExpired),
		oneOf("grace answer", p.GraceReturns, "", GraceChild, GraceSibling),
	)
}

// oneOf refuses a value of an enumerated field that is none of allowed,
// naming the ones it could be ("" among them stands for the default, and
// is not named).
func oneOf[T ~string](what string, v T, allowed ...T) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	var names []string
	for _, a := range allowed {
		if a != "" {
			names = append(names, string(a))
		}
	}
	last := len(names) - 1
	return fmt.Errorf("issuer: unknown %s %q (want %s or %s)", what, v, strings.Join(names[:last], ", "), names[last])
}

// dpopEnabled reports whether the policy binds tokens to keys at all.
func (p Policy) dpopEnabled() bool { return p.DPoP == DPoPOn || p.DPoP == DPoPRequired }

// keepsRotated reports whether rotated-out refresh tokens stay valid.
func (p Policy) keepsRotated() bool { return p.ReuseRevokes == ReuseNone }

// refreshExpiry is when a refresh token of fam issued at now expires: its
// idle lifetime, capped by the login's absolute end.
func (p Policy) refreshExpiry(absExpiry, now time.Time) time.Time {
	if p.RefreshTTL <= 0 {
		return absExpiry
	}
	if exp := now.Add(p.RefreshTTL); exp.Before(absExpiry) {
		return exp
	}
	return absExpiry
}

// statelessLifetime is a stateless refresh JWT's lifetime: it has no login
// on record to end it, so with no idle limit the absolute one is all.
func (p Policy) statelessLifetime() time.Duration {
	if p.RefreshTTL > 0 {
		return p.RefreshTTL
	}
	return p.FamilyLifetime
}
