package workshop

import (
	"errors"
	"path/filepath"
	"strings"
	"unicode"
)

// maxUserDirLen bounds a user directory name, well under every file
// system's limit on a path component.
const maxUserDirLen = 64

// errNoUser is the refusal for an empty SSH user name.
var errNoUser = errors.New("connect with a user name, for example: ssh alice@host")

// UserDirName turns an SSH user name, which the learner chooses freely,
// into a safe directory name: lower case, ASCII letters, digits, '-', '_'
// and '.', every other character replaced by '_', and no leading dot, so
// that no name (such as "../x" or ".ssh") can reach outside the users
// directory or hide in it. Names differing only in case or in replaced
// characters share a directory. An empty name is an error.
func UserDirName(user string) (string, error) {
	if user == "" {
		return "", errNoUser
	}
	var b strings.Builder
	for _, r := range strings.ToLower(user) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)), r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' && b.Len() > 0:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= maxUserDirLen {
			break
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
