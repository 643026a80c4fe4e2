package issuer

import (
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// redeemUsed handles a rotated-out refresh token coming back. Where the
// policy keeps rotated tokens valid, it is simply redeemed again. Inside
// the grace period, and only for the immediate parent of a child nobody
// has used yet, it is a retry (a response lost on the network, a second
// tab): the caller gets a new access token and, as GraceReturns says, the
// child already issued for that parent or a new sibling, so it recovers
// as if the first answer had arrived. Answering with the same child keeps
// one live token per family (thephpleague/oauth2-server#1506 argues for
// it), where Auth0 and Hydra mint a sibling. FAPI 2.0, a profile for
// confidential clients that discourages rotation, allows it only if such
// a retry always succeeds, with no window at all (Security Profile
// §5.3.2.1). Anything else is reuse (RFC 9700 §4.14.2): the
// authorization server cannot tell thief from victim, so it revokes what
// ReuseRevokes says. Callers hold iss.mu.
func (iss *Issuer) redeemUsed(c client, rec *refreshRecord, tok, scope, jkt string, now time.Time) (*TokenResponse, []Event, *Error) {
	if iss.policy.keepsRotated() {
		return iss.redeemKept(c, rec, scope, jkt, now)
	}
	immediate := !rec.childUsed
	inWindow := !rec.graceUntil.IsZero() && now.Before(rec.graceUntil)
	if iss.forgives(rec, now) {
		return iss.graceRedeem(c, rec, tok, scope, jkt, now)
	}
	rec.sealed = nil
	if !iss.policy.ReuseDetection {
		return nil, nil, grantErr(ReasonRefreshUsed, "refresh token already used")
	}
	fam := rec.family
	detected := Event{Kind: EventReuseDetected, At: now, ClientID: fam.clientID, Subject: fam.subject,
		TokenKind: RefreshToken, ID: rec.hash.shortID(), FamilyID: fam.id, Generation: rec.generation,
		Detail: "generation " + itoa(rec.generation) + " was already rotated; newest is generation " + itoa(fam.latest().generation)}
	switch {
	case immediate && inWindow:
		detected.Reason = ReasonGraceSpent
		detected.Detail += "; its grace period forgave " + itoa(rec.graceUses) + " retries already, the most it allows"
	case immediate && !rec.graceUntil.IsZero():
		// The parent a grace period once covered, back after it closed.
		detected.Reason = ReasonGraceOver
		detected.Detail += "; its grace period closed " + clock.FormatDuration(now.Sub(rec.graceUntil)) + " ago"
	}
	reason := "reuse of generation " + itoa(rec.generation) + " detected"
	var revoked []Event
	desc := "refresh token reuse detected; every token of this login is revoked"
	if iss.policy.ReuseRevokes == ReuseClient {
		revoked = iss.store.revokeUserClient(fam, now, reason, iss.policy.Denylist)
		desc = "refresh token reuse detected; every login of this user at this client in the same issuer session is revoked"
	} else {
		revoked = iss.store.revokeFamily(fam, now, reason, iss.policy.Denylist)
	}
	events := append([]Event{detected}, revoked...)
	for i := range events {
		if events[i].Kind == EventFamilyRevoked && events[i].Reason == "" {
			events[i].Reason = ReasonReuse
		}
	}
	return nil, events, oauthErr(ErrInvalidGrant, desc)
}

// forgives reports whether the grace period covers rec now: the
// immediate parent of a child nobody has used, inside its window, with
// retries left.
func (iss *Issuer) forgives(rec *refreshRecord, now time.Time) bool {
	inWindow := !rec.graceUntil.IsZero() && now.Before(rec.graceUntil)
	spent := iss.policy.GraceCount > 0 && rec.graceUses >= iss.policy.GraceCount
	return !rec.childUsed && inWindow && !spent
}

// expiredIsReuse reports whether rec, past its own exp, still goes to
// reuse detection rather than being refused as expired: under
// ExpiredReplay reuse, a rotated-out token that reuse detection would
// catch. Only reuse detection: a token kept valid, or a retry the grace
// period forgives, would be redeemed, and an expired token never is.
// Callers hold iss.mu.
func (iss *Issuer) expiredIsReuse(rec *refreshRecord, now time.Time) bool {
	p := iss.policy
	return rec.used && p.ExpiredReplay != ReplayExpired && p.ReuseDetection && !p.keepsRotated() && !iss.forgives(rec, now)
}

// graceRedeem answers the immediate parent inside its grace period: a new
// access token, and the child already issued or a new sibling. Callers
// hold iss.mu.
func (iss *Issuer) graceRedeem(c client, rec *refreshRecord, tok, scope, jkt string, now time.Time) (*TokenResponse, []Event, *Error) {
	fam := rec.family
	// A retry is held to the same rules as the first request.
	at, ev, bind, e := iss.familyAccess(c, fam, scope, jkt, now)
	if e != nil {
		return nil, nil, e
	}
	rec.graceUses++
	window := "inside the " + clock.FormatDuration(rec.graceUntil.Sub(rec.usedAt)) + " grace period"
	grace := Event{Kind: EventGraceUsed, At: now, ClientID: fam.clientID, Subject: fam.subject,
		TokenKind: RefreshToken, ID: rec.hash.shortID(), FamilyID: fam.id, Generation: rec.generation,
		Detail: "generation " + itoa(rec.generation) + " presented again " + clock.FormatDuration(now.Sub(rec.usedAt)) +
			" after rotation, " + window}
	if iss.policy.GraceReturns != GraceSibling {
		child, ok := unseal(tok, rec.sealed)
		if ok {
			grace.Detail += ": a new access token and generation " + itoa(fam.latest().generation) + " once more"
			if r, ok := iss.store.refresh[hashToken(child)]; ok {
				iss.pairAccess(r, ev)
			}
			return iss.tokenResponse(at, child, fam.scope, bind), append([]Event{grace, ev}, iss.revokeIssuedWith(rec, now)...), nil
		}
		// Sealed under no grace at all cannot happen: the window and the
		// seal are set together. A sibling is the safe answer regardless.
	}
	rt, issued := iss.mintRefresh(fam, rec, now)
	iss.pairAccess(fam.latest(), ev)
	grace.Reason = ReasonGraceSibling
	grace.Detail += ": a new access token and a new sibling, generation " + itoa(fam.latest().generation) +
		"; the child issued before stays valid too"
	return iss.tokenResponse(at, rt, fam.scope, bind), append([]Event{grace, ev, issued}, iss.revokeIssuedWith(rec, now)...), nil
}

// redeemKept redeems a rotated-out refresh token under a policy that keeps
// them valid: new tokens, as for the newest, and nothing revoked. The
// token still expires on its own: refreshGrant refuses it first once it
// has. Callers hold iss.mu.
func (iss *Issuer) redeemKept(c client, rec *refreshRecord, scope, jkt string, now time.Time) (*TokenResponse, []Event, *Error) {
	fam := rec.family
	at, ev, bind, e := iss.familyAccess(c, fam, scope, jkt, now)
	if e != nil {
		return nil, nil, e
	}
	rt, issued := iss.mintRefresh(fam, rec, now)
	iss.pairAccess(fam.latest(), ev)
	kept := Event{Kind: EventKeptValid, At: now, ClientID: fam.clientID, Subject: fam.subject,
		TokenKind: RefreshToken, ID: rec.hash.shortID(), FamilyID: fam.id, Generation: rec.generation,
		Detail: "generation " + itoa(rec.generation) + " was rotated out already, and this issuer keeps rotated-out tokens valid: " +
			"generation " + itoa(fam.latest().generation) + " issued beside the others, nothing revoked"}
	return iss.tokenResponse(at, rt, fam.scope, bind), append([]Event{kept, ev, issued}, iss.revokeIssuedWith(rec, now)...), nil
}
