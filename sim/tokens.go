package sim

import (
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// peekCacheSize bounds the claims cache: a screen shows at most the four
// tokens the client and the attacker hold, plus a few being inspected.
const peekCacheSize = 16

// peekCache remembers decoded claims. The clock bar asks when the next
// token expires every simulated second, and a token never changes, so
// decoding it once is enough. The claims must not be modified.
type peekCache struct {
	mu     sync.Mutex
	claims map[string]jwt.MapClaims
}

// peek reads a JWT's claims without verifying it: the client and the UI
// only display what a token says; the API is what checks it.
func (w *World) peek(tok string) (jwt.MapClaims, bool) {
	if strings.Count(tok, ".") != 2 {
		return nil, false
	}
	pc := &w.peeked
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if c, ok := pc.claims[tok]; ok {
		return c, true
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
		return nil, false
	}
	if pc.claims == nil || len(pc.claims) >= peekCacheSize {
		pc.claims = make(map[string]jwt.MapClaims, peekCacheSize)
	}
	pc.claims[tok] = claims
	return claims, true
}

// claimTime reads a NumericDate claim such as exp or iat.
func claimTime(c jwt.MapClaims, name string) (time.Time, bool) {
	f, ok := c[name].(float64)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0).UTC(), true
}

// jwtLifetime reads a JWT's iat and exp from one unverified parse; ok
// reports whether tok is a JWT with an exp.
func (w *World) jwtLifetime(tok string) (iat, exp time.Time, ok bool) {
	c, ok := w.peek(tok)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	iat, _ = claimTime(c, "iat")
	exp, ok = claimTime(c, "exp")
	return iat, exp, ok
}

// TokenExpiry reports when tok expires: its exp claim for a JWT, or what
// the issuer recorded for an opaque refresh token.
func (w *World) TokenExpiry(tok string) (time.Time, bool) {
	if _, exp, ok := w.jwtLifetime(tok); ok {
		return exp, true
	}
	info, ok := w.Issuer.RefreshInfo(tok)
	return info.Expires, ok
}

// tokenID names a token in events: a JWT's jti, or an opaque refresh
// token's short id.
func tokenID(w *World, tok string) string {
	if c, ok := w.peek(tok); ok {
		if id, ok := c["jti"].(string); ok {
			return id
		}
	}
	if info, ok := w.Issuer.RefreshInfo(tok); ok {
		return info.ID
	}
	return ""
}

// TokenID names a token as the log does.
func (w *World) TokenID(tok string) string { return tokenID(w, tok) }

// TokenState describes tok as a learner would: valid, expired, rotated-out,
// revoked or denied. It asks the issuer, which knows more than the API.
func (w *World) TokenState(tok string) issuer.TokenState {
	if tok == "" {
		return ""
	}
	if c, ok := w.peek(tok); ok {
		if jti, _ := c["jti"].(string); strings.HasPrefix(jti, "at-") {
			return w.Issuer.AccessState(jti)
		}
		// A stateless refresh token: only its exp can end it.
		if exp, ok := claimTime(c, "exp"); ok && !w.Clock.Now().Before(exp) {
			return issuer.StateExpired
		}
		return issuer.StateActive
	}
	info, _ := w.Issuer.RefreshInfo(tok)
	return info.State
}
