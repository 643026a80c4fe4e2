package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
)

// Level is how a status message should read: as news, a warning or a
// failure.
type Level int

// The levels of a status message.
const (
	LevelInfo Level = iota
	LevelWarn
	LevelBad
)

// Status is the line under the panes that says what the last key did.
type Status struct {
	Text  string
	Level Level
	// Told says the text is an event's, which the diagram and the "What
	// happened" pane tell in full: a narrow status line may keep only its
	// first clauses (Brief).
	Told bool
}

// statusPriority ranks event kinds by how much the learner needs to hear
// about them after an action: the most telling one becomes the status.
var statusPriority = map[sim.Kind]int{
	sim.KindReuseDetected: 100, sim.KindFamilyRevoked: 95, sim.KindDenied: 90, sim.KindCodeReplayed: 85,
	sim.KindLoginFailed: 85, sim.KindRefused: 84, sim.KindStolen: 80, sim.KindForged: 75, sim.KindNote: 70,
	sim.KindTokenExpired: 65, sim.KindAllowed: 60, sim.KindLogin: 55, sim.KindGraceUsed: 52, sim.KindRotated: 50,
	sim.KindDenylisted: 48, sim.KindIntrospected: 45, sim.KindLoggedOut: 44, sim.KindRevokeNoop: 42,
	sim.KindPolicy: 40, sim.KindClock: 30, sim.KindInspected: 20, sim.KindTokenIssued: 10,
	sim.KindSessionEnded: 96, sim.KindUserinfo: 62,
}

// priority is how telling e is, by its kind, and for a few causes
// otherwise: as sim.Explain ranks them, so that the status line and the
// "Why" under it tell the same event.
func priority(e sim.Event) (int, bool) {
	p, ok := statusPriority[e.Kind]
	switch e.Cause {
	case sim.CauseDPoPNonce:
		// Routine: the retry it asks for, and what came of it, is news.
		p = statusPriority[sim.KindTokenIssued] - 1
	case sim.CauseSessionIdle, sim.CauseSessionMax:
		// A session timing out on the way is a side note of a jump.
		p = statusPriority[sim.KindTokenExpired] - 1
	case sim.CauseSilentBFF:
		// The refused token request is the end; why the script got
		// nothing is the backend's part.
		p = statusPriority[sim.KindRefused] + 1
	}
	return p, ok
}

// Summarize picks the event that best tells what an action did.
func Summarize(events []sim.Event) Status {
	best, bestP := sim.Event{}, -1
	for _, e := range events {
		if p, ok := priority(e); ok && p > bestP {
			best, bestP = e, p
		}
	}
	if bestP < 0 {
		return Status{}
	}
	lv := LevelInfo
	switch best.Kind {
	case sim.KindReuseDetected, sim.KindFamilyRevoked, sim.KindDenied, sim.KindCodeReplayed, sim.KindLoginFailed, sim.KindRefused:
		lv = LevelBad
	case sim.KindStolen, sim.KindForged, sim.KindTokenExpired, sim.KindNote, sim.KindSessionEnded:
		lv = LevelWarn
	case sim.KindUserinfo:
		if best.Cause != sim.CauseUserinfo {
			lv = LevelBad
		}
	}
	text := best.Text
	if best.Kind == sim.KindReuseDetected {
		// The family's revocation follows and says what it means.
		for _, e := range events {
			if e.Kind == sim.KindFamilyRevoked {
				text = "reuse detected: " + e.Text
			}
		}
	}
	return Status{Text: text, Level: lv, Told: true}
}

// EventLines are events as the accessible mode prints them, one a line.
func EventLines(events []sim.Event) []string {
	lines := make([]string, len(events))
	for i, e := range events {
		lines[i] = sim.FormatEvent(e)
	}
	return lines
}

// Brief shortens an event's text to w cells where it can without cutting
// a word: a closing parenthesis goes first, then the clauses after a
// semicolon or a full stop, the last first, then those after a comma.
// The diagram and the "What happened" pane tell the whole sentence; a
// sentence with none of these is left for Fit to cut.
func Brief(text string, w int) string {
	if ansi.StringWidth(text) <= w {
		return text
	}
	if i := strings.LastIndex(text, " ("); i > 0 && strings.HasSuffix(text, ")") {
		if head := text[:i]; ansi.StringWidth(head) <= w {
			return head
		}
	}
	for _, seps := range [][]string{{"; ", ". "}, {", "}} {
		for i := lastClause(text, seps); i > 0; i = lastClause(text[:i], seps) {
			if head := text[:i]; ansi.StringWidth(head) <= w {
				return head
			}
		}
	}
	return text
}

// lastClause is where the last clause of text after one of seps begins,
// or -1.
func lastClause(text string, seps []string) int {
	at := -1
	for _, sep := range seps {
		at = max(at, strings.LastIndex(text, sep))
	}
	return at
}
