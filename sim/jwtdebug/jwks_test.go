package jwtdebug_test

import (
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

func TestParseJWKSRejectsBrokenSets(t *testing.T) {
	k := testKeys()
	good := ecJWK(t, "ec-1", &k.ec.PublicKey)
	with := func(field, value string) map[string]string {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		m[field] = value
		return m
	}
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"not JSON", "keys", "JWKS is not valid JSON"},
		{"no keys array", `{"kty":"EC"}`, `JWKS has no "keys" array`},
		{"key not an object", `{"keys":[42]}`, "JWKS key 0 is not a JWK object"},
		{"only symmetric keys", `{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`, "JWKS has no signature-verification keys"},
		{"empty", `{"keys":[]}`, "JWKS has no signature-verification keys"},
		{"bad base64", string(jwksJSON(t, with("x", "***"))), `JWKS key "ec-1": "x" is not unpadded base64url`},
		{"missing y", string(jwksJSON(t, with("y", ""))), `JWKS key "ec-1": missing "y"`},
		{"point off the curve", string(jwksJSON(t, with("y", b64("not the right y coordinate, no")))), "is not a point on P-256"},
		{"unsupported curve", string(jwksJSON(t, with("crv", "P-192"))), `unsupported EC curve "P-192"`},
		{"HMAC alg on an EC key", string(jwksJSON(t, with("alg", "HS256"))), `alg "HS256" cannot be used with an EC P-256 key`},
		{"even RSA exponent", `{"keys":[{"kty":"RSA","n":"` + b64("modulus") + `","e":"` + b64("\x02") + `"}]}`, "e is not an odd RSA public exponent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := jwtdebug.ParseJWKS([]byte(tt.doc))
			if err == nil {
				t.Fatalf("ParseJWKS succeeded: %+v", set)
			}
			if !strings.HasPrefix(err.Error(), "jwtdebug: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start with %q and contain %q", err, "jwtdebug: ", tt.want)
			}
		})
	}
}

func TestParseJWKSSkipsEncryptionKeys(t *testing.T) {
	k := testKeys()
	enc := ecJWK(t, "ec-enc", &k.ec.PublicKey)
	enc["use"] = "enc"
	set, err := jwtdebug.ParseJWKS(jwksJSON(t, enc, rsaJWK("rsa-1", &k.rsa.PublicKey)))
	if err != nil {
		t.Fatal(err)
	}
	d, err := jwtdebug.Decode(sign(t, jwt.SigningMethodES256, k.ec, "ec-enc", accessClaims()), jwtdebug.Options{JWKS: set})
	if err != nil {
		t.Fatal(err)
	}
	if d.Signature.State != jwtdebug.Invalid {
		t.Errorf("Signature = %q, want INVALID: an encryption key must not verify signatures", d.Signature)
	}
}

func TestJWKSKeyWithAlgVerifiesOnlyThatAlg(t *testing.T) {
	k := testKeys()
	key := rsaJWK("rsa-1", &k.rsa.PublicKey)
	key["alg"] = "RS256"
	set, err := jwtdebug.ParseJWKS(jwksJSON(t, key))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		method jwt.SigningMethod
		want   jwtdebug.SignatureState
	}{
		{jwt.SigningMethodRS256, jwtdebug.Valid},
		{jwt.SigningMethodPS256, jwtdebug.Invalid},
	} {
		d, err := jwtdebug.Decode(sign(t, tt.method, k.rsa, "rsa-1", accessClaims()), jwtdebug.Options{JWKS: set})
		if err != nil {
			t.Fatal(err)
		}
		if d.Signature.State != tt.want {
			t.Errorf("%s: Signature = %q, want state %d", tt.method.Alg(), d.Signature, tt.want)
		}
	}
}
