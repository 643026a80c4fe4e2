package workshop

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
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

// connStateKey is the context key of a connection's connState.
var connStateKey = &struct{ name string }{"tokenflow connection"}

// connState is what the server tracks of one SSH connection.
type connState struct {
	// session is set while the connection has a session channel open.
	session atomic.Bool
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
// session still hears why; past that, a connection is told in one line and
// closed before the handshake, which costs the server nothing.
func (s *Server) acceptConn(ctx ssh.Context, nc net.Conn) net.Conn {
	addr := addressOf(nc.RemoteAddr())
	s.mu.Lock()
	full := s.cfg.MaxPerAddress > 0 && s.addrConns[addr] >= 2*s.cfg.MaxPerAddress
	if !full {
		s.addrConns[addr]++
	}
	s.mu.Unlock()
	if full {
		s.log.Info("connection refused", "remote", nc.RemoteAddr().String(), "reason", "too many connections from its address")
		// RFC 4253 §4.2 lets a server send lines before its version
		// string; `ssh -v` shows them.
		_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
		_, _ = io.WriteString(nc, "tokenflow: too many connections from your address; close some and try again\r\n")
		return nil
	}
	ctx.SetValue(connStateKey, &connState{})
	var once sync.Once
	return &countedConn{Conn: nc, release: func() {
		once.Do(func() {
			s.mu.Lock()
			if s.addrConns[addr]--; s.addrConns[addr] == 0 {
				delete(s.addrConns, addr)
			}
			s.mu.Unlock()
		})
	}}
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
	st := ctx.Value(connStateKey).(*connState)
	if !st.session.CompareAndSwap(false, true) {
		_ = nc.Reject(gossh.Prohibited, oneSessionRefusal)
		return
	}
	ssh.DefaultSessionHandler(srv, conn, boundedChannel{NewChannel: nc, release: func() { st.session.Store(false) }}, ctx)
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
