package issuer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/clock"
)

func itoa(n int) string { return strconv.Itoa(n) }

// familyBinding is the key thumbprint a refresh of fam binds its tokens
// to: the family's own, or, for a family not bound yet, the key the
// request proved while the policy binds tokens. Callers hold iss.mu.
func (iss *Issuer) familyBinding(fam *family, jkt string) string {
	if fam.jkt != "" {
		return fam.jkt
	}
	return iss.binding(jkt)
}

// bindingRefusal is the error_description for a bound refresh token
// presented without its key's proof.
const bindingRefusal = "this refresh token is bound to a key, and the request's DPoP proof was not signed with it"

// refreshGrant redeems a refresh token (RFC 6749 §6). Callers hold iss.mu.
func (iss *Issuer) refreshGrant(c client, form url.Values, jkt string, now time.Time) (*TokenResponse, []Event, *Error) {
	tok := form.Get("refresh_token")
	if tok == "" {
		return nil, nil, oauthErr(ErrInvalidRequest, "refresh_token is missing")
	}
	if iss.policy.RefreshFormat == RefreshStateless {
		return iss.statelessRefresh(c, tok, form.Get("scope"), jkt, now)
	}
	rec, ok := iss.store.refresh[hashToken(tok)]
	if !ok {
		return nil, nil, grantErr(ReasonRefreshUnknown, "unknown refresh token")
	}
	fam := rec.family
	if fam.clientID != c.id {
		return nil, nil, grantErr(ReasonOtherClient, "refresh token was issued to another client")
	}
	if fam.jkt != "" && jkt != fam.jkt {
		// RFC 9449 §5: only the holder of the key may use a bound refresh
		// token. Without that proof the request is not a use of the token
		// at all, so it changes nothing: no rotation, no reuse alarm.
		return nil, nil, dpopErr(ReasonDPoPBinding, bindingRefusal)
	}
	// RFC 9700 §4.14.2: the token's state comes before anything else the
	// request asks, or a replay with a refused scope would dodge reuse
	// detection.
	if fam.revoked {
		return nil, nil, grantErr(ReasonRefreshRevoked, "refresh token revoked ("+fam.reason+")")
	}
	if !now.Before(fam.absExpiry) {
		return nil, nil, grantErr(ReasonLoginEnded, "login expired: the family's absolute lifetime ended")
	}
	// RFC 9700 §4.14.2 sets no order between expiry and reuse: the
	// policy's ExpiredReplay says whether an expired rotated-out token is
	// still reuse (Ory fosite) or merely expired (Keycloak).
	if !now.Before(rec.expires) && !iss.expiredIsReuse(rec, now) {
		return nil, nil, grantErr(ReasonRefreshExpired, "refresh token expired")
	}
	if rec.used {
		return iss.redeemUsed(c, rec, tok, form.Get("scope"), jkt, now)
	}
	// The access token first: if the issuer cannot sign, nothing has
	// changed, and the client may simply try again with the same token.
	at, ev, bind, e := iss.familyAccess(c, fam, form.Get("scope"), jkt, now)
	if e != nil {
		return nil, nil, e
	}
	events := []Event{ev}
	rt := tok // without rotation, RFC 6749 §6 lets the response repeat it
	if !iss.policy.Rotation {
		iss.pairAccess(rec, ev)
	} else {
		rec.used = true
		rec.usedAt = now
		if p := rec.parent; p != nil {
			// The parent's retry window closes once its child is used.
			p.childUsed, p.sealed = true, nil
		}
		var issued Event
		rt, issued = iss.mintRefresh(fam, rec, now)
		if iss.policy.ReuseGrace > 0 {
			// A retry inside the grace period gets this same answer again;
			// the window is the one in force now, as a token keeps the
			// lifetime it was issued with.
			rec.sealed, rec.graceUntil = seal(tok, rt), now.Add(iss.policy.ReuseGrace)
		}
		iss.pairAccess(fam.latest(), ev)
		events = append(events, Event{Kind: EventRotated, At: now, ClientID: fam.clientID, Subject: fam.subject,
			TokenKind: RefreshToken, ID: rec.hash.shortID(), FamilyID: fam.id, Generation: rec.generation,
			Detail: "generation " + itoa(rec.generation) + " used up; generation " + itoa(fam.latest().generation) + " issued"}, issued)
		events = append(events, iss.revokeIssuedWith(rec, now)...)
	}
	return iss.tokenResponse(at, rt, fam.scope, bind), events, nil
}

// maxPaired bounds the access tokens one refresh token remembers. Without
// rotation, or with grace retries, one refresh token may be redeemed
// without end; only the tokens still on record and unexpired can be
// revoked, and a client holds few of those at once.
const maxPaired = 16

// familyAccess mints the access token of a refresh of fam, held to the
// family's scope, and binds the family as RFC 9449 §5 says: a refresh
// token issued to a public client that proved a key is bound to it, so a
// family from before DPoP was on becomes bound at its first refresh with a
// proof. It returns the token, its event and the thumbprint it is bound
// to. Callers hold iss.mu.
func (iss *Issuer) familyAccess(c client, fam *family, scope, jkt string, now time.Time) (string, Event, string, *Error) {
	if e := checkScope(scope, fam.scope); e != nil {
		return "", Event{}, "", e
	}
	bind := iss.familyBinding(fam, jkt)
	at, ev, e := iss.mintAccess(fam.clientID, fam.subject, fam.scope, iss.audience, fam, bind, now)
	if e != nil {
		return "", Event{}, "", e
	}
	fam.jkt = refreshBinding(c, bind)
	return at, ev, bind, nil
}

// pairAccess notes that the access token whose issue ev tells went out in
// the same answer as refresh token rec. Callers hold iss.mu.
func (iss *Issuer) pairAccess(rec *refreshRecord, ev Event) {
	a, ok := iss.store.access[ev.ID]
	if !ok {
		return
	}
	if len(rec.access) >= maxPaired {
		kept := rec.access[:0]
		for _, old := range rec.access {
			if iss.store.access[old.jti] == old && !old.revoked && ev.At.Before(old.expires) {
				kept = append(kept, old)
			}
		}
		clear(rec.access[len(kept):])
		rec.access = kept
		if len(kept) >= maxPaired {
			// The oldest go first: they expire first.
			n := copy(rec.access, rec.access[len(kept)-maxPaired+1:])
			clear(rec.access[n:])
			rec.access = rec.access[:n]
		}
	}
	rec.access = append(rec.access, a)
}

// revokeIssuedWith revokes, under RotationRevokesAccess, the access
// tokens issued with rec, which has just been redeemed for a successor.
// Ory Hydra does this at every rotation: its strict rotation deletes the
// chain's access tokens, its graceful one the access token stored with
// the refresh token presented (hydra persistence/sql/persister_oauth2.go).
// Callers hold iss.mu.
func (iss *Issuer) revokeIssuedWith(rec *refreshRecord, now time.Time) []Event {
	if !iss.policy.RotationRevokesAccess {
		return nil
	}
	fam := rec.family
	var events []Event
	for _, a := range rec.access {
		if a.revoked || !now.Before(a.expires.Add(iss.policy.Leeway)) {
			continue
		}
		what := "access token " + a.jti + " (issued with generation " + itoa(rec.generation) + ", now rotated)"
		ev, _ := iss.store.revokeAccess(a, now, Event{ClientID: fam.clientID, Subject: fam.subject, FamilyID: fam.id},
			what, iss.policy.Denylist)
		events = append(events, ev)
	}
	rec.access = nil
	return events
}

// seal encrypts a rotated token's successor under a key derived from the
// rotated token itself. The issuer keeps only hashes of refresh tokens, so
// it cannot derive the key at rest; the client retrying with the parent
// brings it. Each parent is rotated once, so each key seals one message
// and a fixed nonce is safe.
func seal(parent, child string) []byte {
	return graceAEAD(parent).Seal(nil, make([]byte, 12), []byte(child), nil)
}

// unseal opens what seal sealed, given the parent token.
func unseal(parent string, sealed []byte) (string, bool) {
	b, err := graceAEAD(parent).Open(nil, make([]byte, 12), sealed, nil)
	return string(b), err == nil
}

func graceAEAD(parent string) cipher.AEAD {
	mac := hmac.New(sha256.New, []byte(parent))
	mac.Write([]byte("tokenflow grace successor"))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		panic("issuer: AES-256 with a 32-byte key cannot fail: " + err.Error())
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("issuer: GCM over AES cannot fail: " + err.Error())
	}
	return aead
}

func checkScope(requested, granted string) *Error {
	if requested == "" {
		return nil
	}
	have := strings.Fields(granted)
	for _, s := range strings.Fields(requested) {
		if !slices.Contains(have, s) {
			// RFC 6749 §6: the scope must not exceed what was originally granted.
			return oauthErr(ErrInvalidScope, "scope "+strconv.Quote(s)+" was not granted")
		}
	}
	return nil
}

// refreshClaims are the claims of the naive design's JWT refresh token.
type refreshClaims struct {
	jwt.RegisteredClaims
	ClientID string        `json:"client_id"`
	Scope    string        `json:"scope"`
	Cnf      *Confirmation `json:"cnf,omitempty"`
}

// mintStatelessRefresh signs the naive design's refresh token: a JWT under a
// second secret, valid for the idle lifetime (or, with none, the absolute
// one), of which the server keeps no record —
// so nothing it does later can take it back. Callers hold iss.mu.
func (iss *Issuer) mintStatelessRefresh(clientID, subject, scope, jkt string, now time.Time) (string, []Event, *Error) {
	life := iss.policy.statelessLifetime()
	exp := now.Add(life)
	id := "rt-" + iss.randomToken(6)
	claims := refreshClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: iss.url, Subject: subject, Audience: jwt.ClaimStrings{iss.url},
			ExpiresAt: jwt.NewNumericDate(exp), IssuedAt: jwt.NewNumericDate(now), ID: id,
		},
		ClientID: clientID, Scope: scope,
	}
	if jkt != "" {
		claims.Cnf = &Confirmation{JKT: jkt}
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["typ"] = "rt+jwt"
	signed, err := tok.SignedString(iss.keys.refreshKey)
	if err != nil {
		return "", nil, serverErr("the issuer cannot sign right now", err)
	}
	return signed, []Event{{Kind: EventTokenIssued, At: now, ClientID: clientID, Subject: subject,
		TokenKind: RefreshToken, Token: signed, ID: id, Expires: exp,
		Detail: "stateless refresh token " + id + " (JWT, HS256 with the refresh secret), expires in " + clock.FormatDuration(life)}}, nil
}

// statelessRefresh is the naive design's refresh handler: verify the
// signature and exp, mint a new access token. No rotation, no family, no
// way to notice a replay.
func (iss *Issuer) statelessRefresh(c client, tok, scope, jkt string, now time.Time) (*TokenResponse, []Event, *Error) {
	var claims refreshClaims
	_, err := jwt.ParseWithClaims(tok, &claims, func(t *jwt.Token) (any, error) {
		return iss.keys.refreshKey, nil
	},
		jwt.WithValidMethods([]string{string(HS256)}),
		jwt.WithIssuer(iss.url),
		jwt.WithAudience(iss.url),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
		jwt.WithLeeway(iss.policy.Leeway),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, nil, grantErr(ReasonRefreshExpired, "refresh token expired")
	case err != nil:
		return nil, nil, grantErr(ReasonRefreshInvalid, "refresh token is not valid")
	case claims.ClientID != c.id:
		return nil, nil, grantErr(ReasonOtherClient, "refresh token was issued to another client")
	case claims.Cnf != nil && claims.Cnf.JKT != jkt:
		return nil, nil, dpopErr(ReasonDPoPBinding, bindingRefusal)
	}
	if e := checkScope(scope, claims.Scope); e != nil {
		return nil, nil, e
	}
	bind := iss.binding(jkt)
	if claims.Cnf != nil {
		bind = claims.Cnf.JKT
	}
	at, ev, e := iss.mintAccess(claims.ClientID, claims.Subject, claims.Scope, iss.audience, nil, bind, now)
	if e != nil {
		return nil, nil, e
	}
	return iss.tokenResponse(at, "", claims.Scope, bind), []Event{ev}, nil
}
