package common

import (
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// TokenView is one token as the screen shows it: what the issuer thinks of
// it, who holds it, and how much of its life is left.
type TokenView struct {
	Kind    issuer.TokenKind
	Token   string // empty: nobody holds one
	ID      string
	State   issuer.TokenState
	Stolen  bool // the attacker holds this very token too
	Issued  time.Time
	Expires time.Time
	HasLife bool // Issued and Expires are known
	// Binding is whose DPoP key the token is bound to, if anyone's
	// (RFC 9449): a copy is useless without that key.
	Binding sim.Binding
	// Now is the time by the clock of Judge, the party that decides
	// whether the token still works (sim.World.JudgeNow): State and the
	// time left are both counted on it, so a row never says "valid"
	// beside "expired".
	Now   time.Time
	Judge sim.Actor
	// Skewed reports that Now is not the world's time: the row then
	// says whose count it shows.
	Skewed bool
}

// StillAccepted reports whether the token is an access token the issuer
// revoked that the API still accepts, now: this API checks JWTs by itself,
// so only exp or the denylist (a denied state) ends one.
func (t TokenView) StillAccepted(now time.Time) bool {
	return t.Kind == issuer.AccessToken && t.State == issuer.StateRevoked && t.HasLife && now.Before(t.Expires)
}

func (sc *Scene) viewToken(kind issuer.TokenKind, tok string, stolen bool) TokenView {
	v := TokenView{Kind: kind, Token: tok, Stolen: stolen}
	if tok == "" {
		return v
	}
	f := sc.facts(tok)
	v.ID, v.Issued, v.Expires, v.HasLife, v.Binding = f.id, f.issued, f.expires, f.hasLife, f.binding
	v.Now, v.Judge = sc.World.JudgeNow(kind)
	v.Skewed = !v.Now.Equal(sc.World.Now())
	v.State = sc.state(tok)
	return v
}

// ClientTokens returns the client's access and refresh tokens, each marked
// stolen when the attacker holds the same string.
func (sc *Scene) ClientTokens() (access, refresh TokenView) {
	c, a := sc.World.Client, sc.World.Attacker
	access = sc.viewToken(issuer.AccessToken, c.AccessToken, c.AccessToken != "" && c.AccessToken == a.AccessToken)
	refresh = sc.viewToken(issuer.RefreshToken, c.RefreshToken, c.RefreshToken != "" && c.RefreshToken == a.RefreshToken)
	return access, refresh
}

// ClientIDToken returns the app's ID token (OpenID Connect), which it
// keeps once it checked out. Its state is no API's concern: it is for no
// API at all.
func (sc *Scene) ClientIDToken() TokenView {
	return sc.viewToken(issuer.IDToken, sc.World.Client.IDToken, false)
}

// ClientToken returns one of the client's tokens by the argument of the
// `inspect` action that opens it (access, refresh, id-token), and a name
// for it.
func (sc *Scene) ClientToken(which string) (tok, label string) {
	c := sc.World.Client
	switch which {
	case "refresh":
		return c.RefreshToken, "the client's refresh token"
	case "id-token":
		return c.IDToken, "the client's ID token"
	}
	return c.AccessToken, "the client's access token"
}

// BFF reports whether the app keeps its tokens on a backend-for-frontend
// rather than in the browser.
func (sc *Scene) BFF() bool { return sc.World.Config().Storage == sim.StorageBFF }

// AttackerTokens returns what the attacker holds.
func (sc *Scene) AttackerTokens() (access, refresh TokenView) {
	a := sc.World.Attacker
	return sc.viewToken(issuer.AccessToken, a.AccessToken, true), sc.viewToken(issuer.RefreshToken, a.RefreshToken, true)
}

// tokenFacts is what never changes about a token: its name and lifetime.
type tokenFacts struct {
	id              string
	jti             string // an access token's, which the issuer's state is kept under
	issued, expires time.Time
	hasLife         bool
	binding         sim.Binding
}

// facts reads a token once: decoding a JWT costs microseconds, and the
// panes ask about the same few tokens every simulated second.
func (sc *Scene) facts(tok string) tokenFacts {
	if f, ok := sc.known[tok]; ok {
		return f
	}
	if len(sc.known) >= 64 || sc.known == nil || sc.knownGen != sc.Gen {
		// Old tokens are rarely asked about again, and a rebuilt world
		// can issue the same token string at another instant.
		sc.known, sc.knownGen = map[string]tokenFacts{}, sc.Gen
	}
	w := sc.World
	f := tokenFacts{id: TokenName(w, tok), binding: w.TokenBinding(tok)}
	f.issued, f.expires, f.hasLife = w.TokenLifetime(tok)
	if strings.HasPrefix(f.id, "at-") {
		f.jti = f.id
	}
	sc.known[tok] = f
	return f
}

// TokenName names tok as the log does: an access token by its jti, a
// refresh token by the issuer's name for it, and an ID token, which has
// neither, by a short hash of it.
func TokenName(w *sim.World, tok string) string {
	if id := w.TokenID(tok); id != "" || !IsIDToken(tok) {
		return id
	}
	return issuer.IDTokenID(tok)
}

// IsIDToken reports whether tok is an OpenID Connect ID token: a JWT of
// typ JWT, where an access token says at+jwt (RFC 9068 §2.1), that says
// when its user signed in (auth_time, OIDC Core §2).
func IsIDToken(tok string) bool {
	d, err := jwtdebug.Decode(tok, jwtdebug.Options{})
	if err != nil {
		return false
	}
	_, signedIn := d.Claims["auth_time"]
	return d.Header["typ"] == "JWT" && signedIn
}

// state is sim.World.TokenState without decoding an access token again,
// and with an access token's exp counted on the API's clock.
func (sc *Scene) state(tok string) issuer.TokenState {
	if tok == "" {
		return ""
	}
	if f := sc.facts(tok); f.jti != "" {
		// Expired as the API counts, whose clock decides a call.
		now, _ := sc.World.JudgeNow(issuer.AccessToken)
		return sc.World.Issuer.AccessStateAt(f.jti, now)
	}
	return sc.World.TokenState(tok)
}

// Scene is the world as the panes see it. The root swaps World on undo
// and reset and bumps Gen, so a cache keyed on Gen and the log length
// notices any change to the world, and one keyed on the second notices
// time passing.
type Scene struct {
	World    *sim.World
	Gen      uint64
	known    map[string]tokenFacts // by token value, for world knownGen
	knownGen uint64

	told     story // the story as far as storyLen events of world storyGen
	storyLen int
	storyGen uint64
}

// WorldKey identifies a state of the world up to the simulated second.
type WorldKey struct {
	gen    uint64
	logLen int
	second int64
}

// Stamp is a simulated instant as a pane shows it: the time of day, with
// the date in front once it is not the world's first day (clock.Stamp),
// so that "advance 1d" seven times does not read as the same moment.
func (s *Scene) Stamp(t time.Time) string { return clock.Stamp(t, s.World.Config().Start) }

// Key is the world's state now, for a cache.
func (s *Scene) Key() WorldKey {
	return WorldKey{gen: s.Gen, logLen: s.World.Log.Len(), second: s.World.Now().Unix()}
}

// Untimed is k without the simulated second: a cache under it notices
// events, not the passing of time.
func (k WorldKey) Untimed() WorldKey {
	k.second = 0
	return k
}
