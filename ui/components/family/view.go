package family

import (
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Node is one generation of a refresh-token family.
type Node struct {
	issuer.RefreshInfo
	Current  bool // the live head: the token the next refresh must present
	Client   bool // the client holds it
	Attacker bool // the attacker holds it
	Stolen   bool // the attacker copied it at some point
}

// View is the refresh-token chain of the current login.
type View struct {
	Found     bool
	Stateless bool // refresh tokens are self-contained JWTs: no family exists
	Info      issuer.FamilyInfo
	Nodes     []Node
}

// Read finds the family of the client's refresh token or, once
// the client has dropped it, of the newest family the log mentions, and
// marks who holds which generation.
func Read(w *sim.World) View {
	var fv View
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
	fv.Nodes = make([]Node, 0, len(info.Tokens))
	for i, t := range info.Tokens {
		fv.Nodes = append(fv.Nodes, Node{
			RefreshInfo: t,
			Current:     !info.Revoked && i == len(info.Tokens)-1 && t.State == issuer.StateActive,
			Client:      t.ID == clientID,
			Attacker:    t.ID == attackerID,
			Stolen:      stolen[t.ID],
		})
	}
	return fv
}
