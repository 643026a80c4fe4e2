package issuer

import (
	"crypto/sha256"
	"net/http"
	"net/url"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// SessionCookie names the cookie that carries the issuer's session in the
// user's browser. Its value is a random secret the issuer keeps only as a
// hash, as it keeps refresh tokens.
const SessionCookie = "tf_session"

// ReasonSessionEnded marks the families an ended session took with it.
const ReasonSessionEnded Reason = "session-ended"

// session is the user's sign-in at the issuer: what lets a later
// authorization request complete without the password (single sign-on,
// and prompt=none, OIDC Core §3.1.2.1). It lives until it has gone unused
// for Policy.SessionIdle or reaches Policy.SessionMax after the password
// was typed, whichever comes first, or until the user logs out at the
// issuer (OpenID Connect RP-Initiated Logout 1.0).
type session struct {
	key      tokenHash // the cookie value's hash
	id       string    // names it in events, ID tokens (sid) and logs
	subject  string
	authTime time.Time // when the password was last typed: the ID token's auth_time
	// idleExpiry is when it ends unless used again; each use moves it on,
	// never past maxExpiry.
	idleExpiry time.Time
	maxExpiry  time.Time
}

// logoutToken is the value the logout page's form carries and its POST
// must return: derived from the cookie's hash, so only a page served to
// this browser has it. The session cookie goes along with cross-site
// requests (SameSite=None, see sessionCookie), so the form needs its own
// proof of origin against a forged sign-out.
func (s *session) logoutToken() string {
	sum := sha256.Sum256(append(s.key[:], "logout"...))
	return b64url(sum[:16])
}

// sessions are the live and expired sessions on record, by cookie hash and
// by id. Collection (see collect) forgets the expired ones.
type sessions struct {
	byKey map[tokenHash]*session
	byID  map[string]*session
}

func newSessions() sessions {
	return sessions{byKey: map[tokenHash]*session{}, byID: map[string]*session{}}
}

// live reports whether s still signs its user in at now. idleExpiry never
// passes maxExpiry, so it alone decides.
func (s *session) live(now time.Time) bool { return now.Before(s.idleExpiry) }

// SessionInfo describes one issuer session without revealing its cookie.
type SessionInfo struct {
	ID         string
	Subject    string
	AuthTime   time.Time // when the password was last typed
	IdleExpiry time.Time // when it ends unless used before
	MaxExpiry  time.Time // when it ends however often it is used
	Live       bool
}

func (s *session) info(now time.Time) SessionInfo {
	return SessionInfo{ID: s.id, Subject: s.subject, AuthTime: s.authTime,
		IdleExpiry: s.idleExpiry, MaxExpiry: s.maxExpiry, Live: s.live(now)}
}

// Session reports the session called id, live or expired, if the issuer
// still has it on record: one that ended by logout is gone at once.
func (iss *Issuer) Session(id string) (SessionInfo, bool) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	s, ok := iss.sessions.byID[id]
	if !ok {
		return SessionInfo{}, false
	}
	return s.info(iss.now()), true
}

// SessionOf reports the session a cookie value stands for.
func (iss *Issuer) SessionOf(cookie string) (SessionInfo, bool) {
	iss.mu.Lock()
	defer iss.mu.Unlock()
	s, ok := iss.sessions.byKey[hashToken(cookie)]
	if !ok {
		return SessionInfo{}, false
	}
	return s.info(iss.now()), true
}

// liveSession finds the live session a request's cookies name, if any.
// Callers hold iss.mu.
func (iss *Issuer) liveSession(r *http.Request, now time.Time) *session {
	for _, c := range r.CookiesNamed(SessionCookie) {
		if s, ok := iss.sessions.byKey[hashToken(c.Value)]; ok && s.live(now) {
			return s
		}
	}
	return nil
}

// startSession signs subject in at the issuer and returns the cookie value
// that carries the new session. Callers hold iss.mu.
func (iss *Issuer) startSession(subject string, now time.Time) (string, *session, Event) {
	iss.collect(now)
	value := iss.randomToken(32)
	key := hashToken(value)
	s := &session{key: key, id: "ses-" + b64url(key[:6]), subject: subject, authTime: now,
		maxExpiry: now.Add(iss.policy.SessionMax)}
	s.idleExpiry = iss.idleFrom(s, now)
	iss.sessions.byKey[key] = s
	iss.sessions.byID[s.id] = s
	iss.store.sessionDue.push(s.idleExpiry, expiringSession, s.id)
	return value, s, Event{Kind: EventSessionStarted, At: now, Subject: subject, ID: s.id,
		Expires: s.idleExpiry, SessionMax: s.maxExpiry,
		Detail: "session " + s.id + " started for " + subject + ": no password needed again until it has gone " +
			clock.FormatDuration(iss.policy.SessionIdle) + " unused, or for " + clock.FormatDuration(iss.policy.SessionMax) + " in all"}
}

// idleFrom is when s ends if not used again after now. Callers hold iss.mu.
func (iss *Issuer) idleFrom(s *session, now time.Time) time.Time {
	if end := now.Add(iss.policy.SessionIdle); end.Before(s.maxExpiry) {
		return end
	}
	return s.maxExpiry
}

// useSession renews s's idle timer for a use that needed no password; with
// reauthenticated, the password was typed again, and auth_time moves on.
// Callers hold iss.mu.
func (iss *Issuer) useSession(s *session, now time.Time, reauthenticated bool) Event {
	s.idleExpiry = iss.idleFrom(s, now)
	detail := "session " + s.id + " used: no password needed"
	if reauthenticated {
		s.authTime = now
		detail = "session " + s.id + " renewed: " + s.subject + " typed her password again"
	}
	return Event{Kind: EventSessionUsed, At: now, Subject: s.subject, ID: s.id, Expires: s.idleExpiry,
		SessionMax: s.maxExpiry, Detail: detail + "; idle timer reset"}
}

// endSession takes s off record, and with it every login it started: the
// issuer's choice on logout, as Keycloak's (an SSO session's refresh
// tokens die with it), where Auth0 keeps refresh tokens alive by default.
// A stateless refresh token has no record to revoke and lives on. Callers
// hold iss.mu.
func (iss *Issuer) endSession(s *session, now time.Time) []Event {
	delete(iss.sessions.byKey, s.key)
	delete(iss.sessions.byID, s.id)
	events := []Event{{Kind: EventSessionEnded, At: now, Subject: s.subject, ID: s.id, Reason: ReasonSessionEnded,
		Detail: "session " + s.id + " ended by logout: " + s.subject + " must type her password at the next login"}}
	for _, f := range iss.store.families {
		if f.session != s.id {
			continue
		}
		revoked := iss.store.revokeFamily(f, now, "the session that started it ended (logout at the issuer)", iss.policy.Denylist)
		for i := range revoked {
			revoked[i].Reason = ReasonSessionEnded
		}
		events = append(events, revoked...)
	}
	return events
}

// dropSession forgets the session id once it has expired, or at once with
// force; one renewed since waits for its new idle expiry. Callers hold
// iss.mu.
func (iss *Issuer) dropSession(id string, now time.Time, force bool) {
	s, ok := iss.sessions.byID[id]
	switch {
	case !ok:
	case force || !s.live(now):
		delete(iss.sessions.byKey, s.key)
		delete(iss.sessions.byID, s.id)
	default:
		iss.store.sessionDue.push(s.idleExpiry, expiringSession, id)
	}
}

// setSessionCookie hands the browser the session's cookie: HttpOnly, so
// no script reads it, and Secure, so it never travels in clear text (see
// sessionCookie for SameSite).
func (iss *Issuer) setSessionCookie(w http.ResponseWriter, value string, lifetime time.Duration) {
	c := iss.sessionCookie(value)
	c.MaxAge = int(lifetime / time.Second)
	http.SetCookie(w, c)
}

// clearSessionCookie tells the browser to forget the session's cookie.
func (iss *Issuer) clearSessionCookie(w http.ResponseWriter) {
	c := iss.sessionCookie("")
	c.MaxAge = -1
	http.SetCookie(w, c)
}

// sessionCookie is the session cookie's attributes. SameSite=None, as
// Keycloak and Auth0 set theirs, lets an app on another site renew its
// tokens silently in a hidden frame (prompt=none), and lets injected
// script do the same; browsers take None only with Secure. An issuer on
// plain HTTP away from loopback gets neither (a browser would drop a
// Secure cookie from it), and Lax.
func (iss *Issuer) sessionCookie(value string) *http.Cookie {
	c := &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteNoneMode}
	if u, err := url.Parse(iss.url); err == nil && u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		c.Secure, c.SameSite = false, http.SameSiteLaxMode
	}
	return c
}

func loopbackHost(h string) bool { return h == "localhost" || h == "127.0.0.1" || h == "::1" }
