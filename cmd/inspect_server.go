package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
	"github.com/tokenflow/tokenflow/sim/server"
)

// What `inspect --server` asks of a serve instance, and how much it waits
// for and reads: a real clock reading is under 100 bytes.
const (
	serverTimeout = 5 * time.Second
	maxClockSize  = 4 << 10
)

// readServer asks the tokenflow serve at base for its simulated time and
// its signing keys. It contacts base alone: no proxy, and a redirect is
// an answer, not a place to go, since a token's times are judged by the
// clock of the server the learner named and no other.
func readServer(ctx context.Context, base string) (time.Time, *jwtdebug.KeySet, error) {
	ctx, cancel := context.WithTimeout(ctx, serverTimeout)
	defer cancel()
	transport := &http.Transport{Proxy: nil}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport:     transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	notServe := func(what string, err error) error {
		return fmt.Errorf("inspect --server %s: %s: %w", base, what, err)
	}

	data, err := getBounded(ctx, client, base+server.PathClock, "clock", "application/json", maxClockSize)
	if err != nil {
		return time.Time{}, nil, notServe("the simulated clock", err)
	}
	var clock server.ClockState
	if err := json.Unmarshal(data, &clock); err != nil || clock.Now == "" {
		return time.Time{}, nil, notServe("the simulated clock", fmt.Errorf("%s%s did not answer with a clock reading: is it a tokenflow serve?", base, server.PathClock))
	}
	now, err := time.Parse(time.RFC3339, clock.Now)
	if err != nil {
		return time.Time{}, nil, notServe("the simulated clock", fmt.Errorf("%q is not an RFC 3339 time", clock.Now))
	}

	data, err = getBounded(ctx, client, base+issuer.PathJWKS, "JWKS", jwksAccept, maxJWKSSize)
	if err != nil {
		return time.Time{}, nil, notServe("the signing keys", err)
	}
	keys, err := jwtdebug.ParseJWKS(data)
	if err != nil {
		return time.Time{}, nil, notServe("the signing keys", err)
	}
	return now, keys, nil
}
