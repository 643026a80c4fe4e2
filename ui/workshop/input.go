package workshop

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// filter is the program filter of a session. It records input for the idle
// timer and drops input beyond the rate limit: a flood of keys (a stuck key,
// a script) is thinned out rather than disconnected, the learner is told,
// and the server stays responsive for everyone else. It lets through only
// the terminal sizes the server passed, and turns a learner's quit into
// the question whether they mean it (see seat).
func (s *Server) filter(c *conn) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg := msg.(type) {
		case tea.QuitMsg:
			if !c.mayQuit() {
				return askQuitMsg{}
			}
		case tea.SuspendMsg:
			// There is no shell to suspend to over SSH (as in
			// bm.MakeOptions, whose filter this one replaces).
			return tea.ResumeMsg{}
		case resizeMsg:
			return tea.WindowSizeMsg(msg)
		case tea.WindowSizeMsg:
			// Sizes come from the SSH channel through watchWindow, as
			// resizeMsg. This is the program's start-up size, unless a
			// resize has overtaken it, or a size report typed into the
			// input, which nothing asked for and nothing bounds.
			if msg != c.currentSize() {
				return nil
			}
		case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.MouseMotionMsg:
			now := s.now()
			c.touch(now)
			if c.input != nil && !c.input.AllowN(now, 1) {
				return c.notice("keys", fmt.Sprintf("some keys were dropped: they arrived faster than %g a second, faster than anyone types", float64(c.input.Limit())))
			}
		}
		return msg
	}
}
