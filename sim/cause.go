package sim

import (
	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Cause is why something happened, finer than its event kind: a 401 from
// the API can mean an expired token, a forged signature or a denylisted
// jti, and a refused refresh can mean an idle token, a login past its
// absolute lifetime or a revoked family. The world stamps each event that
// needs explaining with its cause when it happens, from what only it
// knows at that instant (who sent the request, what the policy was, what
// the attacker holds), so an explanation never has to guess afterwards.
type Cause string

// Causes. Those of the API's refusals and the issuer's refusals reuse the
// names those packages give them.
const (
	CauseLogin       Cause = "login"        // the authorization-code flow with PKCE completed
	CauseLoginFailed Cause = "login-failed" // wrong username or password at the issuer's form
	CauseCodeReplay  Cause = "code-replay"  // an authorization code came back a second time
	CauseLoginSSO    Cause = "login-sso"    // the login completed from the issuer session, no password typed
	// CauseIDTokenInvalid is an ID token the app refused (OIDC Core
	// §3.1.3.7): the login stops.
	CauseIDTokenInvalid Cause = "id-token-invalid"

	// The API's verdicts.
	CauseAllowed        Cause = "allowed"         // the app's valid token, checked locally
	CauseAllowedThief   Cause = "allowed-thief"   // the attacker's copy, accepted: a bearer token
	CauseAllowedRevoked Cause = "allowed-revoked" // a revoked login's access token, accepted by a local check
	CauseNoToken        Cause = Cause(api.RefusedNoToken)
	CauseBadRequest     Cause = Cause(api.RefusedBadRequest)
	CauseAlgRefused     Cause = Cause(api.RefusedAlg)
	CauseMalformed      Cause = Cause(api.RefusedMalformed)
	CauseBadSignature   Cause = Cause(api.RefusedSignature)
	CauseUnknownKey     Cause = Cause(api.RefusedUnknownKey)
	CauseExpired        Cause = Cause(api.RefusedExpired) // the app's token reached exp: routine
	CauseExpiredThief   Cause = "expired-thief"           // the attacker's copy reached exp
	CauseMissingClaim   Cause = Cause(api.RefusedMissingClaim)
	CauseWrongIssuer    Cause = Cause(api.RefusedIssuer)
	CauseWrongAudience  Cause = Cause(api.RefusedAudience)
	CauseNotYetValid    Cause = Cause(api.RefusedNotYetValid)
	CauseNotAccessToken Cause = Cause(api.RefusedType)
	CauseDenylisted     Cause = Cause(api.RefusedDenylisted)
	CauseInvalidToken   Cause = Cause(api.RefusedInvalid)
	CauseAllowedViaPage Cause = "allowed-via-page" // injected script had the app's page make the request, key and all
	CauseBoundAsBearer  Cause = Cause(api.RefusedBoundAsBearer)
	CauseNotBound       Cause = Cause(api.RefusedNotBound)
	CauseBadProof       Cause = Cause(api.RefusedDPoPProof)
	CauseProofReplayed  Cause = Cause(api.RefusedDPoPReplay)
	CauseWrongKey       Cause = Cause(api.RefusedDPoPBinding)
	CauseProofBusy      Cause = Cause(api.RefusedDPoPBusy)
	// CauseIDTokenAsAccess is the app's ID token sent to the API as an
	// access token, refused for its typ, and for its aud as well.
	CauseIDTokenAsAccess Cause = "id-token-as-access"

	// The token endpoint's answers to a refresh.
	CauseRotated          Cause = "rotated"           // the app's refresh, rotated
	CauseRotatedThief     Cause = "rotated-thief"     // the attacker's refresh, rotated: its copy is now the live one
	CauseNotRotated       Cause = "not-rotated"       // rotation off: the same refresh token again
	CauseStatelessRefresh Cause = "stateless-refresh" // a stateless JWT refresh token, verified and nothing more
	CauseGraceRetry       Cause = "grace-retry"       // the app's retry after a lost response, inside the grace period
	CauseGraceRace        Cause = "grace-race"        // the second tab, inside the grace period
	CauseGraceThief       Cause = "grace-thief"       // the attacker, inside the grace period
	CauseGraceVictim      Cause = "grace-victim"      // the app, inside the grace period, after the thief rotated first
	// The same four, answered with a new sibling rather than the child
	// already issued (grace-returns sibling): two live branches now.
	CauseGraceRetrySibling  Cause = "grace-retry-sibling"
	CauseGraceRaceSibling   Cause = "grace-race-sibling"
	CauseGraceThiefSibling  Cause = "grace-thief-sibling"
	CauseGraceVictimSibling Cause = "grace-victim-sibling"
	CauseReuseThief         Cause = "reuse-thief"   // the attacker replayed a rotated-out token
	CauseReuseVictim        Cause = "reuse-victim"  // the app presented a token the thief had already rotated
	CauseReuseRace          Cause = "reuse-race"    // the second tab lost the race: reuse with no thief anywhere
	CauseReuseRetry         Cause = "reuse-retry"   // the app retried after a lost response, with no grace period
	CauseReuseLate          Cause = "reuse-late"    // the immediate parent, back after its grace period closed
	CauseReuseRevoked       Cause = "reuse-revoked" // the family revoked because reuse was detected
	// CauseReuseRevokedSession is another login of the same issuer session
	// revoked with it (reuse-revokes client).
	CauseReuseRevokedSession Cause = "reuse-revoked-session"
	CauseReuseGraceSpent     Cause = "reuse-grace-spent" // the immediate parent inside its window, past the grace count
	CauseKeptValid           Cause = "kept-valid"        // the app redeemed a rotated-out token, which this issuer keeps valid
	CauseKeptValidThief      Cause = "kept-valid-thief"  // the attacker redeemed a rotated-out token, which this issuer keeps valid
	CauseRefreshExpired      Cause = Cause(issuer.ReasonRefreshExpired)
	CauseLoginEnded          Cause = Cause(issuer.ReasonLoginEnded)
	CauseRefreshRevoked      Cause = Cause(issuer.ReasonRefreshRevoked)
	CauseRefreshUsed         Cause = Cause(issuer.ReasonRefreshUsed)
	CauseRefreshUnknown      Cause = Cause(issuer.ReasonRefreshUnknown)
	CauseOtherClient         Cause = Cause(issuer.ReasonOtherClient)
	CauseRefreshInvalid      Cause = Cause(issuer.ReasonRefreshInvalid)
	CauseDPoPNonce           Cause = Cause(issuer.ReasonDPoPNonce) // routine: the client retries with the nonce
	CauseDPoPRequired        Cause = Cause(issuer.ReasonDPoPRequired)
	CauseTokenBadProof       Cause = Cause(issuer.ReasonDPoPProof)
	CauseTokenProofReplay    Cause = Cause(issuer.ReasonDPoPReplay)
	CauseRefreshWrongKey     Cause = Cause(issuer.ReasonDPoPBinding)
	CauseTokenProofBusy      Cause = Cause(issuer.ReasonDPoPBusy)
	CauseRequestRefused      Cause = "request-refused" // any other token-endpoint refusal
	CauseResponseLost        Cause = "response-lost"   // the issuer answered, the app never heard

	// Revocation and logout.
	CauseLogoutFamily      Cause = "logout-family"       // the family revoked; the API still takes its access tokens
	CauseLogoutDenylist    Cause = "logout-denylist"     // the family revoked and its access tokens denylisted
	CauseLogoutStateless   Cause = "logout-stateless"    // nothing on record to revoke
	CauseRevokedFamily     Cause = "revoked-family"      // the client revoked its refresh token, ending the family
	CauseRevokeAccessLocal Cause = "revoke-access-local" // an access token revoked where the API cannot see it
	CauseAccessDenylisted  Cause = "access-denylisted"   // an access token's jti put on the denylist
	CauseRevokeStateless   Cause = "revoke-stateless"    // a stateless refresh token: no record to revoke

	// The issuer's session, and userinfo.
	CauseSessionIdle     Cause = "session-idle"    // the session went unused for the idle timeout
	CauseSessionMax      Cause = "session-max"     // the session reached its absolute lifetime
	CauseSessionLogout   Cause = "session-logout"  // logout at the issuer ended the session
	CauseSessionRevoked  Cause = "session-revoked" // a login revoked because the session that started it ended
	CauseUserinfo        Cause = "userinfo"        // userinfo answered who the token's user is
	CauseUserinfoRevoked Cause = Cause(issuer.ReasonUserinfoRevoked)
	CauseUserinfoRefused Cause = Cause(issuer.ReasonUserinfoInvalid)
	CauseUserinfoScope   Cause = Cause(issuer.ReasonUserinfoScope)

	// Time.
	CauseAccessTokenExpired  Cause = "access-token-expired"  // the clock passed a held access token's exp
	CauseSkewNotYetValid     Cause = "skew-not-yet-valid"    // the API's clock is behind the issuer's: a fresh token lies in its future
	CauseSkewExpired         Cause = "skew-expired"          // the API's clock is ahead of the issuer's: a token expires there early
	CauseSkewProof           Cause = "skew-proof"            // the app's clock is too far off for its DPoP proofs' iat to pass
	CauseRefreshTokenExpired Cause = "refresh-token-expired" // the clock passed a held refresh token's exp

	// The attacker.
	CauseStolenCopy    Cause = "stolen-copy"                  // copied from a leak: a log, a laptop
	CauseStolenXSS     Cause = "stolen-xss"                   // read from localStorage by injected script
	CauseStolenSniff   Cause = "stolen-sniff"                 // read off a plain-HTTP wire
	CauseStolenBound   Cause = "stolen-bound"                 // a token bound to the app's key: copied, but not the key
	CauseXSSDPoP       Cause = "xss-dpop"                     // the app's key cannot be read, but the page can be made to sign
	CauseXSSBFF        Cause = "xss-bff"                      // no token in the browser at all; the script rides the backend's session
	CauseSilentBFF     Cause = "silent-bff"                   // the silent flow's code landed at the backend, useless without its secret
	CauseClientAuth    Cause = Cause(issuer.ReasonClientAuth) // a confidential client's token presented without its secret
	CauseXSSEmpty      Cause = "xss-empty"                    // localStorage read, nobody logged in
	CauseXSSMemory     Cause = "xss-memory"                   // tokens in memory: nothing at rest, much still possible
	CauseXSSCookie     Cause = "xss-cookie"                   // HttpOnly cookies: unreadable, still sent
	CauseSniffTLS      Cause = "sniff-tls"                    // only encrypted traffic on the wire
	CauseSniffNothing  Cause = "sniff-nothing"                // no traffic at all to listen to
	CauseSniffNoTokens Cause = "sniff-no-token"               // clear-text traffic, but no token in it
	// The attacker's own silent login in a hidden frame of alice's browser.
	CauseSilentStolen Cause = "silent-stolen"         // fresh tokens of its own, from alice's live issuer session
	CauseSilentBound  Cause = "silent-dpop"           // the same, bound to the attacker's own DPoP key
	CauseSilentNone   Cause = "silent-login-required" // no live session: login_required, nothing gained

	// Looking closer.
	CauseIntrospectActive   Cause = "introspect-active"
	CauseIntrospectInactive Cause = "introspect-inactive"
	CauseInspected          Cause = "inspected"        // a JWT opened
	CauseInspectedOpaque    Cause = "inspected-opaque" // an opaque token opened: nothing to decode
	CausePolicy             Cause = "policy"
)

// Causes lists every cause, for the goal language's `cause` predicate and
// for checking that each has its own explanation.
var Causes = []Cause{
	CauseLogin, CauseLoginFailed, CauseCodeReplay, CauseLoginSSO, CauseIDTokenInvalid,
	CauseAllowed, CauseAllowedThief, CauseAllowedRevoked, CauseNoToken, CauseBadRequest, CauseAlgRefused,
	CauseMalformed, CauseBadSignature, CauseUnknownKey, CauseExpired, CauseExpiredThief, CauseMissingClaim,
	CauseWrongIssuer, CauseWrongAudience, CauseNotYetValid, CauseNotAccessToken, CauseDenylisted, CauseInvalidToken,
	CauseAllowedViaPage, CauseBoundAsBearer, CauseNotBound, CauseBadProof, CauseProofReplayed, CauseWrongKey, CauseProofBusy,
	CauseIDTokenAsAccess,
	CauseRotated, CauseRotatedThief, CauseNotRotated, CauseStatelessRefresh, CauseGraceRetry, CauseGraceRace,
	CauseGraceThief, CauseGraceVictim, CauseGraceRetrySibling, CauseGraceRaceSibling, CauseGraceThiefSibling, CauseGraceVictimSibling,
	CauseReuseThief, CauseReuseVictim, CauseReuseRace, CauseReuseRetry,
	CauseReuseLate, CauseReuseRevoked, CauseReuseRevokedSession, CauseReuseGraceSpent, CauseKeptValid, CauseKeptValidThief, CauseRefreshExpired,
	CauseLoginEnded, CauseRefreshRevoked, CauseRefreshUsed, CauseRefreshUnknown, CauseOtherClient,
	CauseRefreshInvalid, CauseDPoPNonce, CauseDPoPRequired, CauseTokenBadProof, CauseTokenProofReplay, CauseRefreshWrongKey, CauseTokenProofBusy,
	CauseRequestRefused, CauseResponseLost,
	CauseLogoutFamily, CauseLogoutDenylist, CauseLogoutStateless, CauseRevokedFamily, CauseRevokeAccessLocal,
	CauseAccessDenylisted, CauseRevokeStateless,
	CauseSessionIdle, CauseSessionMax, CauseSessionLogout, CauseSessionRevoked,
	CauseUserinfo, CauseUserinfoRevoked, CauseUserinfoRefused, CauseUserinfoScope,
	CauseAccessTokenExpired, CauseRefreshTokenExpired, CauseSkewNotYetValid, CauseSkewExpired, CauseSkewProof,
	CauseStolenCopy, CauseStolenXSS, CauseStolenSniff, CauseStolenBound, CauseXSSDPoP, CauseXSSBFF, CauseSilentBFF, CauseClientAuth, CauseXSSEmpty, CauseXSSMemory, CauseXSSCookie,
	CauseSniffTLS, CauseSniffNothing, CauseSniffNoTokens, CauseSilentStolen, CauseSilentBound, CauseSilentNone,
	CauseIntrospectActive, CauseIntrospectInactive, CauseInspected, CauseInspectedOpaque, CausePolicy,
}

// explainPriority ranks events by how much they tell about the action that
// caused them; Explain picks the highest that carries a cause.
var explainPriority = map[Kind]int{
	KindReuseDetected: 100, KindSessionEnded: 98, KindGraceUsed: 97, KindLoggedOut: 96, KindFamilyRevoked: 95, KindDenied: 90,
	KindCodeReplayed: 85, KindLoginFailed: 85, KindRefused: 84, KindStolen: 80, KindNote: 70,
	KindTokenExpired: 65, KindUserinfo: 62, KindAllowed: 60, KindLogin: 55, KindRotated: 50, KindExchange: 49,
	KindDenylisted: 48, KindIntrospected: 45, KindRevokeNoop: 42, KindPolicy: 40, KindInspected: 20,
}

// Explain picks, among the events of one action, the one whose cause best
// explains it: a reuse before the revocation it caused, a refusal before
// the exchange that carried it. It reports false when no event has a cause.
func Explain(events []Event) (Event, bool) {
	best, bestP := Event{}, -1
	for _, e := range events {
		if e.Cause == "" {
			continue
		}
		p := explainPriority[e.Kind]
		switch e.Cause {
		case CauseDPoPNonce:
			// A nonce challenge is routine: the retry it asks for, and
			// whatever that retry caused, is the story.
			p = 0
		case CauseSessionIdle, CauseSessionMax:
			// A session timing out on the way is a side note of a jump to
			// a token's expiry; a logout ending it is the story.
			p = explainPriority[KindTokenExpired] - 1
		case CauseKeptValid, CauseKeptValidThief:
			// A rotated-out token honoured is the story of a race or a
			// replay, as a grace period's retry is.
			p = explainPriority[KindGraceUsed]
		case CauseSilentBFF:
			// The silent flow against a backend ends in a refused token
			// request, but why it got nothing is the backend's part.
			p = explainPriority[KindRefused] + 1
		}
		if p > bestP {
			best, bestP = e, p
		}
	}
	return best, bestP >= 0
}
