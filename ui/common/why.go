package common

import "github.com/tokenflow/tokenflow/sim"

// whyText explains each cause in a sentence or three, citing the rule
// behind it: the part a learner cannot see in the arrows. Every cause has
// its own text, because two refusals with the same status code can teach
// opposite lessons (an expired token is routine, a forged one an attack).
var whyText = map[sim.Cause]string{
	sim.CauseLogin: "The app ran the authorization-code flow with PKCE (RFC 7636): alice typed her password into the " +
		"issuer's page, never into the app, and the app proved it started the login by showing the verifier whose hash it sent first.",
	sim.CauseLoginFailed: "The issuer's login page turned the password down and showed the form again: no code, no redirect, " +
		"no tokens. The app never sees the password either way.",
	sim.CauseCodeReplay: "An authorization code came back a second time, a sign it was intercepted: RFC 6749 §4.1.2 says to " +
		"refuse it and revoke what its first redemption produced.",

	sim.CauseAllowed: "The API checked the JWT's signature, issuer, audience, type and exp by itself, with no call to the " +
		"issuer (RFC 9068 §4). That is fast, and it is why it cannot hear about a revocation.",
	sim.CauseAllowedThief: "A bearer token works for whoever presents it (RFC 6750 §1.2): the API sees a valid token, not who " +
		"holds it. Only exp, a revocation the API hears of (introspection or a denylist), or a binding to the app's key (DPoP, RFC 9449) stops a copy.",
	sim.CauseAllowedRevoked: "The issuer revoked this token's login, but this API checks JWTs by itself and never asks, so the " +
		"token works until exp. An API that introspects (RFC 7662) would refuse it now, a denylist only if the revocation happened while it was on, and an opaque token dies at once.",
	sim.CauseNoToken: "No bearer token at all: RFC 6750 §3.1 answers with a bare Bearer challenge and no error code.",
	sim.CauseBadRequest: "The Authorization header itself was malformed: 400 invalid_request (RFC 6750 §3.1), " +
		"not a verdict on any token.",
	sim.CauseAlgRefused: "The API accepts exactly one algorithm, the issuer's, whatever the token's header asks for: " +
		`alg "none" or a swapped algorithm is refused before any signature check (RFC 8725 §3.1).`,
	sim.CauseMalformed: "The string is not a JWT, three base64url parts joined by dots, so nothing could be verified.",
	sim.CauseBadSignature: "The signature covers the header and claims exactly as encoded (RFC 7515 §5.2): a changed claim " +
		"breaks it, and no key but the issuer's makes one that verifies, whatever kid the header names.",
	sim.CauseUnknownKey: "No key of the issuer's has that kid. The API takes keys only from the issuer's own JWKS " +
		"(RFC 7517), never from the token itself (RFC 8725 §3.10).",
	sim.CauseExpired: "The access token reached its exp, and a 401 invalid_token is routine (RFC 6750 §3.1): the app " +
		"refreshes and tries again, and alice notices nothing.",
	sim.CauseExpiredThief: "The stolen copy reached its exp and the thief's window closed: that is what a short " +
		"access-token lifetime buys. Without a refresh token the thief cannot get another.",
	sim.CauseMissingClaim: "A claim the API requires is missing: RFC 9068 §2.2 makes iss, exp, aud, sub, client_id, iat " +
		"and jti mandatory in an access token.",
	sim.CauseWrongIssuer: "The token names another issuer (iss): the API trusts exactly one (RFC 9068 §4).",
	sim.CauseWrongAudience: "The token is genuine but meant for another API (aud). Checking the audience stops one API from " +
		"replaying its tokens at another (RFC 8725 §3.9, RFC 9068 §4).",
	sim.CauseNotYetValid: "The token's iat or nbf lies in the API's future: the clocks disagree, or the token is not " +
		"meant to be used yet (RFC 7519 §4.1.5).",
	sim.CauseNotAccessToken: "The token's typ is not at+jwt: it is another kind of JWT, an ID token perhaps. RFC 9068 §4 " +
		"and RFC 8725 §3.11 check the type so that one kind cannot pass for another.",
	sim.CauseDenylisted: "The denylist holds this token's jti, so the API refuses it before its exp. An entry can go " +
		"once its token expires, which keeps the list small.",
	sim.CauseInvalidToken: "The token failed validation; the error_description in the challenge says which check.",

	sim.CauseRotated: "Rotation (RFC 9700 §4.14.2): each refresh token works once. The answer carries the next " +
		"generation, and the used one stays on record so that a replay is recognised.",
	sim.CauseRotatedThief: "The thief redeemed its copy, so the issuer rotated it: the thief now holds the live refresh " +
		"token and alice's is rotated out. Reuse detection fires only if alice's app refreshes again.",
	sim.CauseNotRotated: "Rotation is off, so the answer repeats the same refresh token (RFC 6749 §6 allows it): a copy " +
		"stays as good as the original until it expires. RFC 9700 §4.14.2 wants a public client's refresh tokens rotated or bound to a key.",
	sim.CauseStatelessRefresh: "A stateless refresh token: the issuer checked its signature and exp, which is all it can " +
		"check. It keeps no record, so it can neither rotate the token nor notice a copy.",
	sim.CauseGraceRetry: "The app presented a refresh token it had already used, its answer lost on the way. Inside the " +
		"grace period the issuer answered with the child it had already issued, and the app caught up as if nothing had happened. Auth0 and Ory Hydra mint a new token instead.",
	sim.CauseGraceVictim: "The thief had rotated the shared token moments before, so alice's app presented the parent. Inside " +
		"the grace period that passes for a retry: the app got the same live child the thief holds, and nobody noticed the theft.",
	sim.CauseGraceRace: "Tab 2 presented the parent a moment after tab 1 rotated it. Inside the grace period that counts " +
		"as a retry: tab 2 got a new access token and the same child refresh token as tab 1.",
	sim.CauseGraceThief: "Grace cannot tell a thief from a retry: inside the window the thief's copy of the parent bought " +
		"the live child the app holds. Both now share it; the second to redeem it trips reuse detection only if it comes after the window, so a thief that follows the app closely stays hidden.",
	sim.CauseReuseThief: "The thief replayed a refresh token the app had already rotated. The issuer cannot tell thief from " +
		"victim, so it revoked the whole family (RFC 9700 §4.14.2): the thief is out, and alice must sign in again.",
	sim.CauseReuseVictim: "The thief had redeemed the stolen copy first, so alice's app presented a rotated-out token. The " +
		"issuer cannot tell which of the two is the thief and revoked the whole family, the thief's newer token included (RFC 9700 §4.14.2).",
	sim.CauseReuseRace: "Two tabs redeemed one refresh token together; tab 1 won, and tab 2's request looked exactly like a " +
		"replay. There is no thief here, yet the family was revoked: let one tab refresh while the others wait, or allow a short grace period.",
	sim.CauseReuseRetry: "The app presented its old refresh token again, its last answer lost. With no grace period " +
		"covering the retry, the issuer takes it for reuse and revokes the family: one lost response logs alice out.",
	sim.CauseReuseLate: "The parent came back after its grace period had closed: it is an ordinary rotated-out token again, " +
		"and presenting it revoked the whole family, whoever sent it (RFC 9700 §4.14.2).",
	sim.CauseReuseRevoked: "Reuse detection revoked every refresh token of this login, the newest included, the thief's and " +
		"alice's alike (RFC 9700 §4.14.2).",
	sim.CauseRefreshExpired: "The refresh token reached its own exp: refresh-ttl counts from each token's issue, so with " +
		"rotation on it works as an idle timeout and with rotation off as a fixed lifetime. 400 invalid_grant (RFC 6749 §5.2); alice must sign in again.",
	sim.CauseLoginEnded: "The login reached its absolute lifetime (family-lifetime), which rotation never extends here, as " +
		"at Okta and Auth0. Issuers such as Ory Hydra give each rotated token a fresh lifetime instead.",
	sim.CauseRefreshRevoked: "The family this token belongs to was revoked, by a logout, a revocation or reuse detection, so " +
		"every refresh token of it gets invalid_grant.",
	sim.CauseRefreshUsed: "The token was already rotated out and reuse detection is off: the issuer refuses it but revokes " +
		"nothing. Whoever holds the newest token carries on, thief or not; if nobody does, the login is simply over.",
	sim.CauseRefreshUnknown: "The issuer has no record of this refresh token. An issuer that deletes used tokens sees a " +
		"replay this way, and cannot tell it from garbage.",
	sim.CauseOtherClient: "The refresh token was issued to another client: a refresh token is bound to its client " +
		"(RFC 6749 §10.4).",
	sim.CauseRefreshInvalid: "The stateless refresh token's signature or claims did not verify.",
	sim.CauseRequestRefused: "The token endpoint refused the request itself; the error code in the answer names the rule " +
		"it broke (RFC 6749 §5.2).",
	sim.CauseResponseLost: "The issuer answered, but the answer never arrived: the app still holds the refresh token it sent. " +
		"If the issuer rotated it, it now counts that token as used, and whether the app's retry is forgiven depends on the grace period.",

	sim.CauseLogoutFamily: "Logout revoked the refresh token (RFC 7009), ending its whole family. Access tokens already " +
		"issued live on until exp at this API, which checks JWTs by itself: introspection or a denylist would refuse them.",
	sim.CauseLogoutDenylist: "Logout revoked the family, and with the denylist on, the login's unexpired access tokens were " +
		"denied as well: a copy of one is refused at once.",
	sim.CauseLogoutStateless: "The app sent its stateless refresh token to the revocation endpoint, which can do nothing: " +
		"there is no record to mark. RFC 7009 §2 makes revoking refresh tokens a MUST, so this design, as built here, cannot comply, and every copy stays valid until exp.",
	sim.CauseRevokedFamily: "Revoking the refresh token revoked its whole family: RFC 7009 §2.1 lets a server revoke " +
		"related tokens, and SHOULD take the grant's access tokens too when it can revoke them.",
	sim.CauseRevokeAccessLocal: "The issuer marked the access token revoked, so introspection now says inactive; but this " +
		"API checks JWTs by itself and has no denylist, so it accepts the token until exp.",
	sim.CauseAccessDenylisted: "The access token's jti went on the denylist the API checks, so the revocation reaches the " +
		"API now, until the token's exp.",
	sim.CauseRevokeStateless: "A stateless refresh token cannot be revoked here: the server keeps no record of it, not even a " +
		"list of revoked ids, and says so with unsupported_token_type (RFC 7009 §2.2.1).",

	sim.CauseAccessTokenExpired: "Access tokens are short-lived on purpose: a copy is useful only until exp. The refresh " +
		"token, kept by the app alone, buys the next one.",
	sim.CauseRefreshTokenExpired: "A refresh token reached its exp: unless a newer one was issued, the login is over and " +
		"alice must sign in again.",

	sim.CauseStolenCopy: "The attacker holds a copy, and nothing on the server changed: the issuer cannot know. How far the " +
		"copy gets depends on its lifetime, on rotation and on reuse detection.",
	sim.CauseStolenXSS: "Injected script read both tokens from localStorage, which every script on the page can read, and " +
		"sent them away: the attacker can use them from anywhere, long after the page is closed.",
	sim.CauseXSSEmpty: "Nobody is logged in, so wherever the app keeps tokens there was nothing for the script to find or use.",
	sim.CauseXSSMemory: "Tokens in memory defeat only reading them at rest. While the page is open, injected script can call " +
		"the API through the app, wrap fetch to read the tokens as they are used, or run a silent login of its own (browser-based apps BCP §5.1).",
	sim.CauseXSSCookie: "HttpOnly cookies keep tokens out of script's reach, but the browser still sends them with the " +
		"page's requests: injected script acts as alice while the page is open, and can start a login of its own. Only a backend-for-frontend keeps tokens out of the browser.",
	sim.CauseSniffTLS: "Over TLS an eavesdropper sees which host the app talks to and how much data moves, but not one " +
		"header or body (RFC 6750 §5.3).",
	sim.CauseSniffNothing:  "There was nothing on the wire to listen to: the app has sent no request yet.",
	sim.CauseSniffNoTokens: "Some traffic went in clear text, but none of it carried a token.",
	sim.CauseStolenSniff: "Over plain HTTP, headers and bodies cross the network as written: the Authorization header and " +
		"the token responses were read off the wire.",

	sim.CauseIntrospectActive: "Introspection (RFC 7662) asks the issuer, which knows about revocations a local JWT check " +
		"cannot see: this token is active.",
	sim.CauseIntrospectInactive: `The issuer answered exactly {"active":false}: RFC 7662 §2.2 gives an inactive token no ` +
		"other detail. An API that asks on every call sees revocations at once, at the cost of a round trip.",
	sim.CauseInspected: "A JWT is signed, not encrypted: anyone can read its header and claims, and only the issuer's " +
		"key can make its signature.",
	sim.CauseInspectedOpaque: "An opaque token is random bytes with nothing to decode: its meaning lives in the issuer's store, " +
		"which is why the issuer can revoke it, rotate it and recognise it coming back.",
	sim.CausePolicy: "Settings apply from the next request; tokens already issued keep the lifetimes they were issued with.",
}

// Why explains cause; every cause the world stamps has a text, which a
// test keeps true.
func Why(c sim.Cause) string { return whyText[c] }
