package issuer

import (
	"fmt"
	"strings"
)

// Holding is what an issuer has on record, for tests that check what it
// forgets.
type Holding struct {
	Held                                       int // as Limits.Records counts
	Families, Refresh, Access, Codes, Denylist int // entries in each table
	Sessions                                   int
}

// Holding reports what iss has on record.
func (iss *Issuer) Holding() Holding {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	s := &iss.store
	return Holding{Held: s.held(), Families: len(s.families), Refresh: len(s.refresh), Access: len(s.access),
		Codes: len(iss.codes), Denylist: len(s.denylist), Sessions: len(iss.sessions.byID)}
}

// CheckBookkeeping reports the first way the store's indexes disagree with
// its tables, or nil.
func (iss *Issuer) CheckBookkeeping() error {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	s := &iss.store
	if n := len(s.families); s.lru.Len() != n || s.due.Len() != n {
		return fmt.Errorf("%d families, %d in the LRU list, %d in the heap", n, s.lru.Len(), s.due.Len())
	}
	records, refresh, access := 0, 0, 0
	for i, f := range s.due {
		if f.due != i || s.families[f.id] != f {
			return fmt.Errorf("family %s: heap index %d at %d, on record: %v", f.id, f.due, i, s.families[f.id] == f)
		}
		if f.records != 1+len(f.tokens)+len(f.access) {
			return fmt.Errorf("family %s counts %d records, holds %d", f.id, f.records, 1+len(f.tokens)+len(f.access))
		}
		records += f.records
		refresh += len(f.tokens)
		access += len(f.access)
	}
	if records != s.familyRecords || refresh != len(s.refresh) {
		return fmt.Errorf("families count %d records and %d refresh tokens, the store %d and %d",
			records, refresh, s.familyRecords, len(s.refresh))
	}
	loose := 0
	for _, a := range s.access {
		if a.family == nil {
			loose++
		} else if s.families[a.family.id] != a.family {
			return fmt.Errorf("access token %s outlived its family", a.jti)
		}
	}
	if access+loose != len(s.access) {
		return fmt.Errorf("%d access tokens on record, %d in families and %d without", len(s.access), access, loose)
	}
	if n := len(iss.sessions.byID); n != len(iss.sessions.byKey) || n > s.sessionDue.Len() {
		return fmt.Errorf("%d sessions by id, %d by cookie, %d awaited", n, len(iss.sessions.byKey), s.sessionDue.Len())
	}
	for code, ac := range iss.codes {
		if ac.family != nil && s.families[ac.family.id] != ac.family {
			return fmt.Errorf("code %.8s… outlived its family", code)
		}
	}
	return nil
}

// HoldsInTheClear reports whether any refresh record keeps tok readable:
// the store must hold hashes, and a grace successor only sealed.
func (iss *Issuer) HoldsInTheClear(tok string) bool {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	for _, r := range iss.store.refresh {
		if strings.Contains(string(r.sealed), tok) || strings.Contains(string(r.hash[:]), tok) {
			return true
		}
	}
	return false
}

// BreakSigning makes every signature fail, as a lost key would: the
// issuer's own failure, which must never be blamed on the client.
func (iss *Issuer) BreakSigning() {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	iss.policy.Alg = "broken"
}

// MostPaired reports the most access tokens any refresh token on record
// remembers having been issued with.
func (iss *Issuer) MostPaired() int {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	most := 0
	for _, r := range iss.store.refresh {
		most = max(most, len(r.access))
	}
	return most
}
