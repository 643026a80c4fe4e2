// Package issuer is tokenflow's authorization server: a real OAuth 2.0
// issuer (an http.Handler) whose clock and randomness are injected, so that
// a simulated world can fast-forward through token lifetimes.
//
// It implements the authorization-code grant with PKCE (RFC 6749 §4.1,
// RFC 7636, S256 only), the refresh-token grant (RFC 6749 §6) with
// refresh-token rotation and reuse detection in token families
// (RFC 9700 §4.14), revocation (RFC 7009), introspection (RFC 7662),
// authorization-server metadata (RFC 8414) and a JWKS (RFC 7517). Access
// tokens are JWTs in the RFC 9068 profile.
//
// Every behaviour a lesson contrasts is a Policy: token lifetimes, rotation,
// reuse detection and its grace period, the access-token denylist, the
// signing algorithm, and the naive "stateless" JWT refresh token.
package issuer
