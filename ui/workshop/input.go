package workshop

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// bucket is a token bucket: it holds up to burst tokens, refills at rate
// tokens a second, and each input event takes one. Time comes from the
// caller so tests can drive it.
type bucket struct {
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64, burst int, now time.Time) *bucket {
	if burst < 1 {
		burst = 1
	}
	return &bucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: now}
}

// allow takes a token if one is left at now.
func (b *bucket) allow(now time.Time) bool {
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(b.burst, b.tokens+elapsed.Seconds()*b.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// filter is the program filter of a session. It records input for the idle
// timer and drops input beyond the rate limit: a flood of keys (a stuck key,
// a pasted novel, a script) is thinned out rather than disconnected, and the
// server stays responsive for everyone else.
func (s *Server) filter(c *conn) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		switch msg.(type) {
		case tea.SuspendMsg:
			// There is no shell to suspend to over SSH (as in
			// bm.MakeOptions, whose filter this one replaces).
			return tea.ResumeMsg{}
		case tea.KeyPressMsg, tea.PasteMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.MouseMotionMsg:
			now := s.now()
			c.touch(now)
			if c.input != nil && !c.input.allow(now) {
				return nil
			}
		}
		return msg
	}
}
