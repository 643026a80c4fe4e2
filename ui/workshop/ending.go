package workshop

import (
	"io"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// How a session ends, and why it always does. A client that stops reading
// (suspended, or hostile) leaves every write to its channel waiting on
// SSH's flow control (RFC 4254 §5.2) for as long as it keeps the
// connection open: the screen's frame first, then the program's own
// output (a clipboard copy, OSC 52), which holds the program's lock, so
// that its event loop takes no more messages, not even a ShutdownMsg.
// Nothing the server does to the program can free it then. What can is
// closing the connection, which fails every write waiting on it; so each
// way a session ends is bounded by Config.ShutdownGrace a step, and
// hanging up is the last step of each.

// end asks the session's model to save and quit, and makes sure the
// session ends even if the model ignores the message or its client has
// stopped reading. Only the first reason counts.
func (s *Server) end(c *conn, reason string) {
	c.mu.Lock()
	if c.endReason != "" {
		c.mu.Unlock()
		return
	}
	c.endReason = reason
	p := c.program
	c.mu.Unlock()
	if p == nil {
		return
	}
	go s.stopProgram(c, p, reason)
}

// stopProgram takes the steps that end c's program, each only if the
// session has not finished within a grace period of the one before: the
// ShutdownMsg (the model saves and quits), Quit, Kill, and hanging up.
// The first three wait on the program, which a client that stopped
// reading may have wedged, so each runs in a goroutine of its own: a
// wedged program's Send, Quit and Kill return once the hang-up has failed
// the write it waits on.
func (s *Server) stopProgram(c *conn, p *tea.Program, reason string) {
	steps := []func(){
		func() { p.Send(ShutdownMsg{Reason: reason}) },
		p.Quit,
		p.Kill,
		func() { s.hangUp(c, "its session did not end within its grace periods") },
	}
	for _, step := range steps {
		go step()
		select {
		case <-c.done:
			return
		case <-time.After(s.cfg.ShutdownGrace):
		}
	}
}

// goodbye writes the reason the session ended, if the server ended it,
// and the exit status, or hangs up on a client that does not take them
// within the grace period.
func (s *Server) goodbye(c *conn, raw ssh.Session, reason string) {
	written := make(chan struct{})
	go func() {
		defer close(written)
		if reason != "" {
			// The terminal has left the alternate screen, so this line
			// stays in it after the connection closes.
			_, _ = io.WriteString(raw, "tokenflow: "+reason+"\n")
		}
		_ = raw.Exit(0)
	}()
	select {
	case <-written:
		return
	case <-time.After(s.cfg.ShutdownGrace):
	}
	s.hangUp(c, "the client did not take its goodbye")
	select {
	case <-written:
	case <-time.After(s.cfg.ShutdownGrace):
		s.log.Error("a write outlived its connection", "user", displayName(c.user))
	}
}

// hangUp closes c's connection, and with it the session's channel (the
// SSH library closes a connection's channels when it ends), so that every
// write waiting for the client fails at once. A connection holds one
// session at a time (sessionChannel), so no other session goes with it.
// A connection no longer linked is closed or closing already.
func (s *Server) hangUp(c *conn, why string) {
	s.mu.Lock()
	linked := s.unlink(c.link)
	s.mu.Unlock()
	if linked {
		s.closeLink(c.link, why)
	}
}
