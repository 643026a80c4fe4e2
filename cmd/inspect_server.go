package cmd

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// How long `inspect --server` waits for a serve instance.
const serverTimeout = 5 * time.Second

// readServer asks the tokenflow serve at base for its signing keys, and
// takes its simulated time from the answer's Date header: serve dates
// every answer on its simulated clock (RFC 9110 §6.6.1 makes Date the
// origin's clock), and /sim/clock answers loopback clients only. It
// contacts base alone: no proxy, and a redirect is an answer, not a place
// to go, since a token's times are judged by the clock of the server the
// learner named and no other.
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

	data, header, err := getBoundedHeader(ctx, client, base+issuer.PathJWKS, "JWKS", jwksAccept, maxJWKSSize)
	if err != nil {
		return time.Time{}, nil, notServe("the signing keys", err)
	}
	keys, err := jwtdebug.ParseJWKS(data)
	if err != nil {
		return time.Time{}, nil, notServe("the signing keys", err)
	}
	now, err := http.ParseTime(header.Get("Date"))
	if err != nil {
		return time.Time{}, nil, notServe("the simulated clock", fmt.Errorf("%s%s has no valid Date header (%q): is it a tokenflow serve?", base, issuer.PathJWKS, header.Get("Date")))
	}
	return now.UTC(), keys, nil
}
