// Package issuer is tokenflow's authorization server: a real OAuth 2.0
// issuer (an http.Handler) whose clock and randomness are injected, so that
// a simulated world can fast-forward through token lifetimes.
//
// It implements the authorization-code grant with PKCE (RFC 6749 §4.1,
// RFC 7636, S256 only), the refresh-token grant (RFC 6749 §6) with
// refresh-token rotation and reuse detection in token families
// (RFC 9700 §4.14), revocation (RFC 7009), introspection (RFC 7662),
// authorization-server metadata (RFC 8414) and a JWKS (RFC 7517). Access
// tokens are JWTs in the RFC 9068 profile, bound to the client's key when
// it proves one (DPoP, RFC 9449).
//
// It is an OpenID Provider too: an authorization request for openid gets
// an ID token (OpenID Connect Core 1.0 §3.1), described at
// /.well-known/openid-configuration (Discovery 1.0) and backed by a
// userinfo endpoint (Core §5.3). Signing in starts a session at the issuer,
// a cookie in the user's browser with idle and absolute lifetimes, which
// lets later authorization requests through without the password
// (prompt=none among them) until it ends or the user logs out there
// (RP-Initiated Logout 1.0).
//
// Every behaviour a lesson contrasts is a Policy: token lifetimes, rotation,
// reuse detection and its grace period, the access-token denylist, the
// signing algorithm, the naive "stateless" JWT refresh token, DPoP, and the
// session's lifetimes.
package issuer
