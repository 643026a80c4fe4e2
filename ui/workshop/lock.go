package workshop

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockFile is the file in the state directory that a running server
// holds an advisory lock on (see lockState).
const lockFile = "tokenflow-ssh.lock"

// StateInUseError reports that another server holds the state directory:
// a second server on it, or an archive of its progress from outside it,
// would undo what the running server keeps (its learners' next saves
// would bring archived progress back).
type StateInUseError struct {
	Dir string
	// PID is the process that holds the directory, as it wrote it in
	// the lock file; 0 when unknown.
	PID int
}

func (e *StateInUseError) Error() string { return "workshop: " + e.Holder() }

// Holder says who holds the directory, in words: "another tokenflow ssh
// (pid 4242) is serving from DIR".
func (e *StateInUseError) Holder() string {
	who := "another tokenflow ssh"
	if e.PID > 0 {
		who += fmt.Sprintf(" (pid %d)", e.PID)
	}
	return who + " is serving from " + e.Dir
}

// stateLock is the lock a server holds on its state directory from New
// until Shutdown.
type stateLock struct{ f *os.File }

// lockState takes the state directory for this process alone: an OS
// advisory lock on dir/tokenflow-ssh.lock (flock on Unix, LockFileEx on
// Windows), which the OS drops when the process ends, however it ends, so
// a crashed server leaves nothing to clean up. The file holds the
// holder's process id, for the message another process gets. dir must
// exist.
func lockState(dir string) (*stateLock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("workshop: state directory: %w", err)
	}
	switch err := tryLock(f); {
	case errors.Is(err, errLocked):
		pid, _ := strconv.Atoi(strings.TrimSpace(readSmall(f)))
		f.Close()
		return nil, &StateInUseError{Dir: dir, PID: pid}
	case err != nil:
		f.Close()
		return nil, fmt.Errorf("workshop: locking the state directory: %w", err)
	}
	// Best effort: the pid only names the holder in a message.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &stateLock{f: f}, nil
}

// release drops the lock; releasing twice does nothing.
func (l *stateLock) release() {
	if l == nil || l.f == nil {
		return
	}
	// Closing the file releases the lock with it.
	_ = l.f.Close()
	l.f = nil
}

// readSmall reads the start of the lock file: a process id.
func readSmall(f *os.File) string {
	buf := make([]byte, 32)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	return string(buf[:n])
}
