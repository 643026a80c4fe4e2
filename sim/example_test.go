package sim_test

import (
	"fmt"
	"os"
	"time"

	"github.com/tokenflow/tokenflow/sim"
)

// Example runs DESIGN's first scenario headless and prints its transcript:
// the access token dies at exp and a refresh brings the client back.
func Example() {
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range []string{"login", "call", "advance 15m", "call", "refresh", "call"} {
		if err := w.Apply(sim.Act(line)); err != nil {
			fmt.Println(err)
			return
		}
	}
	var day time.Time
	if err := sim.WriteText(os.Stdout, w.Log.All(), &day); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ── Monday 5 January 2026 ──
	// 09:00:00 ▶ login
	// 09:00:00   client    GET /.well-known/openid-configuration → 200
	// 09:00:00   browser   GET /authorize → 200
	// 09:00:00   browser   POST /authorize → 302
	// 09:00:00   issuer    session ses-tV0ODfAh started for alice: no password needed again until it has gone 30m unused, or for 10h in all
	// 09:00:00   issuer    authorization code issued, valid for 1m
	// 09:00:00   client    POST /token → 200
	// 09:00:00   issuer    access token at-xPPyw8Sa7F3w (ES256), expires in 15m
	// 09:00:00   issuer    refresh token rt-rCO0BWZw (generation 1 of fam-5i9HygTn)
	// 09:00:00   issuer    ID token id-dUeEinrG (ES256) telling tokenflow-cli that alice signed in, expires in 15m
	// 09:00:00   client    GET /jwks.json → 200
	// 09:00:00   client    alice is logged in; the ID token checks out, and the app keeps its tokens in memory
	// 09:00:00 ▶ call
	// 09:00:00   client    GET /api/profile → 200
	// 09:00:00   api       API accepted the access token of alice
	// 09:00:00 ▶ advance 15m
	// 09:15:00   clock     the client's access token at-xPPyw8Sa7F3w expired (exp reached)
	// 09:15:00   clock     clock moved 15m, from 09:00:00 to 09:15:00
	// 09:15:00 ▶ call
	// 09:15:00   client    GET /api/profile → 401
	// 09:15:00   api       API refused: the token expired
	// 09:15:00 ▶ refresh
	// 09:15:00   client    POST /token → 200
	// 09:15:00   issuer    access token at-QefQcwcZlk_v (ES256), expires in 15m
	// 09:15:00   issuer    generation 1 used up; generation 2 issued
	// 09:15:00   issuer    refresh token rt-bkeMW3Ne (generation 2 of fam-5i9HygTn)
	// 09:15:00 ▶ call
	// 09:15:00   client    GET /api/profile → 200
	// 09:15:00   api       API accepted the access token of alice
}
