package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// instructorReset answers the workshop's ResetWorldMsg: the instructor
// has reset every learner's world between two groups. The world on screen
// starts over as ctrl+r would start it (a lesson's step from its own
// beginning, the sandbox from nothing, a demo from its first caption);
// lesson progress, which belongs to the learner, is kept.
func (m *Model) instructorReset() {
	switch {
	case m.course.Done():
		// The finished step's world is the debrief's evidence; enter
		// opens the next step on a fresh world anyway.
		m.say(common.Status{Text: "the instructor reset every world; yours shows a finished step and stays: " +
			m.com.Keys.Continue.Help().Key + " goes on", Level: common.LevelWarn})
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
	m.say(common.Status{Text: "the instructor reset your world: a fresh one, the clock back at " +
		m.sc.World.Now().Format("15:04:05") + "; your lesson progress is kept", Level: common.LevelWarn})
}

// shutdown answers the workshop's ShutdownMsg: the server is ending the
// session. The reason is shown (and printed, in accessible mode), the
// progress still queued is written, and the program quits.
func (m *Model) shutdown(msg workshop.ShutdownMsg) tea.Cmd {
	m.say(common.Status{Text: "tokenflow: " + msg.Reason, Level: common.LevelWarn})
	return m.quit()
}
