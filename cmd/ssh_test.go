package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/lessons"
	gossh "golang.org/x/crypto/ssh"
)

// sshPatience bounds each wait in these tests; it is a deadline for a hung
// test, not a measurement.
const sshPatience = 15 * time.Second

func TestSSHRejectsBadFlags(t *testing.T) {
	state := t.TempDir()
	for _, args := range [][]string{
		{"ssh", "--state", state, "--addr", "nope"},
		{"ssh", "--state", state, "--addr", "127.0.0.1:99999"},
		{"ssh", "--state", state, "--max-sessions", "-1"},
		{"ssh", "--state", state, "--idle-timeout", "-1s"},
		{"ssh", "--state", state, "--rate", "-2"},
		{"ssh", "--state", state, "--max-per-address", "-1"},
		{"ssh", "--state", state, "--byte-rate", "-1"},
		{"ssh", "--state", state, "--resize-rate", "NaN"},
		{"ssh", "--state", state, "--max-paste", "0"},
		{"ssh", "--state", state, "--max-paste", "20000", "--byte-burst", "16384"},
		{"ssh", "--state", state, "--max-terminal", "wide"},
		{"ssh", "--state", state, "--max-terminal", "0x10"},
		{"ssh", "--state", state, "--max-terminal", "2000x2000"},
		{"ssh", "--state", state, "--max-terminal", "9223372036854775807x9223372036854775807"},
		{"ssh", "--state", state, "--instructor-key", filepath.Join(state, "missing")},
		{"ssh", "--state", state, "--stuck-after", "-1m"},
		{"ssh", "--state", state, "extra"},
	} {
		code, _, stderr := run(t, "", args...)
		if code != exitUsage || !strings.Contains(stderr, "tokenflow: ") {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, stderr, exitUsage)
		}
	}
}

func TestSSHDefaultStateDirFollowsTokenflowHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("TOKENFLOW_HOME", home)
	out := startSSH(t, "--addr", "127.0.0.1:0")
	out.waitFor(t, "Press Ctrl+C to stop.")
	if want := "progress    " + filepath.Join(home, "ssh", "users"); !strings.Contains(out.String(), want) {
		t.Errorf("banner %q does not say %q", out.String(), want)
	}
	if want := "(" + filepath.Join(home, "ssh", "ssh_host_ed25519_key") + ")"; !strings.Contains(out.String(), want) {
		t.Errorf("banner %q does not name the host key %s", out.String(), want)
	}
}

func TestSSHLimitFlagsReachTheServer(t *testing.T) {
	out := startSSH(t, "--addr", "127.0.0.1:0", "--state", t.TempDir(),
		"--max-per-address", "7", "--max-terminal", "120X40", "--max-paste", "2048", "--byte-rate", "0", "--resize-rate", "3")
	out.waitFor(t, "Press Ctrl+C to stop.")
	for _, want := range []string{
		"limits      100 learners, 7 per address, idle 30m0s, session 4h0m0s",
		"input       20 keys/s (burst 40), bytes unlimited, 3 resizes/s, paste 2048 bytes, terminal 120x40",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner %q does not say %q", out.String(), want)
		}
	}
}

func TestSSHServesLearnersAndStopsGracefully(t *testing.T) {
	state := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		root := newRootCmd()
		root.SetContext(ctx)
		done <- execute(root, []string{"ssh", "--addr", "127.0.0.1:0", "--state", state, "--instructor-password", "pw"},
			strings.NewReader(""), out, io.Discard)
	}()
	out.waitFor(t, "Press Ctrl+C to stop.")
	addr := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(out.String())[1]
	if !strings.Contains(out.String(), "instructor  ssh -p ") {
		t.Errorf("banner does not show the instructor's line:\n%s", out)
	}

	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "alice", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: sshPatience})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	screen := &syncBuffer{}
	sess.Stdout, sess.Stderr = screen, screen
	if err := sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	// The tutorial's first frame names it (window title and clock bar).
	screen.waitFor(t, "tokenflow")

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after a graceful stop, want 0; output:\n%s", code, out)
		}
	case <-time.After(sshPatience):
		t.Fatal("tokenflow ssh did not stop")
	}
	screen.waitFor(t, "tokenflow: the workshop server is shutting down")
	out.waitFor(t, "stopped")
}

// startSSH runs `tokenflow ssh` with args until the test ends.
func startSSH(t *testing.T, args ...string) *syncBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		root := newRootCmd()
		root.SetContext(ctx)
		done <- execute(root, append([]string{"ssh"}, args...), strings.NewReader(""), out, io.Discard)
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("tokenflow ssh exited %d, want 0; output:\n%s", code, out)
		}
	})
	return out
}

// syncBuffer is an io.Writer for a goroutine's output that a test can wait
// on: each write wakes the waiters.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.changed != nil {
		close(b.changed)
		b.changed = nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the output contains s. The renderer redraws only
// the cells that changed, so s must be text that appears on screen whole.
func (b *syncBuffer) waitFor(t *testing.T, s string) {
	t.Helper()
	b.waitUntil(t, fmt.Sprintf("%q", s), func(out string) bool { return strings.Contains(out, s) })
}

// waitUntil waits until ok holds of the output, checking after every write.
func (b *syncBuffer) waitUntil(t *testing.T, what string, ok func(out string) bool) {
	t.Helper()
	deadline := time.After(sshPatience)
	for {
		b.mu.Lock()
		found := ok(b.buf.String())
		if b.changed == nil {
			b.changed = make(chan struct{})
		}
		changed := b.changed
		b.mu.Unlock()
		if found {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no %s after %s in:\n%q", what, sshPatience, b.String())
		}
	}
}

// TestSSHReconnectResumesLessonProgress completes a lesson step through
// the real tutorial over SSH, disconnects, and connects again under the
// same name: the lesson menu offers to continue at the next step.
func TestSSHReconnectResumesLessonProgress(t *testing.T) {
	state := t.TempDir()
	out := startSSH(t, "--addr", "127.0.0.1:0", "--state", state)
	out.waitFor(t, "Press Ctrl+C to stop.")
	addr := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(out.String())[1]

	connect := func() (*gossh.Client, *gossh.Session, io.Writer, *syncBuffer) { return dialLearner(t, addr, "alice") }

	client, sess, keys, screen := connect()
	screen.waitFor(t, "The wristband")
	// enter opens lesson 1 at step 1, "Log in"; l logs in and meets its goal.
	if _, err := io.WriteString(keys, "\rl"); err != nil {
		t.Fatal(err)
	}
	screen.waitFor(t, "Step 1/3 done")
	// q writes the progress still queued before the program ends; over
	// SSH it asks first.
	leave(t, keys, screen)
	if err := sess.Wait(); err != nil {
		t.Fatalf("the first session did not end cleanly: %v", err)
	}
	client.Close()
	progress := filepath.Join(state, "users", "alice", "progress.json")
	if b, err := os.ReadFile(progress); err != nil || !bytes.Contains(b, []byte(`"the-wristband": [`)) {
		t.Fatalf("%s after the first session: %q, %v; want step 1 of the-wristband completed", progress, b, err)
	}

	client, _, keys, screen = connect()
	defer client.Close()
	screen.waitFor(t, "step 2 of 3")
	leave(t, keys, screen)
}

// leave quits the tutorial over SSH: q, and y at the question.
func leave(t *testing.T, keys io.Writer, screen *syncBuffer) {
	t.Helper()
	if _, err := io.WriteString(keys, "q"); err != nil {
		t.Fatal(err)
	}
	screen.waitFor(t, "tokenflow?")
	if _, err := io.WriteString(keys, "y"); err != nil {
		t.Fatal(err)
	}
}

// TestSSHArchiveProgressStartsTheNextGroupAfresh: --archive-progress moves
// the learners' progress aside, says where, and deletes nothing; with
// nothing left it says so.
func TestSSHArchiveProgressStartsTheNextGroupAfresh(t *testing.T) {
	state := t.TempDir()
	for _, name := range []string{"alice", "bob"} {
		dir := filepath.Join(state, "users", name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := lessons.Open(dir).Complete("the-wristband", 1); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := run(t, "", "ssh", "--state", state, "--archive-progress")
	if code != exitOK || !strings.Contains(stdout, "archived the progress of 2 learners to "+filepath.Join(state, "archive", "users-")) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(state, "users")); !os.IsNotExist(err) {
		t.Errorf("the users folder is still there: %v", err)
	}
	archived, _ := filepath.Glob(filepath.Join(state, "archive", "users-*", "alice", lessons.ProgressFile))
	if len(archived) != 1 {
		t.Errorf("alice's progress is not in the archive: %v", archived)
	}
	code, stdout, _ = run(t, "", "ssh", "--state", state, "--archive-progress")
	if code != exitOK || !strings.Contains(stdout, "nothing to archive") {
		t.Errorf("a second archive: exit %d, stdout %q", code, stdout)
	}
}

// TestSSHRefusesAStateDirectoryInUse: while a server runs on a state
// directory, --archive-progress on it and a second server on it each
// exit 1 with one line saying which process holds it and what to do, and
// the progress stays where the running server's learners save it.
func TestSSHRefusesAStateDirectoryInUse(t *testing.T) {
	state := t.TempDir()
	dir := filepath.Join(state, "users", "alice")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := lessons.Open(dir).Complete("the-wristband", 1); err != nil {
		t.Fatal(err)
	}
	out := startSSH(t, "--addr", "127.0.0.1:0", "--state", state)
	out.waitFor(t, "Press Ctrl+C to stop.")
	holder := fmt.Sprintf("another tokenflow ssh (pid %d) is serving from %s", os.Getpid(), state)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"ssh", "--state", state, "--archive-progress"}, holder + ": archive from its dashboard (A), or stop it first"},
		{[]string{"ssh", "--state", state, "--addr", "127.0.0.1:0"}, holder + ": stop it first, or give this server its own --state"},
	} {
		code, stdout, stderr := run(t, "", tt.args...)
		if code != exitFailure || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, lessons.ProgressFile)); err != nil {
		t.Errorf("alice's progress moved: %v", err)
	}
}

// dialLearner connects to the workshop at addr as user, on a 120×40
// terminal, and starts the tutorial.
func dialLearner(t *testing.T, addr, user string) (*gossh.Client, *gossh.Session, io.Writer, *syncBuffer) {
	t.Helper()
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: sshPatience})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	screen := &syncBuffer{}
	sess.Stdout, sess.Stderr = screen, screen
	keys, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return client, sess, keys, screen
}

// TestSSHOffersTheInstructorsLessonsFirstOrAlone: the room sees the
// instructor's lessons where --lessons-first and --lessons-only put them.
func TestSSHOffersTheInstructorsLessonsFirstOrAlone(t *testing.T) {
	dir := lessonDir(t, map[string]string{"01-my-own.md": exampleLesson})
	for place, want := range map[string]string{
		"--lessons-first": fmt.Sprintf("Lessons · 0 of %d done", builtinLessons(t)+1),
		"--lessons-only":  "Lessons · 0 of 1 done",
	} {
		t.Run(place, func(t *testing.T) {
			out := startSSH(t, "--addr", "127.0.0.1:0", "--state", t.TempDir(), "--lessons", dir, place)
			out.waitFor(t, "Press Ctrl+C to stop.")
			addr := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(out.String())[1]
			client, sess, keys, screen := dialLearner(t, addr, "alice")
			defer client.Close()
			screen.waitFor(t, want)
			screen.waitFor(t, "start lesson 1, “My own lesson”")
			leave(t, keys, screen)
			_ = sess.Wait()
		})
	}
}
