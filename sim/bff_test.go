package sim_test

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestABackendForFrontendKeepsTokensOutOfTheBrowser: with storage bff the
// backend logs in as a confidential client and calls the API; the
// browser's requests carry a session cookie and never a token.
func TestABackendForFrontendKeepsTokensOutOfTheBrowser(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set storage bff", "login", "call", "refresh", "call")
	if w.Client.AccessToken == "" || w.Client.RefreshToken == "" {
		t.Fatal("the backend holds no tokens after login")
	}
	tokens := []string{w.Client.AccessToken, w.Client.RefreshToken, w.Client.IDToken}
	var bff, api int
	for _, e := range w.Log.All() {
		x := e.Exchange
		if x == nil {
			continue
		}
		switch x.Actor {
		case sim.ActorClient, sim.ActorBrowser:
			for _, tok := range tokens {
				if strings.Contains(x.ReqBody+x.RespBody+x.URL, tok) || strings.Contains(headerText(x), tok) {
					t.Errorf("the browser's %s %s carried a token", x.Method, x.URL)
				}
			}
		case sim.ActorBFF:
			bff++
			if strings.HasSuffix(x.Path(), "/api/profile") {
				api++
			}
		}
	}
	if bff == 0 || api != 2 {
		t.Errorf("the backend made %d requests, %d of them to the API; want it to call the API twice", bff, api)
	}
	if got := status(t, w, "call"); got != 200 {
		t.Errorf("the page's call through its backend: %d", got)
	}
}

func headerText(x *sim.Exchange) string {
	var b strings.Builder
	for k, v := range x.ReqHeader {
		b.WriteString(k + ": " + strings.Join(v, ",") + "\n")
	}
	for k, v := range x.RespHeader {
		b.WriteString(k + ": " + strings.Join(v, ",") + "\n")
	}
	return b.String()
}

// TestXSSAgainstABackendRidesTheSessionButTakesNothing: no token to read,
// but the open page still acts as alice through the backend.
func TestXSSAgainstABackendRidesTheSessionButTakesNothing(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set storage bff", "login", "attacker xss")
	if w.Attacker.AccessToken != "" || w.Attacker.RefreshToken != "" || hasKind(last(w), sim.KindStolen) {
		t.Error("XSS stole a token from a page whose tokens live on the backend")
	}
	if !hasCause(w, sim.CauseXSSBFF) || !hasCause(w, sim.CauseAllowedViaPage) {
		t.Errorf("causes %v: want the ride through the backend, and the API's answer to it", causes(w))
	}
}

// TestTheSilentFlowLandsAtTheBackend: the attack no browser storage stops
// gets a code the backend refuses and the attacker cannot redeem.
func TestTheSilentFlowLandsAtTheBackend(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set storage bff", "login", "attacker silent")
	if w.Attacker.AccessToken != "" || w.Attacker.RefreshToken != "" {
		t.Error("the silent flow got the attacker tokens past a backend-for-frontend")
	}
	if !hasCause(w, sim.CauseSilentBFF) || lastExchange(t, w).Status != 401 {
		t.Errorf("causes %v, last status %d: want silent-bff after a 401 invalid_client", causes(w), lastExchange(t, w).Status)
	}
	// The same attack on an app that keeps tokens in the browser works.
	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "attacker silent")
	if w.Attacker.AccessToken == "" {
		t.Error("the silent flow against an app with tokens in memory got nothing")
	}
}

// TestAStolenBackendRefreshTokenNeedsTheSecret: a leak on the server
// still hands over the access token until exp, but the refresh token
// belongs to a confidential client.
func TestAStolenBackendRefreshTokenNeedsTheSecret(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set storage bff", "login", "steal access", "steal refresh")
	if got := status(t, w, "attacker refresh"); got != 401 || !hasCause(w, sim.CauseClientAuth) {
		t.Errorf("attacker refresh: %d, causes %v; want 401 client-auth", got, causes(w))
	}
	if got := status(t, w, "attacker call"); got != 200 {
		t.Errorf("the leaked access token: %d, want 200 until exp", got)
	}
}

func TestBackendLogoutAndLogoutEverywhere(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set storage bff", "login", "logout", "login")
	if !hasCause(w, sim.CauseLoginSSO) {
		t.Errorf("login after the backend's logout: causes %v, want login-sso (the issuer session lives)", causes(w))
	}
	apply(t, w, "logout everywhere", "login")
	if hasCause(w, sim.CauseLoginSSO) || !hasCause(w, sim.CauseLogin) {
		t.Errorf("login after logout everywhere: causes %v, want a password login", causes(w))
	}
	if got := status(t, w, "call"); got != 200 {
		t.Errorf("call after signing in again: %d", got)
	}
	apply(t, w, "logout", "attacker xss")
	if !hasCause(w, sim.CauseXSSEmpty) {
		t.Errorf("XSS after the backend's logout: causes %v, want xss-empty", causes(w))
	}
}

// TestSwitchingToABackendNeedsALogout: the app's login belongs to the
// public client; a backend cannot take it over.
func TestSwitchingToABackendNeedsALogout(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	refused := func(line string) {
		t.Helper()
		a, err := sim.ParseAction(line)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := w.Apply(a).(*sim.NotNowError); !ok {
			t.Errorf("%q while logged in: want a NotNowError", line)
		}
	}
	apply(t, w, "login")
	refused("set storage bff")
	apply(t, w, "set storage cookie", "logout", "set storage bff", "login")
	refused("set storage local-storage")
	refused("race")
	apply(t, w, "logout", "set storage memory")
}
