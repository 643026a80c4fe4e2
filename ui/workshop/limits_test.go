package workshop_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/wish/v2/testsession"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// The tests here pin issue 9's points on the workshop server, each through
// Wish's test session client with the requests a hostile learner sends.

// openPty connects as user with Wish's test session client and starts a
// shell on a terminal of width × height columns and rows, as asked for in
// the pty-req (RFC 4254 §6.2), whatever the size.
func (h *harness) openPty(user string, width, height int) *term {
	h.t.Helper()
	sess, err := testsession.NewClientSession(h.t, h.addr, &gossh.ClientConfig{User: user, Timeout: patience})
	if err != nil {
		h.t.Fatalf("dial as %s: %v", user, err)
	}
	out := newOutput()
	sess.Stdout = out
	sess.Stderr = out
	stdin, err := sess.StdinPipe()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		h.t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		h.t.Fatal(err)
	}
	return &term{t: h.t, sess: sess, stdin: stdin, out: out}
}

// resize sends a window-change request (RFC 4254 §6.7). With sync, it waits
// for the server's reply, which comes once the server has taken the request
// before it off the session's (one-place) window-change queue.
func (tm *term) resize(width, height int, sync bool) {
	tm.t.Helper()
	payload := gossh.Marshal(struct{ Cols, Rows, Width, Height uint32 }{uint32(width), uint32(height), 0, 0})
	if _, err := tm.sess.SendRequest("window-change", sync, payload); err != nil {
		tm.t.Fatal(err)
	}
}

// Point 1: a terminal size is clamped before the program sees it.
func TestHostileTerminalSizesAreClampedBeforeTheProgramSeesThem(t *testing.T) {
	h := start(t, workshop.Config{})
	for _, size := range [][2]int{{2147483647, 2147483647}, {4294967295, 4294967295}, {65535, 65535}, {1000, 1000}, {301, 24}} {
		tm := h.openPty("alice", size[0], size[1])
		rec := h.echoes.next(t)
		tm.waitFor("user=alice")
		if want := fmt.Sprintf("%dx%d", min(size[0], workshop.DefaultMaxWidth), min(size[1], workshop.DefaultMaxHeight)); rec.size != want {
			t.Errorf("a %d×%d terminal reached the model as %s, want %s", size[0], size[1], rec.size, want)
		}
		want := fmt.Sprintf("your terminal is %d×%d; the tutorial draws at most 300×100", size[0], size[1])
		if got := rec.notice(t); !strings.HasPrefix(got, want) {
			t.Errorf("the learner was told %q, want %q", got, want)
		}
		tm.leave()
		tm.exitStatus()
	}
}

// Point 1: a size report typed into the input (CSI 8 ; rows ; cols t, which
// the decoder turns into a window size) never reaches the program.
func TestSizeTypedIntoTheInputIsIgnored(t *testing.T) {
	h := start(t, workshop.Config{})
	tm := h.openPty("alice", 80, 24)
	rec := h.echoes.next(t)
	tm.waitFor("user=alice")
	tm.typ("\x1b[8;1000;1000t")
	tm.typ("k")
	if ev := rec.event(t); ev != "key:k" {
		t.Errorf("the model got %q, want the key k alone", ev)
	}
}

// Points 1 and 3: window changes are clamped, merged and limited; the last
// size always arrives.
func TestWindowChangesAreClampedMergedAndLimited(t *testing.T) {
	h := start(t, workshop.Config{MaxWidth: 200, MaxHeight: 60, ResizeRate: 5})
	tm := h.openPty("alice", 80, 24)
	rec := h.echoes.next(t)
	tm.waitFor("user=alice")

	// The server's clock stands still: the burst of 5 passes, then
	// nothing until it moves.
	for i := 1; i <= 1000; i++ {
		tm.resize(80+i, 24, false)
	}
	tm.resize(2147483647, 2147483647, false)
	tm.resize(150, 50, true)
	tm.resize(150, 50, true) // its reply: the server has read the one before
	want := []string{"resize:81x24", "resize:82x24", "resize:83x24", "resize:84x24", "resize:85x24"}
	if got := rec.eventsN(t, 5); !slices.Equal(got, want) {
		t.Errorf("the model got %v, want the burst %v", got, want)
	}
	if got := rec.notice(t); !strings.HasPrefix(got, "your terminal is 201×24; the tutorial draws at most 200×60") {
		t.Errorf("the learner was told %q, want the first size past the bound", got)
	}
	h.clock.Advance(time.Second)
	if ev := rec.event(t); ev != "resize:150x50" {
		t.Errorf("after a second the model got %q, want the last size, resize:150x50", ev)
	}
	tm.typ("k")
	if ev := rec.event(t); ev != "key:k" {
		t.Errorf("the model got %q, want the key k: 1,003 window changes made 6 resizes", ev)
	}
}

// Point 2: a paste past the limit, ended or not, never reaches the model
// and the learner is told; pastes within it pass whole.
func TestLongPasteIsIgnoredAndTheLearnerTold(t *testing.T) {
	h := start(t, workshop.Config{MaxPaste: 1024})
	tm := h.openPty("alice", 80, 24)
	rec := h.echoes.next(t)
	tm.waitFor("user=alice")

	tm.typ("\x1b[200~" + strings.Repeat("x", 1<<20) + "\x1b[201~")
	tm.typ("\x1b[200~" + strings.Repeat("y", 100) + "\x1b[201~")
	if ev := rec.event(t); ev != "paste:100 bytes" {
		t.Errorf("the model got %q, want the short paste alone", ev)
	}
	if got := rec.notice(t); !strings.Contains(got, "a paste was ignored: it was longer than 1 KiB") {
		t.Errorf("the learner was told %q", got)
	}

	// A paste that never ends holds the learner's input, not the server's
	// memory, until its end marker.
	tm.typ("\x1b[200~" + strings.Repeat("z", 2<<20))
	tm.typ("k\x1b[201~m")
	if ev := rec.event(t); ev != "key:m" {
		t.Errorf("after the unfinished paste the model got %q, want key:m", ev)
	}
}

// Point 2: input is limited by bytes as well as by events, and dropped
// input is told.
func TestByteFloodIsDroppedAndTheLearnerTold(t *testing.T) {
	h := start(t, workshop.Config{InputByteRate: 64, InputByteBurst: 256, MaxPaste: 128})
	tm := h.openPty("alice", 80, 24)
	rec := h.echoes.next(t)
	tm.waitFor("user=alice")

	// The server's clock stands still: the burst of 256 bytes passes,
	// the rest of the flood is dropped before it is decoded.
	tm.typ(strings.Repeat("a", 1<<20))
	for i, ev := range rec.eventsN(t, 256) {
		if ev != "key:a" {
			t.Fatalf("event %d is %q, want key:a", i, ev)
		}
	}
	if got := rec.notice(t); !strings.Contains(got, "some input was dropped: it arrived faster than 64 bytes a second") {
		t.Errorf("the learner was told %q", got)
	}
	tm.resize(100, 30, false)
	if ev := rec.event(t); ev != "resize:100x30" {
		t.Errorf("the model got %q after the flood, want resize:100x30: the session goes on", ev)
	}
}

// Point 2: a flood of random bytes reaches the model as few events, and the
// session goes on.
func TestRandomByteFloodIsThinned(t *testing.T) {
	h := start(t, workshop.Config{InputRate: 1, InputBurst: 20, InputByteRate: 64, InputByteBurst: 1024, MaxPaste: 512})
	tm := h.openPty("alice", 80, 24)
	rec := h.echoes.next(t)
	tm.waitFor("user=alice")

	flood := make([]byte, 1<<20)
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range flood {
		flood[i] = byte(rng.Uint32())
	}
	tm.typ(string(flood))
	// The keys that decode from it are thinned too, and told of apart.
	for n := rec.notice(t); !strings.Contains(n, "some input was dropped: it arrived faster than 64 bytes a second"); n = rec.notice(t) {
		if !strings.Contains(n, "some keys were dropped") {
			t.Fatalf("the learner was told %q", n)
		}
	}
	tm.resize(100, 30, false)
	for n := 0; ; n++ {
		ev := rec.event(t)
		if ev == "resize:100x30" {
			break
		}
		if n >= 20 {
			t.Fatalf("more than 20 input events from the flood; the last %q", ev)
		}
	}
}

// Point 4: one address cannot take every place; the instructor, who may sit
// behind the same NAT as the room, is not counted.
func TestOneAddressCannotTakeEveryPlace(t *testing.T) {
	h := start(t, workshop.Config{MaxSessions: 10, MaxPerAddress: 3, Instructor: "teacher", InstructorPassword: "pw"})
	alice := h.openPty("alice", 80, 24)
	alice.waitFor("user=alice")
	h.openPty("bob", 80, 24).waitFor("user=bob")
	h.openPty("carol", 80, 24).waitFor("user=carol")
	h.echoes.nextFor(t, "alice", "bob", "carol")

	dave := h.openPty("dave", 80, 24)
	dave.waitFor("tokenflow: your network address has 3 learners connected already, the most one address may have")
	if code := dave.exitStatus(); code != 1 {
		t.Errorf("the refused session exited %d, want 1", code)
	}
	h.open("teacher", gossh.Password("pw")).waitFor("3 learners connected")

	// These clients keep their connections: six of them, twice the limit.
	alice.leave()
	alice.exitStatus()
	h.openPty("dave", 80, 24).waitFor("user=dave")
}

// Point 4: one session per connection, at a time.
func TestOneSessionPerConnection(t *testing.T) {
	h := start(t, workshop.Config{})
	client, err := h.dial("alice")
	if err != nil {
		t.Fatal(err)
	}
	first := openTerm(t, client, true)
	rec := h.echoes.next(t)
	first.waitFor("user=alice")

	errs := make(chan error, 40)
	for range 40 {
		go func() {
			_, err := client.NewSession()
			errs <- err
		}()
	}
	for range 40 {
		if err := <-errs; err == nil || !strings.Contains(err.Error(), "one session per connection") {
			t.Errorf("a second session on the connection: %v, want a refusal saying why", err)
		}
	}
	first.typ("k")
	if ev := rec.event(t); ev != "key:k" {
		t.Errorf("the first session got %q, want key:k", ev)
	}
}

// A session can set only a few environment variables: the SSH library
// keeps every one until the session ends.
func TestEnvironmentIsBounded(t *testing.T) {
	h := start(t, workshop.Config{})
	client, err := h.dial("alice")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for i := range 1000 {
		ok, err := sess.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{fmt.Sprintf("V%d", i), "x"}))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			accepted++
		}
	}
	if accepted != 32 {
		t.Errorf("%d of 1000 environment variables accepted, want 32", accepted)
	}
	long, _ := sess.SendRequest("env", true, gossh.Marshal(struct{ Name, Value string }{"LONG", strings.Repeat("x", 2000)}))
	if long {
		t.Error("a 2,000-byte environment variable was accepted")
	}
}

// Point 5: names that the old mapping folded together get folders of their
// own, and a name reaches the same folder however it is typed.
func TestDifferentNamesGetDifferentFolders(t *testing.T) {
	h := start(t, workshop.Config{})
	for _, user := range []string{"José", "jos_", "jos.", "JOS%C3%A9"} {
		h.openPty(user, 80, 24)
	}
	recs := h.echoes.nextFor(t, "José", "jos_", "jos.", "JOS%C3%A9")
	dirs := map[string]string{}
	for user, rec := range recs {
		if other, ok := dirs[rec.dir]; ok {
			t.Errorf("%s and %s share the folder %s", user, other, rec.dir)
		}
		dirs[rec.dir] = user
		if filepath.Dir(rec.dir) != filepath.Join(h.state, "users") {
			t.Errorf("%s's folder %s is not in the users folder", user, rec.dir)
		}
	}
	// NFD: e and a combining acute accent.
	h.openPty("JOSE\u0301", 80, 24)
	if again := h.echoes.next(t); again.dir != recs["José"].dir {
		t.Errorf("JOSÉ typed as NFD got %s, want José's %s", again.dir, recs["José"].dir)
	}
}
