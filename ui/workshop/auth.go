package workshop

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// errInstructorAuth is the refusal of an unauthenticated instructor login.
var errInstructorAuth = errors.New("workshop: the instructor must authenticate")

// ReadAuthorizedKeys reads an OpenSSH authorized_keys file, for
// Config.InstructorKeys.
func ReadAuthorizedKeys(path string) ([]ssh.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("workshop: instructor keys: %w", err)
	}
	var keys []ssh.PublicKey
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("workshop: instructor keys: %s:%d: %w", path, i+1, err)
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("workshop: instructor keys: %s holds no key", path)
	}
	return keys, nil
}

// The auth handlers below let every learner in with whatever a client
// offers, and the instructor's name only with the configured password or
// key: learners should not have to set anything up, and only the dashboard
// (which can reset every learner's world) needs protecting.

// isInstructor compares names as learners' names are compared (case and
// Unicode normalization aside): Instructor@ is the instructor too, never a
// learner who got past the password.
func (s *Server) isInstructor(user string) bool {
	return s.cfg.Instructor != "" && sameName(user, s.cfg.Instructor)
}

// serverConfig admits the "none" method, which OpenSSH tries first, for
// learners only.
func (s *Server) serverConfig(ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		NoClientAuth: true,
		NoClientAuthCallback: func(meta gossh.ConnMetadata) (*gossh.Permissions, error) {
			if s.isInstructor(meta.User()) {
				return nil, errInstructorAuth
			}
			return nil, nil
		},
	}
}

func (s *Server) passwordAuth(ctx ssh.Context, password string) bool {
	if !s.isInstructor(ctx.User()) {
		return true
	}
	want := s.cfg.InstructorPassword
	return want != "" && subtle.ConstantTimeCompare([]byte(password), []byte(want)) == 1
}

func (s *Server) publicKeyAuth(ctx ssh.Context, key ssh.PublicKey) bool {
	if !s.isInstructor(ctx.User()) {
		return true
	}
	for _, k := range s.cfg.InstructorKeys {
		if ssh.KeysEqual(key, k) {
			return true
		}
	}
	return false
}

// keyboardInteractiveAuth lets learners in without a prompt. It asks the
// instructor nothing and refuses, so OpenSSH moves on to a password prompt.
func (s *Server) keyboardInteractiveAuth(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool {
	return !s.isInstructor(ctx.User())
}
