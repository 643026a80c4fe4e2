package workshop

import (
	"runtime"
	"time"
)

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

// WaitLinksFree waits up to limit until no connection holds a session
// place and reports whether that happened. A place is freed when the
// session channel has closed on both sides, which the client may learn of
// before the server does; nothing signals it, so this yields until it is.
func (s *Server) WaitLinksFree(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		s.mu.Lock()
		busy := false
		for _, links := range s.links {
			for _, l := range links {
				busy = busy || l.session
			}
		}
		s.mu.Unlock()
		if !busy {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		runtime.Gosched()
	}
}
