package sim

import (
	"net/url"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// JudgeNow returns now by the clock that decides whether a token of kind
// still works, and whose clock it is. An access token is the API's to
// judge: it checks exp by itself (RFC 9068 §4), on its own clock, and its
// leeway counts as that clock running as much behind (RFC 7519 §4.1.4).
// A refresh token is the issuer's alone, and an ID token the app's
// (OpenID Connect Core §3.1.3.7). With skewed clocks these differ from the
// world's, and a token drawn on one clock and marked by another would be
// "valid" beside a bar that reads "expired".
func (w *World) JudgeNow(kind issuer.TokenKind) (time.Time, Actor) {
	switch kind {
	case issuer.AccessToken:
		return w.apiNow().Add(-w.cfg.Policy.Leeway), ActorAPI
	case issuer.RefreshToken:
		return w.issuerNow(), ActorIssuer
	}
	return w.clientNow(), ActorClient
}

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

// Binding is whose DPoP key a token is bound to (RFC 9449), as the wallet
// marks it.
type Binding string

// Bindings.
const (
	BindingNone     Binding = ""         // a bearer token: whoever holds it can use it
	BindingApp      Binding = "app"      // the app's key, which never leaves it
	BindingAttacker Binding = "attacker" // the attacker's own key, from a flow it ran itself
	BindingOther    Binding = "other"    // a key neither of them holds: an outside client's
)

// TokenBinding reports whose key tok is bound to.
func (w *World) TokenBinding(tok string) Binding {
	switch jkt := w.boundTo(tok); jkt {
	case "":
		return BindingNone
	case w.Client.dpop.thumbprint():
		return BindingApp
	case w.Attacker.dpop.thumbprint():
		return BindingAttacker
	}
	return BindingOther
}

// LastProof is the DPoP proof the app sent with its current access token
// on its latest API call, for the inspector: "" when it has made none.
func (c *Client) LastProof() string {
	if c.lastProof.token != c.AccessToken {
		return ""
	}
	return c.lastProof.proof
}

// ToApp reports whether x went to the app's own origin, where its
// backend-for-frontend answers, rather than to the issuer or the API.
func (x *Exchange) ToApp() bool {
	u, err := url.Parse(x.URL)
	return err == nil && isApp(u)
}
