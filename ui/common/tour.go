package common

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// story is what the learner has seen so far, read from the log: enough to
// suggest the next step of the tour (log in, call, let the token expire,
// refresh, get robbed, watch reuse detection).
type story struct {
	loggedIn        bool // a login ever completed
	called          bool // the client called the API
	refused         bool // the client's last API call was refused
	refreshed       bool // the client refreshed successfully
	stoleRefresh    bool // the attacker stole a refresh token
	stoleAccess     bool
	attackerCalled  bool
	attackerRefresh bool // the attacker redeemed its refresh token
	reuse           bool // reuse detection fired
}

// read goes on with the story through more events.
func (s story) read(events []sim.Event) story {
	for _, e := range events {
		switch e.Kind {
		case sim.KindLogin:
			s.loggedIn = true
		case sim.KindRotated:
			if e.Actor == sim.ActorIssuer {
				s.refreshed = true
			}
		case sim.KindStolen:
			if e.TokenKind == issuer.RefreshToken {
				s.stoleRefresh = true
			} else {
				s.stoleAccess = true
			}
		case sim.KindReuseDetected:
			s.reuse = true
		case sim.KindExchange:
			x := e.Exchange
			switch {
			case x.Actor == sim.ActorClient && strings.HasPrefix(x.Path(), "/api/"):
				s.called, s.refused = true, x.Status != 200
			case x.Actor == sim.ActorAttacker && strings.HasPrefix(x.Path(), "/api/"):
				s.attackerCalled = true
			case x.Actor == sim.ActorAttacker && x.Path() == issuer.PathToken:
				s.attackerRefresh = true
			}
		}
	}
	return s
}

// NextStep suggests, in one line, the most instructive key to press now:
// the sandbox's tour (log in, call, let the token expire, refresh, get
// robbed, watch reuse detection).
func NextStep(k *keymap.KeyMap, sc *Scene) string {
	w := sc.World
	s := sc.story()
	c, a := w.Client, w.Attacker
	access, refresh := sc.state(c.AccessToken), sc.state(c.RefreshToken)
	press := func(b key.Binding, what string) string { return "press " + b.Help().Key + " " + what }

	switch {
	case c.RefreshToken != "" && refresh == issuer.StateRevoked:
		return "revoked: " + press(k.Login, "to log in again") + ", " + k.Undo.Help().Key + " to undo, " +
			k.Settings.Help().Key + " to change the policy"
	case c.AccessToken == "" && c.RefreshToken == "":
		if a.AccessToken != "" && sc.state(a.AccessToken) == issuer.StateActive && !s.attackerCalled {
			return "logged out, yet " + press(k.AttackerCall, "— the stolen access token still works until it expires")
		}
		if s.loggedIn {
			return press(k.Login, "to log in again")
		}
		return press(k.Login, "to log in as alice: authorization code + PKCE, an arrow for each HTTP exchange")
	case a.RefreshToken != "" && !s.attackerRefresh && sc.state(a.RefreshToken) == issuer.StateActive:
		return press(k.AttackerRefresh, "— the attacker redeems the stolen refresh token")
	case s.attackerRefresh && !s.reuse && refresh == issuer.StateRotated:
		return press(k.Refresh, "— the client presents its rotated-out refresh token: watch reuse detection")
	case a.AccessToken != "" && !s.attackerCalled && sc.state(a.AccessToken) == issuer.StateActive:
		return press(k.AttackerCall, "— the attacker calls the API with the stolen access token")
	case access == issuer.StateActive && !s.called:
		return press(k.Call, "to call the API with the access token")
	case access == issuer.StateActive && !s.refreshed:
		left := sc.facts(c.AccessToken).expires.Sub(w.Now())
		return press(k.NextExpiry, "to jump to the access token's expiry: "+Short(left)+" pass in an instant")
	case access != issuer.StateActive && refresh == issuer.StateExpired:
		return "the refresh token has expired too: " + press(k.Login, "to log in again")
	case access != issuer.StateActive && refresh == issuer.StateActive && !s.refused:
		return press(k.Call, "— the API will refuse the expired access token")
	case access != issuer.StateActive && refresh == issuer.StateActive:
		return press(k.Refresh, "— the refresh token buys a new access token, no password needed")
	case access == issuer.StateActive && s.refused:
		return press(k.Call, "again — the new access token works")
	case !s.stoleRefresh:
		return press(k.StealRefresh, "to let the attacker steal the refresh token")
	}
	return "try " + k.XSS.Help().Key + " (XSS) or " + k.Sniff.Help().Key + " (sniff) after changing storage or transport in " +
		k.Settings.Help().Key + "; " + k.Help.Help().Key + " lists every key"
}

// story reads the story from the log, going on from where it left off:
// the log only grows, until undo or reset swaps the world.
func (sc *Scene) story() story {
	if sc.storyGen != sc.Gen || sc.storyLen > sc.World.Log.Len() {
		sc.storyGen, sc.storyLen, sc.told = sc.Gen, 0, story{}
	}
	sc.told = sc.told.read(sc.World.Log.Since(sc.storyLen))
	sc.storyLen = sc.World.Log.Len()
	return sc.told
}
