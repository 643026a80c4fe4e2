package lessons

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tokenflow/tokenflow/lessons/atomicfile"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// HomeEnv names the environment variable that overrides where progress is
// kept: the directory itself, with no tokenflow/ appended.
const HomeEnv = "TOKENFLOW_HOME"

// ProgressFile is the progress file's name inside the store's directory.
const ProgressFile = "progress.json"

// progressVersion is the file format's version; a file with another is
// refused rather than misread.
const progressVersion = 1

// maxProgressBytes bounds what Import and Open read: a real file is a few
// hundred bytes.
const maxProgressBytes = 1 << 20

// Progress is what a learner has done: the steps completed in each lesson
// and where they were last.
type Progress struct {
	Version int `json:"version"`
	// Lessons maps a lesson id to its completed step numbers (1-based,
	// ascending). Ids of lessons no longer installed are kept: an
	// instructor's lessons may come back with --lessons.
	Lessons map[string][]int `json:"lessons"`
	Last    *Position        `json:"last,omitempty"`
}

// Position is a lesson and a step in it.
type Position struct {
	Lesson string `json:"lesson"`
	Step   int    `json:"step"`
}

func emptyProgress() Progress { return Progress{Version: progressVersion, Lessons: map[string][]int{}} }

func (p Progress) clone() Progress {
	out := Progress{Version: p.Version, Lessons: make(map[string][]int, len(p.Lessons))}
	for id, steps := range p.Lessons {
		out.Lessons[id] = slices.Clone(steps)
	}
	if p.Last != nil {
		last := *p.Last
		out.Last = &last
	}
	return out
}

// validate reports the first thing wrong with p.
func (p Progress) validate() error {
	if p.Version != progressVersion {
		return fmt.Errorf("version %d is not one this tokenflow reads (want %d)", p.Version, progressVersion)
	}
	for id, steps := range p.Lessons {
		if !idPattern.MatchString(id) {
			return fmt.Errorf("%q is not a lesson id", id)
		}
		for i, n := range steps {
			if n < 1 || n > 999 {
				return fmt.Errorf("lesson %s: %d is not a step number", id, n)
			}
			if i > 0 && n <= steps[i-1] {
				return fmt.Errorf("lesson %s: step numbers must be ascending without repeats", id)
			}
		}
	}
	if p.Last != nil && (!idPattern.MatchString(p.Last.Lesson) || p.Last.Step < 1 || p.Last.Step > 999) {
		return fmt.Errorf("last position %q step %d is not a lesson step", p.Last.Lesson, p.Last.Step)
	}
	return nil
}

// decodeProgress reads and validates one progress document, strictly: an
// unknown field or trailing data means it is not ours.
func decodeProgress(r io.Reader) (Progress, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxProgressBytes+1))
	if err != nil {
		return Progress{}, err
	}
	if len(data) > maxProgressBytes {
		return Progress{}, fmt.Errorf("larger than %d KiB: not a progress file", maxProgressBytes>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Progress
	if err := dec.Decode(&p); err != nil {
		return Progress{}, fmt.Errorf("not a progress file: %w", err)
	}
	if dec.More() {
		return Progress{}, errors.New("not a progress file: data after the JSON object")
	}
	if p.Lessons == nil {
		p.Lessons = map[string][]int{}
	}
	if err := p.validate(); err != nil {
		return Progress{}, err
	}
	return p, nil
}

// DefaultDir is where progress is kept: $TOKENFLOW_HOME when set, else
// tokenflow/ in the user's configuration directory.
func DefaultDir() (string, error) {
	if dir := os.Getenv(HomeEnv); dir != "" {
		return dir, nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("lessons: no place for progress: %w (set %s)", err, HomeEnv)
	}
	return filepath.Join(cfg, "tokenflow"), nil
}

// CorruptError reports a progress file that could not be read or made no
// sense. It never stops tokenflow: the file is set aside and the learner
// starts afresh.
type CorruptError struct {
	Path    string
	MovedTo string // empty when the file could not be moved
	Err     error
}

func (e *CorruptError) Error() string {
	if e.MovedTo == "" {
		return fmt.Sprintf("progress file %s is unreadable (%v) and could not be set aside; starting afresh", e.Path, e.Err)
	}
	return fmt.Sprintf("progress file %s is unreadable (%v); moved it to %s and started afresh", e.Path, e.Err, e.MovedTo)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// Store is one learner's progress, kept in a directory. It is safe for
// concurrent use, and the sessions of one learner should share one Store
// (the workshop server hands every SSH session of a learner the same).
// Writers that do not share one, such as two processes on one directory,
// lose nothing either: each write reads the file first and keeps every
// step completed in it (see Complete), and writes whole files, so none is
// ever half-written.
type Store struct {
	dir        string
	mu         sync.Mutex
	p          Progress
	problem    error
	onComplete []func()
}

// Open reads the progress kept in dir. A missing directory or file is a
// fresh start. A file that cannot be read or parsed is renamed to
// progress.json.corrupt-N beside it and reported by Problem; Open itself
// never fails, because losing progress must not stop a lesson.
func Open(dir string) *Store {
	s := &Store{dir: dir, p: emptyProgress()}
	removeStaleTemps(dir)
	path := s.Path()
	f, err := openRegular(path)
	if errors.Is(err, os.ErrNotExist) {
		return s
	}
	if err == nil {
		var p Progress
		p, err = decodeProgress(f)
		f.Close()
		if err == nil {
			s.p = p
			return s
		}
	}
	ce := &CorruptError{Path: path, Err: err}
	for n := 1; n < 1000; n++ {
		aside := fmt.Sprintf("%s.corrupt-%d", path, n)
		if _, err := os.Lstat(aside); !errors.Is(err, os.ErrNotExist) {
			continue
		}
		if os.Rename(path, aside) == nil {
			ce.MovedTo = aside
		}
		break
	}
	s.problem = ce
	return s
}

// openRegular opens a progress file, refusing anything but a regular file
// before opening it: opening a FIFO blocks until someone writes to it. A
// symlink to a regular file is followed.
func openRegular(path string) (*os.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	return os.Open(path)
}

// staleTempAge is how old a temporary progress file must be before Open
// removes it. A save holds one for milliseconds; one older than this was
// left by a process killed mid-save, while a younger one may be another
// process's save in flight (the store allows several per directory).
const staleTempAge = time.Minute

// removeStaleTemps deletes the temporary files writeAtomic leaves when a
// process is killed between creating one and renaming it. It is best
// effort: a file it cannot remove costs a little disk, nothing else.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if ok, _ := filepath.Match(atomicfile.TempPattern(ProgressFile), e.Name()); !ok || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTempAge {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// Path is the progress file's path.
func (s *Store) Path() string { return filepath.Join(s.dir, ProgressFile) }

// Problem reports what was wrong with the progress file when the store was
// opened, as a *CorruptError, or nil.
func (s *Store) Problem() error { return s.problem }

// Progress returns a copy of everything recorded.
func (s *Store) Progress() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.p.clone()
}

// Completed returns the completed step numbers of a lesson, ascending.
func (s *Store) Completed(lesson string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.p.Lessons[lesson])
}

// Last reports where the learner was last, if anywhere.
func (s *Store) Last() (Position, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.p.Last == nil {
		return Position{}, false
	}
	return *s.p.Last, true
}

// Complete records step (1-based) of lesson as completed and as the last
// position, and saves. Progress never goes back: the steps the file holds
// from another writer since this store last wrote are kept too. On a save
// error the record stays in memory, so the session goes on, and the error
// says why the file could not be written.
func (s *Store) Complete(lesson string, step int) error {
	err := s.update(lesson, step, func(p *Progress) {
		steps := p.Lessons[lesson]
		if i, found := slices.BinarySearch(steps, step); !found {
			p.Lessons[lesson] = slices.Insert(steps, i, step)
		}
	})
	s.mu.Lock()
	hooks := s.onComplete
	s.mu.Unlock()
	for _, f := range hooks {
		f()
	}
	return err
}

// OnComplete registers f to run after every Complete, from its goroutine
// and outside the store's lock, whether or not the file could be written
// (the step is recorded in memory either way): the workshop server tells
// a learner's other sessions, which share the store, to show the step.
// f must not block.
func (s *Store) OnComplete(f func()) {
	s.mu.Lock()
	s.onComplete = append(s.onComplete, f)
	s.mu.Unlock()
}

// SetLast records that the learner opened step of lesson, and saves.
func (s *Store) SetLast(lesson string, step int) error {
	return s.update(lesson, step, func(*Progress) {})
}

func (s *Store) update(lesson string, step int, change func(*Progress)) error {
	if !idPattern.MatchString(lesson) || step < 1 || step > 999 {
		return fmt.Errorf("lessons: %q step %d is not a lesson step", lesson, step)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mergeSaved()
	change(&s.p)
	s.p.Last = &Position{Lesson: lesson, Step: step}
	return s.save(s.p)
}

// mergeSaved adds to s.p every step the progress file records as
// completed: what another writer saved since this store last wrote must
// survive this store's next write. A file that cannot be read adds
// nothing; the write that follows replaces it with what s.p holds. Callers
// hold mu.
func (s *Store) mergeSaved() {
	f, err := openRegular(s.Path())
	if err != nil {
		return
	}
	saved, err := decodeProgress(f)
	f.Close()
	if err != nil {
		return
	}
	for id, steps := range saved.Lessons {
		merged := append(slices.Clone(s.p.Lessons[id]), steps...)
		slices.Sort(merged)
		s.p.Lessons[id] = slices.Compact(merged)
	}
}

// Export writes the progress as JSON, the format Import reads.
func (s *Store) Export(w io.Writer) error {
	s.mu.Lock()
	data := encodeProgress(s.p)
	s.mu.Unlock()
	_, err := w.Write(data)
	return err
}

// Import replaces the progress with a document Export wrote, after
// validating all of it: on any error nothing changes.
func (s *Store) Import(r io.Reader) error {
	p, err := decodeProgress(r)
	if err != nil {
		return fmt.Errorf("lessons: import: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.save(p); err != nil {
		return err
	}
	s.p = p
	return nil
}

// Reset forgets all progress, on disk too.
func (s *Store) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := emptyProgress()
	if err := s.save(p); err != nil {
		return err
	}
	s.p = p
	return nil
}

func encodeProgress(p Progress) []byte {
	data, _ := json.MarshalIndent(p, "", "  ") // maps, slices and ints always marshal
	return append(data, '\n')
}

// save writes p to the progress file. Callers hold mu.
func (s *Store) save(p Progress) error {
	if err := writeAtomic(s.Path(), encodeProgress(p)); err != nil {
		return fmt.Errorf("lessons: saving progress: %w", err)
	}
	return nil
}

// ExportFile writes the progress to a file as Export does, atomically, so
// a failed export never leaves a half-written file behind.
func (s *Store) ExportFile(path string) error {
	s.mu.Lock()
	data := encodeProgress(s.p)
	s.mu.Unlock()
	if err := writeAtomic(path, data); err != nil {
		return fmt.Errorf("lessons: export: %w", err)
	}
	return nil
}

// writeAtomic writes a progress file or an export: private to the learner,
// in a directory made on first use.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, data, 0o600)
}
