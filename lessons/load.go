package lessons

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// lessonFile is the naming convention that tells lessons from other
// Markdown in a directory: two digits for the order, then a slug.
var lessonFile = regexp.MustCompile(`^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*\.md$`)

// Source is a directory of lesson files: the built-in content, or an
// instructor's directory given with --lessons.
type Source struct {
	// Dir prefixes file names in problems ("content", or the directory as
	// the instructor typed it); it may be empty.
	Dir string
	FS  fs.FS
	// Reference marks lessons that are loaded only for the ids they take:
	// `lessons check DIR` checks DIR as `--lessons DIR` will load it, after
	// the built-in lessons, without reporting on those; `--lessons-only`
	// keeps the built-in ids taken, so progress never mistakes one lesson
	// for another.
	Reference bool
	// First puts this source's lessons ahead of those of every source
	// without it in the course (`--lessons-first`). Ids are still checked
	// in the order the sources are given, so a clash is reported on the
	// later source's file.
	First bool
}

func (s Source) name(file string) string {
	if s.Dir == "" {
		return file
	}
	return path.Join(s.Dir, file)
}

// IsLessonFile reports whether a file name follows the lesson naming
// convention, NN-slug.md. Other Markdown (AUTHORING.md, README.md) is not a
// lesson.
func IsLessonFile(name string) bool { return lessonFile.MatchString(name) }

// Result is what loading and checking found about one lesson file.
type Result struct {
	File     string
	Lesson   *Lesson // nil when the file could not be parsed
	Problems []error // each an *Error, in file order

	first bool // from a Source marked First
}

// parseAll reads every lesson file of the sources, in order (by file name
// within a source), and reports each file's parse problems and lesson ids
// that appear twice.
func parseAll(srcs []Source) ([]Result, []error) {
	var results []Result
	var general []error
	ids := map[string]string{} // id → file that has it
	for _, src := range srcs {
		entries, err := fs.ReadDir(src.FS, ".")
		if err != nil {
			general = append(general, fmt.Errorf("%s: %w", displayDir(src), unwrapPath(err)))
			continue
		}
		found := 0
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".md") {
				continue
			}
			if !IsLessonFile(name) {
				if base := strings.TrimSuffix(name, ".md"); strings.ToUpper(base) != base {
					general = append(general, errorf(src.name(name), 0,
						"not a lesson file name: lessons are named NN-slug.md (like 01-the-wristband.md); other Markdown is named in CAPITALS"))
				}
				continue
			}
			found++
			file := src.name(name)
			data, err := readLesson(src.FS, name)
			if err != nil {
				results = append(results, Result{File: file, Problems: []error{errorf(file, 0, "%w", unwrapPath(err))}})
				continue
			}
			l, errs := Parse(file, data)
			if src.Reference {
				if l != nil {
					if _, dup := ids[l.ID]; !dup {
						ids[l.ID] = file
					}
				}
				continue
			}
			r := Result{File: file, Lesson: l, Problems: errs, first: src.First}
			if l != nil {
				if first, dup := ids[l.ID]; dup {
					r.Problems = append(r.Problems, errorf(file, l.idLine, "duplicate lesson id %q: %s has it too", l.ID, first))
					r.Lesson = nil
				} else {
					ids[l.ID] = file
				}
			}
			results = append(results, r)
		}
		if found == 0 {
			general = append(general, fmt.Errorf("%s: no lesson files: lessons are named NN-slug.md, like 01-the-wristband.md", displayDir(src)))
		}
	}
	return results, general
}

// errNotRegular refuses FIFOs, devices and sockets: opening a FIFO blocks
// until someone writes to it, and a device such as /dev/zero never ends.
var errNotRegular = errors.New("not a regular file: a lesson is a Markdown file")

// readLesson reads one lesson file, refusing anything but a regular file
// before opening it (fs.Stat follows symlinks, so a link to a lesson is
// fine and a link to /dev/zero is not), and reading at most one byte past
// maxLessonBytes, so that Parse can say the file is too large without the
// whole of it in memory.
func readLesson(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxLessonBytes+1))
}

func displayDir(s Source) string {
	if s.Dir == "" {
		return "."
	}
	return s.Dir
}

// unwrapPath drops the *fs.PathError wrapper, whose path would repeat the
// file name the message already starts with.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// LoadAll reads the lessons of every source, in order: the built-in
// content first, then an instructor's, or the sources marked First ahead
// of the others. A lesson id may appear only once across all of them. It
// returns the lessons that loaded and, if any file had problems, an error
// joining them all (each an *Error naming file:line); a caller that needs
// every lesson treats that as fatal.
func LoadAll(srcs ...Source) ([]*Lesson, error) {
	results, general := parseAll(srcs)
	var first, rest []*Lesson
	errs := general
	for _, r := range results {
		errs = append(errs, r.Problems...)
		switch {
		case r.Lesson == nil || len(r.Problems) > 0:
		case r.first:
			first = append(first, r.Lesson)
		default:
			rest = append(rest, r.Lesson)
		}
	}
	return append(first, rest...), errors.Join(errs...)
}

// Load reads the lessons of one directory; see LoadAll.
func Load(fsys fs.FS) ([]*Lesson, error) { return LoadAll(Source{FS: fsys}) }
