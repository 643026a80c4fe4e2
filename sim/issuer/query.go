package issuer

import "time"

// TokenState is what a token is now, as a learner sees it.
type TokenState string

// Token states.
const (
	StateActive  TokenState = "valid"
	StateRotated TokenState = "rotated-out"
	StateRevoked TokenState = "revoked"
	StateExpired TokenState = "expired"
	StateUnknown TokenState = "unknown"
	StateDenied  TokenState = "denied"
)

// RefreshInfo describes one refresh token without revealing it.
type RefreshInfo struct {
	ID         string
	FamilyID   string
	Generation int
	// Parent is the generation this token was minted from, 0 for the
	// first of a login. It is the one before, except for the siblings a
	// grace period or a policy that keeps rotated tokens valid mints.
	Parent   int
	State    TokenState
	IssuedAt time.Time
	Expires  time.Time
	UsedAt   time.Time // zero unless rotated out
	BoundTo  string    // the thumbprint of the DPoP key it is bound to, "" for none
	ClientID string    // the client it was issued to
}

// FamilyInfo describes one login's chain of refresh tokens.
type FamilyInfo struct {
	ID        string
	Subject   string
	Created   time.Time
	AbsExpiry time.Time
	Revoked   bool
	RevokedAt time.Time
	Reason    string
	Tokens    []RefreshInfo // by generation, oldest first
}

func (iss *Issuer) refreshInfo(r *refreshRecord, now time.Time) RefreshInfo {
	f := r.family
	st := StateActive
	switch {
	case f.revoked:
		st = StateRevoked
	case r.used && !iss.policy.keepsRotated():
		st = StateRotated
	case !now.Before(r.expires) || !now.Before(f.absExpiry):
		st = StateExpired
	}
	parent := 0
	if r.parent != nil {
		parent = r.parent.generation
	}
	return RefreshInfo{ID: r.hash.shortID(), FamilyID: f.id, Generation: r.generation, Parent: parent, State: st,
		IssuedAt: r.issuedAt, Expires: r.expires, UsedAt: r.usedAt, BoundTo: f.jkt, ClientID: f.clientID}
}

// RefreshInfo reports what the issuer knows of an opaque refresh token.
func (iss *Issuer) RefreshInfo(tok string) (RefreshInfo, bool) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	r, ok := iss.store.refresh[hashToken(tok)]
	if !ok {
		return RefreshInfo{State: StateUnknown}, false
	}
	return iss.refreshInfo(r, iss.now()), true
}

// Family reports one family by id.
func (iss *Issuer) Family(id string) (FamilyInfo, bool) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	f, ok := iss.store.families[id]
	if !ok {
		return FamilyInfo{}, false
	}
	now := iss.now()
	out := FamilyInfo{ID: f.id, Subject: f.subject, Created: f.created, AbsExpiry: f.absExpiry,
		Revoked: f.revoked, RevokedAt: f.revokedAt, Reason: f.reason, Tokens: make([]RefreshInfo, 0, len(f.tokens))}
	for _, r := range f.tokens {
		out.Tokens = append(out.Tokens, iss.refreshInfo(r, now))
	}
	return out, true
}

// AccessState reports whether the issuer considers the access token jti
// usable: valid, expired, denied (on the denylist) or revoked (its family is,
// though without a denylist the API does not know).
func (iss *Issuer) AccessState(jti string) TokenState { return iss.AccessStateAt(jti, iss.now()) }

// AccessStateAt is AccessState with exp compared to at rather than to the
// issuer's clock: the API checks exp on a clock of its own, which may be
// off the issuer's.
func (iss *Issuer) AccessStateAt(jti string, at time.Time) TokenState {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	a, ok := iss.store.access[jti]
	switch {
	case !ok:
		return StateUnknown
	case !at.Before(a.expires):
		return StateExpired
	case a.denied:
		return StateDenied
	case a.revoked, a.family != nil && a.family.revoked:
		return StateRevoked
	}
	return StateActive
}
