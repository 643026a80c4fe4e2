package issuer

import (
	"container/heap"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
	"time"
)

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// tokenHash is how a refresh token is kept at rest: the issuer never stores
// the value itself, so a leak of its database leaks nothing redeemable.
type tokenHash [sha256.Size]byte

func hashToken(tok string) tokenHash { return sha256.Sum256([]byte(tok)) }

// shortID names a refresh token in events and introspection without
// revealing it: the first bytes of its hash.
func (h tokenHash) shortID() string { return "rt-" + b64url(h[:6]) }

// family is one login: the refresh tokens that descend from a single
// authorization code (Auth0's "family", Hydra's request-ID chain, OAuth 2.1's
// "grant"). Order within it is the generation counter, never iat: the
// simulated clock can stand still, so siblings can share a second.
type family struct {
	id        string
	clientID  string
	subject   string
	scope     string
	created   time.Time
	absExpiry time.Time // created + FamilyLifetime; only a fresh rotated expiry moves it
	revoked   bool
	revokedAt time.Time
	reason    string
	tokens    []*refreshRecord // tokens[i].generation == i+1
	// jkt is the thumbprint of the key every refresh token of the family
	// is bound to (RFC 9449 §5), or "" for bearer refresh tokens.
	jkt    string
	access []*accessRecord
	// session is the id of the issuer session whose sign-in started the
	// login: ending that session revokes the family.
	session string

	// What collect.go needs to forget the family in one piece, and when.
	code      string        // the authorization code it was redeemed from, kept as long as f
	lastExp   time.Time     // the latest exp of its access tokens
	records   int           // records it holds, as Limits.Records counts them
	lruPos    *list.Element // its place in store.lru
	due       int           // its index in store.due
	collectAt time.Time     // its key in store.due: end(), as last computed
}

func (f *family) latest() *refreshRecord { return f.tokens[len(f.tokens)-1] }

type refreshRecord struct {
	hash       tokenHash
	family     *family
	generation int
	// parent is the token this one was minted from, nil for the first of
	// a login. A parent has several children once a grace period or a
	// policy that keeps rotated tokens valid mints siblings.
	parent   *refreshRecord
	issuedAt time.Time
	expires  time.Time
	used     bool // rotated out: kept on record so a replay is recognised
	usedAt   time.Time
	// childUsed says a token minted from this one was redeemed: this one
	// is no longer the immediate parent of the live token, and no grace
	// period covers it any more.
	childUsed bool
	// graceUses counts the redemptions the grace period forgave.
	graceUses int
	// sealed is the child this token was rotated into, encrypted under a
	// key only the parent token itself yields (see seal), and kept until
	// graceUntil: a retry inside the grace period can be answered with the
	// same child, yet the issuer, which stores only hashes, cannot read it.
	sealed     []byte
	graceUntil time.Time
	// access are the access tokens issued in the answers that carried
	// this refresh token: what its rotation revokes under
	// RotationRevokesAccess.
	access []*accessRecord
}

type accessRecord struct {
	jti     string
	family  *family // nil for tokens minted from a stateless refresh token
	expires time.Time
	revoked bool // revoked by RFC 7009; the API sees it only through the denylist
	denied  bool // on the denylist the API consults
}

type store struct {
	families map[string]*family
	refresh  map[tokenHash]*refreshRecord
	access   map[string]*accessRecord
	denylist map[string]time.Time // jti → exp; entries are useless after exp plus leeway
	leeway   time.Duration        // the policy's: how long after exp the API still accepts a token
	// denyCap bounds the denylist (0: no bound). An entry cannot be
	// forgotten before its token expires, so without a bound a flood of
	// revocations would fill every record and lock every sign-in out.
	denyCap int

	// The bookkeeping collect.go forgets records by; kept whether or not
	// the issuer has limits, so every world runs the same code.
	familyRecords int        // records held by families: each counts one, with its code, plus its tokens
	lru           list.List  // of *family, most recently redeemed first
	due           familyHeap // families by the instant they stop mattering
	expiring      expiryHeap // codes and family-less access tokens, by when they stop mattering
	sessionDue    expiryHeap // issuer sessions, by when they end unless used
	denyDue       expiryHeap // denylist entries, likewise
}

func newStore() store {
	return store{
		families: map[string]*family{},
		refresh:  map[tokenHash]*refreshRecord{},
		access:   map[string]*accessRecord{},
		denylist: map[string]time.Time{},
	}
}

// addFamily puts a new login on record.
func (s *store) addFamily(f *family) {
	s.families[f.id] = f
	f.records = 1
	s.familyRecords++
	f.lruPos = s.lru.PushFront(f)
	f.collectAt = f.absExpiry
	heap.Push(&s.due, f)
}

// addRefresh puts a refresh token on record, as its family's next generation.
func (s *store) addRefresh(r *refreshRecord) {
	f := r.family
	f.tokens = append(f.tokens, r)
	s.refresh[r.hash] = r
	f.records++
	s.familyRecords++
}

// addAccess puts an access token on record, with its family if it has one.
func (s *store) addAccess(a *accessRecord) {
	s.access[a.jti] = a
	f := a.family
	if f == nil {
		s.expiring.push(a.expires.Add(s.leeway), expiringAccess, a.jti)
		return
	}
	f.access = append(f.access, a)
	if a.expires.After(f.lastExp) {
		f.lastExp = a.expires
	}
	f.records++
	s.familyRecords++
}

// deny puts an access token on the denylist until it can no longer pass
// the API's exp check, and reports false when the denylist is full.
func (s *store) deny(jti string, exp time.Time) bool {
	if s.denyCap > 0 && len(s.denylist) >= s.denyCap {
		return false
	}
	s.denylist[jti] = exp
	s.denyDue.push(exp.Add(s.leeway), expiringDenial, jti)
	return true
}

// denylistFull is the event of an access token the denylist had no room
// for: it stays usable at the API until exp, as without a denylist.
func denylistFull(a *accessRecord, now time.Time, subject, familyID string) Event {
	return Event{Kind: EventRevokeNoop, At: now, TokenKind: AccessToken, ID: a.jti, FamilyID: familyID, Expires: a.expires,
		Subject: subject, Detail: "access token " + a.jti + " revoked at the issuer, but the denylist is full: the API accepts it until exp"}
}

// revokeAccess takes access token a out of service: introspection and
// userinfo refuse it at once, the API, which checks JWTs itself, only
// through the denylist when it is on. base carries the event's subject,
// client and family; what names the token in its sentence. It reports
// false, the event saying so, when the denylist had no room.
func (s *store) revokeAccess(a *accessRecord, now time.Time, base Event, what string, denylist bool) (Event, bool) {
	a.revoked = true
	base.At, base.TokenKind, base.ID, base.Expires = now, AccessToken, a.jti, a.expires
	if !denylist {
		base.Kind = EventRevokeNoop
		base.Detail = what + " revoked at the issuer (introspection now says inactive), " +
			"but the API checks JWTs locally and has no denylist: it still accepts it until exp"
		return base, true
	}
	if !s.deny(a.jti, a.expires) {
		return denylistFull(a, now, base.Subject, base.FamilyID), false
	}
	a.denied = true
	base.Kind = EventDenylisted
	base.Detail = what + " denied until it expires"
	return base, true
}

// revokeFamily kills every refresh token of f and, when the denylist is on,
// every access token of f that has not yet expired. It returns the events.
func (s *store) revokeFamily(f *family, now time.Time, reason string, denylist bool) []Event {
	if f.revoked {
		return nil
	}
	f.revoked = true
	f.revokedAt = now
	f.reason = reason
	for _, t := range f.tokens {
		t.sealed = nil
	}
	events := []Event{{
		Kind: EventFamilyRevoked, At: now, ClientID: f.clientID, Subject: f.subject,
		FamilyID: f.id, Generation: f.latest().generation,
		Detail: "family " + f.id + " revoked, every refresh token in it is dead: " + reason,
	}}
	if denylist {
		for _, a := range f.access {
			if a.denied || !now.Before(a.expires.Add(s.leeway)) {
				continue
			}
			if !s.deny(a.jti, a.expires) {
				events = append(events, denylistFull(a, now, f.subject, f.id))
				continue
			}
			a.denied = true
			events = append(events, Event{
				Kind: EventDenylisted, At: now, TokenKind: AccessToken, ID: a.jti,
				FamilyID: f.id, Expires: a.expires, Subject: f.subject,
				Detail: "access token " + a.jti + " denied until it expires",
			})
		}
	}
	return events
}

// revokeUserClient revokes f and every other login of f's user at f's
// client that the same issuer session started, oldest first: what reuse
// revokes under ReuseClient. Keycloak detaches the client session it finds
// in the refresh token's user session (TokenManager's
// validateTokenReuseForRefresh), which holds the logins of one browser and
// no other's. A login with no session on record (none of the course's)
// takes only itself.
func (s *store) revokeUserClient(f *family, now time.Time, reason string, denylist bool) []Event {
	events := s.revokeFamily(f, now, reason, denylist)
	var others []*family
	for _, g := range s.families {
		if g != f && !g.revoked && g.clientID == f.clientID && g.subject == f.subject && f.session != "" && g.session == f.session {
			others = append(others, g)
		}
	}
	// Map order is random; the transcript must not be.
	slices.SortFunc(others, func(a, b *family) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	for _, g := range others {
		revoked := s.revokeFamily(g, now, reason+" in "+f.id+"; every login of "+f.subject+
			" at "+f.clientID+" in the same issuer session goes with it", denylist)
		for i := range revoked {
			if revoked[i].Kind == EventFamilyRevoked {
				revoked[i].Reason = ReasonReuseSession
			}
		}
		events = append(events, revoked...)
	}
	return events
}
