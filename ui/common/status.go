package common

import (
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
}

// statusPriority ranks event kinds by how much the learner needs to hear
// about them after an action: the most telling one becomes the status.
var statusPriority = map[sim.Kind]int{
	sim.KindReuseDetected: 100, sim.KindFamilyRevoked: 95, sim.KindDenied: 90, sim.KindCodeReplayed: 85,
	sim.KindLoginFailed: 85, sim.KindRefused: 84, sim.KindStolen: 80, sim.KindForged: 75, sim.KindNote: 70,
	sim.KindTokenExpired: 65, sim.KindAllowed: 60, sim.KindLogin: 55, sim.KindGraceUsed: 52, sim.KindRotated: 50,
	sim.KindDenylisted: 48, sim.KindIntrospected: 45, sim.KindLoggedOut: 44, sim.KindRevokeNoop: 42,
	sim.KindPolicy: 40, sim.KindClock: 30, sim.KindInspected: 20, sim.KindTokenIssued: 10,
}

// Summarize picks the event that best tells what an action did.
func Summarize(events []sim.Event) Status {
	best, bestP := sim.Event{}, -1
	for _, e := range events {
		if p, ok := statusPriority[e.Kind]; ok && p > bestP {
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
	case sim.KindStolen, sim.KindForged, sim.KindTokenExpired, sim.KindNote:
		lv = LevelWarn
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
	return Status{Text: text, Level: lv}
}

// EventLines are events as the accessible mode prints them, one a line.
func EventLines(events []sim.Event) []string {
	lines := make([]string, len(events))
	for i, e := range events {
		lines[i] = sim.FormatEvent(e)
	}
	return lines
}
