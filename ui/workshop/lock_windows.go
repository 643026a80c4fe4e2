//go:build windows

package workshop

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// errLocked is tryLock's answer when another process holds the lock.
var errLocked = errors.New("locked")

// tryLock takes an exclusive LockFileEx lock on the first byte of f
// without waiting; Windows drops it when the handle closes or the process
// ends.
func tryLock(f *os.File) error {
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY,
		0, 1, 0, new(windows.Overlapped))
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errLocked
	}
	return err
}
