package workshop

import (
	"fmt"
	"io"
	"net"
	"slices"
	"time"

	"charm.land/ssh"
	"github.com/tokenflow/tokenflow/sim/clock"
	gossh "golang.org/x/crypto/ssh"
)

// What one connection may ask of the server beyond its one session.
const (
	// maxEnv and maxEnvBytes bound the environment variables a session
	// may set; the SSH library keeps every one until the session ends.
	// Bubble Tea reads a handful (TERM, COLORTERM, NO_COLOR, …).
	maxEnv      = 32
	maxEnvBytes = 1 << 10
)

// oneSessionRefusal is the reason a second session on a connection is
// refused; OpenSSH prints it ("open failed: administratively prohibited").
const oneSessionRefusal = "tokenflow: one session per connection; connect again for another"

// linkKey is the context key of a connection's link.
var linkKey = &struct{ name string }{"tokenflow connection"}

// link is what the server tracks of one SSH connection, from accept to
// close, session or not. Its fields are guarded by Server.mu.
type link struct {
	addr string   // addressOf the remote end
	conn net.Conn // as accepted; closing it ends the connection
	// session is set while the connection has a session channel open.
	session bool
	// since is when the connection last had no session: when it was
	// accepted, or when its last session ended. A connection without a
	// session for sessionWait is closed (sweepLinks).
	since time.Time
}

// addressOf is the network address connections are counted under: the IP
// address, or for IPv6 its /64, which a single machine commonly holds
// whole (RFC 4291 §2.5.1).
func addressOf(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if ip4 := tcp.IP.To4(); ip4 != nil {
		return ip4.String()
	}
	return tcp.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// acceptConn counts a new connection against its address. An address may
// hold twice Config.MaxPerAddress connections, so that one refused at its
// session still hears why. When they are all taken, the newcomer takes the
// place of the address's connection that has gone longest without a
// session: connections that sit idle, before or after their login, cannot
// keep a learner behind the same address out. Only when every connection
// from the address holds a session is the newcomer told so in one line and
// closed before the handshake, which costs the server nothing.
func (s *Server) acceptConn(ctx ssh.Context, nc net.Conn) net.Conn {
	l := &link{addr: addressOf(nc.RemoteAddr()), conn: nc, since: s.now()}
	s.mu.Lock()
	links := s.links[l.addr]
	var evicted *link
	if s.cfg.MaxPerAddress > 0 && len(links) >= 2*s.cfg.MaxPerAddress {
		evicted = longestWaiting(links)
		if evicted == nil {
			s.mu.Unlock()
			s.log.Info("connection refused", "remote", nc.RemoteAddr().String(), "reason", "too many connections from its address")
			// RFC 4253 §4.2 lets a server send lines before its version
			// string; `ssh -v` shows them.
			_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = io.WriteString(nc, "tokenflow: too many connections from your address; close some and try again\r\n")
			return nil
		}
		s.unlink(evicted)
	}
	s.links[l.addr] = append(s.links[l.addr], l)
	s.mu.Unlock()
	if evicted != nil {
		s.closeLink(evicted, "its address had no place left, and it had gone longest without a session")
	}
	ctx.SetValue(linkKey, l)
	return &countedConn{Conn: nc, release: func() {
		s.mu.Lock()
		s.unlink(l)
		s.mu.Unlock()
	}}
}

// longestWaiting is the connection among links that has gone longest
// without a session, or nil if each holds one.
func longestWaiting(links []*link) *link {
	var oldest *link
	for _, l := range links {
		if !l.session && (oldest == nil || l.since.Before(oldest.since)) {
			oldest = l
		}
	}
	return oldest
}

// unlink stops counting l against its address and reports whether it
// was counted; unlinking it again does nothing. s.mu must be held.
func (s *Server) unlink(l *link) bool {
	links := s.links[l.addr]
	i := slices.Index(links, l)
	if i < 0 {
		return false
	}
	if links = slices.Delete(links, i, i+1); len(links) == 0 {
		delete(s.links, l.addr)
	} else {
		s.links[l.addr] = links
	}
	return true
}

// closeLink closes a connection the server no longer keeps; why is for
// the log. The SSH library then sees its reads fail and cleans up.
func (s *Server) closeLink(l *link, why string) {
	s.log.Info("connection closed", "remote", l.conn.RemoteAddr().String(), "reason", why)
	_ = l.conn.Close()
}

// sweepLinks closes, at now, every connection that has gone sessionWait
// without a session: one that logged in and never asked for a terminal,
// or stayed open after its session ended. A client starting a session
// does so at once; without this, such connections would hold their
// address's places until they chose to leave.
func (s *Server) sweepLinks(now time.Time) {
	var idle []*link
	s.mu.Lock()
	for _, links := range s.links {
		for _, l := range links {
			if !l.session && now.Sub(l.since) >= sessionWait {
				idle = append(idle, l)
			}
		}
	}
	for _, l := range idle {
		s.unlink(l)
	}
	s.mu.Unlock()
	for _, l := range idle {
		s.closeLink(l, fmt.Sprintf("no session within %s", clock.Spell(sessionWait)))
	}
}

// countedConn gives its address's place back when it closes.
type countedConn struct {
	net.Conn
	release func()
}

func (c *countedConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// sessionChannel opens a session channel, one at a time per connection: a
// second is refused with a reason the client prints, so one connection
// cannot run many programs. The next may open once the first has closed.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	l := ctx.Value(linkKey).(*link)
	s.mu.Lock()
	busy := l.session
	l.session = true
	s.mu.Unlock()
	if busy {
		_ = nc.Reject(gossh.Prohibited, oneSessionRefusal)
		return
	}
	ssh.DefaultSessionHandler(srv, conn, boundedChannel{NewChannel: nc, release: func() {
		s.mu.Lock()
		l.session, l.since = false, s.now()
		s.mu.Unlock()
	}}, ctx)
}

// boundedChannel is a session channel whose requests pass a filter: env
// requests beyond maxEnv, or longer than maxEnvBytes, are refused.
type boundedChannel struct {
	gossh.NewChannel
	// release frees the connection's session place once the channel has
	// closed, before the session's handler learns of it.
	release func()
}

func (b boundedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := b.NewChannel.Accept()
	if err != nil {
		b.release()
		return nil, nil, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		defer b.release()
		envs := 0
		for req := range in {
			if req.Type == "env" {
				if envs++; envs > maxEnv || len(req.Payload) > maxEnvBytes {
					_ = req.Reply(false, nil)
					continue
				}
			}
			out <- req
		}
	}()
	return ch, out, nil
}
