// Package dpop implements OAuth 2.0 Demonstrating Proof of Possession
// (RFC 9449) proofs: making one, as a client does for each request it
// sends with a key-bound token, and checking one, as the authorization
// server and the resource server do. A proof is a JWT the client signs
// with a private key it never sends; the token it goes with is bound to
// the key's thumbprint, so a copy of the token is useless without the key.
//
// Time comes from the caller: the world's simulated clock decides whether
// a proof is fresh, and replays are remembered on that clock too.
package dpop

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/internal/unchecked"
)

// Typ is the type every proof's header declares (RFC 9449 §4.2).
const Typ = "dpop+jwt"

// Algs are the signature algorithms a proof may use here, as metadata's
// dpop_signing_alg_values_supported and the DPoP challenge's algs say: only
// asymmetric ones, since the point is a key the verifier does not hold.
var Algs = []string{"ES256", "RS256"}

// Window is how far a proof's iat may lie from the verifier's clock: a
// proof is fresh for a minute, which is also how long its jti is
// remembered (RFC 9449 §11.1).
const Window = time.Minute

// Proof is what a proof asserts about the request it goes with.
type Proof struct {
	JTI   string    // unique per proof
	HTM   string    // the request's method
	HTU   string    // the request's URI, without query and fragment
	IAT   time.Time // when it was made
	ATH   string    // with an access token: base64url SHA-256 of it (ATH)
	Nonce string    // the server's nonce, when it asked for one
}

// Sign makes a proof for p, signed by key with method (ES256; a seeded
// world passes a deterministic signer), carrying the public half of key in
// its header.
func Sign(method jwt.SigningMethod, key *ecdsa.PrivateKey, p Proof) (string, error) {
	claims := jwt.MapClaims{"jti": p.JTI, "htm": p.HTM, "htu": p.HTU, "iat": p.IAT.Unix()}
	if p.ATH != "" {
		claims["ath"] = p.ATH
	}
	if p.Nonce != "" {
		claims["nonce"] = p.Nonce
	}
	t := jwt.NewWithClaims(method, claims)
	t.Header["typ"] = Typ
	t.Header["jwk"] = PublicJWK(&key.PublicKey)
	return t.SignedString(key)
}

// PublicJWK is an EC public key as a JWK (RFC 7517), with only the public
// members: a proof that carried the private one would publish it.
func PublicJWK(pub *ecdsa.PublicKey) map[string]any {
	size := (pub.Curve.Params().BitSize + 7) / 8
	return map[string]any{
		"kty": "EC", "crv": pub.Curve.Params().Name,
		"x": b64(pub.X.FillBytes(make([]byte, size))), "y": b64(pub.Y.FillBytes(make([]byte, size))),
	}
}

// ATH is the hash a proof carries of the access token it goes with
// (RFC 9449 §4.2): base64url of its SHA-256.
func ATH(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return b64(sum[:])
}

// Thumbprint is the JWK SHA-256 thumbprint of RFC 7638 §3: the hash of the
// key's required members, in lexical order, with no whitespace. Tokens are
// bound to it (cnf.jkt, RFC 9449 §6).
func Thumbprint(jwk map[string]any) (string, error) {
	var members []string
	switch jwk["kty"] {
	case "EC":
		members = []string{"crv", "kty", "x", "y"}
	case "RSA":
		members = []string{"e", "kty", "n"}
	default:
		return "", fmt.Errorf("dpop: a %v key has no thumbprint here", jwk["kty"])
	}
	// The members in order, no whitespace (RFC 7638 §3.3).
	b := make([]byte, 0, 256)
	b = append(b, '{')
	for i, m := range members {
		v, ok := jwk[m].(string)
		if !ok || v == "" {
			return "", fmt.Errorf("dpop: the JWK has no %s", m)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, m...)
		b = append(b, '"', ':')
		b = appendJSONString(b, v)
	}
	b = append(b, '}')
	sum := sha256.Sum256(b)
	return b64(sum[:]), nil
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// appendJSONString appends v quoted. A base64url value, which every
// member of a usable key is, needs no escaping and is copied as it is;
// anything else gets strconv's quoting, as before.
func appendJSONString(b []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, v)
		}
	}
	b = append(b, '"')
	b = append(b, v...)
	return append(b, '"')
}

// Fault names the check a proof failed, one value per reason a verifier
// says no, so an explanation can be chosen by cause.
type Fault string

// Faults, in the order RFC 9449 §4.3 lists its checks.
const (
	FaultMissing   Fault = "missing"   // no DPoP header where one is required
	FaultMany      Fault = "many"      // more than one DPoP header
	FaultMalformed Fault = "malformed" // not a JWT with the required claims
	FaultTyp       Fault = "typ"       // the header's typ is not dpop+jwt
	FaultAlg       Fault = "alg"       // a symmetric, unknown or none alg
	FaultKey       Fault = "key"       // no usable public jwk, or one with private members
	FaultSignature Fault = "signature" // not signed by the key it carries
	FaultHTM       Fault = "htm"       // made for another method
	FaultHTU       Fault = "htu"       // made for another URI
	FaultNonce     Fault = "nonce"     // the server's nonce is missing or stale
	FaultIAT       Fault = "iat"       // made too long ago, or in the future
	FaultATH       Fault = "ath"       // not made for this access token
	FaultReplay    Fault = "replay"    // its jti was seen already
	FaultBinding   Fault = "binding"   // signed by a key other than the one the token is bound to
	FaultBusy      Fault = "busy"      // the verifier remembers as many fresh proofs as it can: try later
)

// Error is a proof a verifier refused: which check, and a sentence for
// error_description.
type Error struct {
	Fault Fault
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

func fault(f Fault, format string, args ...any) *Error {
	return &Error{Fault: f, Msg: fmt.Sprintf(format, args...)}
}

// FaultOf reports which check err stands for, or "" when it is no *Error.
func FaultOf(err error) Fault {
	var e *Error
	if errors.As(err, &e) {
		return e.Fault
	}
	return ""
}

// Want is what the request a proof came with says it must assert.
type Want struct {
	HTM string // the request's method
	HTU string // the request's URI
	// ATH, when set, is the hash of the access token presented with the
	// proof, which the proof must carry (RFC 9449 §4.3, check 12).
	ATH string
	// JKT, when set, is the thumbprint of the key the presented token is
	// bound to (its cnf.jkt), which must have signed the proof.
	JKT string
	// Nonce, when set, says whether a nonce the server handed out is still
	// good; a proof without one, or with a stale one, fails with FaultNonce.
	Nonce func(string) bool
}

// claims are a proof's claims, as the checks read them; the checks below
// do their own time handling on the verifier's clock, so jwt/v5 validates
// none of them.
type claims struct {
	unchecked.Claims
	JTI   string          `json:"jti"`
	HTM   string          `json:"htm"`
	HTU   string          `json:"htu"`
	IAT   json.RawMessage `json:"iat"`
	ATH   string          `json:"ath"`
	Nonce string          `json:"nonce"`
}

// publicKey reads the proof header's jwk: the key the proof claims to be
// signed with, which must be public and of a kind the alg can use.
func publicKey(h map[string]any, alg string) (any, map[string]any, error) {
	jwk, ok := h["jwk"].(map[string]any)
	if !ok {
		return nil, nil, fault(FaultKey, "the proof's header carries no jwk")
	}
	for _, private := range []string{"d", "p", "q", "dp", "dq", "qi", "k"} {
		if _, has := jwk[private]; has {
			return nil, nil, fault(FaultKey, "the proof's jwk holds private key material (%s)", private)
		}
	}
	str := func(name string) []byte {
		s, _ := jwk[name].(string)
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			return nil
		}
		return b
	}
	switch {
	case alg == "ES256" && jwk["kty"] == "EC" && jwk["crv"] == "P-256":
		x, y := str("x"), str("y")
		if len(x) != 32 || len(y) != 32 {
			return nil, nil, fault(FaultKey, "the proof's jwk is not a P-256 point")
		}
		// RFC 8725 §3.4: a point off the curve is an attack, not a key;
		// the parser refuses one.
		var point [65]byte
		point[0] = 4
		copy(point[1:], x)
		copy(point[33:], y)
		key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point[:])
		if err != nil {
			return nil, nil, fault(FaultKey, "the proof's jwk is not a point on P-256")
		}
		return key, jwk, nil
	case alg == "RS256" && jwk["kty"] == "RSA":
		n, e := str("n"), str("e")
		// 2048 bits at least for strength, 4096 at most: verification
		// cost grows with the modulus, and anyone may send a proof.
		if len(n) < 256 || len(n) > 512 || len(e) == 0 || len(e) > 4 {
			return nil, nil, fault(FaultKey, "the proof's jwk is not an RSA key of 2048 to 4096 bits")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, jwk, nil
	}
	return nil, nil, fault(FaultKey, "the proof's jwk does not fit its alg %s", alg)
}

// sameURI compares two request URIs as RFC 9449 §4.3 check 9 does: scheme
// and host without regard to case or a default port, the path exactly,
// query and fragment not at all.
func sameURI(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	host := func(u *url.URL) string {
		h := strings.ToLower(u.Host)
		switch {
		case strings.EqualFold(u.Scheme, "https"):
			return strings.TrimSuffix(h, ":443")
		case strings.EqualFold(u.Scheme, "http"):
			return strings.TrimSuffix(h, ":80")
		}
		return h
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && host(ua) == host(ub) && ua.EscapedPath() == ub.EscapedPath()
}

// parse runs the checks RFC 9449 §4.3 makes of the proof itself, against
// want and the clock, and returns its claims and the thumbprint of its key.
func parse(proof string, want Want, now time.Time) (claims, string, error) {
	var c claims
	var jkt string
	tok, err := jwt.ParseWithClaims(proof, &c, func(t *jwt.Token) (any, error) {
		if typ, _ := t.Header["typ"].(string); !strings.EqualFold(typ, Typ) {
			return nil, fault(FaultTyp, "the proof's typ is %q, not %q", typ, Typ)
		}
		alg, _ := t.Header["alg"].(string)
		if !slices.Contains(Algs, alg) {
			return nil, fault(FaultAlg, "the proof's alg %q is not one of %s", alg, strings.Join(Algs, ", "))
		}
		pub, jwk, err := publicKey(t.Header, alg)
		if err != nil {
			return nil, err
		}
		if jkt, err = Thumbprint(jwk); err != nil {
			return nil, fault(FaultKey, "%v", err)
		}
		return pub, nil
	}, jwt.WithoutClaimsValidation()) // the key function allows only Algs, and says so
	var own *Error
	switch {
	case errors.As(err, &own):
		return c, "", own
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return c, "", fault(FaultSignature, "the proof is not signed by the key in its header")
	case err != nil || !tok.Valid:
		return c, "", fault(FaultMalformed, "the proof is not a well-formed JWT")
	}
	iat, ierr := strconv.ParseInt(string(c.IAT), 10, 64)
	switch {
	case c.JTI == "" || c.HTM == "" || c.HTU == "" || ierr != nil:
		return c, "", fault(FaultMalformed, "the proof lacks one of jti, htm, htu and a numeric iat")
	case len(c.JTI) > MaxJTI:
		return c, "", fault(FaultMalformed, "the proof's jti is longer than %d characters", MaxJTI)
	case c.HTM != want.HTM:
		return c, "", fault(FaultHTM, "the proof was made for %s, not %s", c.HTM, want.HTM)
	case !sameURI(c.HTU, want.HTU):
		return c, "", fault(FaultHTU, "the proof was made for %s, not %s", c.HTU, want.HTU)
	case want.Nonce != nil && (c.Nonce == "" || !want.Nonce(c.Nonce)):
		return c, "", fault(FaultNonce, "the proof must carry the server's current nonce")
	}
	if d := now.Sub(time.Unix(iat, 0)); d > Window || d < -Window {
		return c, "", fault(FaultIAT, "the proof was made at %s, more than %s from now", time.Unix(iat, 0).UTC().Format(time.RFC3339), clock.FormatDuration(Window))
	}
	if want.ATH != "" && c.ATH != want.ATH {
		return c, "", fault(FaultATH, "the proof's ath does not hash the access token it came with")
	}
	if want.JKT != "" && jkt != want.JKT {
		return c, "", fault(FaultBinding, "the proof was signed with a key other than the one the token is bound to")
	}
	return c, jkt, nil
}

type originKey struct{}

// WithOrigin returns ctx carrying the origin (scheme://host) a request was
// sent to, for a transport that knows it: the simulator's in-process one,
// whose client may speak plain HTTP to the server's HTTPS name.
func WithOrigin(ctx context.Context, origin string) context.Context {
	return context.WithValue(ctx, originKey{}, origin)
}

// RequestURI is the URI a proof's htu must name for a request that
// reached path: under the origin WithOrigin recorded, else under base, the
// server's own address. Never under the request line's absolute form,
// which the client writes: a proof made for another server would pass.
func RequestURI(r *http.Request, base, path string) string {
	if origin, ok := r.Context().Value(originKey{}).(string); ok && origin != "" {
		return origin + path
	}
	return strings.TrimSuffix(base, "/") + path
}
