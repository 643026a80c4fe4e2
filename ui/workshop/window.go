package workshop

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"golang.org/x/time/rate"
)

// resizeMsg is a terminal size that watchWindow has clamped and let
// through; the filter turns it into the tea.WindowSizeMsg the model sees.
type resizeMsg tea.WindowSizeMsg

// clamp bounds a window to the largest terminal a session is drawn for,
// and reports whether it had to: the model draws frames of the size it is
// given.
func (s *Server) clamp(w ssh.Window) (size tea.WindowSizeMsg, clamped bool) {
	size = tea.WindowSizeMsg{
		Width:  min(max(w.Width, 0), s.cfg.MaxWidth),
		Height: min(max(w.Height, 0), s.cfg.MaxHeight),
	}
	return size, size.Width != w.Width || size.Height != w.Height
}

// clampNotice tells the learner that their terminal is drawn smaller.
func (s *Server) clampNotice(w ssh.Window) string {
	return fmt.Sprintf("your terminal is %d×%d; the tutorial draws at most %d×%d, in its top-left corner",
		w.Width, w.Height, s.cfg.MaxWidth, s.cfg.MaxHeight)
}

// watchWindow passes the client's window changes to p: each one clamped,
// one equal to the size already passed dropped, and at most
// Config.ResizeRate a second, faster ones merged into the latest, which
// always arrives. When the client closes the session but not the connection
// (OpenSSH's connection sharing does this), the channel closes and the
// program is quit. After the program, it reads the channel to its end.
func (s *Server) watchWindow(c *conn, p *tea.Program, from <-chan ssh.Window) {
	var limit *rate.Limiter
	var poll time.Duration
	if s.cfg.ResizeRate > 0 {
		limit = rate.NewLimiter(rate.Limit(s.cfg.ResizeRate), max(1, int(s.cfg.ResizeRate)))
		// A token comes back every poll; the limiter reads the server's
		// clock, which a test may hold still.
		poll = time.Duration(float64(time.Second) / s.cfg.ResizeRate)
	}
	current := c.currentSize()
	pending := current
	var wake <-chan time.Time
	for {
		select {
		case w, ok := <-from:
			if !ok {
				c.leave()
				p.Quit()
				return
			}
			size, clamped := s.clamp(w)
			if clamped {
				c.tell("size", s.clampNotice(w))
			}
			pending = size
		case <-wake:
			wake = nil
		case <-c.done:
			// The SSH library's request loop waits until each window
			// change is taken, and would wait for ever on one that
			// comes after the program; it closes the channel when the
			// session's channel closes.
			for range from {
			}
			return
		}
		if pending == current || wake != nil {
			continue
		}
		if limit != nil && !limit.AllowN(s.now(), 1) {
			wake = time.After(poll)
			continue
		}
		current = pending
		c.setSize(current)
		p.Send(resizeMsg(current))
	}
}
