package jwtdebug_test

import (
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// FuzzDecode feeds arbitrary strings through decoding, verification with
// both key kinds, and formatting. Whatever the input, Decode returns either
// a jwtdebug: error or a token that formats; it never panics.
func FuzzDecode(f *testing.F) {
	k := testKeys()
	secret := []byte("fuzz-secret")
	set := testJWKS(f)
	for _, seed := range []string{
		sign(f, jwt.SigningMethodHS256, secret, "", accessClaims()),
		sign(f, jwt.SigningMethodES256, k.ec, "ec-1", accessClaims()),
		sign(f, jwt.SigningMethodRS256, k.rsa, "rsa-1", accessClaims()),
		sign(f, jwt.SigningMethodES256, k.ec, "", jwt.MapClaims{"exp": 1e300, "nbf": "soon", "iat": -1.5}),
		b64(`{"alg":"none"}`) + "." + b64(`{"sub":"mallory"}`) + ".",
		b64(`{"alg":"HS256","kid":7}`) + "." + b64(`{"exp":[]}`) + ".c2ln",
		b64(`null`) + "." + b64(`{}`) + ".",
		b64(`{}`) + "." + b64(`{"a":1e999}`) + ".",
		"",
		"..",
		"a.b.c.d.e",
		"eyJ.eyJ.",
		" \t\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		for _, opts := range []jwtdebug.Options{{}, {Secret: secret}, {JWKS: set, Secret: secret}} {
			d, err := jwtdebug.Decode(token, opts)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "jwtdebug: ") {
					t.Fatalf("error %q lacks the jwtdebug: prefix", err)
				}
				continue
			}
			out := d.Format(now)
			if !strings.HasPrefix(out, "Header:\n{") || !strings.Contains(out, "\nSignature: ") {
				t.Fatalf("Format output is malformed:\n%s", out)
			}
			if d.Signature.State == jwtdebug.Valid && d.Header["alg"] == "none" {
				t.Fatalf("an unsigned token verified")
			}
		}
	})
}
