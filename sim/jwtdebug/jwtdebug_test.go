package jwtdebug_test

import (
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

func TestDecodeRejectsGarbage(t *testing.T) {
	e30 := b64("{}")
	tests := []struct {
		name, token, want string
	}{
		{"empty", "", "empty token"},
		{"only whitespace", " \n\t", "empty token"},
		{"huge", strings.Repeat("a", jwtdebug.MaxTokenSize+1), "the limit is 65536"},
		{"one part", "abc", "this token has 1"},
		{"two parts", "abc.def", "this token has 2"},
		{"four parts", "a.b.c.d", "this token has 4"},
		{"encrypted JWE", "a.b.c.d.e", "encrypted JWE"},
		{"header not base64url", "!!!." + e30 + ".", "header is not unpadded base64url"},
		{"padded base64", "eyJhbGciOiJIUzI1NiJ9=." + e30 + ".", "header is not unpadded base64url"},
		{"header not JSON", b64("hello") + "." + e30 + ".", "header is not a JSON object"},
		{"header is an array", b64("[1]") + "." + e30 + ".", "header is not a JSON object"},
		{"header is null", b64("null") + "." + e30 + ".", "header is not a JSON object: null"},
		{"claims not JSON", e30 + "." + b64("{") + ".", "claims is not a JSON object"},
		{"claims with trailing data", e30 + "." + b64("{} {}") + ".", "claims has data after its JSON object"},
		{"signature not base64url", e30 + "." + e30 + ".***", "signature is not unpadded base64url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := jwtdebug.Decode(tt.token, jwtdebug.Options{})
			if err == nil {
				t.Fatalf("Decode succeeded: %+v", d)
			}
			if !strings.HasPrefix(err.Error(), "jwtdebug: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to start with %q and contain %q", err, "jwtdebug: ", tt.want)
			}
		})
	}
}

func TestDecodeRendersJSONWithSortedKeysAndExactNumbers(t *testing.T) {
	header := `{"typ":"at+jwt","alg":"HS256"}`
	claims := `{"z":"<b>&","a":12345678901234567890,"m":{"y":1,"x":[true,null]}}`
	d, err := jwtdebug.Decode("  "+b64(header)+"."+b64(claims)+".\n", jwtdebug.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := "{\n  \"alg\": \"HS256\",\n  \"typ\": \"at+jwt\"\n}"
	if d.HeaderJSON != wantHeader {
		t.Errorf("HeaderJSON =\n%s\nwant\n%s", d.HeaderJSON, wantHeader)
	}
	wantClaims := `{
  "a": 12345678901234567890,
  "m": {
    "x": [
      true,
      null
    ],
    "y": 1
  },
  "z": "<b>&"
}`
	if d.ClaimsJSON != wantClaims {
		t.Errorf("ClaimsJSON =\n%s\nwant\n%s", d.ClaimsJSON, wantClaims)
	}
	if d.Header["typ"] != "at+jwt" {
		t.Errorf("Header[typ] = %v, want at+jwt", d.Header["typ"])
	}
	if d.Signature.State != jwtdebug.NotChecked || d.Signature.String() != "not checked" {
		t.Errorf("Signature = %v, want not checked", d.Signature)
	}
}

func TestTimeClaimRelativeToNow(t *testing.T) {
	tests := []struct {
		name string
		at   time.Duration // offset from now
		want string
	}{
		{"exp", 14 * time.Minute, "expires in 14m"},
		{"exp", -3 * time.Minute, "expired 3m ago"},
		{"exp", 0, "expired 0s ago"}, // RFC 7519: expired at exp, not after
		{"exp", 500 * time.Millisecond, "expires in 500ms"},
		{"exp", 90*time.Second + 400*time.Millisecond, "expires in 1m30s"},
		{"exp", 7 * 24 * time.Hour, "expires in 7d"},
		{"exp", -(26*time.Hour + 5*time.Second), "expired 1d2h5s ago"},
		{"nbf", time.Minute, "not valid for another 1m"},
		{"nbf", -time.Minute, "valid since 1m ago"},
		{"iat", -5 * time.Minute, "issued 5m ago"},
		{"iat", 2 * time.Hour, "issued 2h in the future"},
	}
	for _, tt := range tests {
		c := jwtdebug.TimeClaim{Name: tt.name, At: now.Add(tt.at)}
		if got := c.Relative(now); got != tt.want {
			t.Errorf("%s at now%+v: Relative = %q, want %q", tt.name, tt.at, got, tt.want)
		}
	}
}

func TestDecodeReadsNumericDatesAndWarnsAboutBadOnes(t *testing.T) {
	claims := `{"exp":"tomorrow","iat":1767603600.25,"nbf":1e20}`
	d, err := jwtdebug.Decode(b64(`{"alg":"HS256"}`)+"."+b64(claims)+".", jwtdebug.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, time.January, 5, 9, 0, 0, 250e6, time.UTC)
	if len(d.Times) != 1 || d.Times[0].Name != "iat" || !d.Times[0].At.Equal(want) {
		t.Fatalf("Times = %+v, want only iat at %s", d.Times, want)
	}
	wantWarnings := []string{"nbf 1e20 is out of range", "exp is a string, not a number"}
	if len(d.Warnings) != len(wantWarnings) {
		t.Fatalf("Warnings = %q, want %d", d.Warnings, len(wantWarnings))
	}
	for i, w := range wantWarnings {
		if !strings.HasPrefix(d.Warnings[i], w) {
			t.Errorf("Warnings[%d] = %q, want prefix %q", i, d.Warnings[i], w)
		}
	}
}

func TestFormatShowsExpiredTokenWithValidSignature(t *testing.T) {
	secret := []byte("correct horse battery staple")
	token := sign(t, jwt.SigningMethodHS256, secret, "", accessClaims())
	d, err := jwtdebug.Decode(token, jwtdebug.Options{Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	// The signature stays valid after exp: expiry is a claim, not a
	// property of the signature.
	out := d.Format(issued.Add(20 * time.Minute))
	for _, want := range []string{
		"Times (now is 2026-01-05T09:20:00Z):",
		"  iat  2026-01-05T09:00:00Z  issued 20m ago\n",
		"  exp  2026-01-05T09:15:00Z  expired 5m ago\n",
		"  lifetime 15m (exp - iat)\n",
		"\nSignature: valid\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Format output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Warnings") {
		t.Errorf("Format output has warnings for a sound token:\n%s", out)
	}
}

func TestFormatWarnsAboutUnsignedToken(t *testing.T) {
	token := b64(`{"alg":"none"}`) + "." + b64(`{"sub":"mallory"}`) + "."
	d, err := jwtdebug.Decode(token, jwtdebug.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := d.Format(now)
	if !strings.Contains(out, "Warnings:\n  - alg is \"none\": the token is unsigned") {
		t.Errorf("Format output does not warn about alg none:\n%s", out)
	}
	if strings.Contains(out, "Times") {
		t.Errorf("Format output has a Times section for a token without time claims:\n%s", out)
	}
}

func TestSignatureStatus(t *testing.T) {
	k := testKeys()
	secret := []byte("s3cret-s3cret-s3cret-s3cret-s3cr")
	set := testJWKS(t)
	es := sign(t, jwt.SigningMethodES256, k.ec, "ec-1", accessClaims())
	rs := sign(t, jwt.SigningMethodRS256, k.rsa, "rsa-1", accessClaims())
	ps := sign(t, jwt.SigningMethodPS384, k.rsa, "", accessClaims())
	hs := sign(t, jwt.SigningMethodHS256, secret, "", accessClaims())

	// The classic RS256→HS256 key confusion (RFC 8725 §2.1): an attacker
	// signs with HMAC, using the public key's published bytes as the secret.
	pubDER, err := x509.MarshalPKIXPublicKey(&k.rsa.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	confused := sign(t, jwt.SigningMethodHS256, pubPEM, "rsa-1", accessClaims())

	forged := accessClaims()
	forged["sub"] = "mallory"
	parts := strings.Split(es, ".")
	tampered := parts[0] + "." + strings.Split(sign(t, jwt.SigningMethodES256, k.ec, "ec-1", forged), ".")[1] + "." + parts[2]

	tests := []struct {
		name   string
		token  string
		opts   jwtdebug.Options
		state  jwtdebug.SignatureState
		reason string
	}{
		{"no key", es, jwtdebug.Options{}, jwtdebug.NotChecked, ""},
		{"empty secret counts as none", hs, jwtdebug.Options{Secret: []byte{}}, jwtdebug.NotChecked, ""},
		{"ES256 by kid", es, jwtdebug.Options{JWKS: set}, jwtdebug.Valid, ""},
		{"RS256 by kid", rs, jwtdebug.Options{JWKS: set}, jwtdebug.Valid, ""},
		{"PS384 without kid", ps, jwtdebug.Options{JWKS: set}, jwtdebug.Valid, ""},
		{"HS256 with secret", hs, jwtdebug.Options{Secret: secret}, jwtdebug.Valid, ""},
		{"HS256 with both key kinds", hs, jwtdebug.Options{JWKS: set, Secret: secret}, jwtdebug.Valid, ""},
		{"ES256 with both key kinds", es, jwtdebug.Options{JWKS: set, Secret: secret}, jwtdebug.Valid, ""},
		{"wrong secret", hs, jwtdebug.Options{Secret: []byte("guess")}, jwtdebug.Invalid, "the signature does not match"},
		{"tampered claims", tampered, jwtdebug.Options{JWKS: set}, jwtdebug.Invalid, "the signature does not match"},
		{"unknown kid", sign(t, jwt.SigningMethodES256, k.ec, "ec-2", accessClaims()), jwtdebug.Options{JWKS: set}, jwtdebug.Invalid, `no key with kid "ec-2" in the JWKS (it has kids "ec-1", "rsa-1")`},
		{"kid of another key type", sign(t, jwt.SigningMethodRS256, k.rsa, "ec-1", accessClaims()), jwtdebug.Options{JWKS: set}, jwtdebug.Invalid, `key "ec-1" is an EC P-256 key, which cannot verify RS256`},
		{"key confusion", confused, jwtdebug.Options{JWKS: set}, jwtdebug.Invalid, "alg HS256 needs the shared secret; a public key from a JWKS never verifies an HMAC signature"},
		{"public-key alg with only a secret", es, jwtdebug.Options{Secret: secret}, jwtdebug.Invalid, "alg ES256 needs a public key from a JWKS"},
		{"alg none", b64(`{"alg":"none"}`) + "." + b64(`{}`) + ".", jwtdebug.Options{Secret: secret}, jwtdebug.Invalid, `alg "none" is never accepted`},
		{"unsupported alg", b64(`{"alg":"ES384","kid":"ec-1"}`) + "." + b64(`{}`) + ".", jwtdebug.Options{JWKS: set}, jwtdebug.Invalid, "alg ES384 is not one the given keys verify (ES256, PS256, PS384, PS512, RS256, RS384, RS512)"},
		{"no alg", b64(`{"kid":"ec-1"}`) + "." + b64(`{}`) + ".", jwtdebug.Options{JWKS: set}, jwtdebug.Invalid, `the header names no "alg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := jwtdebug.Decode(tt.token, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d.Signature.State != tt.state || !strings.HasPrefix(d.Signature.Reason, tt.reason) {
				t.Errorf("Signature = %q, want state %d with reason starting %q", d.Signature, tt.state, tt.reason)
			}
			if tt.state == jwtdebug.Invalid && !strings.HasPrefix(d.Signature.String(), "INVALID: ") {
				t.Errorf("Signature.String() = %q, want an INVALID: prefix", d.Signature)
			}
		})
	}
}
