package jwtdebug_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// issued is when test tokens are issued; now is five minutes later.
var (
	issued = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	now    = issued.Add(5 * time.Minute)
)

// testKeys are generated once: RSA generation is slow enough to matter when
// every test and fuzz seed wants a key.
var testKeys = sync.OnceValue(func() struct {
	ec  *ecdsa.PrivateKey
	rsa *rsa.PrivateKey
} {
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return struct {
		ec  *ecdsa.PrivateKey
		rsa *rsa.PrivateKey
	}{ec, rk}
})

// accessClaims are RFC 9068 claims of a token issued at issued for 15m.
func accessClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":       "http://127.0.0.1:8080",
		"sub":       "alice",
		"aud":       "tokenflow-api",
		"client_id": "tokenflow-cli",
		"scope":     "profile",
		"jti":       "at-1",
		"iat":       issued.Unix(),
		"exp":       issued.Add(15 * time.Minute).Unix(),
	}
}

// sign returns a compact JWT with the given alg, kid and claims.
func sign(t testing.TB, method jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

// b64 is the base64url encoding of a token part.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// ecJWK describes an EC public key as a JWK (RFC 7518 §6.2).
func ecJWK(t testing.TB, kid string, pub *ecdsa.PublicKey) map[string]string {
	t.Helper()
	point, err := pub.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	size := (len(point) - 1) / 2
	return map[string]string{
		"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig",
		"x": base64.RawURLEncoding.EncodeToString(point[1 : 1+size]),
		"y": base64.RawURLEncoding.EncodeToString(point[1+size:]),
	}
}

// rsaJWK describes an RSA public key as a JWK (RFC 7518 §6.3).
func rsaJWK(kid string, pub *rsa.PublicKey) map[string]string {
	return map[string]string{
		"kty": "RSA", "kid": kid,
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// jwksJSON wraps keys in a JWKS document.
func jwksJSON(t testing.TB, keys ...map[string]string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testJWKS is the key set of the test keys: the EC key as "ec-1" and the
// RSA key as "rsa-1".
func testJWKS(t testing.TB) *jwtdebug.KeySet {
	t.Helper()
	k := testKeys()
	set, err := jwtdebug.ParseJWKS(jwksJSON(t, ecJWK(t, "ec-1", &k.ec.PublicKey), rsaJWK("rsa-1", &k.rsa.PublicKey)))
	if err != nil {
		t.Fatal(err)
	}
	return set
}
