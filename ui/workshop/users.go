package workshop

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

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
	name := norm.NFC.String(strings.ToLower(user))
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

// userDir is the per-user state directory for user under stateDir.
func userDir(stateDir, user string) (string, error) {
	name, err := UserDirName(user)
	if err != nil {
		return "", err
	}
	return filepath.Join(stateDir, "users", name), nil
}

// displayName is user made safe to print on the instructor's terminal: a
// user name is attacker-chosen and could carry escape sequences.
func displayName(user string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, user)
}
