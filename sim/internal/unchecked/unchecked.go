// Package unchecked holds Claims, which a claims struct embeds to be a
// jwt.Claims whose registered claims jwt/v5 never validates: for tokens
// whose times the caller checks itself, on its own clock and rules.
package unchecked

import "github.com/golang-jwt/jwt/v5"

// Claims reports no registered claim to jwt/v5's validator. Embedded in a
// struct that jwt.ParseWithClaims decodes into, it leaves the struct's own
// fields (decoded from JSON as usual) for the caller to check: a DPoP
// proof's iat against the verifier's window (RFC 9449 §4.3), or an
// id_token_hint that is still a good hint once expired.
type Claims struct{}

// GetExpirationTime reports no exp.
func (Claims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }

// GetIssuedAt reports no iat.
func (Claims) GetIssuedAt() (*jwt.NumericDate, error) { return nil, nil }

// GetNotBefore reports no nbf.
func (Claims) GetNotBefore() (*jwt.NumericDate, error) { return nil, nil }

// GetIssuer reports no iss.
func (Claims) GetIssuer() (string, error) { return "", nil }

// GetSubject reports no sub.
func (Claims) GetSubject() (string, error) { return "", nil }

// GetAudience reports no aud.
func (Claims) GetAudience() (jwt.ClaimStrings, error) { return nil, nil }
