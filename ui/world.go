package ui

import (
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// tokenView is one token as the screen shows it: what the issuer thinks of
// it, who holds it, and how much of its life is left.
type tokenView struct {
	Kind    issuer.TokenKind
	Token   string // empty: nobody holds one
	ID      string
	State   issuer.TokenState
	Stolen  bool // the attacker holds this very token too
	Issued  time.Time
	Expires time.Time
	HasLife bool // Issued and Expires are known
}

func (sc *scene) viewToken(kind issuer.TokenKind, tok string, stolen bool) tokenView {
	v := tokenView{Kind: kind, Token: tok, Stolen: stolen}
	if tok == "" {
		return v
	}
	f := sc.facts(tok)
	v.ID, v.Issued, v.Expires, v.HasLife = f.id, f.issued, f.expires, f.hasLife
	v.State = sc.state(tok)
	return v
}

// clientTokens returns the client's access and refresh tokens, each marked
// stolen when the attacker holds the same string.
func (sc *scene) clientTokens() (access, refresh tokenView) {
	c, a := sc.World.Client, sc.World.Attacker
	access = sc.viewToken(issuer.AccessToken, c.AccessToken, c.AccessToken != "" && c.AccessToken == a.AccessToken)
	refresh = sc.viewToken(issuer.RefreshToken, c.RefreshToken, c.RefreshToken != "" && c.RefreshToken == a.RefreshToken)
	return access, refresh
}

// attackerTokens returns what the attacker holds.
func (sc *scene) attackerTokens() (access, refresh tokenView) {
	a := sc.World.Attacker
	return sc.viewToken(issuer.AccessToken, a.AccessToken, true), sc.viewToken(issuer.RefreshToken, a.RefreshToken, true)
}

// tokenFacts is what never changes about a token: its name and lifetime.
type tokenFacts struct {
	id              string
	jti             string // an access token's, which the issuer's state is kept under
	issued, expires time.Time
	hasLife         bool
}

// facts reads a token once: decoding a JWT costs microseconds, and the
// panes ask about the same few tokens every simulated second.
func (sc *scene) facts(tok string) tokenFacts {
	if f, ok := sc.known[tok]; ok {
		return f
	}
	if len(sc.known) >= 64 || sc.known == nil || sc.knownGen != sc.Gen {
		// Old tokens are rarely asked about again, and a rebuilt world
		// can issue the same token string at another instant.
		sc.known, sc.knownGen = map[string]tokenFacts{}, sc.Gen
	}
	w := sc.World
	f := tokenFacts{id: w.TokenID(tok)}
	f.issued, f.expires, f.hasLife = w.TokenLifetime(tok)
	if strings.HasPrefix(f.id, "at-") {
		f.jti = f.id
	}
	sc.known[tok] = f
	return f
}

// state is sim.World.TokenState without decoding an access token again.
func (sc *scene) state(tok string) issuer.TokenState {
	if tok == "" {
		return ""
	}
	if f := sc.facts(tok); f.jti != "" {
		return sc.World.Issuer.AccessState(f.jti)
	}
	return sc.World.TokenState(tok)
}

// familyNode is one generation of a refresh-token family.
type familyNode struct {
	issuer.RefreshInfo
	Current  bool // the live head: the token the next refresh must present
	Client   bool // the client holds it
	Attacker bool // the attacker holds it
	Stolen   bool // the attacker copied it at some point
}

// familyView is the refresh-token chain of the current login.
type familyView struct {
	Found     bool
	Stateless bool // refresh tokens are self-contained JWTs: no family exists
	Info      issuer.FamilyInfo
	Nodes     []familyNode
}

// currentFamily finds the family of the client's refresh token or, once
// the client has dropped it, of the newest family the log mentions, and
// marks who holds which generation.
func currentFamily(w *sim.World) familyView {
	var fv familyView
	events := w.Log.All()
	id := ""
	if info, ok := w.Issuer.RefreshInfo(w.Client.RefreshToken); ok {
		id = info.FamilyID
	} else if w.Client.RefreshToken != "" {
		fv.Stateless = true
		return fv
	}
	for i := len(events) - 1; i >= 0 && id == ""; i-- {
		id = events[i].FamilyID
	}
	if id == "" {
		fv.Stateless = w.Config().Policy.RefreshFormat == issuer.RefreshStateless
		return fv
	}
	info, ok := w.Issuer.Family(id)
	if !ok {
		return fv
	}
	fv.Found, fv.Info = true, info
	stolen := map[string]bool{}
	for _, e := range events {
		if e.Kind == sim.KindStolen && e.TokenKind == issuer.RefreshToken {
			stolen[e.TokenID] = true
		}
	}
	clientID, attackerID := "", ""
	if i, ok := w.Issuer.RefreshInfo(w.Client.RefreshToken); ok {
		clientID = i.ID
	}
	if i, ok := w.Issuer.RefreshInfo(w.Attacker.RefreshToken); ok {
		attackerID = i.ID
	}
	for i, t := range info.Tokens {
		fv.Nodes = append(fv.Nodes, familyNode{
			RefreshInfo: t,
			Current:     !info.Revoked && i == len(info.Tokens)-1 && t.State == issuer.StateActive,
			Client:      t.ID == clientID,
			Attacker:    t.ID == attackerID,
			Stolen:      stolen[t.ID],
		})
	}
	return fv
}

// scene is the world as the panes see it. The model swaps World on undo
// and reset and bumps Gen, so a cache keyed on Gen and the log length
// notices any change to the world, and one keyed on the second notices
// time passing.
type scene struct {
	World    *sim.World
	Gen      uint64
	known    map[string]tokenFacts // by token value, for world knownGen
	knownGen uint64

	told     story // the story as far as storyLen events of world storyGen
	storyLen int
	storyGen uint64
}

// worldKey identifies a state of the world up to the simulated second.
type worldKey struct {
	gen    uint64
	logLen int
	second int64
}

func (s *scene) key() worldKey {
	return worldKey{gen: s.Gen, logLen: s.World.Log.Len(), second: s.World.Now().Unix()}
}
