package lessons

import (
	"strings"

	"github.com/tokenflow/tokenflow/sim"
)

// kindWords says, for each event kind, that it happened and that it did
// not: a learner's checklist reads sentences, not the goal language.
var kindWords = map[sim.Kind][2]string{
	sim.KindAction:         {"you did something", "you did nothing"},
	sim.KindExchange:       {"an HTTP request was made", "no HTTP request was made"},
	sim.KindLogin:          {"alice logged in", "alice did not log in"},
	sim.KindLoginFailed:    {"a login failed at the form", "no login failed"},
	sim.KindCodeIssued:     {"the issuer handed out an authorization code", "no authorization code was handed out"},
	sim.KindCodeReplayed:   {"an authorization code came back a second time", "no authorization code came back"},
	sim.KindTokenIssued:    {"the issuer minted a token", "the issuer minted no token"},
	sim.KindRotated:        {"a refresh token was rotated", "no refresh token was rotated"},
	sim.KindGraceUsed:      {"the grace period let a retry through", "the grace period let nothing through"},
	sim.KindReuseDetected:  {"the issuer detected refresh-token reuse", "the issuer detected no reuse"},
	sim.KindFamilyRevoked:  {"a whole login (family) was revoked", "no family was revoked"},
	sim.KindDenylisted:     {"an access token went on the denylist", "no access token went on the denylist"},
	sim.KindRevokeNoop:     {"a revocation could not take effect", "every revocation took effect"},
	sim.KindTokenExpired:   {"a token someone holds expired", "no token expired"},
	sim.KindStolen:         {"the attacker got hold of a token", "the attacker got hold of no token"},
	sim.KindAllowed:        {"the API served a request", "the API served nothing"},
	sim.KindDenied:         {"the API refused a token", "the API refused nothing"},
	sim.KindPolicy:         {"a setting changed", "no setting changed"},
	sim.KindClock:          {"the clock moved on", "the clock stood still"},
	sim.KindInspected:      {"you opened a token", "you opened no token"},
	sim.KindIntrospected:   {"the issuer was asked about a token", "nobody asked the issuer about a token"},
	sim.KindForged:         {"the attacker forged a token", "the attacker forged nothing"},
	sim.KindLoggedOut:      {"the app logged out", "the app did not log out"},
	sim.KindRefused:        {"the issuer refused a token request", "the issuer refused no token request"},
	sim.KindNote:           {"something worth a note happened", "nothing worth a note happened"},
	sim.KindSessionStarted: {"alice's session at the issuer began", "no session began at the issuer"},
	sim.KindSessionUsed:    {"a login went through alice's session at the issuer, no password asked", "no login went through the issuer's session"},
	sim.KindSessionEnded:   {"alice's session at the issuer ended", "alice's session at the issuer did not end"},
	sim.KindUserinfo:       {"the issuer's userinfo endpoint was asked about a token", "nobody asked the userinfo endpoint"},
}

// actorWords names an actor of the goal language.
var actorWords = map[sim.Actor]string{
	sim.ActorClient: "the app", sim.ActorTab2: "the second tab", sim.ActorBrowser: "alice's browser", sim.ActorBFF: "the app's backend", sim.ActorAttacker: "the attacker",
	sim.ActorIssuer: "the issuer", sim.ActorAPI: "the API", sim.ActorLearner: "you", sim.ActorClock: "the clock",
}

// possessive names whose request an exchange is.
var possessive = map[sim.Actor]string{
	sim.ActorClient: "the app's", sim.ActorTab2: "the second tab's", sim.ActorBrowser: "alice's browser's", sim.ActorBFF: "the app's backend's", sim.ActorAttacker: "the attacker's",
	sim.ActorIssuer: "the issuer's", sim.ActorAPI: "the API's", sim.ActorLearner: "your", sim.ActorClock: "the clock's",
}

// stateWords says a token state.
var stateWords = map[string]string{
	"valid": "valid", "expired": "expired", "rotated-out": "rotated out", "revoked": "revoked",
	"denied": "on the API's denylist", "unknown": "unknown to the issuer",
}

// actionPhrases says the actions a goal is likely to name.
var actionPhrases = map[string]string{
	"attacker xss":     "the attacker's script ran in the page",
	"attacker sniff":   "the attacker listened on the network",
	"attacker call":    "the attacker called the API",
	"attacker refresh": "the attacker redeemed its refresh token",
	"forge none":       `the attacker forged a token with alg "none"`,
	"forge tamper":     "the attacker tampered with a genuine token",
	"forge wrong-key":  "the attacker signed a token with its own key",
	"forge audience":   "the attacker replayed another API's token",
	"steal access":     "the attacker copied the access token",
	"steal refresh":    "the attacker copied the refresh token",
	"refresh lost":     "the app's refresh response was lost",
}

// describe says a parsed goal line in words, and whether it is strict:
// about an attack, a policy or one exchange, which a wrong action could
// satisfy. Its arguments are valid: ParsePredicate checked them.
func describe(op string, args []string) (string, bool) {
	lower := make([]string, len(args))
	for i, a := range args {
		lower[i] = strings.ToLower(a)
	}
	switch op {
	case "event", "no-event":
		kind := sim.Kind(lower[0])
		w := kindWords[kind]
		text := w[0]
		if op == "no-event" {
			text = w[1]
		}
		actor, count := sim.Actor(""), ""
		for _, a := range lower[1:] {
			if name := lookupActor(a); name != "" {
				actor = name
			} else {
				count = a[1:]
			}
		}
		if actor != "" && !strings.HasPrefix(text, actorWords[actor]) {
			text += ", by " + actorWords[actor]
		}
		if count != "" {
			text += ", " + count + " times"
		}
		return text, op == "event" && (actor == sim.ActorAttacker || attackKinds[kind]) || op == "no-event"
	case "exchange":
		who := "any"
		if lower[0] != "*" {
			who = possessive[lookupActor(lower[0])]
		}
		method := strings.ToUpper(lower[1])
		if method == "*" {
			method = "request to"
		}
		status := lower[3]
		switch {
		case status == "*":
			status = "anything"
		case strings.HasSuffix(status, "xx"):
			status = "a " + status
		}
		text := who + " " + method + " " + args[2] + " answered " + status
		if len(args) == 5 {
			text += " " + args[4]
		}
		return text, true
	case "action":
		if w, ok := actionPhrases[strings.Join(lower, " ")]; ok {
			return w, true
		}
		return "you did “" + strings.Join(lower, " ") + "”", true
	case "inspected":
		if lower[0] == "id-token" {
			return "you opened the app's ID token", false
		}
		return "you opened the app's " + lower[0] + " token", false
	case "introspected":
		return "the issuer said a token is " + lower[0], false
	case "state":
		holder, kind, _ := strings.Cut(lower[0], ".")
		var states []string
		none := false
		for _, st := range strings.Split(lower[1], "|") {
			if st == "none" {
				none = true
				continue
			}
			states = append(states, stateWords[st])
		}
		who := "the app's"
		if holder == "attacker" {
			who = "the attacker's"
		}
		text := who + " " + kind + " token is " + strings.Join(states, " or ")
		switch {
		case none && len(states) == 0:
			text = actorWords[lookupActor(holder)] + " holds no " + kind + " token"
		case none:
			text += ", or there is none"
		}
		return text, holder == "attacker"
	case "age":
		holder, kind, _ := strings.Cut(lower[0], ".")
		who := "the app's"
		if holder == "attacker" {
			who = "the attacker's"
		}
		return who + " " + kind + " token was issued at least " + args[1] + " ago", holder == "attacker"
	case "setting":
		value := args[1]
		if st, ok := sim.FindSetting(lower[0]); ok {
			// As the settings pane spells it: the learner looks there.
			if choice, ok := st.Choice(value); ok {
				value = choice
			}
		}
		return "the setting " + lower[0] + " is " + value, true
	case "cause":
		text := CausePhrase(sim.Cause(lower[0]))
		if len(lower) == 2 {
			text += ", by " + actorWords[lookupActor(lower[1])]
		}
		return text, true
	case "elapsed":
		return "at least " + args[0] + " of simulated time passed", false
	case "within":
		return "no more than " + args[0] + " of simulated time passed", false
	}
	return strings.Join(args, " "), false
}

// attackKinds are the event kinds that only an attack, a policy or a
// failure produces.
var attackKinds = map[sim.Kind]bool{
	sim.KindStolen: true, sim.KindForged: true, sim.KindReuseDetected: true, sim.KindGraceUsed: true,
	sim.KindFamilyRevoked: true, sim.KindDenylisted: true, sim.KindRevokeNoop: true, sim.KindDenied: true,
	sim.KindRefused: true, sim.KindCodeReplayed: true, sim.KindLoginFailed: true,
}
