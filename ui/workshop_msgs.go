package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// instructorReset answers the workshop's ResetWorldMsg: the instructor
// has reset this learner's world, or every learner's. The world on screen
// starts over as ctrl+r would start it (a lesson's step from its own
// beginning, the sandbox from nothing, a demo from its first caption);
// lesson progress, which belongs to the learner, is kept. The status line
// says which reset it was, with the point first, since a narrow one keeps
// only its first clauses.
func (m *Model) instructorReset(msg workshop.ResetWorldMsg) {
	who := "the instructor reset your world"
	if msg.Room {
		who = "the instructor reset every world"
	}
	switch {
	case m.course.Done():
		// The finished step's world is the debrief's evidence; enter
		// opens the next step on a fresh world anyway.
		kept := "; yours stays, on a finished step: "
		if !msg.Room {
			kept = "; it stays, on a finished step: "
		}
		m.say(common.Status{Text: who + kept + m.com.Keys.Continue.Help().Key + " goes on", Level: common.LevelWarn})
		return
	case m.course.InLesson():
		m.course.RestartStep()
	default:
		m.reset()
	}
	m.focus.Settings = false
	if m.demo != nil {
		m.demo.Restart()
	}
	m.say(common.Status{Text: who + "; your lesson progress is kept; the clock is back at " +
		m.sc.World.Now().Format("15:04:05"), Level: common.LevelWarn})
}

// shutdown answers the workshop's ShutdownMsg: the server is ending the
// session. The reason is shown (and printed, in accessible mode), the
// progress still queued is written, and the program quits.
func (m *Model) shutdown(msg workshop.ShutdownMsg) tea.Cmd {
	m.say(common.Status{Text: "tokenflow: " + msg.Reason, Level: common.LevelWarn})
	return m.quit()
}
