package jwtdebug

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// KeySet is a parsed JSON Web Key Set (RFC 7517 §5) holding the public keys
// that can verify signatures: EC keys on P-256, P-384 or P-521 and RSA keys.
type KeySet struct {
	keys []publicKey
}

// publicKey is one usable key of a set.
type publicKey struct {
	kid  string
	algs []string // the JWS algs (RFC 7518 §3.1) this key may verify
	key  any      // *ecdsa.PublicKey or *rsa.PublicKey, as jwt/v5 expects
	desc string   // for messages, e.g. "EC P-256"
}

// jwk is the wire form of a JSON Web Key (RFC 7517 §4, RFC 7518 §6).
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// curves maps an EC "crv" (RFC 7518 §6.2.1.1) to its curve and the one alg
// that uses it (RFC 7518 §3.4).
var curves = map[string]struct {
	curve elliptic.Curve
	alg   string
}{
	"P-256": {elliptic.P256(), "ES256"},
	"P-384": {elliptic.P384(), "ES384"},
	"P-521": {elliptic.P521(), "ES512"},
}

// rsaAlgs are the algs an RSA key can verify (RFC 7518 §3.3, §3.5).
var rsaAlgs = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}

// ParseJWKS parses a JWKS document such as an issuer serves at its jwks_uri.
// Keys marked "use":"enc" and key types that cannot verify a JWS signature
// with a public key (such as "oct") are skipped; a malformed key of a
// supported type is an error, and so is a set with no usable key.
func ParseJWKS(data []byte) (*KeySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("jwtdebug: JWKS is not valid JSON: %w", err)
	}
	if doc.Keys == nil {
		return nil, errors.New(`jwtdebug: JWKS has no "keys" array (RFC 7517 §5)`)
	}
	set := &KeySet{}
	for i, raw := range doc.Keys {
		var k jwk
		if err := json.Unmarshal(raw, &k); err != nil {
			return nil, fmt.Errorf("jwtdebug: JWKS key %d is not a JWK object: %w", i, err)
		}
		if k.Use == "enc" {
			continue
		}
		pk, err := k.publicKey()
		if err != nil {
			return nil, fmt.Errorf("jwtdebug: JWKS key %s: %w", keyName(i, k.Kid), err)
		}
		if pk != nil {
			set.keys = append(set.keys, *pk)
		}
	}
	if len(set.keys) == 0 {
		return nil, errors.New("jwtdebug: JWKS has no signature-verification keys (EC P-256, P-384, P-521 or RSA)")
	}
	return set, nil
}

// keyName names a key in a message by its kid, or by its index without one.
func keyName(i int, kid string) string {
	if kid == "" {
		return fmt.Sprintf("%d (no kid)", i)
	}
	return fmt.Sprintf("%q", kid)
}

// publicKey builds the usable key a JWK describes; it returns nil for a key
// type this package does not verify with.
func (k jwk) publicKey() (*publicKey, error) {
	var pk publicKey
	switch k.Kty {
	case "EC":
		c, ok := curves[k.Crv]
		if !ok {
			return nil, fmt.Errorf("unsupported EC curve %q (want P-256, P-384 or P-521)", k.Crv)
		}
		x, err := coordinate("x", k.X)
		if err != nil {
			return nil, err
		}
		y, err := coordinate("y", k.Y)
		if err != nil {
			return nil, err
		}
		// RFC 7518 §6.2.1.2: coordinates are the full field size, so
		// left-padding normalizes any encoder that dropped leading zeros.
		size := (c.curve.Params().BitSize + 7) / 8
		if len(x) > size || len(y) > size {
			return nil, fmt.Errorf("coordinates are longer than %s allows", k.Crv)
		}
		point := make([]byte, 1+2*size)
		point[0] = 4 // SEC 1 uncompressed point
		copy(point[1+size-len(x):1+size], x)
		copy(point[1+2*size-len(y):], y)
		key, err := ecdsa.ParseUncompressedPublicKey(c.curve, point)
		if err != nil {
			return nil, fmt.Errorf("x, y is not a point on %s: %w", k.Crv, err)
		}
		pk = publicKey{key: key, algs: []string{c.alg}, desc: "EC " + k.Crv}
	case "RSA":
		n, err := coordinate("n", k.N)
		if err != nil {
			return nil, err
		}
		e, err := coordinate("e", k.E)
		if err != nil {
			return nil, err
		}
		exp := new(big.Int).SetBytes(e)
		if !exp.IsInt64() || exp.Int64() < 3 || exp.Int64() > 1<<31-1 || exp.Bit(0) == 0 {
			return nil, errors.New("e is not an odd RSA public exponent between 3 and 2^31-1")
		}
		key := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}
		pk = publicKey{key: key, algs: rsaAlgs, desc: fmt.Sprintf("RSA %d-bit", key.N.BitLen())}
	default:
		return nil, nil
	}
	pk.kid = k.Kid
	if k.Alg != "" {
		// A key that names its alg may verify only that alg (RFC 7517
		// §4.4); one naming an alg of another family, say HS256 on an EC
		// key, is a broken set, and honouring it invites key confusion.
		if !slices.Contains(pk.algs, k.Alg) {
			return nil, fmt.Errorf("alg %q cannot be used with an %s key", k.Alg, pk.desc)
		}
		pk.algs = []string{k.Alg}
	}
	return &pk, nil
}

// coordinate decodes a base64url big-endian integer member of a JWK.
func coordinate(name, v string) ([]byte, error) {
	if v == "" {
		return nil, fmt.Errorf("missing %q", name)
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("%q is not unpadded base64url: %w", name, err)
	}
	return b, nil
}

// algs returns every alg some key of the set can verify, sorted.
func (s *KeySet) algs() []string {
	var out []string
	for _, k := range s.keys {
		out = append(out, k.algs...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// lookup returns the key or keys that may verify a token with the given kid
// and alg. A token naming a kid gets only that key; one without a kid gets
// every key that fits its alg, as jwt/v5's VerificationKeySet tries them all.
func (s *KeySet) lookup(kid, alg string) ([]jwt.VerificationKey, error) {
	var out []jwt.VerificationKey
	var misfits []string
	for _, k := range s.keys {
		if kid != "" && k.kid != kid {
			continue
		}
		if !slices.Contains(k.algs, alg) {
			misfits = append(misfits, k.desc)
			continue
		}
		out = append(out, k.key)
	}
	switch {
	case len(out) > 0:
		return out, nil
	case kid == "":
		return nil, fmt.Errorf("the token has no kid and no key in the JWKS can verify %s", alg)
	case len(misfits) > 0:
		return nil, fmt.Errorf("key %q is an %s key, which cannot verify %s", kid, misfits[0], alg)
	default:
		return nil, fmt.Errorf("no key with kid %q in the JWKS (it has %s)", kid, s.kids())
	}
}

// kids lists the set's key IDs for messages.
func (s *KeySet) kids() string {
	var ids []string
	for _, k := range s.keys {
		if k.kid != "" {
			ids = append(ids, fmt.Sprintf("%q", k.kid))
		}
	}
	if len(ids) == 0 {
		return "no kids"
	}
	return "kids " + strings.Join(ids, ", ")
}

// Has reports whether the set holds a key with the given kid.
func (s *KeySet) Has(kid string) bool {
	for _, k := range s.keys {
		if k.kid == kid {
			return true
		}
	}
	return false
}

// Keyfunc is a jwt.Keyfunc that verifies a token with the set's key for
// its kid and alg, as a client verifies tokens against an issuer's JWKS.
func (s *KeySet) Keyfunc(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	keys, err := s.lookup(kid, t.Method.Alg())
	if err != nil {
		return nil, err
	}
	return jwt.VerificationKeySet{Keys: keys}, nil
}
