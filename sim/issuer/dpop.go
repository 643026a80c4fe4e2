package issuer

import (
	"net/http"
	"time"

	"github.com/tokenflow/tokenflow/sim/dpop"
)

// NonceLifetime is how long a DPoP nonce the issuer hands out is good
// for, on the simulated clock: the current one and the one before it are
// accepted, so a client never races a rotation (RFC 9449 §8).
const NonceLifetime = 5 * time.Minute

// nonces are the issuer's DPoP nonces. Callers hold iss.mu.
type nonces struct {
	cur, prev string
	since     time.Time // when cur was made
}

// current returns the nonce to hand out at now, making a new one when the
// current one is a lifetime old. Callers hold iss.mu.
func (iss *Issuer) currentNonce(now time.Time) string {
	n := &iss.nonces
	if n.cur == "" || !now.Before(n.since.Add(NonceLifetime)) {
		n.prev, n.cur, n.since = n.cur, "n-"+iss.randomToken(12), now
	}
	return n.cur
}

// nonceOK reports whether a proof's nonce is one the issuer handed out and
// still honours. Callers hold iss.mu.
func (iss *Issuer) nonceOK(now time.Time) func(string) bool {
	return func(nonce string) bool {
		cur := iss.currentNonce(now)
		return nonce == cur || (nonce == iss.nonces.prev && now.Before(iss.nonces.since.Add(NonceLifetime)))
	}
}

// requestURI is the URI a request reached, as its proof's htu must name
// it: the one the client sent, when the request carries it whole (the
// in-process transport), else the issuer's own address for path (a real
// server knows its public address better than the Host header does).
func requestURI(r *http.Request, base, path string) string {
	if r.URL.Scheme != "" && r.URL.Host != "" {
		return r.URL.Scheme + "://" + r.URL.Host + r.URL.Path
	}
	return base + path
}

// checkProof checks the DPoP proof of a token request (RFC 9449 §5) and
// returns the thumbprint of its key, or "" for a request that gets bearer
// tokens. A refusal says, in its reason, whether the client should simply
// retry with the nonce that comes with it. Callers hold iss.mu.
func (iss *Issuer) checkProof(r *http.Request, c client, now time.Time) (string, *Error) {
	headers := r.Header.Values("DPoP")
	switch {
	case !iss.policy.dpopEnabled():
		return "", nil // a server that does not do DPoP ignores proofs
	case len(headers) == 0 && iss.policy.DPoP == DPoPRequired && c.secret == "":
		return "", dpopErr(ReasonDPoPRequired, "this issuer binds every token of a public client to its key: send a DPoP proof")
	case len(headers) == 0:
		return "", nil
	}
	want := dpop.Want{HTM: http.MethodPost, HTU: requestURI(r, iss.url, PathToken), Nonce: iss.nonceOK(now)}
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
	}
	return "", dpopErr(ReasonDPoPProof, err.Error())
}
