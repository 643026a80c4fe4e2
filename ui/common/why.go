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
	sim.CauseLoginSSO: "Alice's browser still carried the issuer's session cookie, so the authorization request came back " +
		"with a code at once, no form: single sign-on. The app's tokens were gone, but her sign-in at the issuer was not; " +
		"prompt=login would have asked for the password anyway (OIDC Core §3.1.2.1).",
	sim.CauseIDTokenInvalid: "The app checked the ID token as OIDC Core §3.1.3.7 says (its signature against the issuer's JWKS, " +
		"iss, aud, exp, iat and the nonce it sent) and it failed, so it does not take alice for signed in and keeps no token. " +
		"The nonce is what stops an ID token from another login being replayed into this one.",

	sim.CauseAllowed: "The API checked the JWT's signature, issuer, audience, type and exp by itself, with no call to the " +
		"issuer (RFC 9068 §4). That is fast, and it is why it cannot hear about a revocation.",
	sim.CauseAllowedThief: "A bearer token works for whoever presents it (RFC 6750 §1.2): the API sees a valid token, not who " +
		"holds it. Only exp, a revocation the API hears of (introspection or a denylist), or a binding to the app's key (DPoP, RFC 9449) stops a copy.",
	sim.CauseAllowedRevoked: "The issuer revoked this token, or the login it belongs to, but this API checks JWTs by itself and never asks, so the " +
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
		"meant to be used yet. RFC 7519 §4.1.5 requires refusing a token before its nbf; refusing an iat from the future is " +
		"this API's own choice (golang-jwt's opt-in WithIssuedAt), one that validators checking only nbf and exp do not make.",
	sim.CauseNotAccessToken: "The token's typ is not at+jwt: it is another kind of JWT, an ID token perhaps. RFC 9068 §4 " +
		"and RFC 8725 §3.11 check the type so that one kind cannot pass for another.",
	sim.CauseDenylisted: "The denylist holds this token's jti, so the API refuses it before its exp. An entry can go " +
		"once its token expires, which keeps the list small.",
	sim.CauseInvalidToken: "The token failed validation; the error_description in the challenge says which check.",
	sim.CauseAllowedViaPage: "Injected script had the app's own page make the request: the app's token and a fresh proof " +
		"from the app's key. A non-extractable key cannot be copied, but any script on the page can use it while the page is open, " +
		"and the API cannot tell the difference (RFC 9449 §11.4). Only keeping script out (XSS defences, CSP) stops this.",
	sim.CauseBoundAsBearer: "The token carries cnf.jkt: it is bound to a key. Sent as a plain Bearer token it is refused, " +
		"or binding would be worthless, since a thief has no key to prove (RFC 9449 §7.2).",
	sim.CauseNotBound: "A bearer token was sent under the DPoP scheme. DPoP proves the key a token is bound to, and this " +
		"token is bound to none: it goes as Bearer.",
	sim.CauseBadProof: "The DPoP proof failed a check of RFC 9449 §4.3: it was made for another method, URL or token " +
		"(htm, htu, ath), its iat lies more than a minute from the API's clock, before or after (this API's window: §4.3 leaves " +
		"the size to the server), or it is no proof at all. The answer is invalid_dpop_proof.",
	sim.CauseProofReplayed: "A proof is good for one request: this API remembers each jti for as long as the proof is fresh " +
		"and refuses it the second time. RFC 9449 §11.1 allows this, not requires it; a server that does not track jti relies on " +
		"the iat window or a nonce, and a copied proof works inside that window.",
	sim.CauseProofBusy: "The API remembers every fresh proof's jti to refuse replays, and it was full: rather than forget " +
		"a fresh one early, which would let a captured proof through, it answered 503 for a minute or two (RFC 9449 §11.1).",
	sim.CauseWrongKey: "The proof is a valid signature, but by a key whose thumbprint is not the token's cnf.jkt " +
		"(RFC 9449 §6, §7.1): the thief can sign with a key of its own, never with the app's. A copied token is useless without the key.",
	sim.CauseIDTokenAsAccess: "The app sent its ID token to the API as if it were an access token. An ID token tells the " +
		"client who signed in (OIDC Core §2): its aud is the client, not the API, and its typ is JWT, not at+jwt, so an API " +
		"that checks audience and type refuses it (RFC 9068 §4, RFC 8725 §3.11). One that checked only the signature would let it in.",

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
	sim.CauseGraceRetrySibling: "The app presented a refresh token it had already used, its answer lost on the way. Inside " +
		"the grace period this issuer answered with a new sibling token, as Auth0 and Ory Hydra do: the app caught up, but " +
		"the child in the lost answer stays valid too, so the login now has two live branches, one held by nobody.",
	sim.CauseGraceVictim: "The thief had rotated the shared token moments before, so alice's app presented the parent. Inside " +
		"the grace period that passes for a retry: the app got the same live child the thief holds, and nobody noticed the theft.",
	sim.CauseGraceVictimSibling: "The thief had rotated the shared token moments before, so alice's app presented the parent. " +
		"Inside the grace period that passes for a retry, and this issuer answered with a new sibling: the thief keeps the " +
		"child, alice the sibling, two live branches that never cross, so reuse detection never trips and nobody notices the theft.",
	sim.CauseGraceRace: "Tab 2 presented the parent a moment after tab 1 rotated it. Inside the grace period that counts " +
		"as a retry: tab 2 got a new access token and the same child refresh token as tab 1.",
	sim.CauseGraceRaceSibling: "Tab 2 presented the parent a moment after tab 1 rotated it. Inside the grace period that " +
		"counts as a retry, and this issuer answered with a new sibling: tab 1 holds the child, tab 2 the sibling, and both " +
		"stay valid, two live branches of one login.",
	sim.CauseGraceThief: "Grace cannot tell a thief from a retry: inside the window the thief's copy of the parent bought " +
		"the live child the app holds. Both now share it; the second to redeem it trips reuse detection only if it comes after the window, so a thief that follows the app closely stays hidden.",
	sim.CauseGraceThiefSibling: "Grace cannot tell a thief from a retry: inside the window the thief's copy of the parent " +
		"bought a new sibling of its own, while the app keeps the child. The two branches rotate side by side and neither " +
		"ever presents a rotated-out token, so reuse detection never fires: the thief refreshes until the login ends or is revoked.",
	sim.CauseReuseThief: "The thief replayed a refresh token the app had already rotated. The issuer cannot tell thief from " +
		"victim, so it revoked the whole family (RFC 9700 §4.14.2), and under reuse-revokes client every other login of " +
		"alice at this app in the same browser too: the thief is out, and alice must sign in again.",
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
	sim.CauseReuseRevokedSession: "Reuse was detected in another login of alice's at this app, one her browser started in " +
		"the same issuer session. Under reuse-revokes client this issuer revokes every login of the app in that session, as " +
		"Keycloak detaches the app's client session: every tab of that browser signs in again. Other browsers and devices " +
		"have sessions of their own and keep their logins.",
	sim.CauseReuseGraceSpent: "The parent came back inside its grace period, but the period had already forgiven it as many " +
		"times as grace-count allows: past the count it is an ordinary rotated-out token, and presenting it is reuse. " +
		"Ory Hydra counts uses inside a window (rotation_grace_reuse_count); Keycloak counts reuses with no window at all " +
		"(Refresh Token Max Reuse); Auth0, Okta and Amazon Cognito count only seconds.",
	sim.CauseKeptValid: "The app presented a refresh token it had already used, and this issuer keeps rotated-out tokens valid: " +
		"it answered with new tokens and revoked nothing. Nothing is lost on a retry, and nothing is detected either. Entra ID " +
		"works this way; RFC 9700 §4.14.2 asks a public client's issuer to invalidate the old token or bind it to a key.",
	sim.CauseKeptValidThief: "The thief's copy was rotated out long ago, yet it still buys tokens: this issuer keeps every " +
		"rotated-out refresh token valid until it expires, so a copy works as long as the original would have, and no " +
		"alarm sounds. Only the lifetime, or binding the token to a key, limits it.",
	sim.CauseRefreshExpired: "The refresh token reached its own exp: refresh-idle counts from each token's issue, so with " +
		"rotation on it works as an idle timeout and with rotation off as a fixed lifetime. 400 invalid_grant (RFC 6749 §5.2): " +
		"whoever presented it signs in again, unless they hold a newer token. Under expired-replay expired, as at Keycloak, a " +
		"rotated-out copy past its exp is refused this way too and revokes nothing; under reuse, the course's default, reuse " +
		"detection, when on, catches it instead.",
	sim.CauseLoginEnded: "The login reached its absolute lifetime (refresh-absolute). With rotated-expiry inherit, as at Okta " +
		"and Auth0, rotation never extends it; with fresh, as at Ory Hydra, each rotation starts it again, so only a login " +
		"left unused that long ends.",
	sim.CauseRefreshRevoked: "The family this token belongs to was revoked, by a logout, a revocation or reuse detection, so " +
		"every refresh token of it gets invalid_grant.",
	sim.CauseRefreshUsed: "The token was already rotated out and reuse detection is off: the issuer refuses it but revokes " +
		"nothing. Whoever holds the newest token carries on, thief or not; if nobody does, the login is simply over.",
	sim.CauseRefreshUnknown: "The issuer has no record of this refresh token. An issuer that deletes used tokens sees a " +
		"replay this way, and cannot tell it from garbage.",
	sim.CauseOtherClient: "The refresh token was issued to another client: a refresh token is bound to its client " +
		"(RFC 6749 §10.4).",
	sim.CauseRefreshInvalid: "The stateless refresh token's signature or claims did not verify.",
	sim.CauseDPoPNonce: "The issuer wants its own fresh nonce in every proof and handed one over in the DPoP-Nonce header " +
		"with use_dpop_nonce (RFC 9449 §8). The client sends the request again with it: routine, and it limits how far ahead anyone can make proofs.",
	sim.CauseDPoPRequired: "This issuer binds every token of a public client to a key, so a token request without a DPoP " +
		"proof is refused (RFC 9449 §5.2 lets a client be registered that way).",
	sim.CauseTokenBadProof: "The token endpoint checked the DPoP proof as RFC 9449 §4.3 says and it failed: another method " +
		"or URL, too old, or not a proof. Nothing was issued (invalid_dpop_proof, §5).",
	sim.CauseTokenProofReplay: "The proof's jti was seen already: this token endpoint accepts each proof once, so a captured " +
		"proof cannot be sent again (RFC 9449 §11.1 allows the check; its nonce, which this issuer requires, limits replays too).",
	sim.CauseTokenProofBusy: "The token endpoint remembers every fresh proof's jti to refuse replays, and it was full: " +
		"rather than forget a fresh one early, which would let a captured proof through, it answered 503 until some age out.",
	sim.CauseRefreshWrongKey: "The refresh token is bound to the key the app proved when it logged in (RFC 9449 §5 binds a " +
		"public client's refresh tokens), and this request's proof, if any, came from another key. Refused before anything " +
		"changed: no rotation and no reuse alarm, since the request was never a use of the token. The RFC leaves the error code open; this issuer says invalid_dpop_proof.",
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

	sim.CauseSessionIdle: "Nothing used alice's session at the issuer for issuer-session-idle, so it ended: her next login " +
		"asks for the password. The app's tokens are untouched here, their lifetimes their own; Keycloak ends a session's " +
		"refresh tokens with it.",
	sim.CauseSessionMax: "The session reached issuer-session-max, however often it was used: alice types her password at " +
		"least that often. 10h is Keycloak's SSO Session Max; Auth0 and Okta set their own.",
	sim.CauseSessionLogout: "Alice's browser went to the issuer's end_session_endpoint with the ID token as id_token_hint " +
		"(OpenID Connect RP-Initiated Logout 1.0 §2): the issuer ended her session and cleared its cookie, so the next login " +
		"asks for the password. This issuer also revokes every login the session started, as Keycloak does; Auth0 leaves " +
		"refresh tokens alive by default. Access tokens already out live until exp at an API that checks JWTs itself.",
	sim.CauseSessionRevoked: "This login was revoked because the session that started it ended: an issuer's choice, which " +
		"Keycloak makes and Auth0 by default does not. Its refresh tokens are dead, a silent login's included; its access " +
		"tokens live until exp.",
	sim.CauseUserinfo: "The userinfo endpoint (OIDC Core §5.3) took the access token and said whose it is: sub always, name " +
		"with the profile scope, email with the email scope (§5.4). This issuer's userinfo checks its own records, so it knows what was revoked; one whose access tokens are JWTs it never tracks would answer until exp.",
	sim.CauseUserinfoRevoked: "This issuer's userinfo refused an access token whose login it had revoked: it checks its own records. " +
		"The API, checking JWTs by itself, still takes the same token until exp; asking the issuer (RFC 7662) is what sees a revocation at once.",
	sim.CauseUserinfoRefused: "The userinfo endpoint found no valid access token of its own: none, an expired one, another " +
		"kind of token (an ID token, say) or a faulty DPoP proof. 401 with a challenge (RFC 6750 §3.1).",
	sim.CauseUserinfoScope: "The access token is valid but lacks the openid scope userinfo requires (OIDC Core §5.3): 403 " +
		"insufficient_scope, naming the scope (RFC 6750 §3.1).",

	sim.CauseAccessTokenExpired: "Access tokens are short-lived on purpose: a copy is useful only until exp. The refresh " +
		"token, kept by the app alone, buys the next one.",
	sim.CauseRefreshTokenExpired: "A refresh token reached its exp: unless a newer one was issued, the login is over and " +
		"alice must sign in again.",
	sim.CauseSkewNotYetValid: "The token is fine by the issuer's clock, but the API's clock is behind it, so the token's iat " +
		"lies in the API's future, and this API refuses that: its own choice (golang-jwt's opt-in WithIssuedAt), as RFC 7519 " +
		"sets a rule only for nbf (§4.1.5), which these tokens do not carry. A validator may allow a small leeway, \"usually " +
		"no more than a few minutes\" (§4.1.5); with none, a fresh token is refused until the API's clock catches up.",
	sim.CauseSkewExpired: "The token is still within its lifetime by the issuer's clock, but the API's clock is ahead, so " +
		"exp has passed there: the API refuses it early. The app learned the lifetime as expires_in, a duration, so its " +
		"own refresh schedule follows the issuer's idea of expiry, not the API's.",
	sim.CauseSkewProof: "A DPoP proof carries the instant it was made, by the app's clock, and this server takes it only " +
		"within a minute of its own clock, either way (RFC 9449 §4.3 leaves the window to the server). The app's clock is " +
		"further off, so every proof it makes is refused. This issuer checks iat even with its nonce, and the API hands out " +
		"no nonce; a server that timed proofs by a nonce carrying its own clock (§11.1) would take them whatever the app's clock says.",

	sim.CauseStolenCopy: "The attacker holds a copy, and nothing on the server changed: the issuer cannot know. How far the " +
		"copy gets depends on its lifetime, on rotation and on reuse detection.",
	sim.CauseStolenXSS: "Injected script read both tokens from localStorage, which every script on the page can read, and " +
		"sent them away: the attacker can use them from anywhere, long after the page is closed.",
	sim.CauseStolenBound: "The attacker copied a token bound to the app's key (cnf.jkt, RFC 9449 §6), and a copy of a " +
		"token is not a copy of the key: every use needs a fresh proof signed with it. A non-extractable WebCrypto key cannot be read out, " +
		"even by script on the page.",
	sim.CauseXSSDPoP: "The key is non-extractable, so injected script could not take it away; but while the page is open " +
		"it can have the page sign proofs, and act as the app (RFC 9449 §11.4). DPoP makes stolen tokens useless elsewhere, not XSS harmless.",
	sim.CauseXSSBFF: "With a backend-for-frontend no token is anywhere in the browser: the backend holds them and the " +
		"browser an HttpOnly session cookie (browser-based-apps BCP §6.1). Injected script carries nothing away, but while the page " +
		"is open it can call the backend, which acts for whoever has the cookie: XSS still acts as alice, only never beyond the open page.",
	sim.CauseSilentBFF: "The app's client is now its backend's, a confidential one: the silent flow's code came back to the " +
		"backend's callback, which refused a login it had not started, and redeeming the code needs the backend's secret " +
		"(RFC 6749 §4.1.3, §3.2.1). The attack that no storage in the browser stops (BCP §5.1.3) gets nothing here.",
	sim.CauseClientAuth: "The token belongs to a confidential client, and the token endpoint authenticates a confidential " +
		"client before it looks at any grant (RFC 6749 §3.2.1, §6). A refresh token copied off the backend is useless " +
		"without the backend's secret; an access token copied there still works until exp.",
	sim.CauseXSSEmpty: "Nobody is logged in, so wherever the app keeps tokens there was nothing for the script to find or use.",
	sim.CauseXSSMemory: "Tokens in memory defeat only reading them at rest. While the page is open, injected script can call " +
		"the API through the app, wrap fetch to read the tokens as they are used, or run a silent login of its own (browser-based apps BCP §5.1).",
	sim.CauseXSSCookie: "HttpOnly cookies keep tokens out of script's reach, but the browser still sends them with the " +
		"page's requests: injected script acts as alice while the page is open, and can start a login of its own. Only a backend-for-frontend keeps tokens out of the browser.",
	sim.CauseSniffTLS: "Over TLS an eavesdropper sees which host the app talks to and how much data moves, but not one " +
		"header or body (RFC 6750 §5.3).",
	sim.CauseSniffNothing:  "There was nothing on the wire to listen to: the app has sent no request yet.",
	sim.CauseSniffNoTokens: "Some traffic went in clear text, but none of it carried a token.",
	sim.CauseSilentStolen: "Injected script ran a login of its own in a hidden frame of alice's browser (browser-based apps " +
		"BCP §5.1.3): prompt=none, the app's client_id and redirect URI, its own PKCE verifier. Her session cookie went along, " +
		"since this issuer sets it SameSite=None, as Keycloak and Auth0 do for silent renewal; with a Lax cookie, or third-party " +
		"cookies blocked, the frame would get login_required and the script would use a pop-up or a redirect instead. The issuer " +
		"gave a code with no password, and these tokens never passed through the app: memory, localStorage and HttpOnly cookies lose alike.",
	sim.CauseSilentBound: "The silent login's token request carried a proof of the attacker's own key, so the issuer bound " +
		"the new tokens to it (RFC 9449 §5): they work for the attacker anywhere. DPoP stops a copied token, not a flow the " +
		"attacker runs itself (browser-based apps BCP §5.1.3).",
	sim.CauseSilentNone: "The hidden frame asked with prompt=none and alice has no live session at the issuer, so the issuer " +
		"answered login_required (OIDC Core §3.1.2.6) instead of a form: no code, no tokens. A short issuer session, or " +
		"logging out everywhere, shuts this door.",
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
