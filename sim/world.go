package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Record is an applied action and the simulated instant it was applied at:
// enough to rebuild the world, even when real-time mode moved the clock
// between actions.
type Record struct {
	Action Action
	At     time.Time
}

// World is one simulation: everything a learner sees and does.
type World struct {
	cfg      Config
	initial  Config // as built, for undo and reset
	Clock    *clock.Clock
	Issuer   *issuer.Issuer
	API      *api.Server
	Log      *Log
	Client   *Client
	Attacker *Attacker

	handler     http.Handler
	peeked      peekCache
	records     []Record
	actionStart int // Log.Len() when the last action began
	exchanges   int
	held        *[]Event // events buffered during an in-process round trip
	caller      Actor    // the actor whose request is being served, "" for outside clients
	viaPage     bool     // the app's request was made by script injected into its page
	// sendingIDToken says the app's request carries its ID token where an
	// access token belongs.
	sendingIDToken bool
	sessionTimer   *clock.Timer // when alice's session at the issuer ends unless used
	// expiries are the timers that tell when a held token reaches its exp,
	// by token; those of tokens nobody holds any more are stopped, so they
	// number a handful, not one per token ever issued.
	expiries   map[string]*clock.Timer
	attackRand io.Reader
	bff        *bff // the app's backend, serving the app's origin while storage is bff
}

// NotNowError is an action that makes no sense in the current state, such
// as a refresh with no refresh token. The world is unchanged.
type NotNowError struct{ Msg string }

func (e *NotNowError) Error() string { return e.Msg }

func notNow(format string, args ...any) error {
	return &NotNowError{Msg: fmt.Sprintf(format, args...)}
}

// stream derives an independent deterministic random stream for one part
// of the world, so that adding a draw in one actor never shifts another's.
func stream(seed uint64, label string) *rand.ChaCha8 {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seed)
	return rand.NewChaCha8(sha256.Sum256(append(b[:], label...)))
}

// New builds a world from cfg.
func New(cfg Config) (*World, error) {
	cfg = cfg.withDefaults()
	if cfg.Limits.Events < 0 {
		return nil, errors.New("sim: the event window must not be negative")
	}
	w := &World{cfg: cfg, initial: cfg, Log: &Log{keep: cfg.Limits.Events}, Clock: clock.New(cfg.Start),
		attackRand: stream(cfg.Seed, "attacker")}
	iss, err := issuer.New(issuer.Config{
		URL:      cfg.BaseURL,
		Audience: cfg.BaseURL + "/api",
		Now:      w.issuerNow,
		Rand:     stream(cfg.Seed, "issuer"),
		Policy:   cfg.Policy,
		Observe:  w.observeIssuer,
		Limits:   cfg.Limits.Issuer,
	})
	if err != nil {
		return nil, err
	}
	w.Issuer = iss
	w.API = api.New(api.Config{
		Issuer: iss.URL(), Audience: iss.Audience(), Now: w.apiNow, Keys: iss,
		Observe: w.observeAPI,
	})
	mux := http.NewServeMux()
	mux.Handle("/api/", w.API)
	mux.Handle("/", iss)
	w.handler = mux
	w.Client = newClient(w, stream(cfg.Seed, "client"), stream(cfg.Seed, "client-dpop"))
	w.bff = newBFF(w, stream(cfg.Seed, "bff"))
	w.Attacker = &Attacker{http: w.httpClient(ActorAttacker), dpop: newProver(stream(cfg.Seed, "attacker-dpop"))}
	return w, nil
}

// Handler serves the issuer and the API, as `serve` exposes them.
func (w *World) Handler() http.Handler { return w.handler }

// Config returns the world's current settings.
func (w *World) Config() Config { return w.cfg }

// Now returns the simulated time.
func (w *World) Now() time.Time { return w.Clock.Now() }

// The parties' clocks: the world's, each off by its skew. The world's
// clock is true time; every event is logged by it.
func (w *World) issuerNow() time.Time { return w.Clock.Now().Add(w.cfg.Skew.Issuer) }
func (w *World) apiNow() time.Time    { return w.Clock.Now().Add(w.cfg.Skew.API) }
func (w *World) clientNow() time.Time { return w.Clock.Now().Add(w.cfg.Skew.Client) }

// Records returns the actions applied so far.
func (w *World) Records() []Record { return append([]Record(nil), w.records...) }

// ActionStart is the log length when the last action began: the events of
// the last action are Log.Since(ActionStart()).
func (w *World) ActionStart() int { return w.actionStart }

func (w *World) httpClient(actor Actor) *http.Client {
	return w.httpClientVia(&recordingTransport{world: w, actor: actor})
}

func (w *World) httpClientVia(t *recordingTransport) *http.Client {
	return &http.Client{
		Transport: t,
		// The client follows no redirects: the login's 302 to the loopback
		// callback is read, not fetched, exactly as a native app's
		// loopback listener would receive it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// url builds the URL the app uses for path, with the transport's scheme.
func (w *World) url(path string) string {
	base := w.cfg.BaseURL
	if w.cfg.Transport == TransportHTTP {
		base = "http://" + strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	}
	return base + path
}

func (w *World) emit(e Event) Event {
	if e.At.IsZero() {
		e.At = w.Clock.Now()
	}
	if w.held != nil {
		// Inside a round trip: what the server did is told after the
		// request that caused it.
		*w.held = append(*w.held, e)
		return e
	}
	return w.Log.append(e)
}

// holdEvents runs fn, then logs the exchange it made before the events its
// handler emitted, so the transcript reads request first, consequences after.
func (w *World) holdEvents(fn func() *Exchange) {
	var held []Event
	outer := w.held
	w.held = &held
	x := fn()
	w.held = outer
	if x != nil {
		w.record(x)
	}
	for _, e := range held {
		w.emit(e)
	}
}

// Apply performs one action. An action that makes no sense now returns a
// *NotNowError and changes nothing; an action that the issuer or API
// refuses is not an error: the refusal is recorded, as in real life.
func (w *World) Apply(a Action) error {
	if n := w.cfg.Limits.Actions; n > 0 && len(w.records) >= n {
		return notNow("this world has taken %d actions, the most it keeps for undo: reset it to start afresh", n)
	}
	if err := w.check(a); err != nil {
		return err
	}
	w.pruneExpiries()
	at := w.Clock.Now()
	w.actionStart = w.Log.Len()
	w.Client.autoRefreshes = 0
	w.emit(Event{Kind: KindAction, Actor: ActorLearner, Text: a.String()})
	w.records = append(w.records, Record{Action: a, At: at})
	return w.apply(a)
}

// check rejects an action that cannot run in the current state.
func (w *World) check(a Action) error {
	if _, err := ParseAction(a.String()); err != nil {
		return err
	}
	c, att := w.Client, w.Attacker
	arg := ""
	if len(a.Args) > 0 {
		arg = a.Args[0]
	}
	switch a.Verb {
	case "call", "revoke", "inspect", "steal":
		if (arg == "" || arg == "access" || arg == "userinfo") && c.AccessToken == "" {
			return notNow("the client has no access token: log in first")
		}
		if arg == "id-token" && c.IDToken == "" {
			return notNow("the client holds no ID token: log in with openid on first")
		}
		if arg == "refresh" && c.RefreshToken == "" {
			return notNow("the client has no refresh token: log in first")
		}
	case "refresh", "race":
		if c.RefreshToken == "" {
			return notNow("the client has no refresh token: log in first")
		}
		if a.Verb == "race" && w.bffOn() {
			return notNow("with a backend-for-frontend both tabs share the backend's one session, and the backend refreshes for them: there is no race between tabs")
		}
	case "set":
		if strings.EqualFold(a.Args[0], "storage") && (c.AccessToken != "" || c.RefreshToken != "") &&
			(w.bffOn() != strings.EqualFold(a.Args[1], string(StorageBFF))) {
			return notNow("log out first: with a backend-for-frontend the tokens belong to another client, the backend, and the app's login cannot move there or back")
		}
	case "logout":
		_, live := w.browserSession()
		switch {
		case c.AccessToken != "" || c.RefreshToken != "":
		case arg != "everywhere":
			return notNow("the client is not logged in")
		case !live:
			return notNow("nobody is logged in: not the app, and not alice at the issuer")
		}
	case "introspect":
		if _, err := w.introspectTarget(arg); err != nil {
			return err
		}
	case "jump":
		if _, _, ok := w.NextExpiry(); !ok {
			return notNow("no token anyone holds is waiting to expire")
		}
	case "forge":
		if arg == "tamper" && att.AccessToken == "" && c.AccessToken == "" {
			return notNow("there is no genuine token to tamper with: log in (or steal one) first")
		}
	case "attacker":
		switch arg {
		case "call":
			if att.AccessToken == "" {
				return notNow("the attacker holds no access token: steal one first")
			}
		case "refresh":
			if att.RefreshToken == "" {
				return notNow("the attacker holds no refresh token: steal one first")
			}
		}
	}
	return nil
}

func (w *World) apply(a Action) error {
	arg := ""
	if len(a.Args) > 0 {
		arg = a.Args[0]
	}
	switch a.Verb {
	case "login":
		user, pass := issuer.DemoUser, issuer.DemoPassword
		if len(a.Args) == 2 {
			user, pass = a.Args[0], a.Args[1]
		}
		return w.Client.login(user, pass)
	case "call":
		switch arg {
		case "id-token":
			w.Client.callWithIDToken()
		case "userinfo":
			w.Client.callUserinfo()
		default:
			w.Client.call()
		}
	case "refresh":
		if arg == "lost" {
			w.Client.refreshLost()
		} else {
			w.Client.refresh()
		}
	case "race":
		w.Client.race()
	case "logout":
		if arg == "everywhere" {
			w.Client.logoutEverywhere()
		} else {
			w.Client.logout(false)
		}
	case "revoke":
		w.Client.revoke(arg)
	case "advance":
		d, _ := ParseDuration(arg)
		w.advance(w.Clock.Now().Add(d))
	case "jump":
		at, _, _ := w.NextExpiry()
		w.advance(at)
	case "steal":
		w.steal(issuer.TokenKind(arg))
	case "attacker":
		w.attack(arg)
	case "forge":
		return w.forge(arg)
	case "introspect":
		w.introspect(arg)
	case "inspect":
		tok, kind := w.Client.AccessToken, issuer.AccessToken
		switch arg {
		case "refresh":
			tok, kind = w.Client.RefreshToken, issuer.RefreshToken
		case "id-token":
			tok, kind = w.Client.IDToken, issuer.IDToken
		}
		cause := CauseInspected
		if _, ok := w.peek(tok); !ok {
			cause = CauseInspectedOpaque
		}
		w.emit(Event{Kind: KindInspected, Actor: ActorLearner, TokenKind: kind, TokenID: tokenID(w, tok), Cause: cause,
			Text: "opened the client's " + kind.Phrase() + " in the inspector"})
	case "set":
		return w.set(a.Args[0], a.Args[1])
	default:
		return errors.New("sim: unhandled verb " + a.Verb)
	}
	return nil
}

func (w *World) advance(to time.Time) {
	from := w.Clock.Now()
	now := w.Clock.AdvanceTo(to)
	w.emit(Event{Kind: KindClock, Actor: ActorClock,
		Text: fmt.Sprintf("clock moved %s, from %s to %s", FormatDuration(now.Sub(from)), clock.Stamp(from, now), clock.Stamp(now, from))})
}

// NextExpiry reports the next exp, after now, of a token the client or the
// attacker holds that still works somewhere: a rotated-out or revoked
// refresh token, or a denylisted access token, is already dead, and its
// exp changes nothing. (A revoked login's access token still counts: an
// API that checks JWTs by itself accepts it until exp.)
func (w *World) NextExpiry() (time.Time, string, bool) {
	now := w.Clock.Now()
	var best time.Time
	var what string
	consider := func(tok, label string) {
		if tok == "" {
			return
		}
		switch state := w.TokenState(tok); {
		case state == issuer.StateDenied:
			return
		case strings.HasSuffix(label, "refresh token") && state != issuer.StateActive:
			return
		}
		exp, ok := w.TokenExpiry(tok)
		if !ok || !exp.After(now) {
			return
		}
		if best.IsZero() || exp.Before(best) {
			best, what = exp, label
		}
	}
	consider(w.Client.AccessToken, "the client's access token")
	consider(w.Client.RefreshToken, "the client's refresh token")
	consider(w.Attacker.AccessToken, "the attacker's access token")
	consider(w.Attacker.RefreshToken, "the attacker's refresh token")
	return best, what, !best.IsZero()
}

func (w *World) set(name, value string) error {
	before := w.cfg
	cfg, err := ApplySetting(w.cfg, name, value)
	if err != nil {
		return err
	}
	if err := w.Issuer.SetPolicy(cfg.Policy); err != nil {
		return err
	}
	w.cfg = cfg
	if strings.EqualFold(name, "preset") {
		w.presetEvents(before)
		return nil
	}
	text := fmt.Sprintf("%s: %s → %s", name, before.settingText(name), cfg.settingText(name))
	if was, changed := cfg.PresetValue(name); changed && cfg.Preset != "" {
		// Say whose value the learner just overrode.
		p := cfg.presetInForce()
		s, _ := FindSetting(strings.ToLower(name)) // ApplySetting found it
		v, _ := p.value(s.Name)
		text += fmt.Sprintf(" (%s was %s)", p.Label(v), was)
	}
	w.emit(Event{Kind: KindPolicy, Actor: ActorLearner, Cause: CausePolicy, Text: text})
	if name == "auto-refresh" {
		w.Client.scheduleAutoRefresh()
	}
	return nil
}

// presetEvents tells what applying a preset changed: the preset, then
// each setting it moved, with where the new value comes from.
func (w *World) presetEvents(before Config) {
	p := w.cfg.presetInForce()
	w.emit(Event{Kind: KindPolicy, Actor: ActorLearner, Cause: CausePolicy,
		Text: fmt.Sprintf("preset: %s → %s, %s", before.SettingString("preset"), p.Name, p.Summary)})
	for _, v := range p.Values {
		if before.SettingString(v.Setting) == w.cfg.SettingString(v.Setting) {
			continue
		}
		w.emit(Event{Kind: KindPolicy, Actor: ActorLearner, Cause: CausePolicy,
			Text: fmt.Sprintf("%s: %s → %s (%s)", v.Setting, before.settingText(v.Setting), w.cfg.settingText(v.Setting), p.Label(v))})
	}
}

// Replay rebuilds a world by applying recs to a fresh world from cfg, each
// at its recorded instant.
func Replay(cfg Config, recs []Record) (*World, error) {
	w, err := New(cfg)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		w.Clock.AdvanceTo(r.At)
		if err := w.Apply(r.Action); err != nil {
			var nn *NotNowError
			if !errors.As(err, &nn) {
				return nil, fmt.Errorf("sim: replaying %q: %w", r.Action, err)
			}
		}
	}
	return w, nil
}

// Undo returns the world as it was just before the last action, at the
// instant that action was applied, and whether there was anything to undo.
func (w *World) Undo() (*World, bool, error) {
	n := len(w.records)
	if n == 0 {
		return w, false, nil
	}
	nw, err := Replay(w.initial, w.records[:n-1])
	if err != nil {
		return w, false, err
	}
	nw.Clock.AdvanceTo(w.records[n-1].At)
	return nw, true, nil
}

// Rewind returns the world as it was at instant at, after its first n
// actions: rebuilt by replaying them, then the clock moved on to at. A
// lesson step restarts this way, from what the learner really did before
// it, not from a model solution.
func (w *World) Rewind(n int, at time.Time) (*World, error) {
	if n < 0 || n > len(w.records) {
		return nil, fmt.Errorf("sim: cannot rewind to action %d of %d", n, len(w.records))
	}
	nw, err := Replay(w.initial, w.records[:n])
	if err != nil {
		return nil, err
	}
	nw.Clock.AdvanceTo(at)
	return nw, nil
}

// Reset returns a fresh world with the settings this one started with.
func (w *World) Reset() (*World, error) { return New(w.initial) }
