package lessons

// The goal language's qualifiers and the predicates about order, causes
// and the tokens a party holds.

import (
	"slices"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// afterOps are the predicates that take a trailing `after X`.
var afterOps = []string{"event", "no-event", "exchange", "cause", "inspected"}

// after narrows a predicate to the events after a point in the step: a
// span of simulated time (`after 12h`), or the first event of a kind
// (`after logged-out`) or of a cause (`after dpop-nonce`), about one kind
// of token if named (`after stolen access`). Goals are otherwise
// unordered, and "the thief's refresh still works after the logout" is a
// claim about order.
type after struct {
	d     time.Duration
	kind  sim.Kind
	cause sim.Cause
	token issuer.TokenKind
}

func (a after) set() bool { return a.d > 0 || a.kind != "" || a.cause != "" }

// parseAfter reads the point an `after` names. A few words (login,
// rotated, allowed, inspected, userinfo) name both a kind and a cause;
// they mean the kind, the wider of the two, so that the lines written
// before causes could follow `after` keep their meaning.
//
// A kind or a cause may be followed by access or refresh: the point is
// then the first such event about that kind of token. "The leaked access
// token still worked" is a call after the access token's theft, which a
// theft of the refresh token alone must not satisfy.
func parseAfter(word, token string) (after, error) {
	a, err := parseAfterPoint(word)
	if err != nil || token == "" {
		return a, err
	}
	if a.d > 0 {
		return a, synErr(token, "after a duration takes no token kind")
	}
	a.token = issuer.TokenKind(strings.ToLower(token))
	return a, nil
}

// splitAfter cuts a trailing `after X` or `after X access|refresh` off a
// goal line's arguments.
func splitAfter(op string, args []string) (rest []string, point, token string, ok bool) {
	if !slices.Contains(afterOps, op) {
		return args, "", "", false
	}
	n := len(args)
	if n >= 3 && strings.EqualFold(args[n-3], "after") && isTokenWord(args[n-1]) {
		return args[:n-3], args[n-2], args[n-1], true
	}
	if n >= 2 && strings.EqualFold(args[n-2], "after") {
		return args[:n-2], args[n-1], "", true
	}
	return args, "", "", false
}

func isTokenWord(w string) bool {
	w = strings.ToLower(w)
	return w == string(issuer.AccessToken) || w == string(issuer.RefreshToken)
}

func parseAfterPoint(word string) (after, error) {
	if k := sim.Kind(strings.ToLower(word)); slices.Contains(sim.Kinds, k) {
		return after{kind: k}, nil
	}
	if c := sim.Cause(strings.ToLower(word)); slices.Contains(sim.Causes, c) {
		return after{cause: c}, nil
	}
	d, err := sim.ParseDuration(word)
	if err != nil || d <= 0 {
		return after{}, synErr(word, "after takes a positive duration (12h), an event kind (logged-out) or a cause (silent-stolen)")
	}
	return after{d: d}, nil
}

// view returns v with only the events after the point.
func (a after) view(v *view) *view {
	out := *v
	out.events = nil
	for i, e := range v.events {
		if ((a.kind != "" && e.Kind == a.kind) || (a.cause != "" && e.Cause == a.cause)) && (a.token == "" || e.TokenKind == a.token) {
			out.events = v.events[i+1:]
			break
		}
		if a.d > 0 && !e.At.Before(v.startAt.Add(a.d)) {
			out.events = v.events[i:]
			break
		}
	}
	return &out
}

func (a after) words() string {
	switch {
	case a.kind != "":
		return ", after " + a.about(kindWords[a.kind][0])
	case a.cause != "":
		return ", after " + a.about(CausePhrase(a.cause))
	case a.d > 0:
		return ", " + sim.FormatDuration(a.d) + " or more into the step"
	}
	return ""
}

// about names the point's token kind in its clause: "the attacker got
// hold of an access token".
func (a after) about(clause string) string {
	if a.token == "" {
		return clause
	}
	article := "a "
	if a.token == issuer.AccessToken {
		article = "an "
	}
	if strings.Contains(clause, "a token") {
		return strings.Replace(clause, "a token", article+a.token.Phrase(), 1)
	}
	return clause + " (" + article + a.token.Phrase() + ")"
}

// CausePhrase says a cause as a clause, for a checklist or an outcome:
// "the grace period let the thief through" for grace-thief, or the
// cause's name in plain words when it has no phrase of its own.
func CausePhrase(c sim.Cause) string {
	if text, ok := causeWords[c]; ok {
		return text
	}
	return strings.ReplaceAll(string(c), "-", " ")
}

func parseCause(args []string) (func(*view) bool, error) {
	if err := arity(args, 1, 2, "cause CAUSE [ACTOR]"); err != nil {
		return nil, err
	}
	cause := sim.Cause(strings.ToLower(args[0]))
	if !slices.Contains(sim.Causes, cause) {
		names := make([]string, len(sim.Causes))
		for i, c := range sim.Causes {
			names[i] = string(c)
		}
		return nil, synErr(args[0], "unknown cause (known: %s)", strings.Join(names, ", "))
	}
	actor := sim.Actor("")
	if len(args) == 2 {
		if actor = lookupActor(args[1]); actor == "" {
			return nil, synErr(args[1], "unknown actor (known: %s)", actorNames())
		}
	}
	return func(v *view) bool {
		for _, e := range v.events {
			if e.Cause == cause && (actor == "" || e.Actor == actor) {
				return true
			}
		}
		return false
	}, nil
}

// heldToken returns the token a goal names as HOLDER.TOKEN.
func heldToken(v *view, holder, kind string) string {
	switch holder + "." + kind {
	case "client.access":
		return v.w.Client.AccessToken
	case "client.refresh":
		return v.w.Client.RefreshToken
	case "attacker.access":
		return v.w.Attacker.AccessToken
	}
	return v.w.Attacker.RefreshToken
}

func parseHolder(arg string) (holder, kind string, err error) {
	holder, kind, ok := strings.Cut(strings.ToLower(arg), ".")
	if !ok || (holder != "client" && holder != "attacker") || (kind != string(issuer.AccessToken) && kind != string(issuer.RefreshToken)) {
		return "", "", synErr(arg, "want client.access, client.refresh, attacker.access or attacker.refresh")
	}
	return holder, kind, nil
}

// parseAge reads `age HOLDER.TOKEN DURATION`: the held token is at least
// that old. "The thief still gets in twelve hours later" is a claim about
// a twelve-hour-old token, which a fresh one stolen at the last moment
// must not satisfy.
func parseAge(args []string) (func(*view) bool, error) {
	if err := arity(args, 2, 2, "age HOLDER.TOKEN DURATION"); err != nil {
		return nil, err
	}
	holder, kind, err := parseHolder(args[0])
	if err != nil {
		return nil, err
	}
	d, err := sim.ParseDuration(args[1])
	if err != nil || d <= 0 {
		return nil, synErr(args[1], "age needs a positive duration")
	}
	return func(v *view) bool {
		tok := heldToken(v, holder, kind)
		issued, _, ok := v.w.TokenLifetime(tok)
		return tok != "" && ok && v.w.Now().Sub(issued) >= d
	}, nil
}
