package issuer

import (
	"crypto/sha256"
	"encoding/json"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/clock"
)

// IDClaims are the claims of an ID token (OpenID Connect Core §2): who
// signed in, when, at which issuer, for which client.
type IDClaims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	Audience string `json:"aud"` // the client, never an API: the ID token is for no resource server
	Expires  int64  `json:"exp"`
	IssuedAt int64  `json:"iat"`
	AuthTime int64  `json:"auth_time"` // when the password was typed, not when the token was minted
	Nonce    string `json:"nonce,omitempty"`
	// ATHash binds the ID token to the access token issued with it
	// (OIDC Core §3.1.3.6).
	ATHash string `json:"at_hash"`
	// SessionID names the issuer session (OpenID Connect Front-Channel
	// Logout 1.0 §3), which logout with this token as a hint ends.
	SessionID string `json:"sid,omitempty"`
}

// idTokenSigner is the method, key and kid ID tokens are signed with: the
// policy's algorithm when it is ES256 or RS256, which is what the public
// client registered (OIDC Registration §2 lets a client name the alg it
// wants; without a registration it would be RS256). Under HS256 it is
// ES256: an HMAC-signed ID token is verified with the client's secret
// (OIDC Core §10.1), and a public client has none. Callers hold iss.mu.
func (iss *Issuer) idTokenSigner() (jwt.SigningMethod, any, string, error) {
	alg := iss.policy.Alg
	if alg == HS256 {
		alg = ES256
	}
	return iss.keys.signer(alg)
}

// atHash is the at_hash of an access token (OIDC Core §3.1.3.6): the left
// half of its SHA-256 hash, the hash ES256 and RS256 both use, base64url.
func atHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return b64url(sum[:len(sum)/2])
}

// IDTokenID names an ID token, as events and the screen do. ID tokens
// carry no jti; a short hash tells two apart.
func IDTokenID(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return "id-" + b64url(sum[:6])
}

// mintIDToken signs the ID token of a code grant (OIDC Core §3.1.3.3),
// typ JWT: RFC 9068 §4 has a resource server tell an access token by its
// at+jwt, which an ID token must never carry. It lives as long as the
// access token beside it, as Keycloak's do; other issuers pick their own
// (Okta and Hydra an hour, Auth0 ten hours, Zitadel twelve, Duende five
// minutes). Callers hold iss.mu.
func (iss *Issuer) mintIDToken(clientID string, ac *authCode, accessToken string, now time.Time) (string, Event, *Error) {
	method, key, kid, err := iss.idTokenSigner()
	if err != nil {
		return "", Event{}, serverErr("the issuer cannot sign right now", err)
	}
	exp := now.Add(iss.policy.AccessTTL)
	claims, err := json.Marshal(IDClaims{Issuer: iss.url, Subject: ac.subject, Audience: clientID,
		Expires: exp.Unix(), IssuedAt: now.Unix(), AuthTime: ac.authTime.Unix(), Nonce: ac.nonce,
		ATHash: atHash(accessToken), SessionID: ac.session})
	if err != nil {
		return "", Event{}, serverErr("the issuer cannot sign right now", err)
	}
	signed, err := encodeJWT(method, key, kid, "JWT", claims)
	if err != nil {
		return "", Event{}, serverErr("the issuer cannot sign right now", err)
	}
	id := IDTokenID(signed)
	return signed, Event{Kind: EventTokenIssued, At: now, ClientID: clientID, Subject: ac.subject,
		TokenKind: IDToken, Token: signed, ID: id, Expires: exp,
		Detail: "ID token " + id + " (" + method.Alg() + ") telling " + clientID + " that " + ac.subject +
			" signed in, expires in " + clock.FormatDuration(iss.policy.AccessTTL)}, nil
}
