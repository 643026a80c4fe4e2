package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tokenflow/tokenflow/lessons/atomicfile"
)

func TestWriteReplacesWholeAndLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	for _, data := range []string{"first", "second, longer"} {
		if err := atomicfile.Write(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want 0600", info.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want only the file", len(entries))
	}
}

func TestWriteIntoAMissingDirectoryFailsCleanly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "export.md")
	if err := atomicfile.Write(path, []byte("x"), 0o644); err == nil {
		t.Fatal("wrote into a directory that does not exist")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the target exists after a failed write: %v", err)
	}
}
