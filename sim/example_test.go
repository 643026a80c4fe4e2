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
	// 09:00:00   client    GET /.well-known/oauth-authorization-server → 200
	// 09:00:00   browser   GET /authorize → 200
	// 09:00:00   browser   POST /authorize → 302
	// 09:00:00   issuer    authorization code issued, valid for 1m
	// 09:00:00   client    POST /token → 200
	// 09:00:00   issuer    access token at-01Bq9tEDGp-H (ES256), expires in 15m
	// 09:00:00   issuer    refresh token rt-69kUxV_q (generation 1 of fam-B3_z88e1)
	// 09:00:00   client    alice is logged in; the app keeps both tokens in memory
	// 09:00:00 ▶ call
	// 09:00:00   client    GET /api/profile → 200
	// 09:00:00   api       API accepted the access token of alice
	// 09:00:00 ▶ advance 15m
	// 09:15:00   clock     the client's access token at-01Bq9tEDGp-H expired (exp reached)
	// 09:15:00   clock     clock moved 15m, from 09:00:00 to 09:15:00
	// 09:15:00 ▶ call
	// 09:15:00   client    GET /api/profile → 401
	// 09:15:00   api       API refused: the token expired
	// 09:15:00 ▶ refresh
	// 09:15:00   client    POST /token → 200
	// 09:15:00   issuer    access token at-HUDb6uhOJc4- (ES256), expires in 15m
	// 09:15:00   issuer    generation 1 used up; generation 2 issued
	// 09:15:00   issuer    refresh token rt-MVqNuAjd (generation 2 of fam-B3_z88e1)
	// 09:15:00 ▶ call
	// 09:15:00   client    GET /api/profile → 200
	// 09:15:00   api       API accepted the access token of alice
}
