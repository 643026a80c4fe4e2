package issuer

import (
	"container/heap"
	"fmt"
	"time"
)

// Limits bounds what an issuer remembers. It is for an issuer anyone can
// reach (tokenflow serve), where anyone may sign in as the demo user as
// often as they like. The zero value remembers every login, token and code
// for the issuer's lifetime, which the tutorial relies on: a login thirty
// days dead still answers "login expired", and the learner's wallet still
// knows each old token's state.
type Limits struct {
	// Records is the most records the issuer holds. Each login (refresh-
	// token family, with the code it came from), refresh token, access
	// token, pending authorization code, issuer session (the sign-in
	// behind single sign-on) and denylist entry counts one. A
	// positive value turns collection on: every record is forgotten once
	// nothing about it can matter to a check (see Issuer.collect). Should
	// a request find more than Records all the same, the issuer forgets,
	// oldest first, pending codes and family-less access tokens beyond a
	// quarter of Records, then sessions beyond a quarter, those ending
	// soonest first (their users type the password again), then the least
	// recently redeemed logins, whole (their refresh tokens become
	// unknown: their users sign in again), then the rest of the codes,
	// family-less tokens and sessions. So a flood of
	// one kind mostly pushes out its own kind. Denylist entries are never
	// forgotten before they stop mattering: that would let a revoked
	// token back in.
	Records int
	// PerLogin is the most records one login may hold. A refresh that finds
	// its login full revokes the login (its user signs in again), so one
	// client refreshing in a loop cannot push every other login out. Zero
	// means Records/10.
	PerLogin int
}

// MinRecords is the smallest positive Limits.Records: room for a few
// logins and their refreshes.
const MinRecords = 100

// Validate reports limits an issuer cannot work within.
func (l Limits) Validate() error {
	switch {
	case l.Records < 0 || (l.Records > 0 && l.Records < MinRecords):
		return fmt.Errorf("issuer: a record limit must be 0 (none) or at least %d, got %d", MinRecords, l.Records)
	case l.PerLogin < 0 || l.PerLogin > l.Records || (l.PerLogin > 0 && l.PerLogin < MinRecords/10):
		return fmt.Errorf("issuer: a per-login limit must be 0 (a tenth of the record limit) or from %d to the record limit, got %d",
			MinRecords/10, l.PerLogin)
	}
	return nil
}

// perLogin is the per-login limit in force.
func (l Limits) perLogin() int {
	if l.PerLogin > 0 {
		return l.PerLogin
	}
	return l.Records / 10
}

// held counts the records the issuer holds, as Limits.Records counts them.
// A redeemed code still counts as pending until it would have expired:
// harmless, and brief.
func (s *store) held() int {
	return s.familyRecords + s.expiring.Len() + s.sessionDue.Len() + s.denyDue.Len()
}

// end is the instant after which nothing about f can matter to a check.
// Until its absolute expiry f can be redeemed, and a rotated-out token of
// f must be recognised as reuse (RFC 9700 §4.14.2); until its last access
// token is past exp (and the policy's leeway), revoking f would put that
// token on the denylist. After both, every request about f is refused
// whether f is on record or not, and nothing it could trigger changes any
// answer: only the error description would differ.
func (f *family) end(leeway time.Duration) time.Time {
	if last := f.lastExp.Add(leeway); last.After(f.absExpiry) {
		return last
	}
	return f.absExpiry
}

// collect forgets what can no longer matter, then, while the issuer still
// holds more than its limit, what Limits.Records says goes first. It runs
// before every request that can add records, on the simulated clock, so
// the work is amortised over requests and never reads the wall. Callers
// hold iss.mu.
func (iss *Issuer) collect(now time.Time) {
	s := &iss.store
	if iss.limits.Records == 0 {
		return
	}
	for len(s.due) > 0 && !now.Before(s.due[0].collectAt) {
		f := s.due[0]
		if end := f.end(s.leeway); now.Before(end) {
			// Its access tokens outlive its absolute expiry: wait for them.
			f.collectAt = end
			heap.Fix(&s.due, 0)
			continue
		}
		iss.forget(f)
	}
	for _, h := range []*expiryHeap{&s.expiring, &s.sessionDue, &s.denyDue} {
		for h.due(now) {
			iss.drop(h.pop(), now, false)
		}
	}
	for s.held() > iss.limits.Records {
		switch {
		case s.expiring.Len() > iss.limits.Records/4:
			iss.drop(s.expiring.pop(), now, true)
		case s.sessionDue.Len() > iss.limits.Records/4:
			iss.drop(s.sessionDue.pop(), now, true)
		case s.lru.Len() > 0:
			iss.forget(s.lru.Back().Value.(*family))
		case s.expiring.Len() > 0:
			iss.drop(s.expiring.pop(), now, true)
		case s.sessionDue.Len() > 0:
			iss.drop(s.sessionDue.pop(), now, true)
		default:
			return // only denylist entries, which must stay
		}
	}
}

// forget takes f off record with every token and code it holds. Denylist
// entries for its access tokens stay until they stop mattering on their
// own. Callers hold iss.mu.
func (iss *Issuer) forget(f *family) {
	s := &iss.store
	delete(s.families, f.id)
	for _, r := range f.tokens {
		delete(s.refresh, r.hash)
	}
	for _, a := range f.access {
		delete(s.access, a.jti)
	}
	if f.code != "" {
		delete(iss.codes, f.code)
	}
	s.lru.Remove(f.lruPos)
	heap.Remove(&s.due, f.due)
	s.familyRecords -= f.records
}

// drop forgets the record e names, now that e.at has come or, with force,
// to make room. A code redeemed since it was issued belongs to its family
// from then on, and a record that matters for longer than e.at said (the
// leeway grew) is put back. Callers hold iss.mu.
func (iss *Issuer) drop(e expiring, now time.Time, force bool) {
	s := &iss.store
	switch e.kind {
	case expiringCode:
		if ac, ok := iss.codes[e.key]; ok && ac.family == nil {
			delete(iss.codes, e.key)
		}
	case expiringAccess:
		a, ok := s.access[e.key]
		switch {
		case !ok || a.family != nil:
		case force || !now.Before(a.expires.Add(s.leeway)):
			delete(s.access, e.key)
		default:
			s.expiring.push(a.expires.Add(s.leeway), expiringAccess, e.key)
		}
	case expiringSession:
		iss.dropSession(e.key, now, force)
	case expiringDenial:
		exp, ok := s.denylist[e.key]
		switch {
		case !ok:
		case !now.Before(exp.Add(s.leeway)):
			delete(s.denylist, e.key)
		default:
			s.denyDue.push(exp.Add(s.leeway), expiringDenial, e.key)
		}
	}
}

// addCode puts a new authorization code on record, after collecting what
// no longer matters to make room. Callers hold iss.mu.
func (iss *Issuer) addCode(code string, now time.Time, ac *authCode) {
	iss.collect(now)
	iss.codes[code] = ac
	iss.store.expiring.push(ac.expires, expiringCode, code)
}

// noteRefresh runs before a refresh grant: it marks the login that tok
// belongs to as just used, so capacity pressure forgets others first, and
// revokes the login if it is full. Another client's token is left alone,
// as the grant itself leaves it. Callers hold iss.mu.
func (iss *Issuer) noteRefresh(c client, tok string, now time.Time) []Event {
	rec, ok := iss.store.refresh[hashToken(tok)]
	if !ok || rec.family.clientID != c.id {
		return nil
	}
	f := rec.family
	iss.store.lru.MoveToFront(f.lruPos)
	// A refresh adds two records: the next refresh token and an access token.
	if iss.limits.Records == 0 || f.records+2 <= iss.limits.perLogin() {
		return nil
	}
	return iss.store.revokeFamily(f, now,
		fmt.Sprintf("this login reached the issuer's limit of %d tokens; sign in again", iss.limits.perLogin()),
		iss.policy.Denylist)
}

// expiring names one record that stops mattering at an instant: a code, a
// family-less access token, a session or a denylist entry.
type expiring struct {
	at   time.Time
	seq  uint64 // ties at one instant go in the order they came
	kind expiringKind
	key  string // the code, the access token's jti or the session's id
}

type expiringKind uint8

const (
	expiringCode expiringKind = iota
	expiringAccess
	expiringDenial
	expiringSession
)

// expiryHeap orders expiring records, soonest first (container/heap).
type expiryHeap struct {
	items []expiring
	seq   uint64
}

func (h *expiryHeap) Len() int { return len(h.items) }
func (h *expiryHeap) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if a.at.Equal(b.at) {
		return a.seq < b.seq
	}
	return a.at.Before(b.at)
}
func (h *expiryHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *expiryHeap) Push(x any)    { h.items = append(h.items, x.(expiring)) }
func (h *expiryHeap) Pop() any {
	e := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return e
}

func (h *expiryHeap) push(at time.Time, kind expiringKind, key string) {
	h.seq++
	heap.Push(h, expiring{at: at, seq: h.seq, kind: kind, key: key})
}

// due reports whether the soonest record's instant has come.
func (h *expiryHeap) due(now time.Time) bool { return len(h.items) > 0 && !now.Before(h.items[0].at) }

func (h *expiryHeap) pop() expiring { return heap.Pop(h).(expiring) }

// familyHeap orders families by collectAt, soonest first (container/heap).
// Each family knows its index, so one forgotten early leaves no trace.
type familyHeap []*family

func (h familyHeap) Len() int           { return len(h) }
func (h familyHeap) Less(i, j int) bool { return h[i].collectAt.Before(h[j].collectAt) }
func (h familyHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].due = i
	h[j].due = j
}
func (h *familyHeap) Push(x any) {
	f := x.(*family)
	f.due = len(*h)
	*h = append(*h, f)
}
func (h *familyHeap) Pop() any {
	old := *h
	f := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return f
}
