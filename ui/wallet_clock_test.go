package ui

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestAWalletRowCountsOnTheClockThatJudgesIt: with the parties' clocks
// skewed, an access token's row marks it and draws its time left on the
// API's clock, less its leeway, since the API decides a call; a refresh
// token's on the issuer's. A row never reads "valid" beside "expired", and
// says whose count it shows when that is not the world's time.
func TestAWalletRowCountsOnTheClockThatJudgesIt(t *testing.T) {
	for _, tt := range []struct {
		name      string
		lines     []string
		access    []string // what the access token's two lines say
		refresh   string   // what the refresh token's bar says
		notAccess []string
		refused   bool // the app's call after it is refused
	}{
		{"the API's clock runs 5m fast", []string{"set skew-api 5m", "login", "advance 10m"},
			[]string{"expired", "expired 0s ago as the API counts"}, "6d23h left", []string{"valid"}, true},
		// The newcomer's wallet at 09:38 in lesson 17: the issuer stamped
		// exp on a clock 2m slow, which the issuer itself still counts
		// as valid, while the API's right clock has reached it.
		{"the issuer's clock runs 2m slow", []string{"set skew-issuer -2m", "login", "advance 13m"},
			[]string{"expired", "expired 0s ago"}, "6d23h left as the issuer counts", []string{"valid", "as the API counts"}, true},
		{"the API allows 5m leeway", []string{"set leeway 5m", "login", "advance 16m"},
			[]string{"valid", "4m left as the API counts"}, "6d23h left", []string{"expired"}, false},
		{"no skew", []string{"login", "advance 10m"},
			[]string{"valid", "5m left"}, "6d23h left", []string{"expired", "counts"}, false},
	} {
		m := newWorld(t, tt.lines...)
		pane := walletText(m, 60, 0)
		client, _, _ := strings.Cut(pane, "Attacker's loot")
		rows := strings.Split(client, "\n")
		var access, refresh string
		for i, r := range rows {
			switch {
			case strings.Contains(r, "access ") && i+1 < len(rows):
				access = r + "\n" + rows[i+1]
			case strings.Contains(r, "refresh ") && i+1 < len(rows):
				refresh = rows[i+1]
			}
		}
		for _, w := range tt.access {
			if !strings.Contains(access, w) {
				t.Errorf("%s: the access token's row does not say %q:\n%s", tt.name, w, access)
			}
		}
		for _, w := range tt.notAccess {
			if strings.Contains(access, w) {
				t.Errorf("%s: the access token's row says %q:\n%s", tt.name, w, access)
			}
		}
		if !strings.Contains(refresh, tt.refresh) {
			t.Errorf("%s: the refresh token's bar does not say %q:\n%s", tt.name, tt.refresh, refresh)
		}
		w := m.sc.World
		before := w.Log.Len()
		typed(m, "call")
		if refused := sim.CountEvents(w.Log.Since(before), sim.KindDenied, sim.ActorAPI) > 0; refused != tt.refused {
			t.Errorf("%s: the row's verdict is not the API's: the call was refused %v", tt.name, refused)
		}
	}
}
