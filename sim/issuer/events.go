package issuer

import "time"

// EventKind names something the issuer did that a learner should see.
type EventKind string

// Issuer event kinds.
const (
	EventLoginFailed    EventKind = "login-failed"    // wrong username or password at the form
	EventCodeIssued     EventKind = "code-issued"     // authorization code handed out
	EventTokenIssued    EventKind = "token-issued"    // an access or refresh token minted
	EventRotated        EventKind = "rotated"         // a refresh token was used up and replaced
	EventGraceUsed      EventKind = "grace-used"      // the immediate parent redeemed inside the grace period
	EventReuseDetected  EventKind = "reuse-detected"  // a rotated-out refresh token came back
	EventKeptValid      EventKind = "kept-valid"      // a rotated-out refresh token redeemed again: the policy keeps them valid
	EventFamilyRevoked  EventKind = "family-revoked"  // every token of a login is dead
	EventDenylisted     EventKind = "denylisted"      // an access token's jti will be refused until exp
	EventRevokeNoop     EventKind = "revoke-noop"     // revocation that could not take effect
	EventCodeReplayed   EventKind = "code-replayed"   // an authorization code came back a second time
	EventRefused        EventKind = "refused"         // a token request refused, with no other event to say why
	EventSessionStarted EventKind = "session-started" // the password was typed: the issuer's session began
	EventSessionUsed    EventKind = "session-used"    // an authorization request completed from the session, no password
	EventSessionEnded   EventKind = "session-ended"   // logout at the issuer ended the session
	EventUserinfo       EventKind = "userinfo"        // the userinfo endpoint answered, or refused, an access token
)

// TokenKind says which of the two tokens of OAuth 2.0 a token is.
type TokenKind string

// Token kinds. An ID token (OpenID Connect) is not an OAuth token at all:
// it tells the client who signed in, and is for no API.
const (
	AccessToken  TokenKind = "access"
	RefreshToken TokenKind = "refresh"
	IDToken      TokenKind = "id"
)

// Phrase names the kind in a sentence: "access token", "ID token".
func (k TokenKind) Phrase() string {
	if k == IDToken {
		return "ID token"
	}
	return string(k) + " token"
}

// Event is one thing the issuer did. Which fields are set depends on Kind.
type Event struct {
	Kind       EventKind
	At         time.Time
	ClientID   string
	Subject    string
	TokenKind  TokenKind
	Token      string // the token value, for token-issued
	ID         string // jti of an access token; short id of a refresh token
	FamilyID   string
	Generation int
	Expires    time.Time // a session's idle expiry, for session events
	SessionMax time.Time // session events: when the session ends however often it is used
	Detail     string    // one plain sentence for the transcript
	// Reason is, for EventRefused and EventUserinfo, which fault it was,
	// when known; for EventReuseDetected, EventFamilyRevoked and
	// EventGraceUsed, which case of reuse or grace.
	Reason Reason
}
