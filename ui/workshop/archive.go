package workshop

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// stampFormat names the files and folders an instructor makes, by the
// room's wall clock: room-20260302-103000.csv.
const stampFormat = "20060102-150405"

// ArchiveProgress moves the learners' progress, stateDir/users, to a new
// folder stateDir/archive/users-YYYYMMDD-HHMMSS (by now), so that the next
// group starts afresh under the same names while nothing of the last one
// is deleted. It returns the folder and how many learners it holds; with no
// progress to move it returns "" and no error. It refuses, with a
// *StateInUseError, while a server runs on stateDir: that server's
// connected learners hold their progress in memory, and their next saves
// would bring it back; its dashboard archives through Server instead,
// which also clears what they hold.
func ArchiveProgress(stateDir string, now time.Time) (archived string, learners int, err error) {
	if _, err := os.Stat(stateDir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", 0, nil
		}
		return "", 0, fmt.Errorf("workshop: archive: %w", err)
	}
	lock, err := lockState(stateDir)
	if err != nil {
		return "", 0, err
	}
	defer lock.release()
	return archiveProgress(stateDir, now)
}

// archiveProgress is ArchiveProgress by a process that holds the state
// directory's lock.
func archiveProgress(stateDir string, now time.Time) (archived string, learners int, err error) {
	users := filepath.Join(stateDir, "users")
	switch _, err := os.Lstat(users); {
	case errors.Is(err, fs.ErrNotExist):
		return "", 0, nil
	case err != nil:
		return "", 0, fmt.Errorf("workshop: archive: %w", err)
	}
	dir := filepath.Join(stateDir, "archive")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", 0, fmt.Errorf("workshop: archive: %w", err)
	}
	archived, err = freshPath(filepath.Join(dir, "users-"+now.Format(stampFormat)), "")
	if err != nil {
		return "", 0, err
	}
	if err := os.Rename(users, archived); err != nil {
		return "", 0, fmt.Errorf("workshop: archive: %w", err)
	}
	entries, _ := os.ReadDir(archived)
	for _, e := range entries {
		if e.IsDir() {
			learners++
		}
	}
	return archived, learners, nil
}

// maxFresh bounds the names tried for a new archive or export.
const maxFresh = 100

// freshName is the i-th name for a new archive or export: base+ext, then
// base-2+ext and so on.
func freshName(base, ext string, i int) string {
	if i == 1 {
		return base + ext
	}
	return fmt.Sprintf("%s-%d%s", base, i, ext)
}

// errNoFreshName says that every name writeFresh and freshPath try is
// taken.
func errNoFreshName(base, ext string) error {
	return fmt.Errorf("workshop: %s%s and %d others like it exist already", base, ext, maxFresh-1)
}

// freshPath is the first freshName that does not exist yet: two archives
// within a second keep both.
func freshPath(base, ext string) (string, error) {
	for i := 1; i <= maxFresh; i++ {
		path := freshName(base, ext, i)
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
	}
	return "", errNoFreshName(base, ext)
}

// writeFresh writes data to a new file, the first freshName it can
// create, and returns its path. It creates the file exclusively (O_EXCL,
// which also refuses a symlink there), so two instructors exporting in
// the same second each get a file of their own, and nothing is replaced.
// A failed write removes the file it created.
func writeFresh(base, ext string, data []byte) (string, error) {
	for i := 1; i <= maxFresh; i++ {
		path := freshName(base, ext, i)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("workshop: %w", err)
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(path)
			return "", fmt.Errorf("workshop: %w", err)
		}
		return path, nil
	}
	return "", errNoFreshName(base, ext)
}

// archive archives the room's progress while it runs: the folder is moved
// with admissions held, then every connected learner's store is emptied
// and their screens told, so that nobody's next save brings the last
// group's progress back.
func (s *Server) archive() (string, error) {
	s.mu.Lock()
	path, n, err := archiveProgress(s.cfg.StateDir, s.now())
	s.mu.Unlock()
	if err != nil {
		return "", err
	}
	var errs []error
	for _, c := range s.learnerConns() {
		s.openProgress(c)
		if err := c.learner.progress.Reset(); err != nil {
			errs = append(errs, err)
		}
		c.progressCleared()
	}
	s.log.Info("instructor archived the room's progress", "to", path, "learners", n)
	if path == "" && len(errs) == 0 {
		return "", nil
	}
	return path, errors.Join(errs...)
}

// csvHeader names the columns of the room's CSV export.
var csvHeader = []string{"learner", "where", "lesson", "step", "steps", "seconds_on_step", "hints_shown", "hints",
	"solution_shown", "refused", "stuck", "lessons_finished", "steps_completed", "idle_seconds", "connected_at"}

// exportCSV writes the connected learners' progress, one row a session, to
// a new file room-YYYYMMDD-HHMMSS.csv in the state directory, beside the
// learners' progress, and returns its path. Its size is bounded by the
// sessions the server admits.
func (s *Server) exportCSV() (string, error) {
	now := s.now()
	rows := s.learnerRows()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(csvHeader)
	for _, r := range rows {
		st := r.Status
		completed := 0
		if c := s.learner(r.ID); c != nil && c.learner != nil {
			s.openProgress(c)
			for _, steps := range c.learner.progress.Progress().Lessons {
				completed += len(steps)
			}
		}
		num := func(n int, shown bool) string {
			if !shown {
				return ""
			}
			return strconv.Itoa(n)
		}
		lesson := st.Place == PlaceLesson
		_ = w.Write([]string{
			csvCell(displayName(r.User)), st.Place.String(), csvCell(st.Lesson), num(st.Step, lesson), num(st.Steps, lesson),
			num(int(now.Sub(r.StepSince).Seconds()), lesson), num(st.Hints, lesson), num(st.HintTiers, lesson),
			strconv.FormatBool(st.Solution), strconv.Itoa(st.Refused), strconv.FormatBool(isStuck(r, now, s.cfg.StuckAfter)),
			strconv.Itoa(st.Completed), strconv.Itoa(completed), strconv.Itoa(int(now.Sub(r.LastInput).Seconds())),
			r.Connected.Format(time.RFC3339),
		})
	}
	w.Flush()
	path, err := writeFresh(filepath.Join(s.cfg.StateDir, "room-"+now.Format(stampFormat)), ".csv", b.Bytes())
	if err != nil {
		return "", err
	}
	s.log.Info("instructor exported the room's progress", "to", path, "learners", len(rows))
	return path, nil
}

// csvCell keeps a cell that a spreadsheet would run as a formula (=, +,
// -, @ first) as text, with a leading apostrophe: learners choose their
// names.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
