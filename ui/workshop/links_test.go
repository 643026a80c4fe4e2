package workshop_test

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// The tests here pin issue 9's follow-up C: connections that hold no
// session are closed after a while, and give way to a learner behind the
// same address.

// sessionWait is how long the server lets a connection go without a
// session: its handshake timeout.
const sessionWait = 30 * time.Second

// isOpen reports whether the server still serves client's connection: a
// global request gets a reply (a refusal, here) only while it does.
func isOpen(client *gossh.Client) bool {
	_, _, err := client.SendRequest("keepalive@openssh.com", true, nil)
	return err == nil
}

// requireClosed waits until the server has closed client's connection.
func requireClosed(t *testing.T, client *gossh.Client, what string) {
	t.Helper()
	closed := make(chan struct{})
	go func() {
		_ = client.Wait()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(patience):
		t.Fatalf("%s: still open after %s", what, patience)
	}
}

// idler logs in as user and opens no channel.
func (h *harness) idler(user string) *gossh.Client {
	h.t.Helper()
	client, err := h.dial(user)
	if err != nil {
		h.t.Fatalf("dial as %s: %v", user, err)
	}
	return client
}

// requireClosedAfterTheWait checks that client's connection, without a
// session since the event named by since, is still open a second before
// the wait is over and closed once it is.
func (h *harness) requireClosedAfterTheWait(client *gossh.Client, since string) {
	h.t.Helper()
	h.clock.Advance(sessionWait - time.Second)
	h.srv.Sweep()
	if !isOpen(client) {
		h.t.Fatalf("a connection was closed %s after %s", sessionWait-time.Second, since)
	}
	h.clock.Advance(time.Second)
	h.srv.Sweep()
	requireClosed(h.t, client, fmt.Sprintf("a connection %s after %s", sessionWait, since))
}

func TestConnectionWithoutSessionIsClosed(t *testing.T) {
	h := start(t, workshop.Config{})
	client := h.idler("alice")

	h.requireClosedAfterTheWait(client, "its login")
}

func TestConnectionIsClosedSomeTimeAfterItsSessionEnds(t *testing.T) {
	h := start(t, workshop.Config{})
	client := h.idler("alice")
	tm := openTerm(t, client, true)
	h.echoes.next(t)
	tm.waitFor("user=alice")

	// Time with a session open does not count.
	h.clock.Advance(time.Hour)
	h.srv.Sweep()
	tm.leave()
	if code := tm.exitStatus(); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	if !isOpen(client) {
		t.Fatal("the connection closed with its session; this client keeps it")
	}
	// The client sees its exit status before the server has counted the
	// session's end, from which the wait runs.
	if !h.srv.WaitLinksFree(patience) {
		t.Fatalf("the session's place still held after %s", patience)
	}
	h.requireClosedAfterTheWait(client, "its session ended")
}

func TestLearnerGetsInPastConnectionsWithoutSession(t *testing.T) {
	h := start(t, workshop.Config{MaxPerAddress: 2})
	// Twice the limit, the most one address may hold, all logged in and
	// idle, the first the longest.
	var idlers []*gossh.Client
	for _, user := range []string{"mallory", "mallory", "mallory", "mallory"} {
		idlers = append(idlers, h.idler(user))
		h.clock.Advance(time.Second)
	}

	h.openPty("alice", 80, 24).waitFor("user=alice")
	requireClosed(t, idlers[0], "the connection that had waited longest")
	h.openPty("bob", 80, 24).waitFor("user=bob")
	requireClosed(t, idlers[1], "the connection that had waited next longest")
	for i, c := range idlers[2:] {
		if !isOpen(c) {
			t.Errorf("idle connection %d was closed; two places were needed, not three", i+3)
		}
	}
}

// firstLine opens a TCP connection to the server and reads the first line
// it sends.
func (h *harness) firstLine() (net.Conn, string) {
	h.t.Helper()
	c, err := net.DialTimeout("tcp", h.addr, patience)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { _ = c.Close() })
	_ = c.SetReadDeadline(time.Now().Add(patience))
	line, _ := bufio.NewReader(c).ReadString('\n')
	return c, line
}

// Connections that have not even begun the handshake give way too.
func TestConnectionsPastTwiceTheLimitTakeTheLongestWaitingPlace(t *testing.T) {
	h := start(t, workshop.Config{MaxPerAddress: 2})
	var first net.Conn
	// The server sends its version once it has counted the connection.
	for i := range 5 {
		c, line := h.firstLine()
		if !strings.HasPrefix(line, "SSH-2.0-") {
			t.Fatalf("connection %d got %q, want the server's version", i+1, line)
		}
		if i == 0 {
			first = c
		}
	}
	if n, err := first.Read(make([]byte, 1)); err == nil {
		t.Errorf("the first connection, which the fifth displaced, read %d bytes and no error", n)
	}
}

// Past twice the per-address limit, with every connection holding a
// session, a connection is told in a line and closed before the SSH
// handshake.
func TestConnectionsPastTwiceTheLimitAreClosedAtOnce(t *testing.T) {
	h := start(t, workshop.Config{MaxPerAddress: 1, Instructor: "teacher", InstructorPassword: "pw"})
	h.openPty("alice", 80, 24).waitFor("user=alice")
	h.open("teacher", gossh.Password("pw")).waitFor("1 learner connected")
	if _, line := h.firstLine(); line != "tokenflow: too many connections from your address; close some and try again\r\n" {
		t.Errorf("the third connection got %q", line)
	}
}
