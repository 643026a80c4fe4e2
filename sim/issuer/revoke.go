package issuer

import (
	"net/http"
	"strings"
	"time"
)

// handleRevoke is the revocation endpoint (RFC 7009 §2). It answers 200
// for any token the client may hold, known or not (§2.2): an error would
// tell an attacker which guesses are live, and the client's goal — the
// token no longer works — is met either way.
func (iss *Issuer) handleRevoke(w http.ResponseWriter, r *http.Request) {
	c, tok, e := tokenForm(w, r, nil)
	if e != nil {
		writeError(w, e)
		return
	}
	// token_type_hint is only a hint, and an invalid one "is ignored"
	// (§2.2): every kind of token is looked up anyway.
	iss.mu.Lock()
	events, e := iss.revoke(c, tok, iss.now())
	iss.mu.Unlock()
	iss.emit(events)
	if e != nil {
		writeError(w, e)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// revoke takes tok out of service if it can. Callers hold iss.mu.
func (iss *Issuer) revoke(c client, tok string, now time.Time) ([]Event, *Error) {
	// §2.1: the server checks that the token was issued to the client
	// asking, and refuses the request when it was not.
	notYours := oauthErr(ErrUnauthorizedClient, "the token was not issued to client "+c.id)
	if rec, ok := iss.store.refresh[hashToken(tok)]; ok {
		if rec.family.clientID != c.id {
			return nil, notYours
		}
		// Revoking a refresh token ends the whole login (§2.1 lets the
		// server revoke related tokens; RFC 9700 §4.14.2 wants the family).
		return iss.store.revokeFamily(rec.family, now, "revoked by the client (RFC 7009)", iss.policy.Denylist), nil
	}
	if strings.Count(tok, ".") != 2 {
		return nil, nil // unknown: 200, as §2.2 says
	}
	claims, kind, err := iss.parseOwnJWT(tok, now, false)
	if err != nil {
		return nil, nil
	}
	if claims.ClientID != c.id {
		return nil, notYours
	}
	if kind == RefreshToken {
		// §2.2.1: unsupported_token_type is the honest answer of a server
		// that cannot revoke this type of token.
		return []Event{{Kind: EventRevokeNoop, At: now, ClientID: c.id, Subject: claims.Subject,
				TokenKind: RefreshToken, ID: claims.ID,
				Detail: "stateless refresh token: the server keeps no record, so it cannot revoke it; it stays valid until exp"}},
			oauthErr(ErrUnsupportedTokenType, "stateless refresh tokens cannot be revoked: the server keeps no record of them")
	}
	rec, ok := iss.store.access[claims.ID]
	if !ok || !now.Before(rec.expires.Add(iss.policy.Leeway)) {
		return nil, nil // past what the API accepts: nothing left to revoke
	}
	ev, ok := iss.store.revokeAccess(rec, now, Event{ClientID: c.id, Subject: claims.Subject}, "access token "+rec.jti, iss.policy.Denylist)
	if !ok {
		// RFC 7009 §2.2.1: 503 says the token may still be valid and the
		// client may try again, which is the truth until entries expire.
		e := oauthErr(ErrTemporarilyUnavailable, "the denylist is full: try again once some revoked tokens have expired")
		e.Status = http.StatusServiceUnavailable
		return []Event{ev}, e
	}
	return []Event{ev}, nil
}

// Denied reports whether the access token jti is on the denylist. An entry
// stops mattering once the API's own exp check refuses the token — at exp,
// plus any leeway the policy allows — which is why a denylist stays small.
func (iss *Issuer) Denied(jti string) bool {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	exp, ok := iss.store.denylist[jti]
	if !ok {
		return false
	}
	if !iss.now().Before(exp.Add(iss.policy.Leeway)) {
		delete(iss.store.denylist, jti)
		return false
	}
	return true
}
