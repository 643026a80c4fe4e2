// Package atomicfile writes a file so that a reader, or the next start
// after a crash or a full disk, sees either the old file or the new one,
// never half of one: progress files and session exports both need that.
package atomicfile

import (
	"os"
	"path/filepath"
)

// TempPattern is the name Write gives its temporary file for a file named
// base: hidden, and never mistaken for base itself, so that a start after
// a crash can find and remove the leftovers.
func TempPattern(base string) string { return "." + base + "-*.tmp" }

// Write writes data to path through a temporary file in the same
// directory, flushed to disk, given perm, then renamed over path. On any
// error the temporary file is removed and path is untouched.
func Write(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, TempPattern(filepath.Base(path)))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Make the rename itself durable; not every platform can sync a
	// directory, and the file is complete either way.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
