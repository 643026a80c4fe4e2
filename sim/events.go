package sim

import (
	"strings"
	"sync"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Kind names a kind of event.
type Kind string

// Event kinds. Issuer events keep the issuer's names.
const (
	KindAction         Kind = "action"          // the learner (or a script) did something
	KindExchange       Kind = "exchange"        // one HTTP request and its response
	KindLogin          Kind = "login"           // the client finished a login
	KindLoginFailed    Kind = "login-failed"    // wrong credentials at the form
	KindCodeIssued     Kind = "code-issued"     // the issuer handed out an authorization code
	KindCodeReplayed   Kind = "code-replayed"   // an authorization code came back
	KindTokenIssued    Kind = "token-issued"    // the issuer minted a token
	KindRotated        Kind = "rotated"         // a refresh token was used up and replaced
	KindGraceUsed      Kind = "grace-used"      // the parent was redeemed inside the grace period
	KindReuseDetected  Kind = "reuse-detected"  // a rotated-out refresh token came back
	KindFamilyRevoked  Kind = "family-revoked"  // a whole login was revoked
	KindDenylisted     Kind = "denylisted"      // an access token's jti is refused until exp
	KindRevokeNoop     Kind = "revoke-noop"     // a revocation that could not take effect
	KindTokenExpired   Kind = "token-expired"   // the clock passed a held token's exp
	KindStolen         Kind = "stolen"          // the attacker obtained a token
	KindAllowed        Kind = "allowed"         // the API served a request
	KindDenied         Kind = "denied"          // the API refused a token
	KindPolicy         Kind = "policy-changed"  // a setting changed
	KindClock          Kind = "clock-moved"     // simulated time jumped
	KindInspected      Kind = "inspected"       // the learner opened a token
	KindIntrospected   Kind = "introspected"    // the issuer was asked about a token
	KindForged         Kind = "forged"          // the attacker crafted a token
	KindLoggedOut      Kind = "logged-out"      // the client forgot its tokens
	KindRefused        Kind = "refused"         // the issuer refused a token request, and why
	KindNote           Kind = "note"            // an explanation with no state change
	KindSessionStarted Kind = "session-started" // alice typed her password: her session at the issuer began
	KindSessionUsed    Kind = "session-used"    // a login completed from the issuer session, no password
	KindSessionEnded   Kind = "session-ended"   // the issuer session ended: logout there, or a timeout
	KindUserinfo       Kind = "userinfo"        // the issuer's userinfo endpoint answered or refused
)

// Kinds lists every event kind, for the languages that name them.
var Kinds = []Kind{
	KindAction, KindExchange, KindLogin, KindLoginFailed, KindCodeIssued,
	KindCodeReplayed, KindTokenIssued, KindRotated, KindGraceUsed,
	KindReuseDetected, KindFamilyRevoked, KindDenylisted, KindRevokeNoop,
	KindTokenExpired, KindStolen, KindAllowed, KindDenied, KindPolicy,
	KindClock, KindInspected, KindIntrospected, KindForged, KindLoggedOut, KindRefused,
	KindNote, KindSessionStarted, KindSessionUsed, KindSessionEnded, KindUserinfo,
}

// KindNames lists the kinds for messages: "action, exchange, …".
func KindNames() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// CountEvents reports how many of events are of kind and, when actor is
// not empty, by actor: what `expect event` and the goal language's
// `event` and `no-event` both ask.
func CountEvents(events []Event, kind Kind, actor Actor) int {
	n := 0
	for _, e := range events {
		if e.Kind == kind && (actor == "" || e.Actor == actor) {
			n++
		}
	}
	return n
}

// Actor names who did something, as events and the sequence diagram show
// it. serve records the remote address of a real client as its actor.
type Actor string

// Actors of the simulated world.
const (
	ActorClient   Actor = "client"
	ActorTab2     Actor = "client tab 2"
	ActorBrowser  Actor = "browser" // alice's browser at the issuer's login page: the app never sees her password
	ActorBFF      Actor = "bff"     // the app's backend-for-frontend: a confidential client holding the tokens on the server
	ActorAttacker Actor = "attacker"
	ActorIssuer   Actor = "issuer"
	ActorAPI      Actor = "api"
	ActorLearner  Actor = "learner"
	ActorClock    Actor = "clock"
)

// Event is one entry of the log. Which optional fields are set depends on
// the kind.
type Event struct {
	Seq      int       // position in the log, from 1
	At       time.Time // simulated time
	Kind     Kind
	Actor    Actor
	Text     string    // one plain sentence for the transcript
	Exchange *Exchange // KindExchange
	Cause    Cause     // why it happened, where the kind alone does not say

	TokenKind  issuer.TokenKind
	TokenID    string // jti, or a refresh token's short id
	FamilyID   string
	Generation int
	Expires    time.Time
}

// Log is the append-only event log. It is safe for concurrent use, because
// `serve` records exchanges from many request goroutines.
//
// A log may keep only a window of recent events (Limits.Events, which only
// serve sets): older ones are dropped, but positions stay absolute — Seq
// numbers every event ever appended, Len counts them all, and Since(n)
// takes such a count — so a reader holding a position never notices the
// trimming except as events it can no longer see.
type Log struct {
	mu      sync.Mutex
	events  []Event // the kept events, oldest first: events[i].Seq == dropped+i+1
	dropped int     // events appended and since dropped from the front
	keep    int     // the window; 0 keeps every event
	listen  []func(Event)
}

func (l *Log) append(e Event) Event {
	l.mu.Lock()
	e.Seq = l.dropped + len(l.events) + 1
	l.events = append(l.events, e)
	if l.keep > 0 && len(l.events) >= l.keep+l.keep/4+1 {
		// Trim into a new array, a quarter of the window at a time: slices
		// handed out by Since keep the old one, and stay valid.
		drop := len(l.events) - l.keep
		kept := make([]Event, l.keep, l.keep+l.keep/4+1)
		copy(kept, l.events[drop:])
		l.dropped += drop
		l.events = kept
	}
	listeners := l.listen
	l.mu.Unlock()
	for _, f := range listeners {
		f(e)
	}
	return e
}

// Len reports how many events were ever appended, kept or not.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped + len(l.events)
}

// Since returns the kept events after the first n ever appended. The slice
// must not be modified.
func (l *Log) Since(n int) []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	n -= l.dropped
	if n < 0 {
		n = 0
	}
	if n >= len(l.events) {
		return nil
	}
	return l.events[n:len(l.events):len(l.events)]
}

// All returns every kept event: all of them unless the log keeps a window.
// The slice must not be modified.
func (l *Log) All() []Event { return l.Since(0) }

// Listen registers f to hear every event appended from now on, synchronously.
func (l *Log) Listen(f func(Event)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.listen = append(l.listen, f)
}
