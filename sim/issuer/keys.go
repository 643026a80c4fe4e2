package issuer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"sync"

	"github.com/golang-jwt/jwt/v5"
)

// Alg is a JWS signing algorithm (RFC 7518 §3.1), as a JWT's alg header
// names it.
type Alg string

// Signing algorithms the issuer can sign access tokens with.
const (
	ES256 Alg = "ES256" // the default: small keys and signatures
	RS256 Alg = "RS256" // RFC 9068 §2.1's mandatory-to-implement algorithm
	HS256 Alg = "HS256" // a secret shared with the API, as many tutorials do
)

// keySet holds the signing keys of one issuer. Keys are derived from the
// world's seeded random source, so a seed fixes every token byte: since Go
// 1.26 crypto/ecdsa and crypto/rsa ignore a caller's reader when generating
// keys, so the derivation here is explicit.
type keySet struct {
	ec         *ecdsa.PrivateKey
	ecKID      string
	rsa        *rsa.PrivateKey
	rsaKID     string
	hmacSecret []byte // access tokens under HS256, shared with the API
	refreshKey []byte // the "stateless" refresh tokens' second secret
}

func newKeySet(r io.Reader) (*keySet, error) {
	ks := &keySet{}
	scalar := make([]byte, 32)
	for {
		if _, err := io.ReadFull(r, scalar); err != nil {
			return nil, fmt.Errorf("issuer: reading key material: %w", err)
		}
		k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), scalar)
		if err == nil {
			ks.ec = k
			break
		}
		// Out of range (zero or ≥ the group order): astronomically rare; draw again.
	}
	pub, err := ks.ec.PublicKey.Bytes()
	if err != nil {
		return nil, fmt.Errorf("issuer: encoding public key: %w", err)
	}
	ks.ecKID = kidOf(pub)
	ks.hmacSecret = make([]byte, 32)
	ks.refreshKey = make([]byte, 32)
	if _, err := io.ReadFull(r, ks.hmacSecret); err != nil {
		return nil, err
	}
	if _, err := io.ReadFull(r, ks.refreshKey); err != nil {
		return nil, err
	}
	return ks, nil
}

func kidOf(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:8])
}

// rsaKeys caches derived RSA keys by their seed. Deriving one costs tens
// of milliseconds, and undo rebuilds a world by replaying it: with the
// cache, only the first world of a seed pays. Keys are a pure function of
// the seed, so sharing them between worlds changes nothing they do.
var rsaKeys sync.Map // [32]byte → *rsa.PrivateKey

// rsaKey returns the RSA key, deriving it on first use, which worlds that
// never select RS256 should not pay for. Its seed comes from the other
// secrets rather than from the issuer's random stream, so deriving it
// draws nothing and shifts no token that comes after.
func (ks *keySet) rsaKey() (*rsa.PrivateKey, error) {
	if ks.rsa != nil {
		return ks.rsa, nil
	}
	seed := sha256.Sum256(append(append([]byte("tokenflow rsa key\x00"), ks.hmacSecret...), ks.refreshKey...))
	k, ok := rsaKeys.Load(seed)
	if !ok {
		derived, err := deriveRSAKey(mrand.NewChaCha8(seed), 2048)
		if err != nil {
			return nil, err
		}
		k, _ = rsaKeys.LoadOrStore(seed, derived)
	}
	ks.rsa = k.(*rsa.PrivateKey)
	ks.rsaKID = kidOf(ks.rsa.N.Bytes())
	return ks.rsa, nil
}

// deriveRSAKey builds an RSA key from r alone (see keySet).
func deriveRSAKey(r io.Reader, bits int) (*rsa.PrivateKey, error) {
	e := big.NewInt(65537)
	one := big.NewInt(1)
	prime := func(bits int) (*big.Int, error) {
		buf := make([]byte, bits/8)
		for {
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, err
			}
			buf[0] |= 0xC0 // top two bits set: p·q has exactly 2·bits bits
			buf[len(buf)-1] |= 1
			p := new(big.Int).SetBytes(buf)
			if !p.ProbablyPrime(20) {
				continue
			}
			// gcd(e, p-1) must be 1 for d to exist.
			if new(big.Int).GCD(nil, nil, e, new(big.Int).Sub(p, one)).Cmp(one) == 0 {
				return p, nil
			}
		}
	}
	for {
		p, err := prime(bits / 2)
		if err != nil {
			return nil, err
		}
		q, err := prime(bits / 2)
		if err != nil {
			return nil, err
		}
		if p.Cmp(q) == 0 {
			continue
		}
		n := new(big.Int).Mul(p, q)
		phi := new(big.Int).Mul(new(big.Int).Sub(p, one), new(big.Int).Sub(q, one))
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		k := &rsa.PrivateKey{
			PublicKey: rsa.PublicKey{N: n, E: int(e.Int64())},
			D:         d,
			Primes:    []*big.Int{p, q},
		}
		if err := k.Validate(); err != nil {
			continue
		}
		k.Precompute()
		return k, nil
	}
}

// deterministicES256 signs like jwt.SigningMethodES256 but with RFC 6979
// deterministic nonces (crypto/ecdsa does this when given a nil reader), so
// the same seed gives the same token bytes. Verification is unchanged, so
// any JWT library accepts the result.
type deterministicES256 struct{}

// DeterministicES256 is the ES256 signing method with RFC 6979 nonces: the
// same key and claims always give the same token bytes, as a seeded world
// needs for every signature it makes, the attacker's forgeries included.
// Any ES256 verifier accepts its signatures.
var DeterministicES256 jwt.SigningMethod = deterministicES256{}

func (deterministicES256) Alg() string { return string(ES256) }

func (deterministicES256) Verify(signingString string, sig []byte, key any) error {
	return jwt.SigningMethodES256.Verify(signingString, sig, key)
}

func (deterministicES256) Sign(signingString string, key any) ([]byte, error) {
	k, ok := key.(*ecdsa.PrivateKey)
	if !ok {
		return nil, jwt.ErrInvalidKeyType
	}
	digest := sha256.Sum256([]byte(signingString))
	der, err := k.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		return nil, err
	}
	var parsed struct{ R, S *big.Int }
	if _, err := asn1.Unmarshal(der, &parsed); err != nil {
		return nil, err
	}
	// JWS (RFC 7518 §3.4) wants R‖S as two fixed 32-byte big-endian halves.
	out := make([]byte, 64)
	parsed.R.FillBytes(out[:32])
	parsed.S.FillBytes(out[32:])
	return out, nil
}

// signer returns the method, key and kid for alg.
func (ks *keySet) signer(alg Alg) (jwt.SigningMethod, any, string, error) {
	switch alg {
	case ES256:
		return deterministicES256{}, ks.ec, ks.ecKID, nil
	case RS256:
		k, err := ks.rsaKey()
		if err != nil {
			return nil, nil, "", err
		}
		return jwt.SigningMethodRS256, k, ks.rsaKID, nil
	case HS256:
		return jwt.SigningMethodHS256, ks.hmacSecret, "hs-" + kidOf(ks.hmacSecret), nil
	}
	return nil, nil, "", fmt.Errorf("issuer: unknown signing algorithm %q", alg)
}

// verificationKey returns the key that checks a token signed with alg under
// kid, or an error when the kid is not one of ours.
func (ks *keySet) verificationKey(alg Alg, kid string) (any, error) {
	switch {
	case alg == ES256 && kid == ks.ecKID:
		return &ks.ec.PublicKey, nil
	case alg == RS256 && ks.rsa != nil && kid == ks.rsaKID:
		return &ks.rsa.PublicKey, nil
	case alg == HS256 && kid == "hs-"+kidOf(ks.hmacSecret):
		return ks.hmacSecret, nil
	}
	return nil, errUnknownKey
}

var errUnknownKey = errors.New("unknown signing key (kid)")

// jwk is one RFC 7517 JSON Web Key; only public parameters are ever set.
type jwk struct {
	Kty string `json:"kty"`
	Use string `json:"use"`
	Alg Alg    `json:"alg"`
	Kid string `json:"kid"`
	Crv string `json:"crv,omitempty"`
	X   string `json:"x,omitempty"`
	Y   string `json:"y,omitempty"`
	N   string `json:"n,omitempty"`
	E   string `json:"e,omitempty"`
}

// publicJWKs lists the asymmetric public keys generated so far. The HS256
// secret is never published: a shared secret in a JWKS would let anyone mint
// tokens.
func (ks *keySet) publicJWKs() []jwk {
	b64 := base64.RawURLEncoding.EncodeToString
	pub, _ := ks.ec.PublicKey.Bytes() // 0x04 ‖ X ‖ Y for P-256
	keys := []jwk{{
		Kty: "EC", Use: "sig", Alg: ES256, Kid: ks.ecKID, Crv: "P-256",
		X: b64(pub[1:33]), Y: b64(pub[33:65]),
	}}
	if ks.rsa != nil {
		keys = append(keys, jwk{
			Kty: "RSA", Use: "sig", Alg: RS256, Kid: ks.rsaKID,
			N: b64(ks.rsa.N.Bytes()), E: b64(big.NewInt(int64(ks.rsa.E)).Bytes()),
		})
	}
	return keys
}
