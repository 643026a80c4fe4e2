package issuer

import (
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/dpop"
)

// NonceLifetime is how long the issuer hands out one DPoP nonce, on the
// simulated clock. A nonce is honoured for two lifetimes from when it was
// made, so a client that just received one never races its replacement
// (RFC 9449 §8.2).
const NonceLifetime = 5 * time.Minute

// nonces are the issuer's DPoP nonces: the one it hands out now and the
// one before it. Callers hold iss.mu.
type nonces struct {
	cur, prev           string
	curSince, prevSince time.Time // when each was made
}

// currentNonce returns the nonce to hand out at now, making a new one
// when the current one is a lifetime old. Callers hold iss.mu.
func (iss *Issuer) currentNonce(now time.Time) string {
	n := &iss.nonces
	if n.cur == "" || !now.Before(n.curSince.Add(NonceLifetime)) {
		n.prev, n.prevSince = n.cur, n.curSince
		n.cur, n.curSince = "n-"+iss.randomToken(12), now
	}
	return n.cur
}

// nonceOK reports whether a proof's nonce is one the issuer made and
// still honours at now. Callers hold iss.mu.
func (iss *Issuer) nonceOK(now time.Time) func(string) bool {
	return func(nonce string) bool {
		n := &iss.nonces
		iss.currentNonce(now)
		fresh := func(made time.Time) bool { return now.Before(made.Add(2 * NonceLifetime)) }
		return nonce != "" && (nonce == n.cur || nonce == n.prev && fresh(n.prevSince))
	}
}

// boundRefresh reports whether form redeems a refresh token bound to a
// key: on record for an opaque one, in its cnf claim for a stateless one
// (read without verifying: the grant verifies it). Callers hold iss.mu.
func (iss *Issuer) boundRefresh(form url.Values) bool {
	tok := form.Get("refresh_token")
	if form.Get("grant_type") != "refresh_token" || tok == "" {
		return false
	}
	if rec, ok := iss.store.refresh[hashToken(tok)]; ok {
		return rec.family.jkt != ""
	}
	var claims refreshClaims
	_, _, err := jwt.NewParser().ParseUnverified(tok, &claims)
	return err == nil && claims.Cnf != nil
}

// checkProof checks the DPoP proof of a token request (RFC 9449 §5) and
// returns the thumbprint of its key, or "" for a request without one.
// While the policy binds nothing, a proof is checked only for a refresh
// token bound while it did, and asks for no nonce; otherwise it is
// ignored, as a server without DPoP ignores it, and costs no signature
// check. A refusal says, in its reason, whether the client should simply
// retry with the nonce that comes with it. Callers hold iss.mu.
func (iss *Issuer) checkProof(r *http.Request, c client, form url.Values, now time.Time) (string, *Error) {
	headers := r.Header.Values("DPoP")
	switch {
	case len(headers) == 0 && iss.policy.DPoP == DPoPRequired && c.secret == "":
		return "", dpopErr(ReasonDPoPRequired, "this issuer binds every token of a public client to its key: send a DPoP proof")
	case len(headers) == 0:
		return "", nil
	case !iss.policy.dpopEnabled() && !iss.boundRefresh(form):
		return "", nil
	}
	want := dpop.Want{HTM: http.MethodPost, HTU: dpop.RequestURI(r, iss.url, PathToken)}
	if iss.policy.dpopEnabled() {
		want.Nonce = iss.nonceOK(now)
	}
	jkt, err := iss.dpop.Check(headers, want, now)
	switch dpop.FaultOf(err) {
	case "":
		return jkt, nil
	case dpop.FaultNonce:
		e := oauthErr(ErrUseDPoPNonce, "send the proof again with the nonce in the DPoP-Nonce header")
		e.Reason = ReasonDPoPNonce
		return "", e
	case dpop.FaultReplay:
		return "", dpopErr(ReasonDPoPReplay, err.Error())
	case dpop.FaultBusy:
		e := oauthErr(ErrTemporarilyUnavailable, err.Error())
		e.Status, e.Reason = http.StatusServiceUnavailable, ReasonDPoPBusy
		return "", e
	}
	return "", dpopErr(ReasonDPoPProof, err.Error())
}

// binding is the key thumbprint new tokens are bound to: the proof's,
// while the policy binds tokens at all.
func (iss *Issuer) binding(jkt string) string {
	if !iss.policy.dpopEnabled() {
		return ""
	}
	return jkt
}
