package dpop

import (
	"container/list"
	"sync"
	"time"
)

// MaxRemembered bounds the jti values a Checker keeps. A flood of valid
// proofs, each under a fresh key, would otherwise grow the memory of a
// public server without limit; past the bound the oldest is forgotten,
// which only shortens the replay window for the flood itself.
const MaxRemembered = 20000

// Checker verifies proofs for one verifier and remembers the jti of every
// proof it accepted for as long as the proof is fresh, so a replay inside
// the window is refused (RFC 9449 §11.1). It is safe for concurrent use.
type Checker struct {
	mu    sync.Mutex
	seen  map[string]*list.Element
	order *list.List // of seenJTI, oldest first
	limit int        // MaxRemembered; tests lower it
}

type seenJTI struct {
	jti   string
	until time.Time
}

// NewChecker returns a Checker with nothing seen.
func NewChecker() *Checker {
	return &Checker{seen: map[string]*list.Element{}, order: list.New(), limit: MaxRemembered}
}

// Check verifies the DPoP header values of one request against want at
// instant now, and returns the thumbprint of the key that signed the proof.
// headers are every value of the request's DPoP header: RFC 9449 §4.3
// allows exactly one.
func (c *Checker) Check(headers []string, want Want, now time.Time) (string, error) {
	switch len(headers) {
	case 0:
		return "", fault(FaultMissing, "the request carries no DPoP proof")
	case 1:
	default:
		return "", fault(FaultMany, "the request carries %d DPoP headers; one is allowed", len(headers))
	}
	claims, jkt, err := parse(headers[0], want, now)
	if err != nil {
		return "", err
	}
	if !c.remember(claims.JTI, now) {
		return "", fault(FaultReplay, "a proof with this jti was already used")
	}
	return jkt, nil
}

// remember records jti until it can no longer be fresh, and reports false
// when it is already on record.
func (c *Checker) remember(jti string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.order.Front(); e != nil && !now.Before(e.Value.(seenJTI).until); e = c.order.Front() {
		delete(c.seen, e.Value.(seenJTI).jti)
		c.order.Remove(e)
	}
	if _, dup := c.seen[jti]; dup {
		return false
	}
	if c.order.Len() >= c.limit {
		oldest := c.order.Front()
		delete(c.seen, oldest.Value.(seenJTI).jti)
		c.order.Remove(oldest)
	}
	// A proof is fresh until Window after its iat at the latest, and iat
	// may be up to Window ahead of now.
	c.seen[jti] = c.order.PushBack(seenJTI{jti: jti, until: now.Add(2 * Window)})
	return true
}
