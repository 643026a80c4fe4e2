package issuer

// Holding is what an issuer has on record, for tests that check what it
// forgets.
type Holding struct {
	Held                                       int // as Limits.Records counts
	Families, Refresh, Access, Codes, Denylist int // entries in each table
}

// Holding reports what iss has on record.
func (iss *Issuer) Holding() Holding {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	s := &iss.store
	return Holding{Held: s.held(), Families: len(s.families), Refresh: len(s.refresh), Access: len(s.access),
		Codes: len(iss.codes), Denylist: len(s.denylist)}
}
