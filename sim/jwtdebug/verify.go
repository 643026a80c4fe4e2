package jwtdebug

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// SignatureState is the outcome of a signature check.
type SignatureState int

// The signature states. NotChecked is the zero value: no key was given.
const (
	NotChecked SignatureState = iota
	Valid
	Invalid
)

// SignatureStatus is what became of the signature check.
type SignatureStatus struct {
	State SignatureState
	// Reason says why an Invalid signature was rejected.
	Reason string
}

// String returns "not checked", "valid" or "INVALID: " and the reason.
func (s SignatureStatus) String() string {
	switch s.State {
	case Valid:
		return "valid"
	case Invalid:
		return "INVALID: " + s.Reason
	default:
		return "not checked"
	}
}

// hmacAlgs are the algs a shared secret verifies (RFC 7518 §3.2).
var hmacAlgs = []string{"HS256", "HS384", "HS512"}

// keyError carries a keyfunc's own explanation through jwt/v5's wrapping.
type keyError struct{ error }

// verify checks the token's signature with the keys in opts. The parser may
// accept only the algs those keys can verify (RFC 8725 §3.1): "none" never,
// and HMAC algs only with a secret, so an attacker cannot get a public key
// from the JWKS used as an HMAC secret. Claims are not validated here:
// whether the token has expired is a separate question, answered by Times.
func verify(token string, header map[string]any, opts Options) SignatureStatus {
	var allowed []string
	if len(opts.Secret) > 0 {
		allowed = append(allowed, hmacAlgs...)
	}
	if opts.JWKS != nil {
		allowed = append(allowed, opts.JWKS.algs()...)
	}
	if len(allowed) == 0 {
		return SignatureStatus{State: NotChecked}
	}

	kid, _ := header["kid"].(string)
	keyfunc := func(t *jwt.Token) (any, error) {
		alg := t.Method.Alg()
		switch t.Method.(type) {
		case *jwt.SigningMethodHMAC:
			if len(opts.Secret) > 0 {
				return opts.Secret, nil
			}
		case *jwt.SigningMethodECDSA, *jwt.SigningMethodRSA, *jwt.SigningMethodRSAPSS:
			if opts.JWKS != nil {
				keys, err := opts.JWKS.lookup(kid, alg)
				if err != nil {
					return nil, keyError{err}
				}
				return jwt.VerificationKeySet{Keys: keys}, nil
			}
		}
		return nil, keyError{fmt.Errorf("no key given can verify %s", alg)}
	}
	parser := jwt.NewParser(jwt.WithValidMethods(allowed), jwt.WithoutClaimsValidation())
	if _, err := parser.Parse(token, keyfunc); err != nil {
		alg, _ := header["alg"].(string)
		return SignatureStatus{State: Invalid, Reason: explain(err, alg, allowed, opts)}
	}
	return SignatureStatus{State: Valid}
}

// explain turns a jwt/v5 parse error into a reason a learner can act on.
func explain(err error, alg string, allowed []string, opts Options) string {
	var kerr keyError
	switch {
	case alg == "":
		return `the header names no "alg"`
	case strings.EqualFold(alg, "none"):
		return `alg "none" is never accepted: the token is unsigned (RFC 8725 §3.1)`
	case slices.Contains(hmacAlgs, alg) && len(opts.Secret) == 0:
		return fmt.Sprintf("alg %s needs the shared secret; a public key from a JWKS never verifies an HMAC signature (RFC 8725 §3.1)", alg)
	case !slices.Contains(allowed, alg) && opts.JWKS == nil:
		return fmt.Sprintf("alg %s needs a public key from a JWKS; an HMAC secret cannot verify it", alg)
	case !slices.Contains(allowed, alg):
		return fmt.Sprintf("alg %s is not one the given keys verify (%s)", alg, strings.Join(allowed, ", "))
	case errors.As(err, &kerr):
		return kerr.Error()
	case errors.Is(err, jwt.ErrSignatureInvalid),
		errors.Is(err, jwt.ErrECDSAVerification),
		errors.Is(err, rsa.ErrVerification):
		return "the signature does not match: the token was altered or signed with another key"
	default:
		return err.Error()
	}
}
