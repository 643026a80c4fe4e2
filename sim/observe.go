package sim

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

func (w *World) record(x *Exchange) {
	w.exchanges++
	x.ID = w.exchanges
	x.At = w.Clock.Now()
	text := fmt.Sprintf("%s %s → %d", x.Method, x.Path(), x.Status)
	if x.Lost {
		text += ", never delivered"
	}
	w.emit(Event{At: x.At, Kind: KindExchange, Actor: x.Actor, Exchange: x, Cause: w.refreshWithoutRotation(x), Text: text})
}

// refreshWithoutRotation is the cause of a successful refresh that did not
// rotate: the answer repeats the refresh token or carries none, which no
// issuer event tells.
func (w *World) refreshWithoutRotation(x *Exchange) Cause {
	if x.Path() != issuer.PathToken || x.Status != http.StatusOK {
		return ""
	}
	req, err := url.ParseQuery(x.ReqBody)
	if err != nil || req.Get("grant_type") != "refresh_token" {
		return ""
	}
	// Every refresh passes here, so the answer is searched rather than
	// decoded: the issuer writes refresh_token as a plain JSON string.
	const field = `"refresh_token":"`
	if i := strings.Index(x.RespBody, field); i >= 0 {
		rest := x.RespBody[i+len(field):]
		if j := strings.IndexByte(rest, '"'); j < 0 || rest[:j] != req.Get("refresh_token") {
			return ""
		}
	}
	if w.cfg.Policy.RefreshFormat == issuer.RefreshStateless {
		return CauseStatelessRefresh
	}
	return CauseNotRotated
}

var issuerKinds = map[issuer.EventKind]Kind{
	issuer.EventLoginFailed:    KindLoginFailed,
	issuer.EventCodeIssued:     KindCodeIssued,
	issuer.EventCodeReplayed:   KindCodeReplayed,
	issuer.EventTokenIssued:    KindTokenIssued,
	issuer.EventRotated:        KindRotated,
	issuer.EventGraceUsed:      KindGraceUsed,
	issuer.EventReuseDetected:  KindReuseDetected,
	issuer.EventKeptValid:      KindRotated,
	issuer.EventFamilyRevoked:  KindFamilyRevoked,
	issuer.EventDenylisted:     KindDenylisted,
	issuer.EventRevokeNoop:     KindRevokeNoop,
	issuer.EventRefused:        KindRefused,
	issuer.EventSessionStarted: KindSessionStarted,
	issuer.EventSessionUsed:    KindSessionUsed,
	issuer.EventSessionEnded:   KindSessionEnded,
	issuer.EventUserinfo:       KindUserinfo,
}

func (w *World) observeIssuer(ie issuer.Event) {
	text := ie.Detail
	if ie.Kind == issuer.EventRefused {
		text = "token request " + text
		if w.caller != "" {
			text = whose(w.caller) + " token request was " + ie.Detail
		}
	}
	// The issuer stamps events by its own clock; the log keeps the
	// world's, so that a skewed issuer does not reorder the story.
	e := w.emit(Event{Kind: issuerKinds[ie.Kind], Actor: ActorIssuer, Text: text,
		TokenKind: ie.TokenKind, TokenID: ie.ID, FamilyID: ie.FamilyID, Generation: ie.Generation,
		Expires: ie.Expires, Cause: w.issuerCause(ie)})
	// A token minted for an outside client (no caller: serve) is never the
	// client's or the attacker's, so its expiry is nobody's event: a timer
	// for it would only hold memory, for a week in the case of a refresh
	// token. An ID token's exp ends nothing: it told who signed in, once.
	if e.Kind == KindTokenIssued && w.caller != "" && ie.TokenKind != issuer.IDToken {
		w.watchExpiry(ie.Token, ie.TokenKind, e)
	}
	// Likewise, only alice's browser's session is watched for its end.
	switch {
	case w.caller != ActorBrowser:
	case e.Kind == KindSessionStarted, e.Kind == KindSessionUsed:
		// The issuer ends the session by its own clock.
		w.watchSession(ie.ID, ie.Expires.Add(-w.cfg.Skew.Issuer))
	case e.Kind == KindSessionEnded:
		w.forgetSession()
	}
}

// whose names an actor's request in a sentence.
func whose(actor Actor) string {
	switch actor {
	case ActorClient:
		return "the app's"
	case ActorTab2:
		return "tab 2's"
	case ActorBFF:
		return "the app's backend's"
	}
	return "the " + string(actor) + "'s"
}

// issuerCause says why the issuer did what ie reports, from who sent the
// request and what the attacker holds.
func (w *World) issuerCause(ie issuer.Event) Cause {
	by := func(client, tab2, attacker Cause) Cause {
		switch w.caller {
		case ActorClient, ActorBFF:
			return client
		case ActorTab2:
			return tab2
		case ActorAttacker:
			return attacker
		}
		return ""
	}
	switch ie.Kind {
	case issuer.EventLoginFailed:
		return CauseLoginFailed
	case issuer.EventCodeReplayed:
		return CauseCodeReplay
	case issuer.EventRefused, issuer.EventUserinfo:
		switch {
		case ie.Reason == issuer.ReasonDPoPProof && w.caller == ActorClient && proofSkewed(w.cfg.Skew.Client, w.cfg.Skew.Issuer):
			return CauseSkewProof
		case ie.Reason != "":
			return Cause(ie.Reason)
		case ie.Kind == issuer.EventUserinfo:
			return CauseUserinfo
		}
		return CauseRequestRefused
	case issuer.EventRotated:
		return by(CauseRotated, CauseRotated, CauseRotatedThief)
	case issuer.EventKeptValid:
		return by(CauseKeptValid, CauseKeptValid, CauseKeptValidThief)
	case issuer.EventGraceUsed:
		if ie.Reason == issuer.ReasonGraceSibling {
			retry := CauseGraceRetrySibling
			if w.attackerHoldsFamily(ie.FamilyID) {
				retry = CauseGraceVictimSibling
			}
			return by(retry, CauseGraceRaceSibling, CauseGraceThiefSibling)
		}
		retry := CauseGraceRetry
		if w.attackerHoldsFamily(ie.FamilyID) {
			retry = CauseGraceVictim
		}
		return by(retry, CauseGraceRace, CauseGraceThief)
	case issuer.EventReuseDetected:
		switch ie.Reason {
		case issuer.ReasonGraceOver:
			return CauseReuseLate
		case issuer.ReasonGraceSpent:
			return CauseReuseGraceSpent
		}
		victim := CauseReuseRetry
		if w.attackerHoldsFamily(ie.FamilyID) {
			victim = CauseReuseVictim
		}
		return by(victim, CauseReuseRace, CauseReuseThief)
	case issuer.EventFamilyRevoked:
		switch ie.Reason {
		case issuer.ReasonReuse:
			return CauseReuseRevoked
		case issuer.ReasonReuseSession:
			return CauseReuseRevokedSession
		case issuer.ReasonSessionEnded:
			return CauseSessionRevoked
		}
		return CauseRevokedFamily
	case issuer.EventSessionEnded:
		return CauseSessionLogout
	case issuer.EventDenylisted:
		return CauseAccessDenylisted
	case issuer.EventRevokeNoop:
		if ie.TokenKind == issuer.RefreshToken {
			return CauseRevokeStateless
		}
		return CauseRevokeAccessLocal
	}
	return ""
}

// attackerHoldsFamily reports whether the attacker holds a refresh token
// of family id: then a reuse the app trips means the thief went first.
func (w *World) attackerHoldsFamily(id string) bool {
	info, ok := w.Issuer.RefreshInfo(w.Attacker.RefreshToken)
	return ok && id != "" && info.FamilyID == id
}

// watchExpiry sets the timer that tells when tok, issued as the event
// issued says, reaches its exp.
func (w *World) watchExpiry(tok string, kind issuer.TokenKind, issued Event) {
	if _, ok := w.expiries[tok]; ok || !issued.Expires.After(w.Clock.Now()) {
		return // a grace period hands the same child out again
	}
	if w.expiries == nil {
		w.expiries = map[string]*clock.Timer{}
	}
	w.expiries[tok] = w.Clock.Schedule(issued.Expires, func(at time.Time) {
		delete(w.expiries, tok)
		w.expired(tok, kind, issued, at)
	})
}

// watchHeld makes sure a token someone has just come to hold has its
// expiry timer: one read off an old exchange lost its own when the app
// let go of it.
func (w *World) watchHeld(tok string, kind issuer.TokenKind) {
	if _, ok := w.expiries[tok]; ok {
		return
	}
	exp, ok := w.TokenExpiry(tok)
	if !ok {
		return
	}
	issued := Event{TokenKind: kind, TokenID: tokenID(w, tok), Expires: exp}
	if info, ok := w.Issuer.RefreshInfo(tok); ok {
		issued.FamilyID, issued.Generation = info.FamilyID, info.Generation
	}
	w.watchExpiry(tok, kind, issued)
}

// pruneExpiries stops the timers of tokens nobody holds any more: their
// expiry would be nobody's event (see expired). It runs between actions
// and between auto-refreshes, never while a token response is on its way
// to the one who will hold it.
func (w *World) pruneExpiries() {
	for tok, t := range w.expiries {
		if !w.holds(tok) {
			w.Clock.Stop(t)
			delete(w.expiries, tok)
		}
	}
}

// holds reports whether the client or the attacker holds tok.
func (w *World) holds(tok string) bool {
	c, a := w.Client, w.Attacker
	return tok == c.AccessToken || tok == c.RefreshToken || tok == a.AccessToken || tok == a.RefreshToken
}

// expired notes that a token someone holds has reached its exp. Tokens
// nobody holds any more expire silently: nobody can be surprised by them.
func (w *World) expired(tok string, kind issuer.TokenKind, issued Event, at time.Time) {
	var holders []string
	if w.Client.AccessToken == tok || w.Client.RefreshToken == tok {
		holders = append(holders, "the client's")
	}
	if w.Attacker.AccessToken == tok || w.Attacker.RefreshToken == tok {
		holders = append(holders, "the attacker's")
	}
	if len(holders) == 0 {
		return
	}
	if kind == issuer.RefreshToken {
		if info, ok := w.Issuer.RefreshInfo(tok); ok && info.State != issuer.StateExpired {
			return // rotated out or revoked before it could expire
		}
	}
	cause := CauseAccessTokenExpired
	if kind == issuer.RefreshToken {
		cause = CauseRefreshTokenExpired
	}
	w.emit(Event{At: at, Kind: KindTokenExpired, Actor: ActorClock, TokenKind: kind, TokenID: issued.TokenID, Cause: cause,
		FamilyID: issued.FamilyID, Generation: issued.Generation, Expires: issued.Expires,
		Text: fmt.Sprintf("%s %s token %s expired (exp reached)", strings.Join(holders, " and "), kind, issued.TokenID)})
}

func (w *World) observeAPI(d api.Decision) {
	if d.Allowed {
		cause := CauseAllowed
		switch {
		case w.Issuer.AccessState(d.JTI) == issuer.StateRevoked:
			cause = CauseAllowedRevoked
		case w.viaPage:
			cause = CauseAllowedViaPage
		case w.caller == ActorAttacker:
			cause = CauseAllowedThief
		}
		w.emit(Event{Kind: KindAllowed, Actor: ActorAPI, TokenKind: issuer.AccessToken, TokenID: d.JTI, Cause: cause,
			Text: "API accepted the access token of " + d.Subject})
		return
	}
	cause := Cause(d.Refusal)
	switch {
	case w.sendingIDToken:
		cause = CauseIDTokenAsAccess
	case w.skewCause(d.Refusal) != "":
		cause = w.skewCause(d.Refusal)
	case cause == CauseExpired && w.caller == ActorAttacker:
		cause = CauseExpiredThief
	}
	w.emit(Event{Kind: KindDenied, Actor: ActorAPI, TokenKind: issuer.AccessToken, Cause: cause, Text: "API refused: " + d.Reason})
}

// skewCause names the clocks' disagreement as the cause of an API refusal
// that it, and not the token, explains: by the issuer's clock the token is
// within its lifetime, or the app's proofs are stamped further from the
// API's clock than the API allows. It is "" otherwise.
func (w *World) skewCause(r api.Refusal) Cause {
	sk := w.cfg.Skew
	switch r {
	case api.RefusedExpired, api.RefusedNotYetValid:
		if sk.API == sk.Issuer {
			return ""
		}
		tok := w.Client.AccessToken
		switch w.caller {
		case ActorClient, ActorTab2:
		case ActorAttacker:
			tok = w.Attacker.AccessToken
		default:
			return ""
		}
		iat, exp, ok := w.TokenLifetime(tok)
		switch now := w.issuerNow(); {
		case !ok:
		case r == api.RefusedExpired && now.Before(exp):
			return CauseSkewExpired
		case r == api.RefusedNotYetValid && !now.Before(iat):
			return CauseSkewNotYetValid
		}
	case api.RefusedDPoPProof:
		if w.caller == ActorClient && proofSkewed(sk.Client, sk.API) {
			return CauseSkewProof
		}
	}
	return ""
}

// proofSkewed reports whether a proof stamped by one clock is always too
// old or too new for a verifier going by the other (RFC 9449 §4.3 leaves
// the window to the server; this one's is dpop.Window).
func proofSkewed(prover, verifier time.Duration) bool {
	gap := prover - verifier
	return gap > dpop.Window || -gap > dpop.Window
}
