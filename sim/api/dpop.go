package api

import (
	"net/http"

	"github.com/tokenflow/tokenflow/sim/dpop"
)

// Authorization schemes the API takes (RFC 6750 §2.1, RFC 9449 §7.1).
const (
	schemeBearer = "Bearer"
	schemeDPoP   = "DPoP"
)

// credential is an access token as a request presented it.
type credential struct {
	scheme string // schemeBearer or schemeDPoP
	token  string
}

// Confirmation is the cnf claim (RFC 7800) of a key-bound access token:
// the thumbprint of the key that must sign every proof sent with it.
type Confirmation struct {
	JKT string `json:"jkt"`
}

// checkBinding decides whether a valid token was presented as its binding
// demands: a bound token only under the DPoP scheme with a fresh proof from
// its key (RFC 9449 §7.1), a bearer token only as Bearer.
func (s *Server) checkBinding(r *http.Request, cred credential, claims *Claims) error {
	switch {
	case cred.scheme == schemeBearer && claims.Cnf != nil:
		// RFC 9449 §7.2: accepting it as a bearer token would make the
		// binding worthless, since a thief has no key to prove.
		return refused(RefusedBoundAsBearer, "the token is bound to a key (cnf.jkt), so it must come as Authorization: DPoP with a proof signed by that key (RFC 9449 §7.2)")
	case cred.scheme == schemeBearer:
		return nil
	case claims.Cnf == nil || claims.Cnf.JKT == "":
		return refused(RefusedNotBound, "the token is not bound to any key: send it as Authorization: Bearer")
	}
	want := dpop.Want{HTM: r.Method, HTU: dpop.RequestURI(r, s.cfg.Issuer, r.URL.Path), ATH: dpop.ATH(cred.token), JKT: claims.Cnf.JKT}
	if _, err := s.proofs.Check(r.Header.Values("DPoP"), want, s.cfg.Now()); err != nil {
		switch dpop.FaultOf(err) {
		case dpop.FaultReplay:
			return refused(RefusedDPoPReplay, "this DPoP proof was already used: each request needs a new one (RFC 9449 §11.1)")
		case dpop.FaultBinding:
			return refused(RefusedDPoPBinding, err.Error())
		case dpop.FaultBusy:
			return refused(RefusedDPoPBusy, err.Error())
		}
		return refused(RefusedDPoPProof, err.Error())
	}
	return nil
}
