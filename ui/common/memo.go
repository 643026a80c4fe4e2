package common

// Memo holds the last value computed and the key it was computed under; a
// value whose key has not changed is not computed again.
type Memo[K comparable, V any] struct {
	key K
	ok  bool
	out V
}

// Get returns the value for k, computing it only when k differs from the
// key of the value held.
func (c *Memo[K, V]) Get(k K, compute func() V) V {
	if c.ok && c.key == k {
		return c.out
	}
	c.key, c.ok, c.out = k, true, compute()
	return c.out
}

// Reset forgets the value held.
func (c *Memo[K, V]) Reset() { c.ok = false }

// Cached is a pane's last rendering: a pane whose key has not changed is
// not rendered again.
type Cached[K comparable] = Memo[K, string]
