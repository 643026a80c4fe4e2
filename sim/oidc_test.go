package sim_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// wantStatus applies line and checks the status of its last exchange.
func wantStatus(t *testing.T, w *sim.World, line string, want int) {
	t.Helper()
	if got := status(t, w, line); got != want {
		t.Errorf("%q: status %d, want %d", line, got, want)
	}
}

// passwordTyped reports whether the last action's login went through the
// login form.
func passwordTyped(w *sim.World) bool {
	for _, e := range last(w) {
		if x := e.Exchange; x != nil && x.Method == "POST" && x.Path() == issuer.PathAuthorize {
			return true
		}
	}
	return false
}

func TestLoginKeepsTheIDTokenAndLogoutForgetsIt(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login")
	if w.Client.IDToken == "" {
		t.Fatal("the app kept no ID token")
	}
	if x := last(w)[1].Exchange; x == nil || x.Path() != issuer.PathOpenIDConfiguration {
		t.Errorf("the app did not discover the issuer through OpenID Connect Discovery")
	}
	apply(t, w, "logout")
	if w.Client.IDToken != "" {
		t.Error("logout left the ID token behind")
	}
}

func TestOpenIDOffIsPlainOAuth(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set openid off", "login")
	if w.Client.IDToken != "" || w.Client.AccessToken == "" {
		t.Fatalf("openid off: ID token %q, access token %q", w.Client.IDToken, w.Client.AccessToken)
	}
	for _, e := range last(w) {
		if x := e.Exchange; x != nil && (strings.Contains(x.URL, "openid") || strings.Contains(x.URL, "nonce")) {
			t.Errorf("openid off, yet %s %s", x.Method, x.URL)
		}
	}
	var nn *sim.NotNowError
	if err := w.Apply(sim.Act("call id-token")); !errors.As(err, &nn) {
		t.Errorf("call id-token with no ID token: %v, want a NotNowError", err)
	}
}

// TestTheIDTokenIsNoAccessToken: the confused app's call is refused
// whatever the signing algorithm, for its own cause.
func TestTheIDTokenIsNoAccessToken(t *testing.T) {
	for _, alg := range []string{"ES256", "RS256", "HS256"} {
		t.Run(alg, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "set alg "+alg, "login")
			wantStatus(t, w, "call id-token", 401)
			if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseIDTokenAsAccess {
				t.Errorf("explained by %q, want %q", ev.Cause, sim.CauseIDTokenAsAccess)
			}
			wantStatus(t, w, "call", 200)
		})
	}
}

func TestCallIDTokenNeedsAnIDTokenAndChangesNothing(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	n := w.Log.Len()
	var nn *sim.NotNowError
	if err := w.Apply(sim.Act("call id-token")); !errors.As(err, &nn) {
		t.Fatalf("call id-token before login: %v, want a NotNowError", err)
	}
	if w.Log.Len() != n || len(w.Records()) != 0 {
		t.Error("a refused action changed the world")
	}
}

// TestLogoutIsAppOnlyAndLogoutEverywhereIsNot: after logout, alice's
// session at the issuer lives on and the next login needs no password;
// after logout everywhere it does.
func TestLogoutIsAppOnlyAndLogoutEverywhereIsNot(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "logout", "login")
	if passwordTyped(w) {
		t.Error("after an app-only logout the login asked for the password")
	}
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseLoginSSO {
		t.Errorf("the login is explained by %q, want %q", ev.Cause, sim.CauseLoginSSO)
	}
	apply(t, w, "logout everywhere")
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseSessionLogout {
		t.Errorf("logout everywhere is explained by %q, want %q", ev.Cause, sim.CauseSessionLogout)
	}
	if w.Client.AccessToken != "" || w.Client.IDToken != "" {
		t.Error("logout everywhere left the app's tokens")
	}
	apply(t, w, "login")
	if !passwordTyped(w) {
		t.Error("after logout everywhere the login needed no password")
	}
}

// TestLogoutEverywhereAfterAnAppLogout ends the session the app logout
// left, with no ID token to show: alice confirms at the issuer.
func TestLogoutEverywhereAfterAnAppLogout(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "logout", "logout everywhere")
	if !hasKind(last(w), sim.KindSessionEnded) {
		t.Fatal("no session ended")
	}
	var nn *sim.NotNowError
	if err := w.Apply(sim.Act("logout everywhere")); !errors.As(err, &nn) {
		t.Errorf("logout everywhere with nobody logged in anywhere: %v, want a NotNowError", err)
	}
}

// TestTheSessionEndsOnTheSimulatedClock: idle after issuer-session-idle
// unused, at issuer-session-max however used; each an event at its own
// instant, with its cause.
func TestTheSessionEndsOnTheSimulatedClock(t *testing.T) {
	ended := func(w *sim.World) (sim.Event, bool) {
		for _, e := range last(w) {
			if e.Kind == sim.KindSessionEnded {
				return e, true
			}
		}
		return sim.Event{}, false
	}
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "advance 20m", "logout", "login", "advance 29m")
	if _, ok := ended(w); ok {
		t.Fatal("the session ended though the second login used it 29 minutes ago")
	}
	apply(t, w, "advance 2m")
	e, ok := ended(w)
	if !ok || e.Cause != sim.CauseSessionIdle || !e.At.Equal(clock.Start.Add(50*time.Minute)) {
		t.Fatalf("idle end: %+v, want session-idle at 09:50", e)
	}
	apply(t, w, "logout", "login")
	if !passwordTyped(w) {
		t.Error("after the idle timeout the login needed no password")
	}

	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set issuer-session-max 1h", "login")
	for range 2 {
		apply(t, w, "advance 25m", "logout", "login")
	}
	apply(t, w, "advance 25m")
	e, ok = ended(w)
	if !ok || e.Cause != sim.CauseSessionMax || !e.At.Equal(clock.Start.Add(time.Hour)) {
		t.Fatalf("max end: %+v, want session-max at 10:00", e)
	}
}

// TestSilentLoginWhateverTheStorage: injected script's own flow gets fresh
// tokens from the live session, wherever the app keeps its own.
func TestSilentLoginWhateverTheStorage(t *testing.T) {
	for _, storage := range []string{"memory", "local-storage", "cookie"} {
		t.Run(storage, func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "set storage "+storage, "login", "attacker silent")
			if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseSilentStolen {
				t.Errorf("explained by %q, want %q", ev.Cause, sim.CauseSilentStolen)
			}
			a, c := w.Attacker, w.Client
			if a.AccessToken == "" || a.RefreshToken == "" || a.AccessToken == c.AccessToken || a.RefreshToken == c.RefreshToken {
				t.Errorf("the attacker holds %q and %q: want fresh tokens of its own", a.AccessToken, a.RefreshToken)
			}
			wantStatus(t, w, "attacker call", 200)
			wantStatus(t, w, "attacker refresh", 200)
			wantStatus(t, w, "call", 200)
		})
	}
}

// TestSilentLoginWithDPoPBindsToTheAttackersKey: the script proves its own
// key, so the tokens are bound to a key the attacker holds.
func TestSilentLoginWithDPoPBindsToTheAttackersKey(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "login", "attacker silent")
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseSilentBound {
		t.Errorf("explained by %q, want %q", ev.Cause, sim.CauseSilentBound)
	}
	if b := w.TokenBinding(w.Attacker.AccessToken); b != sim.BindingAttacker {
		t.Errorf("the attacker's access token is bound to %q, want its own key", b)
	}
	wantStatus(t, w, "attacker call", 200)
	wantStatus(t, w, "attacker refresh", 200)
	wantStatus(t, w, "attacker call", 200)
}

func TestSilentLoginWithoutASessionGetsNothing(t *testing.T) {
	for _, lines := range [][]string{
		{"attacker silent"},
		{"login", "logout everywhere", "attacker silent"},
		{"login", "advance 31m", "attacker silent"},
		{"set transport http", "login", "attacker silent"}, // a Secure cookie is never set over plain HTTP
	} {
		w := newWorld(t, sim.Config{Seed: 1})
		apply(t, w, lines...)
		if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseSilentNone {
			t.Errorf("%v: explained by %q, want %q", lines, ev.Cause, sim.CauseSilentNone)
		}
		if w.Attacker.AccessToken != "" || w.Attacker.RefreshToken != "" {
			t.Errorf("%v: the attacker holds tokens", lines)
		}
	}
}

// TestLogoutEverywhereRevokesTheSilentLogin: ending the session revokes
// every login it started, the attacker's included; its access token, as
// ever, lives until exp at an API that checks JWTs by itself.
func TestLogoutEverywhereRevokesTheSilentLogin(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login", "attacker silent", "logout everywhere")
	revoked := 0
	for _, e := range last(w) {
		if e.Kind == sim.KindFamilyRevoked && e.Cause == sim.CauseSessionRevoked {
			revoked++
		}
	}
	if revoked != 1 {
		t.Errorf("%d logins revoked with the session, want the attacker's", revoked)
	}
	wantStatus(t, w, "attacker refresh", 400)
	wantStatus(t, w, "attacker call", 200)
}

// TestUserinfoSeesWhatTheAPIDoesNot: the issuer knows its revocations.
func TestUserinfoSeesWhatTheAPIDoesNot(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login")
	if got := status(t, w, "call userinfo"); got != 200 {
		t.Fatalf("userinfo: %d", got)
	}
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseUserinfo {
		t.Errorf("userinfo explained by %q", ev.Cause)
	}
	apply(t, w, "revoke refresh")
	wantStatus(t, w, "call", 200)
	wantStatus(t, w, "call userinfo", 401)
	if ev, _ := sim.Explain(last(w)); ev.Cause != sim.CauseUserinfoRevoked {
		t.Errorf("explained by %q, want %q", ev.Cause, sim.CauseUserinfoRevoked)
	}
	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set openid off", "login")
	wantStatus(t, w, "call userinfo", 403)
	w = newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set dpop on", "login")
	wantStatus(t, w, "call userinfo", 200)
}

// TestOIDCActionsReplayByteForByte: undo rebuilds a world by replay, so
// the new actions must be deterministic.
func TestOIDCActionsReplayByteForByte(t *testing.T) {
	lines := []string{"set dpop on", "login", "call id-token", "call userinfo", "logout", "login", "attacker silent",
		"attacker call", "advance 40m", "login", "logout everywhere", "attacker refresh", "login"}
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, lines...)
	again, err := sim.Replay(sim.Config{Seed: 1}, w.Records())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := transcript(t, again), transcript(t, w); got != want {
		t.Errorf("replay differs:\n%s\nwant:\n%s", got, want)
	}
}
