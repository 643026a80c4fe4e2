package jwtdebug_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// TestErrorsWrapTheDecodersCause: a caller can tell a token or a JWKS
// that is not base64url from one that is not JSON with errors.As, not by
// reading the message.
func TestErrorsWrapTheDecodersCause(t *testing.T) {
	e30 := b64("{}")
	var corrupt base64.CorruptInputError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	tests := []struct {
		name   string
		decode func() error
		target any
	}{
		{"token header not base64url", func() error { _, err := jwtdebug.Decode("!!!."+e30+".", jwtdebug.Options{}); return err }, &corrupt},
		{"token claims not JSON", func() error { _, err := jwtdebug.Decode(e30+"."+b64("hello")+".", jwtdebug.Options{}); return err }, &syntax},
		{"JWKS not JSON", func() error { _, err := jwtdebug.ParseJWKS([]byte("keys")); return err }, &syntax},
		{"JWKS key not an object", func() error { _, err := jwtdebug.ParseJWKS([]byte(`{"keys":[42]}`)); return err }, &typeErr},
		{"JWKS coordinate not base64url", func() error {
			_, err := jwtdebug.ParseJWKS([]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"***","y":"AA"}]}`))
			return err
		}, &corrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.decode()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.As(err, tt.target) {
				t.Errorf("%v does not wrap a %T", err, tt.target)
			}
		})
	}
}
