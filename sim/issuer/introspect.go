package issuer

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Introspection is an RFC 7662 §2.2 response. An inactive token gets
// exactly {"active":false}: saying why would help an attacker probe.
type Introspection struct {
	Active    bool     `json:"active"`
	Scope     string   `json:"scope,omitempty"`
	ClientID  string   `json:"client_id,omitempty"`
	Subject   string   `json:"sub,omitempty"`
	Audience  []string `json:"aud,omitempty"`
	Issuer    string   `json:"iss,omitempty"`
	Expires   int64    `json:"exp,omitempty"`
	IssuedAt  int64    `json:"iat,omitempty"`
	JTI       string   `json:"jti,omitempty"`
	TokenType string   `json:"token_type,omitempty"` // "Bearer" or "DPoP", for access tokens only
	// Cnf names the key a bound token is bound to, so a resource server
	// that introspects can check the proof (RFC 9449 §6.2).
	Cnf *Confirmation `json:"cnf,omitempty"`
}

// handleIntrospect is the introspection endpoint (RFC 7662). Only the
// confidential API client may call it (§2.1 requires authorization, and a
// public client's id is no credential).
func (iss *Issuer) handleIntrospect(w http.ResponseWriter, r *http.Request) {
	_, tok, e := tokenForm(w, r, func(c client) *Error {
		if !c.introspector {
			return oauthErr(ErrInvalidClient, "client "+c.id+" may not introspect: authenticate as "+APIClientID)
		}
		return nil
	})
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, iss.Introspect(tok))
}

// Introspect reports what the issuer knows about tok, on the world's clock.
// Unlike a resource server checking a JWT locally, it sees revocations.
func (iss *Issuer) Introspect(tok string) Introspection {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	now := iss.now()
	inactive := Introspection{Active: false}
	if rec, ok := iss.store.refresh[hashToken(tok)]; ok {
		f := rec.family
		if f.revoked || rec.used && !iss.policy.keepsRotated() || !now.Before(rec.expires) || !now.Before(f.absExpiry) {
			return inactive
		}
		return Introspection{Active: true, Scope: f.scope, ClientID: f.clientID, Subject: f.subject,
			Audience: []string{iss.url}, Issuer: iss.url, Expires: rec.expires.Unix(),
			IssuedAt: rec.issuedAt.Unix(), JTI: rec.hash.shortID()}
	}
	if strings.Count(tok, ".") != 2 {
		return inactive
	}
	claims, kind, err := iss.parseOwnJWT(tok, now, true)
	if err != nil {
		return inactive
	}
	out := Introspection{Active: true, Scope: claims.Scope, ClientID: claims.ClientID, Subject: claims.Subject,
		Audience: claims.Audience, Issuer: claims.Issuer, Expires: claims.ExpiresAt.Unix(),
		IssuedAt: claims.IssuedAt.Unix(), JTI: claims.ID}
	if kind == RefreshToken {
		// token_type (§2.2) names access-token types; a refresh token has none.
		return out
	}
	out.TokenType = "Bearer"
	if claims.Cnf != nil {
		out.TokenType, out.Cnf = "DPoP", claims.Cnf
	}
	rec, ok := iss.store.access[claims.ID]
	if !ok || rec.revoked || rec.denied || (rec.family != nil && rec.family.revoked) {
		return inactive
	}
	return out
}

// parseOwnJWT verifies a JWT this issuer signed — an access token, or a
// stateless refresh token — and reports which. Callers hold iss.mu.
func (iss *Issuer) parseOwnJWT(tok string, now time.Time, checkExp bool) (AccessClaims, TokenKind, error) {
	var claims AccessClaims
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{string(ES256), string(RS256), string(HS256)}),
		jwt.WithIssuer(iss.url),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithLeeway(iss.policy.Leeway),
	}
	kind := AccessToken
	t, err := jwt.ParseWithClaims(tok, &claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if typ, _ := t.Header["typ"].(string); typ == "rt+jwt" {
			kind = RefreshToken
			if Alg(t.Method.Alg()) != HS256 {
				return nil, errUnknownKey
			}
			return iss.keys.refreshKey, nil
		}
		return iss.keys.verificationKey(Alg(t.Method.Alg()), kid)
	}, opts...)
	if err != nil && !(!checkExp && errors.Is(err, jwt.ErrTokenExpired) && t != nil) {
		return AccessClaims{}, "", err
	}
	if kind == AccessToken {
		if typ, _ := t.Header["typ"].(string); typ != "at+jwt" {
			return AccessClaims{}, "", errors.New("not an access token")
		}
	}
	return claims, kind, nil
}
