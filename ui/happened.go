package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
)

// why explains, for the event that best sums up an action, the rule
// behind it: the part a learner cannot see in the arrows.
var why = map[sim.Kind]string{
	sim.KindLogin: "The app ran the authorization-code flow with PKCE (RFC 7636): it proved it started the login " +
		"by showing the verifier whose hash it sent first, and got a short-lived access token and a refresh token.",
	sim.KindAllowed: "The API checked the JWT's signature, issuer, audience and exp by itself, with no call to the " +
		"issuer (RFC 9068). That is fast, and it is why it cannot know about revocations.",
	sim.KindDenied: "For an expired access token a 401 is routine: the app refreshes and tries again. " +
		"The WWW-Authenticate header of the answer says what was wrong (RFC 6750 §3.1).",
	sim.KindTokenExpired: "Access tokens are short-lived on purpose: a copy is useful only until exp. " +
		"The refresh token, kept by the app alone, buys the next one.",
	sim.KindRotated: "Rotation (RFC 9700 §4.14.2): each refresh token works once; the answer carries the next " +
		"generation, and the used one is kept on record so that a replay is recognised.",
	sim.KindReuseDetected: "A refresh token that was already used came back: two parties hold copies, and the issuer " +
		"cannot tell which is the thief, so it revokes the whole family (RFC 9700 §4.14.2). Both must log in again.",
	sim.KindStolen: "The attacker holds a copy; nothing on the server changed. How far it gets depends on the " +
		"token's lifetime, rotation and reuse detection.",
	sim.KindForged: "A forged token works only where the API skips a check: the signature, the alg, the audience " +
		"(RFC 8725). Watch the status of the API's answer.",
	sim.KindLoggedOut: "Logout revoked the refresh token (RFC 7009), ending its family. An access token cannot be " +
		"recalled: it lives until exp unless the API consults a denylist.",
	sim.KindIntrospected: "Introspection (RFC 7662) asks the issuer, which knows about revocations that the API's " +
		"local JWT check cannot see.",
	sim.KindGraceUsed: "Inside the grace period the immediate parent is still accepted, to forgive a response lost " +
		"on the network; anything older is still reuse.",
	sim.KindDenylisted: "With the denylist on, the API refuses a revoked family's access tokens by jti until they expire.",
	sim.KindPolicy:     "Settings apply from the next request; tokens already issued keep the lifetimes they were issued with.",
}

// happenedPane tells the last action's story in full sentences: every
// event it caused, then why the most telling one happened.
type happenedPane struct {
	c     *Common
	sc    *scene
	cache cached[familyKey]
}

// Render draws the pane w cells wide and h rows high. It tells events
// only, so the passing of time alone does not redraw it.
func (p *happenedPane) Render(w, h int) string {
	wk := p.sc.key()
	wk.second = 0
	k := familyKey{world: wk, w: w, h: h, styles: p.c.Styles}
	return p.cache.get(k, func() string { return p.render(w, h) })
}

func (p *happenedPane) render(w, h int) string {
	st, world := p.c.Styles, p.sc.World
	inner := w - 4
	events := world.Log.Since(world.ActionStart())
	if len(events) == 0 {
		return box(st, "What happened", "", wrapStyled(st.Muted.Render,
			"Each key's consequences are told here in full sentences, with the rule behind them.", inner), w, h, false)
	}
	title := "What happened"
	var lines []string
	for _, e := range events {
		if e.Kind == sim.KindAction {
			title = "What happened · ▶ " + e.Text + " at " + e.At.Format("15:04:05")
			continue
		}
		if e.Kind == sim.KindExchange || e.Kind == sim.KindCodeIssued {
			continue // the arrows show these
		}
		sym, style := noteStyle(st, e.Kind)
		for i, l := range wrap(e.Text, inner-2) {
			prefix := "  "
			if i == 0 {
				prefix = sym + " "
			}
			lines = append(lines, style.Render(prefix+l))
		}
	}
	best := sim.Kind("")
	bestP := -1
	for _, e := range events {
		if _, ok := why[e.Kind]; ok && statusPriority[e.Kind] > bestP {
			best, bestP = e.Kind, statusPriority[e.Kind]
		}
	}
	var reason []string
	if text, ok := why[best]; ok {
		reason = wrapStyled(st.Accent.Render, "Why: "+text, inner)
	}
	room := h - 2
	switch {
	case len(reason) == 0:
	case len(lines)+1+len(reason) <= room:
		lines = append(append(lines, ""), reason...)
	default:
		// Too little room for both: the reason is what the sequence
		// diagram cannot show, so it stays.
		lines = reason
		if len(lines) > room && room > 0 {
			lines = append(lines[:room-1], st.Accent.Render(strings.TrimSpace(ansi.Strip(lines[room-1]))+" …"))
		}
	}
	return box(st, title, "", lines, w, h, false)
}
