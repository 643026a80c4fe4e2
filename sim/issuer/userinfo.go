package issuer

import (
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/challenge"
	"github.com/tokenflow/tokenflow/sim/dpop"
)

// Reasons the userinfo endpoint refuses an access token.
const (
	ReasonUserinfoRevoked Reason = "userinfo-revoked" // its login, or the token itself, was revoked
	ReasonUserinfoInvalid Reason = "userinfo-refused" // missing, expired, not ours, not an access token, or a bad proof
	ReasonUserinfoScope   Reason = "userinfo-scope"   // valid, but without the openid scope
)

// UserInfo is the userinfo endpoint's answer (OIDC Core §5.3.2): sub
// always, name with the profile scope, email with the email scope
// (§5.4).
type UserInfo struct {
	Subject       string `json:"sub"`
	Name          string `json:"name,omitempty"`
	Email         string `json:"email,omitempty"`
	EmailVerified bool   `json:"email_verified,omitempty"`
}

// userDirectory is what the issuer knows of each account it signs in.
var userDirectory = map[string]struct{ name, email string }{
	DemoUser: {"Alice Liddell", "alice@wonderland.example"},
}

// userinfoError is a refusal of the userinfo endpoint: the status, the
// RFC 6750 §3 error code, a description, and the reason for the log.
type userinfoError struct {
	status int
	code   string
	desc   string
	reason Reason
}

func (e *userinfoError) Error() string { return e.desc }

func invalidToken(desc string) *userinfoError {
	return &userinfoError{status: http.StatusUnauthorized, code: "invalid_token", desc: desc, reason: ReasonUserinfoInvalid}
}

// handleUserinfo is the userinfo endpoint (OIDC Core §5.3): an access
// token with the openid scope, by GET or POST (§5.3.1), as an
// Authorization header or, in a POST, as the access_token form field
// (RFC 6750 §2.2). A bound token comes under the DPoP scheme with a
// proof, as at the API (RFC 9449 §7). Unlike the API, which checks JWTs
// by itself, the issuer knows what it revoked: a revoked login's access
// token is refused here while the API still takes it.
func (iss *Issuer) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, oauthErr(ErrInvalidRequest, "use GET or POST"))
		return
	}
	now := iss.now()
	usedDPoP, tok, e := userinfoCredential(w, r)
	var info UserInfo
	if e == nil {
		iss.mu.Lock()
		info, e = iss.userinfo(r, usedDPoP, tok, now)
		iss.mu.Unlock()
	}
	if e != nil {
		iss.emit([]Event{{Kind: EventUserinfo, At: now, Reason: e.reason, Detail: "userinfo refused: " + e.desc}})
		iss.refuseUserinfo(w, usedDPoP, e)
		return
	}
	iss.emit([]Event{{Kind: EventUserinfo, At: now, Subject: info.Subject, Detail: "userinfo answered who " + info.Subject + " is"}})
	writeJSON(w, http.StatusOK, info)
}

// userinfoCredential finds the access token of a userinfo request and
// whether it came under the DPoP scheme. More than one way of sending a
// token is a malformed request (RFC 6750 §2); none at all is e with an
// empty code, answered with a bare challenge (§3.1).
func userinfoCredential(w http.ResponseWriter, r *http.Request) (bool, string, *userinfoError) {
	malformed := func(desc string) *userinfoError {
		return &userinfoError{status: http.StatusBadRequest, code: "invalid_request", desc: desc, reason: ReasonUserinfoInvalid}
	}
	var usedDPoP bool
	var tok string
	switch h := r.Header.Values("Authorization"); len(h) {
	case 0:
	case 1:
		scheme, rest, _ := strings.Cut(strings.TrimSpace(h[0]), " ")
		usedDPoP = strings.EqualFold(scheme, "DPoP")
		if usedDPoP || strings.EqualFold(scheme, "Bearer") {
			if tok = strings.TrimSpace(rest); tok == "" {
				return usedDPoP, "", malformed("the access token is empty")
			}
		}
	default:
		return false, "", malformed("more than one Authorization header")
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Method == http.MethodPost && mt == "application/x-www-form-urlencoded" {
		form, fe := readForm(w, r)
		if fe != nil {
			e := malformed(fe.Description)
			e.status = fe.Status
			return usedDPoP, "", e
		}
		if v, ok := form["access_token"]; ok {
			if tok != "" {
				return usedDPoP, "", malformed("send the access token one way, not two (RFC 6750 §2)")
			}
			tok = v[0]
		}
	}
	if tok == "" {
		return usedDPoP, "", &userinfoError{status: http.StatusUnauthorized, desc: "no access token", reason: ReasonUserinfoInvalid}
	}
	return usedDPoP, tok, nil
}

// userinfo checks tok and says who it belongs to. Callers hold iss.mu.
func (iss *Issuer) userinfo(r *http.Request, usedDPoP bool, tok string, now time.Time) (UserInfo, *userinfoError) {
	claims, kind, err := iss.parseOwnJWT(tok, now, true)
	if err != nil || kind != AccessToken {
		return UserInfo{}, invalidToken("the token is not a valid access token of this issuer")
	}
	if !slices.Contains(claims.Audience, iss.audience) {
		// RFC 9068 §4: a token minted for another resource is not one
		// for this one, userinfo included.
		return UserInfo{}, invalidToken("the access token is meant for another API (aud)")
	}
	rec, ok := iss.store.access[claims.ID]
	switch {
	case !ok:
		return UserInfo{}, invalidToken("the issuer has no record of this access token")
	case rec.revoked || rec.denied || rec.family != nil && rec.family.revoked:
		e := invalidToken("the access token was revoked")
		e.reason = ReasonUserinfoRevoked
		return UserInfo{}, e
	}
	if e := iss.checkUserinfoBinding(r, usedDPoP, tok, claims.Cnf, now); e != nil {
		return UserInfo{}, e
	}
	if !hasScope(claims.Scope, ScopeOpenID) {
		return UserInfo{}, &userinfoError{status: http.StatusForbidden, code: "insufficient_scope",
			desc: "the access token lacks the openid scope", reason: ReasonUserinfoScope}
	}
	info := UserInfo{Subject: claims.Subject}
	who := userDirectory[claims.Subject]
	if hasScope(claims.Scope, DefaultScope) {
		info.Name = who.name
	}
	if hasScope(claims.Scope, ScopeEmail) && who.email != "" {
		info.Email, info.EmailVerified = who.email, true
	}
	return info, nil
}

// checkUserinfoBinding holds a bound token to its key, as the API does
// (RFC 9449 §7): the DPoP scheme and a fresh proof signed by the key in
// cnf.jkt, and a bearer token only as Bearer. Callers hold iss.mu.
func (iss *Issuer) checkUserinfoBinding(r *http.Request, usedDPoP bool, tok string, cnf *Confirmation, now time.Time) *userinfoError {
	switch {
	case !usedDPoP && cnf != nil:
		return invalidToken("the token is bound to a key, so it must come as Authorization: DPoP with a proof (RFC 9449 §7.2)")
	case !usedDPoP:
		return nil
	case cnf == nil || cnf.JKT == "":
		return invalidToken("the token is not bound to any key: send it as Authorization: Bearer")
	}
	want := dpop.Want{HTM: r.Method, HTU: dpop.RequestURI(r, iss.url, PathUserinfo), ATH: dpop.ATH(tok), JKT: cnf.JKT}
	if _, err := iss.dpop.Check(r.Header.Values("DPoP"), want, now); err != nil {
		e := invalidToken(err.Error())
		switch dpop.FaultOf(err) {
		case dpop.FaultBinding:
		case dpop.FaultBusy:
			e.status, e.code = http.StatusServiceUnavailable, string(ErrTemporarilyUnavailable)
		default:
			e.code = "invalid_dpop_proof"
		}
		return e
	}
	return nil
}

// refuseUserinfo answers a refusal with its challenge (RFC 6750 §3):
// bare when no token came, with the error otherwise; 403 names the scope
// that was missing.
func (iss *Issuer) refuseUserinfo(w http.ResponseWriter, usedDPoP bool, e *userinfoError) {
	offerDPoP := usedDPoP || iss.Policy().dpopEnabled()
	if e.code == "" {
		challenge.Write(w.Header(), usedDPoP, offerDPoP, "")
		writeJSON(w, e.status, map[string]string{"error_description": e.desc})
		return
	}
	params := challenge.Error(e.code, e.desc)
	if e.code == "insufficient_scope" {
		params += `, scope="` + ScopeOpenID + `"`
	}
	challenge.Write(w.Header(), usedDPoP, offerDPoP, params)
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.desc})
}
