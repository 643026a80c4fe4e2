package workshop

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim/termsafe"
	"golang.org/x/text/unicode/norm"
)

// maxUserName bounds an SSH user name, in bytes. Its directory name, every
// byte escaped, is at most three times as long: well under the 255 bytes
// that file systems allow a path component.
const maxUserName = 64

// Refusals of a user name, as the learner reads them.
var (
	errNoUser   = errors.New("connect with a user name, for example: ssh alice@host")
	errLongUser = fmt.Errorf("user names are at most %d bytes long; connect with a shorter one, for example: ssh alice@host", maxUserName)
	errUserUTF8 = errors.New("that user name is not UTF-8 text (RFC 4252 §5); connect with another, for example: ssh alice@host")
)

// UserDirName turns an SSH user name, which the learner chooses freely,
// into the name of the learner's directory.
//
// A learner is a name regardless of case and of Unicode normalization:
// Alice and alice, or José typed either way, are one learner. The directory
// name is that name, in lower case and NFC, with ASCII letters, digits, '-',
// '_' and any '.' but a leading one kept, and every other byte written as %
// and two lower-case hex digits. So the mapping can be undone
// (url.PathUnescape gives the name back), no two learners share a
// directory, case-insensitive file systems keep them apart too, and no name
// reaches outside the users directory or hides in it ("../x" is %2e.%2fx).
// Names of plain letters, digits and -_. keep the directory they always had.
//
// An empty name, one longer than 64 bytes in that form, or one that is not
// UTF-8 is an error saying so.
func UserDirName(user string) (string, error) {
	switch {
	case user == "":
		return "", errNoUser
	case !utf8.ValidString(user):
		return "", errUserUTF8
	}
	name := foldName(user)
	if len(name) > maxUserName {
		return "", errLongUser
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := range len(name) {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.' && i > 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String(), nil
}

// foldName is the form in which two user names are one learner: lower
// case, NFC.
func foldName(user string) string { return norm.NFC.String(strings.ToLower(user)) }

// sameName reports whether two user names are one person's.
func sameName(a, b string) bool { return foldName(a) == foldName(b) }

// learner is what every session of one learner shares, however they
// spelled the name: the progress store, opened by the first session and
// dropped with the last.
type learner struct {
	sessions int // guarded by Server.mu
	open     sync.Once
	progress *lessons.Store
}

// join counts c in as a session of its learner, keyed by its directory;
// s.mu must be held. The store is opened by openProgress, outside the lock.
func (s *Server) join(c *conn) {
	l := s.learners[c.dir]
	if l == nil {
		l = &learner{}
		s.learners[c.dir] = l
	}
	l.sessions++
	c.learner = l
}

// leave counts c out; the last session of a learner takes the store with
// it, so the server holds the progress of connected learners alone. s.mu
// must be held.
func (s *Server) leave(c *conn) {
	if c.learner == nil {
		return
	}
	if c.learner.sessions--; c.learner.sessions == 0 {
		delete(s.learners, c.dir)
	}
}

// openProgress opens c's learner's store once, for all its sessions: the
// second session waits for the first's read of the file rather than read
// it again. A step one session completes is told to all of them, so a
// second terminal's menu shows it too.
func (s *Server) openProgress(c *conn) {
	l := c.learner
	l.open.Do(func() {
		l.progress = lessons.Open(c.dir)
		l.progress.OnComplete(func() { s.progressChanged(l) })
	})
}

// progressChanged sends ProgressChangedMsg to every session of l.
func (s *Server) progressChanged(l *learner) {
	for _, c := range s.learnerConns() {
		if c.learner == l {
			c.send(ProgressChangedMsg{})
		}
	}
}

// userDir is the per-user state directory for user under stateDir.
func userDir(stateDir, user string) (string, error) {
	name, err := UserDirName(user)
	if err != nil {
		return "", err
	}
	return filepath.Join(stateDir, "users", name), nil
}

// displayName is user made safe to print on the instructor's terminal and
// in one table cell: a user name is attacker-chosen and could carry escape
// sequences, bidi overrides or line breaks. Those are written as escapes
// (see termsafe); every other character stays as typed, so José, 李 and
// 👩‍💻 (a sequence joined by U+200D) read as themselves.
func displayName(user string) string {
	return termsafe.Escape(strings.NewReplacer("\t", `\u0009`, "\n", `\u000a`).Replace(user))
}
