package workshop

import "time"

// Sweep applies the idle and session-length limits now, so tests need not
// wait for the once-a-second sweep.
func (s *Server) Sweep() { s.sweep() }

// WaitSessions waits up to limit until at most n sessions are left and
// reports whether that happened. It waits on the sessions' ends, not on a
// timer.
func (s *Server) WaitSessions(n int, limit time.Duration) bool {
	deadline := time.After(limit)
	for {
		s.mu.Lock()
		conns := s.all()
		s.mu.Unlock()
		if len(conns) <= n {
			return true
		}
		select {
		case <-conns[0].done:
		case <-deadline:
			return false
		}
	}
}
