package sim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// causes returns the causes stamped on the last action's events.
func causes(w *sim.World) []sim.Cause {
	var out []sim.Cause
	for _, e := range last(w) {
		if e.Cause != "" {
			out = append(out, e.Cause)
		}
	}
	return out
}

func hasCause(w *sim.World, c sim.Cause) bool {
	for _, got := range causes(w) {
		if got == c {
			return true
		}
	}
	return false
}

// TestStolenBoundTokensAreUseless is the script contract: with DPoP on,
// steal copies the tokens but not the key, so the attacker's call is a
// 401 and its refresh a 400, and neither disturbs the app.
func TestStolenBoundTokensAreUseless(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "login")
	if got := status(t, w, "call"); got != 200 {
		t.Fatalf("the app's own call: %d", got)
	}
	if x := lastExchange(t, w); !strings.HasPrefix(x.ReqHeader.Get("Authorization"), "DPoP ") || x.ReqHeader.Get("DPoP") == "" {
		t.Errorf("the app's call carried %v, want Authorization: DPoP and a proof", x.ReqHeader)
	}
	apply(t, w, "steal access", "steal refresh")
	if !hasCause(w, sim.CauseStolenBound) {
		t.Errorf("stealing a bound token: causes %v, want %s", causes(w), sim.CauseStolenBound)
	}
	if got := status(t, w, "attacker call"); got != 401 || !hasCause(w, sim.CauseWrongKey) {
		t.Errorf("attacker call: %d, causes %v; want 401 for the wrong key", got, causes(w))
	}
	if got := status(t, w, "attacker refresh"); got != 400 || !hasCause(w, sim.CauseRefreshWrongKey) {
		t.Errorf("attacker refresh: %d, causes %v; want 400 for the wrong key", got, causes(w))
	}
	if ev, ok := sim.Explain(last(w)); !ok || ev.Cause != sim.CauseRefreshWrongKey {
		t.Errorf("the refresh is explained by %q, not by the routine nonce challenge before it", ev.Cause)
	}
	// The thief's attempts changed nothing: the app refreshes as usual,
	// with no reuse alarm.
	if got := status(t, w, "refresh"); got != 200 || hasKind(last(w), sim.KindReuseDetected) {
		t.Errorf("the app's refresh after the thief's attempts: %d, events %v", got, last(w))
	}
}

// TestACapturedProofIsWorthNothing: over plain HTTP the sniffer copies
// proofs too, but a proof works once, and only for a minute.
func TestACapturedProofIsWorthNothing(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "set transport http", "login", "call", "attacker sniff")
	if w.Attacker.AccessToken != w.Client.AccessToken {
		t.Fatal("the sniffer did not get the access token")
	}
	if got := status(t, w, "attacker call"); got != 401 || !hasCause(w, sim.CauseProofReplayed) {
		t.Errorf("replaying the captured proof at once: %d, causes %v; want 401 proof-replayed", got, causes(w))
	}
	apply(t, w, "advance 2m")
	if got := status(t, w, "attacker call"); got != 401 || !hasCause(w, sim.CauseBadProof) {
		t.Errorf("replaying it %s later: %d, causes %v; want 401 bad-proof", "2m", got, causes(w))
	}
	if got := status(t, w, "call"); got != 200 {
		t.Errorf("the app's own call goes on working: %d", got)
	}
	// The sniffer reads the refresh token a refresh returns, bound like
	// the one it replaced, and has no proof for it.
	apply(t, w, "refresh", "attacker sniff")
	if got := status(t, w, "attacker refresh"); got != 400 || !hasCause(w, sim.CauseRefreshWrongKey) {
		t.Errorf("the sniffed refresh token: %d, causes %v; want 400 refresh-wrong-key", got, causes(w))
	}
}

// TestTheProofWindowIsTheSimulatedClocks: a proof is fresh for
// dpop.Window of simulated time, not of wall time.
func TestTheProofWindowIsTheSimulatedClocks(t *testing.T) {
	for _, tt := range []struct {
		wait time.Duration
		want sim.Cause
	}{{dpop.Window, sim.CauseProofReplayed}, {dpop.Window + time.Second, sim.CauseBadProof}} {
		w := newWorld(t, sim.Config{Seed: 1})
		apply(t, w, "set dpop on", "set transport http", "login", "call", "attacker sniff", "advance "+sim.FormatDuration(tt.wait))
		apply(t, w, "attacker call")
		if !hasCause(w, tt.want) {
			t.Errorf("after %s: causes %v, want %s", tt.wait, causes(w), tt.want)
		}
	}
}

// TestNoncesExpireOnTheSimulatedClock: the app's nonce goes stale after
// two nonce lifetimes; its next refresh is asked for a new one, retries,
// and succeeds.
func TestNoncesExpireOnTheSimulatedClock(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "login")
	apply(t, w, "advance "+sim.FormatDuration(issuer.NonceLifetime))
	if got := status(t, w, "refresh"); got != 200 || hasCause(w, sim.CauseDPoPNonce) {
		t.Errorf("a refresh within the nonce's lifetime: %d, causes %v; want no nonce challenge", got, causes(w))
	}
	apply(t, w, "advance "+sim.FormatDuration(2*issuer.NonceLifetime))
	if got := status(t, w, "refresh"); got != 200 || !hasCause(w, sim.CauseDPoPNonce) {
		t.Errorf("a refresh two lifetimes on: %d, causes %v; want a nonce challenge, then success", got, causes(w))
	}
}

// TestXSSDrivesTheKeyItCannotTake: the key is non-extractable, but
// script on the page can have it sign, so the API answers the attacker.
func TestXSSDrivesTheKeyItCannotTake(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "set storage local-storage", "login", "attacker xss")
	if !hasCause(w, sim.CauseXSSDPoP) || !hasCause(w, sim.CauseAllowedViaPage) {
		t.Errorf("XSS with DPoP: causes %v, want the page ridden and the API's answer", causes(w))
	}
	if got := status(t, w, "attacker call"); got != 401 {
		t.Errorf("the tokens XSS carried away, used from elsewhere: %d, want 401", got)
	}
}

// TestDPoPOffSendsNoProofs keeps the worlds of the other lessons as they
// were: no DPoP header anywhere.
func TestDPoPOffSendsNoProofs(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "call", "refresh")
	for _, e := range w.Log.All() {
		if x := e.Exchange; x != nil && x.ReqHeader.Get("DPoP") != "" {
			t.Errorf("%s %s carried a proof with DPoP off", x.Method, x.URL)
		}
	}
}

// TestABindingSurvivesSwitchingDPoPOff: the app's login stays bound, so
// it keeps proving its key after the setting goes off.
func TestABindingSurvivesSwitchingDPoPOff(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "login", "set dpop off")
	if got := status(t, w, "refresh"); got != 200 {
		t.Errorf("the bound login's refresh with DPoP off: %d", got)
	}
	if got := status(t, w, "call"); got != 200 {
		t.Errorf("its call: %d", got)
	}
}

func TestTheWalletCanTellWhoseKeyATokenIsBoundTo(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login")
	if got := w.TokenBinding(w.Client.AccessToken); got != sim.BindingNone {
		t.Errorf("a bearer token: binding %q", got)
	}
	apply(t, w, "set dpop on", "logout", "login", "steal refresh")
	for _, tok := range []string{w.Client.AccessToken, w.Client.RefreshToken, w.Attacker.RefreshToken} {
		if got := w.TokenBinding(tok); got != sim.BindingApp {
			t.Errorf("a token of the app's DPoP login: binding %q, want app", got)
		}
	}
	if w.Client.LastProof() != "" {
		t.Error("a proof before any call")
	}
	apply(t, w, "call")
	if p := w.Client.LastProof(); p == "" || p != lastExchange(t, w).ReqHeader.Get("DPoP") {
		t.Errorf("LastProof %q is not the proof the call carried", p)
	}
	apply(t, w, "refresh")
	if w.Client.LastProof() != "" {
		t.Error("the last proof outlived the access token it went with")
	}
}
