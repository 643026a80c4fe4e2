package dpop_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/dpop"
)

var t0 = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

func key(t *testing.T, seed byte) *ecdsa.PrivateKey {
	t.Helper()
	var raw [32]byte
	raw[31] = seed
	raw[0] = 1
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw[:])
	if err != nil {
		t.Fatal(err)
	}
	return k
}

const htu = "https://tokenflow.test/token"

func sign(t *testing.T, k *ecdsa.PrivateKey, p dpop.Proof) string {
	t.Helper()
	s, err := dpop.Sign(jwt.SigningMethodES256, k, p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestThumbprintMatchesRFC7638 checks the thumbprint against the worked
// example of RFC 7638 §3.1.
func TestThumbprintMatchesRFC7638(t *testing.T) {
	jwk := map[string]any{
		"kty": "RSA", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29",
		"n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
	}
	got, err := dpop.Thumbprint(jwk)
	if err != nil || got != "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs" {
		t.Errorf("thumbprint %q, %v; want RFC 7638's", got, err)
	}
}

func TestAGoodProofPassesOnceAndNamesItsKey(t *testing.T) {
	k := key(t, 1)
	c := dpop.NewChecker()
	p := sign(t, k, dpop.Proof{JTI: "a", HTM: "POST", HTU: htu, IAT: t0})
	jkt, err := c.Check([]string{p}, dpop.Want{HTM: "POST", HTU: "https://TOKENFLOW.test:443/token?x=1"}, t0.Add(10*time.Second))
	want, _ := dpop.Thumbprint(dpop.PublicJWK(&k.PublicKey))
	if err != nil || jkt != want {
		t.Fatalf("Check = %q, %v; want %q", jkt, err, want)
	}
	if _, err := c.Check([]string{p}, dpop.Want{HTM: "POST", HTU: htu}, t0.Add(20*time.Second)); dpop.FaultOf(err) != dpop.FaultReplay {
		t.Errorf("the same proof again: %v, want a replay", err)
	}
	// Once the window is over the jti is forgotten, and the stale iat is
	// what refuses the proof.
	if _, err := c.Check([]string{p}, dpop.Want{HTM: "POST", HTU: htu}, t0.Add(5*time.Minute)); dpop.FaultOf(err) != dpop.FaultIAT {
		t.Errorf("the proof five minutes on: %v, want a stale iat", err)
	}
}

// TestEachCheckRefusesItsOwnFault is RFC 9449 §4.3's list, one case each.
func TestEachCheckRefusesItsOwnFault(t *testing.T) {
	k := key(t, 2)
	good := dpop.Proof{JTI: "j", HTM: "GET", HTU: "https://tokenflow.test/api/profile", IAT: t0, ATH: dpop.ATH("token")}
	want := dpop.Want{HTM: "GET", HTU: "https://tokenflow.test/api/profile", ATH: dpop.ATH("token")}
	with := func(edit func(*dpop.Proof)) string {
		p := good
		edit(&p)
		return sign(t, k, p)
	}
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"jti": "j", "htm": "GET", "htu": want.HTU, "iat": t0.Unix()})
	hs.Header["typ"] = dpop.Typ
	hs.Header["jwk"] = dpop.PublicJWK(&k.PublicKey)
	symmetric, _ := hs.SignedString([]byte("secret"))
	untyped := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"jti": "j", "htm": "GET", "htu": want.HTU, "iat": t0.Unix()})
	untyped.Header["jwk"] = dpop.PublicJWK(&k.PublicKey)
	noTyp, _ := untyped.SignedString(k)
	other := key(t, 3)
	stranger := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"jti": "j", "htm": "GET", "htu": want.HTU, "iat": t0.Unix(), "ath": want.ATH})
	stranger.Header["typ"] = dpop.Typ
	stranger.Header["jwk"] = dpop.PublicJWK(&k.PublicKey)
	otherKey, _ := stranger.SignedString(other)
	private := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"jti": "j", "htm": "GET", "htu": want.HTU, "iat": t0.Unix()})
	private.Header["typ"] = dpop.Typ
	jwk := dpop.PublicJWK(&k.PublicKey)
	jwk["d"] = base64.RawURLEncoding.EncodeToString(k.D.Bytes())
	private.Header["jwk"] = jwk
	leaked, _ := private.SignedString(k)
	// RFC 8725 §3.4: a jwk whose x and y are no point of P-256 (y = x).
	offCurve := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"jti": "j", "htm": "GET", "htu": want.HTU, "iat": t0.Unix(), "ath": want.ATH})
	offCurve.Header["typ"] = dpop.Typ
	bent := dpop.PublicJWK(&k.PublicKey)
	bent["y"] = bent["x"]
	offCurve.Header["jwk"] = bent
	invalid, _ := offCurve.SignedString(k)
	for _, tt := range []struct {
		name    string
		headers []string
		want    dpop.Fault
	}{
		{"no header", nil, dpop.FaultMissing},
		{"two headers", []string{with(func(*dpop.Proof) {}), with(func(*dpop.Proof) {})}, dpop.FaultMany},
		{"garbage", []string{"not.a.jwt"}, dpop.FaultMalformed},
		{"no typ", []string{noTyp}, dpop.FaultTyp},
		{"HS256", []string{symmetric}, dpop.FaultAlg},
		{"a private jwk", []string{leaked}, dpop.FaultKey},
		{"a jwk off the curve", []string{invalid}, dpop.FaultKey},
		{"signed by another key", []string{otherKey}, dpop.FaultSignature},
		{"another method", []string{with(func(p *dpop.Proof) { p.HTM = "POST" })}, dpop.FaultHTM},
		{"another URI", []string{with(func(p *dpop.Proof) { p.HTU = "https://tokenflow.test/token" })}, dpop.FaultHTU},
		{"stale", []string{with(func(p *dpop.Proof) { p.IAT = t0.Add(-2 * time.Minute) })}, dpop.FaultIAT},
		{"from the future", []string{with(func(p *dpop.Proof) { p.IAT = t0.Add(2 * time.Minute) })}, dpop.FaultIAT},
		{"another token", []string{with(func(p *dpop.Proof) { p.ATH = dpop.ATH("other") })}, dpop.FaultATH},
		{"no ath", []string{with(func(p *dpop.Proof) { p.ATH = "" })}, dpop.FaultATH},
		{"a jti too long to remember", []string{with(func(p *dpop.Proof) { p.JTI = strings.Repeat("j", dpop.MaxJTI+1) })}, dpop.FaultMalformed},
	} {
		_, err := dpop.NewChecker().Check(tt.headers, want, t0)
		if got := dpop.FaultOf(err); got != tt.want {
			t.Errorf("%s: fault %q (%v), want %q", tt.name, got, err, tt.want)
		}
	}
	nonce := dpop.Want{HTM: "GET", HTU: want.HTU, ATH: want.ATH, Nonce: func(n string) bool { return n == "fresh" }}
	if _, err := dpop.NewChecker().Check([]string{with(func(*dpop.Proof) {})}, nonce, t0); dpop.FaultOf(err) != dpop.FaultNonce {
		t.Errorf("no nonce where the server wants one: %v", err)
	}
	if _, err := dpop.NewChecker().Check([]string{with(func(p *dpop.Proof) { p.Nonce = "fresh" })}, nonce, t0); err != nil {
		t.Errorf("the server's nonce: %v", err)
	}
	mine, _ := dpop.Thumbprint(dpop.PublicJWK(&k.PublicKey))
	theirs, _ := dpop.Thumbprint(dpop.PublicJWK(&other.PublicKey))
	bound := want
	bound.JKT = theirs
	if _, err := dpop.NewChecker().Check([]string{with(func(*dpop.Proof) {})}, bound, t0); dpop.FaultOf(err) != dpop.FaultBinding {
		t.Errorf("a proof from a key the token is not bound to: %v", err)
	}
	bound.JKT = mine
	if _, err := dpop.NewChecker().Check([]string{with(func(*dpop.Proof) {})}, bound, t0); err != nil {
		t.Errorf("a proof from the key the token is bound to: %v", err)
	}
}

func TestAnRSAProofIsAccepted(t *testing.T) {
	rk, err := rsa.GenerateKey(deterministic{}, 2048)
	if err != nil {
		t.Skip("no RSA key:", err)
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"jti": "r", "htm": "POST", "htu": htu, "iat": t0.Unix()})
	tok.Header["typ"] = dpop.Typ
	tok.Header["jwk"] = map[string]any{"kty": "RSA", "n": base64.RawURLEncoding.EncodeToString(rk.N.Bytes()), "e": "AQAB"}
	proof, _ := tok.SignedString(rk)
	if _, err := dpop.NewChecker().Check([]string{proof}, dpop.Want{HTM: "POST", HTU: htu}, t0); err != nil {
		t.Errorf("an RS256 proof: %v", err)
	}
}

// deterministic is a fixed byte stream for a reproducible RSA key.
type deterministic struct{}

func (deterministic) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i*7 + 3)
	}
	return len(p), nil
}
