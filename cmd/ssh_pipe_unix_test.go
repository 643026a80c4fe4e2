//go:build unix

package cmd

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// sshChildArgs names the environment variable that turns this test binary
// into `tokenflow ssh` for TestSSHCtrlCWithADeadPipeStillSaysGoodbye.
const sshChildArgs = "TOKENFLOW_TEST_SSH_CHILD"

// TestSSHChildProcess is not a test: run by the test below as a child
// process, it is `tokenflow ssh` with the arguments in $TOKENFLOW_TEST_SSH_CHILD.
func TestSSHChildProcess(t *testing.T) {
	args := os.Getenv(sshChildArgs)
	if args == "" {
		t.Skip("run as a child process by TestSSHCtrlCWithADeadPipeStillSaysGoodbye")
	}
	os.Exit(execute(newRootCmd(), strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
}

// TestSSHCtrlCWithADeadPipeStillSaysGoodbye is `tokenflow ssh | tee log`
// and Ctrl+C, which kills the tee first: the server writes to a pipe
// nobody reads any more, and every learner must still get the goodbye and
// a terminal out of the alternate screen with its cursor shown.
func TestSSHCtrlCWithADeadPipeStillSaysGoodbye(t *testing.T) {
	bannerR, bannerW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestSSHChildProcess$")
	child.Env = append(os.Environ(), sshChildArgs+"=ssh --addr 127.0.0.1:0 --state "+t.TempDir())
	child.Stdout = bannerW
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	bannerW.Close()
	var exitErr error
	exited := make(chan struct{})
	go func() { exitErr = child.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = child.Process.Kill()
		<-exited
	})

	first, err := bufio.NewReader(bannerR).ReadString('\n')
	if err != nil {
		t.Fatalf("no banner: %v", err)
	}
	addr := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(first)
	if addr == nil {
		t.Fatalf("banner %q names no address", first)
	}
	client, sess, _, screen := dialLearner(t, addr[1], "alice")
	defer client.Close()
	screen.waitFor(t, "The wristband")

	// The tee is gone: the next line the server writes to stdout meets a
	// pipe without a reader.
	bannerR.Close()
	if err := child.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case <-done:
	case <-time.After(sshPatience):
		t.Fatal("the learner's session did not end")
	}
	got := screen.String()
	for _, want := range []string{
		"\x1b[?1049l", // the alternate screen left
		"\x1b[?25h",   // the cursor shown
		"tokenflow: the workshop server is shutting down",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the learner's terminal did not get %q; it ends:\n%q", want, got[max(0, len(got)-400):])
		}
	}
	select {
	case <-exited:
		if exitErr != nil {
			t.Errorf("tokenflow ssh ended with %v, want exit 0", exitErr)
		}
	case <-time.After(sshPatience):
		t.Error("tokenflow ssh did not exit")
	}
}
