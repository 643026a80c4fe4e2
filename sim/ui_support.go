package sim

import "time"

// TokenLifetime reports when tok was issued and when it expires: its iat
// and exp claims for a JWT, or what the issuer recorded for an opaque
// refresh token. A lifetime bar needs both ends; TokenExpiry gives only exp.
func (w *World) TokenLifetime(tok string) (issued, expires time.Time, ok bool) {
	if iat, exp, ok := w.jwtLifetime(tok); ok {
		return iat, exp, true
	}
	info, ok := w.Issuer.RefreshInfo(tok)
	if !ok {
		return time.Time{}, time.Time{}, false
	}
	return info.IssuedAt, info.Expires, true
}
