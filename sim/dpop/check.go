package dpop

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"time"
)

// MaxRemembered bounds the jti values a Checker keeps. A flood of valid
// proofs, each under a fresh key, would otherwise grow the memory of a
// public server without limit. Forgetting a fresh jti early would let a
// captured proof be replayed after a flood, so a full Checker fails
// closed instead: it refuses new proofs until entries age out, at most
// two windows later (FaultBusy).
const MaxRemembered = 20000

// MaxJTI bounds a proof's jti, which is stored only as a hash anyway: RFC
// 9449 §11.1 suggests refusing unnecessarily large ones.
const MaxJTI = 256

// Checker verifies proofs for one verifier and remembers the jti of every
// proof it accepted for as long as the proof is fresh, so a replay inside
// the window is refused (RFC 9449 §11.1). It is safe for concurrent use.
type Checker struct {
	mu    sync.Mutex
	seen  map[[32]byte]*list.Element // by SHA-256 of the jti
	order *list.List                 // of seenJTI, oldest first
	limit int                        // MaxRemembered; tests lower it
}

type seenJTI struct {
	jti   [32]byte
	until time.Time
}

// NewChecker returns a Checker with nothing seen.
func NewChecker() *Checker {
	return &Checker{seen: map[[32]byte]*list.Element{}, order: list.New(), limit: MaxRemembered}
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
	return jkt, c.remember(claims.JTI, now)
}

// remember records jti until it can no longer be fresh. It refuses one
// already on record, and any new one while the Checker is full of fresh
// ones.
func (c *Checker) remember(jti string, now time.Time) error {
	key := sha256.Sum256([]byte(jti))
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.order.Front(); e != nil && !now.Before(e.Value.(seenJTI).until); e = c.order.Front() {
		delete(c.seen, e.Value.(seenJTI).jti)
		c.order.Remove(e)
	}
	if _, dup := c.seen[key]; dup {
		return fault(FaultReplay, "a proof with this jti was already used")
	}
	if c.order.Len() >= c.limit {
		return fault(FaultBusy, "too many proofs in the last two minutes to remember another: try again shortly")
	}
	// A proof is fresh until Window after its iat at the latest, and iat
	// may be up to Window ahead of now.
	c.seen[key] = c.order.PushBack(seenJTI{jti: key, until: now.Add(2 * Window)})
	return nil
}
