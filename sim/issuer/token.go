package issuer

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/clock"
)

// TokenResponse is a successful token-endpoint answer (RFC 6749 §5.1).
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	// IDToken answers a code grant whose request asked for openid
	// (OIDC Core §3.1.3.3). A refresh returns none: §12.2 lets an issuer
	// send a new one or not, and this one does not, so a client keeps the
	// ID token of its login.
	IDToken string `json:"id_token,omitempty"`
}

// AccessClaims are the claims of an RFC 9068 JWT access token, as read
// back when introspecting.
type AccessClaims struct {
	jwt.RegisteredClaims
	ClientID string        `json:"client_id"`
	Scope    string        `json:"scope"`
	Cnf      *Confirmation `json:"cnf,omitempty"`
}

// Confirmation is the cnf claim (RFC 7800) of a key-bound token: the
// thumbprint of the key it is bound to (RFC 9449 §6).
type Confirmation struct {
	JKT string `json:"jkt"`
}

// handleToken is the token endpoint (RFC 6749 §3.2).
func (iss *Issuer) handleToken(w http.ResponseWriter, r *http.Request) {
	c, form, e := clientForm(w, r)
	if e != nil {
		if e.Reason != "" {
			// A confidential client's grant without its secret is worth
			// a line in the audit log: someone holds what is not theirs.
			iss.emit([]Event{refusal(iss.now(), e)})
		}
		writeError(w, e)
		return
	}
	resp, events, nonce, e := iss.grantWithProof(r, c, form)
	if nonce != "" {
		// RFC 9449 §8: the nonce to use next, on an error asking for one
		// and on a success alike.
		w.Header().Set("DPoP-Nonce", nonce)
	}
	if e != nil && len(events) == 0 {
		// A refusal that no event explains (reuse and a replayed code have
		// their own) is logged with its reason, as an issuer's audit log does.
		events = []Event{refusal(iss.now(), e)}
	}
	iss.emit(events)
	if e != nil {
		writeError(w, e)
		return
	}
	writeTokenResponse(w, resp)
}

// refusal is the audit-log event of a refused token request.
func refusal(at time.Time, e *Error) Event {
	return Event{Kind: EventRefused, At: at, Reason: e.Reason, Detail: "refused: " + string(e.Code) + " (" + e.Description + ")"}
}

// writeTokenResponse answers a successful grant. It is the hot path of
// every refresh, so the JSON is written by hand; every value is ours and
// goes through appendJSONString.
func writeTokenResponse(w http.ResponseWriter, tr *TokenResponse) {
	b := make([]byte, 0, 160+len(tr.AccessToken)+len(tr.RefreshToken)+len(tr.IDToken))
	b = append(b, `{"access_token":`...)
	b = appendJSONString(b, tr.AccessToken)
	b = append(b, `,"token_type":`...)
	b = appendJSONString(b, tr.TokenType)
	b = append(b, `,"expires_in":`...)
	b = strconv.AppendInt(b, tr.ExpiresIn, 10)
	if tr.RefreshToken != "" {
		b = append(b, `,"refresh_token":`...)
		b = appendJSONString(b, tr.RefreshToken)
	}
	b = append(b, `,"scope":`...)
	b = appendJSONString(b, tr.Scope)
	if tr.IDToken != "" {
		b = append(b, `,"id_token":`...)
		b = appendJSONString(b, tr.IDToken)
	}
	b = append(b, "}\n"...)
	setNoStoreJSON(w.Header())
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// grantWithProof checks the request's DPoP proof, if it has one or the
// policy demands one, then runs the grant; it returns the nonce the client
// should send next, if any.
func (iss *Issuer) grantWithProof(r *http.Request, c client, form url.Values) (*TokenResponse, []Event, string, *Error) {
	iss.mu.Lock()
	now := iss.now()
	var nonce string
	if iss.policy.dpopEnabled() {
		nonce = iss.currentNonce(now)
	}
	jkt, e := iss.checkProof(r, c, form, now)
	iss.mu.Unlock()
	if e != nil {
		return nil, nil, nonce, e
	}
	resp, events, e := iss.grant(c, form, jkt)
	return resp, events, nonce, e
}

func (iss *Issuer) grant(c client, form url.Values, jkt string) (*TokenResponse, []Event, *Error) {
	gt := form.Get("grant_type")
	switch gt {
	case "":
		return nil, nil, oauthErr(ErrInvalidRequest, "grant_type is missing")
	case "authorization_code", "refresh_token":
	default:
		return nil, nil, oauthErr(ErrUnsupportedGrantType, "grant_type "+gt+" is not supported")
	}
	if !c.allows(gt) {
		return nil, nil, oauthErr(ErrUnauthorizedClient, "client "+c.id+" may not use "+gt)
	}
	iss.mu.Lock()
	defer iss.mu.Unlock()
	now := iss.now()
	iss.collect(now)
	if gt == "authorization_code" {
		return iss.codeGrant(c, form, iss.binding(jkt), now)
	}
	events := iss.noteRefresh(c, form.Get("refresh_token"), now)
	resp, more, e := iss.refreshGrant(c, form, jkt, now)
	return resp, append(events, more...), e
}

// codeGrant redeems an authorization code (RFC 6749 §4.1.3) after checking
// the PKCE verifier (RFC 7636 §4.6). Callers hold iss.mu.
func (iss *Issuer) codeGrant(c client, form url.Values, jkt string, now time.Time) (*TokenResponse, []Event, *Error) {
	code, redirectURI, verifier := form.Get("code"), form.Get("redirect_uri"), form.Get("code_verifier")
	switch {
	case code == "":
		return nil, nil, oauthErr(ErrInvalidRequest, "code is missing")
	case redirectURI == "":
		return nil, nil, oauthErr(ErrInvalidRequest, "redirect_uri is missing")
	case verifier == "":
		return nil, nil, oauthErr(ErrInvalidRequest, "code_verifier is missing (PKCE is required)")
	case !validVerifier(verifier):
		return nil, nil, oauthErr(ErrInvalidRequest, "code_verifier must be 43-128 unreserved characters (RFC 7636 §4.1)")
	}
	ac, ok := iss.codes[code]
	if !ok {
		return nil, nil, oauthErr(ErrInvalidGrant, "unknown authorization code")
	}
	if ac.clientID != c.id {
		// Another client's code: refuse without touching it, so that a
		// stranger cannot burn or revoke someone else's login.
		return nil, nil, oauthErr(ErrInvalidGrant, "authorization code was issued to another client")
	}
	if ac.used {
		// RFC 6749 §4.1.2: a code used twice is a sign of theft; deny it and
		// revoke what the first redemption produced.
		events := []Event{{Kind: EventCodeReplayed, At: now, ClientID: c.id, Subject: ac.subject,
			Detail: "authorization code presented a second time"}}
		if ac.family != nil {
			events = append(events, iss.store.revokeFamily(ac.family, now,
				"authorization code replayed", iss.policy.Denylist)...)
		}
		return nil, events, oauthErr(ErrInvalidGrant, "authorization code already used")
	}
	if !now.Before(ac.expires) {
		delete(iss.codes, code)
		return nil, nil, oauthErr(ErrInvalidGrant, "authorization code expired")
	}
	// From here on a failure uses the code up: guessing verifiers against
	// one code must not be possible (RFC 7636 §4.6 gives one comparison).
	ac.used = true
	if ac.redirectURI != redirectURI {
		return nil, nil, oauthErr(ErrInvalidGrant, "redirect_uri does not match the authorization request")
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(b64url(sum[:])), []byte(ac.challenge)) != 1 {
		return nil, nil, oauthErr(ErrInvalidGrant, "code_verifier does not match code_challenge")
	}
	resp, fam, events, err := iss.issue(c, ac.subject, ac.scope, jkt, now)
	if err != nil {
		return nil, events, err
	}
	ac.family = fam
	if fam != nil {
		// A replay of the code must revoke fam for as long as fam matters.
		fam.code = code
		fam.session = ac.session
	}
	if hasScope(ac.scope, ScopeOpenID) {
		idt, ev, err := iss.mintIDToken(c.id, ac, resp.AccessToken, now)
		if err != nil {
			return nil, events, err
		}
		resp.IDToken = idt
		events = append(events, ev)
	}
	return resp, events, nil
}

func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		ch := v[i]
		if !('A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' ||
			ch == '-' || ch == '.' || ch == '_' || ch == '~') {
			return false
		}
	}
	return true
}

// issue mints an access token and a first refresh token for a new login.
// Callers hold iss.mu.
func (iss *Issuer) issue(c client, subject, scope, jkt string, now time.Time) (*TokenResponse, *family, []Event, *Error) {
	clientID := c.id
	var fam *family
	var events []Event
	var rt string
	if iss.policy.RefreshFormat == RefreshStateless {
		var e *Error
		rt, events, e = iss.mintStatelessRefresh(clientID, subject, scope, refreshBinding(c, jkt), now)
		if e != nil {
			return nil, nil, events, e
		}
	} else {
		fam = &family{
			id: "fam-" + iss.randomToken(6), clientID: clientID, subject: subject, scope: scope,
			created: now, absExpiry: now.Add(iss.policy.FamilyLifetime),
		}
		fam.jkt = refreshBinding(c, jkt)
		iss.store.addFamily(fam)
		var ev Event
		rt, ev = iss.mintRefresh(fam, nil, now)
		events = append(events, ev)
	}
	at, ev, e := iss.mintAccess(clientID, subject, scope, iss.audience, fam, jkt, now)
	if e != nil {
		return nil, nil, events, e
	}
	if fam != nil {
		iss.pairAccess(fam.latest(), ev)
	}
	events = append([]Event{ev}, events...)
	return iss.tokenResponse(at, rt, scope, jkt), fam, events, nil
}

// refreshBinding is the key thumbprint a client's refresh tokens are
// bound to: RFC 9449 §5 binds a public client's to the key its proof was
// signed with; a confidential client's are bound by its authentication
// already.
func refreshBinding(c client, jkt string) string {
	if c.secret != "" {
		return ""
	}
	return jkt
}

// tokenResponse is the answer to a grant that minted access token at, and
// refresh token rt when there is one to hand out. Callers hold iss.mu.
func (iss *Issuer) tokenResponse(at, rt, scope, jkt string) *TokenResponse {
	typ := "Bearer"
	if jkt != "" {
		typ = "DPoP" // RFC 9449 §5: a bound token says so
	}
	return &TokenResponse{AccessToken: at, TokenType: typ,
		ExpiresIn: int64(iss.policy.AccessTTL / time.Second), RefreshToken: rt, Scope: scope}
}

// mintAccess signs an RFC 9068 access token. Callers hold iss.mu.
func (iss *Issuer) mintAccess(clientID, subject, scope, audience string, fam *family, jkt string, now time.Time) (string, Event, *Error) {
	method, key, kid, err := iss.keys.signer(iss.policy.Alg)
	if err != nil {
		return "", Event{}, serverErr("the issuer cannot sign right now", err)
	}
	jti := "at-" + iss.randomToken(9)
	exp := now.Add(iss.policy.AccessTTL)
	// RFC 9068 §2.1: typ at+jwt tells access tokens apart from ID tokens.
	signed, err := encodeJWT(method, key, kid, "at+jwt", accessClaimsJSON(iss.url, subject, audience, clientID, scope, jti, jkt, now, exp))
	if err != nil {
		return "", Event{}, serverErr("the issuer cannot sign right now", err)
	}
	iss.store.addAccess(&accessRecord{jti: jti, family: fam, expires: exp})
	ev := Event{Kind: EventTokenIssued, At: now, ClientID: clientID, Subject: subject,
		TokenKind: AccessToken, Token: signed, ID: jti, Expires: exp,
		Detail: "access token " + jti + " (" + string(iss.policy.Alg) + "), expires in " + clock.FormatDuration(iss.policy.AccessTTL)}
	if jkt != "" {
		ev.Detail += ", bound to the requester's DPoP key"
	}
	if fam != nil {
		ev.FamilyID = fam.id
		ev.Generation = fam.latest().generation
	}
	return signed, ev, nil
}

// mintRefresh adds the next generation to fam, minted from parent (nil at
// sign-in). The token's idle lifetime counts from its own issue but never
// passes the family's absolute expiry, which a fresh rotated expiry moves
// on first. Callers hold iss.mu.
func (iss *Issuer) mintRefresh(fam *family, parent *refreshRecord, now time.Time) (string, Event) {
	if parent != nil && iss.policy.RotatedExpiry == ExpiryFresh {
		fam.absExpiry = now.Add(iss.policy.FamilyLifetime)
	}
	tok := iss.randomToken(32)
	exp := iss.policy.refreshExpiry(fam.absExpiry, now)
	rec := &refreshRecord{hash: hashToken(tok), family: fam, generation: len(fam.tokens) + 1,
		parent: parent, issuedAt: now, expires: exp}
	iss.store.addRefresh(rec)
	return tok, Event{Kind: EventTokenIssued, At: now, ClientID: fam.clientID, Subject: fam.subject,
		TokenKind: RefreshToken, Token: tok, ID: rec.hash.shortID(), FamilyID: fam.id,
		Generation: rec.generation, Expires: exp,
		Detail: "refresh token " + rec.hash.shortID() + " (generation " + itoa(rec.generation) + " of " + fam.id + ")"}
}
