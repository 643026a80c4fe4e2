//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris

package workshop

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// errLocked is tryLock's answer when another process holds the lock.
var errLocked = errors.New("locked")

// tryLock takes an exclusive flock(2) on f without waiting. flock locks
// belong to the open file, so a second open in the same process is
// refused too, as another process is.
func tryLock(f *os.File) error {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}
