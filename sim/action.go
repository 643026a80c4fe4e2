package sim

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// Action is one thing done to the world: a key in the TUI, a line of a
// scenario script, a step of a lesson solution. Verb is the first word of
// the script line and Args the rest, already validated by ParseAction.
type Action struct {
	Verb string
	Args []string
}

// String renders the action as a script line.
func (a Action) String() string {
	return strings.TrimSpace(a.Verb + " " + strings.Join(a.Args, " "))
}

// Act builds an action from a script line's words; it panics on an invalid
// line, so it is for literals in code and tests only.
func Act(line string) Action {
	a, err := ParseAction(line)
	if err != nil {
		panic(err)
	}
	return a
}

// SyntaxError is an invalid action line. Word is the offending word, so a
// script runner can point at it.
type SyntaxError struct {
	Word string
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Word == "" {
		return e.Msg
	}
	return fmt.Sprintf("%q: %s", e.Word, e.Msg)
}

func synErr(word, format string, args ...any) *SyntaxError {
	return &SyntaxError{Word: word, Msg: fmt.Sprintf(format, args...)}
}

// Verb describes one verb of the scenario language, for help texts,
// parsing and the lesson validator.
type Verb struct {
	Name    string
	Usage   string
	Summary string
	// Subs lists the allowed first arguments, when the verb has a fixed set.
	Subs []string
	// Arity is the number of arguments; -1 means "check in parse".
	Arity int
	// Optional marks a verb of arity 1 whose argument may be left out:
	// `refresh` and `refresh lost` are both actions.
	Optional bool
	// SubSummary says what each of Subs does, in a few words, for menus
	// that offer them.
	SubSummary map[string]string
}

// Verbs is the scenario language, in the order help lists it.
var Verbs = []Verb{
	{Name: "login", Usage: "login [USER PASSWORD]", Summary: "the client logs in: authorization code + PKCE (default alice / wonderland)", Arity: -1},
	{Name: "call", Usage: "call [id-token|userinfo]", Summary: "the client calls GET /api/profile with its access token; " +
		"with id-token, with its ID token instead, as a confused app does; with userinfo, it asks the issuer's userinfo endpoint",
		Subs: []string{"id-token", "userinfo"}, Arity: 1, Optional: true,
		SubSummary: map[string]string{"id-token": "the API, with the ID token", "userinfo": "the issuer's userinfo"}},
	{Name: "refresh", Usage: "refresh [lost]", Summary: "the client redeems its refresh token; with lost, the answer never arrives and the client keeps its old one", Subs: []string{"lost"}, Arity: 1, Optional: true},
	{Name: "race", Usage: "race", Summary: "two browser tabs redeem the same refresh token at the same instant"},
	{Name: "logout", Usage: "logout [everywhere]", Summary: "the client revokes its refresh token (RFC 7009) and forgets its tokens; " +
		"with everywhere, alice's browser then logs out at the issuer too, ending her session there",
		Subs: []string{"everywhere"}, Arity: 1, Optional: true},
	{Name: "revoke", Usage: "revoke access|refresh", Summary: "the client revokes one token but keeps it", Subs: []string{"access", "refresh"}, Arity: 1,
		SubSummary: map[string]string{"access": "the access token", "refresh": "the refresh token (its whole family)"}},
	{Name: "advance", Usage: "advance DURATION", Summary: "move the simulated clock forward (15m, 1h, 7d)", Arity: 1},
	{Name: "jump", Usage: "jump", Summary: "move the clock to the next expiry of a token someone holds"},
	{Name: "steal", Usage: "steal access|refresh", Summary: "the attacker copies the client's current token", Subs: []string{"access", "refresh"}, Arity: 1},
	{Name: "attacker", Usage: "attacker call|refresh|xss|silent|sniff", Summary: "the attacker uses its loot, runs script in the page " +
		"(silent: a login of its own in a hidden frame), or listens on the network", Subs: []string{"call", "refresh", "xss", "silent", "sniff"}, Arity: 1},
	{Name: "forge", Usage: "forge none|tamper|wrong-key|audience", Summary: "the attacker crafts an access token and calls the API with it", Subs: []string{"none", "tamper", "wrong-key", "audience"}, Arity: 1,
		SubSummary: map[string]string{"none": "alg none", "tamper": "altered claims", "wrong-key": "attacker's key", "audience": "another API's token"}},
	{Name: "introspect", Usage: "introspect access|refresh|stolen", Summary: "the API asks the issuer about a token (RFC 7662)", Subs: []string{"access", "refresh", "stolen"}, Arity: 1,
		SubSummary: map[string]string{"access": "the client's access token", "refresh": "the client's refresh token", "stolen": "the attacker's loot"}},
	{Name: "inspect", Usage: "inspect access|refresh|id-token", Summary: "the learner opens the client's token in the inspector", Subs: []string{"access", "refresh", "id-token"}, Arity: 1},
	{Name: "set", Usage: "set SETTING VALUE", Summary: "change a policy, the storage or the transport; " +
		"set preset NAME applies one issuer's policy, set skew issuer|api|client DURATION puts a party's clock off", Arity: 2},
}

// FindVerb returns the verb called name.
func FindVerb(name string) (Verb, bool) {
	for _, v := range Verbs {
		if v.Name == name {
			return v, true
		}
	}
	return Verb{}, false
}

// ParseAction parses one script line (without comments) into an action.
func ParseAction(line string) (Action, error) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return Action{}, synErr("", "empty line")
	}
	name, args := strings.ToLower(words[0]), words[1:]
	v, ok := FindVerb(name)
	if !ok {
		return Action{}, synErr(words[0], "unknown verb (known: %s)", VerbNames())
	}
	if name == "set" && len(args) > 0 && strings.EqualFold(args[0], "skew") {
		var err error
		if args, err = skewArgs(args); err != nil {
			return Action{Verb: name, Args: args}, err
		}
	}
	a := Action{Verb: name, Args: args}
	switch {
	case name == "login":
		if len(args) != 0 && len(args) != 2 {
			return a, synErr(name, "takes no arguments or USER PASSWORD")
		}
		return a, nil
	case v.Arity == 0 && len(args) > 0:
		return a, synErr(args[0], "unexpected argument: %s takes none", name)
	case v.Optional && len(args) == 0:
		return a, nil
	case v.Arity > 0 && len(args) < v.Arity:
		return a, synErr(name, "missing argument: usage is %s", v.Usage)
	case v.Arity > 0 && len(args) > v.Arity:
		return a, synErr(args[v.Arity], "unexpected argument: usage is %s", v.Usage)
	}
	if len(v.Subs) > 0 {
		args[0] = strings.ToLower(args[0])
		if !slices.Contains(v.Subs, args[0]) {
			return a, synErr(args[0], "unknown argument to %s (want %s)", name, strings.Join(v.Subs, ", "))
		}
	}
	switch name {
	case "advance":
		d, err := ParseDuration(args[0])
		if err != nil {
			return a, synErr(args[0], "%v", err)
		}
		if d <= 0 {
			return a, synErr(args[0], "advance needs a positive duration: simulated time only moves forward")
		}
	case "set":
		args[0] = strings.ToLower(args[0])
		if err := checkSetting(args[0], args[1]); err != nil {
			return a, err
		}
	}
	return a, nil
}

// skewParties are the parties whose clock `set skew` puts off.
var skewParties = []string{"issuer", "api", "client"}

// skewArgs turns `set skew PARTY DURATION`, the way it is said, into the
// setting it names: `set skew-PARTY DURATION`.
func skewArgs(args []string) ([]string, error) {
	const usage = "set skew issuer|api|client DURATION"
	if len(args) != 3 {
		return args, synErr("skew", "usage is %s", usage)
	}
	party := strings.ToLower(args[1])
	if !slices.Contains(skewParties, party) {
		return args, synErr(args[1], "whose clock? skew takes issuer, api or client (usage is %s)", usage)
	}
	return []string{"skew-" + party, args[2]}, nil
}

// VerbNames lists the verbs for messages: "login, call, …".
func VerbNames() string {
	names := make([]string, len(Verbs))
	for i, v := range Verbs {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}

// maxDuration is the longest duration anything accepts: far beyond any
// token lifetime, and far from the 292 years where time.Duration overflows.
const maxDuration = 3650 * 24 * time.Hour

var errNotDuration = errors.New("not a duration (try 90s, 15m, 2h or 7d)")

// ParseDuration accepts Go durations plus whole days ("7d", "30d", "1d12h"),
// since token lifetimes are usually said in days. Anything longer than ten
// years is refused with one message, whether or not it would overflow a
// time.Duration: 10000000h is as much a duration as 87601h.
func ParseDuration(s string) (time.Duration, error) {
	tooLong := fmt.Errorf("%s is longer than ten years", s)
	var days time.Duration
	rest := s
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		// The round trip refuses what Atoi would forgive: "+7d", "07d".
		n, err := strconv.Atoi(s[:i])
		switch {
		case allDigits(s[:i]) && (err != nil || n > 3650) && s[0] != '0':
			return 0, tooLong
		case err != nil || strconv.Itoa(n) != s[:i] || n < 0:
			return 0, errNotDuration
		}
		days = time.Duration(n) * 24 * time.Hour
		rest = s[i+1:]
		if rest == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(rest)
	switch {
	case err != nil && goDurationSyntax(rest):
		return 0, tooLong // well formed: it can only have overflowed
	case err != nil || (days > 0 && d < 0):
		return 0, errNotDuration
	case d > maxDuration-days || d < -maxDuration:
		return 0, tooLong
	}
	return days + d, nil
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// goDurationSyntax reports whether s is spelled as time.ParseDuration wants
// ([-+] then number-unit pairs, or "0"), whatever its size.
func goDurationSyntax(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "0" {
		return true
	}
	if s == "" {
		return false
	}
	for s != "" {
		i, digits := 0, 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
		if i < len(s) && s[i] == '.' {
			for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
				digits++
			}
		}
		if digits == 0 {
			return false
		}
		s = s[i:]
		j := 0
		for j < len(s) && s[j] != '.' && (s[j] < '0' || s[j] > '9') {
			j++
		}
		switch s[:j] {
		case "ns", "us", "µs", "μs", "ms", "s", "m", "h":
		default:
			return false
		}
		s = s[j:]
	}
	return true
}

// FormatDuration prints a duration the way a learner says it: 15m, 7d,
// 1h30m; see clock.FormatDuration, which the issuer's messages use too.
func FormatDuration(d time.Duration) string { return clock.FormatDuration(d) }
