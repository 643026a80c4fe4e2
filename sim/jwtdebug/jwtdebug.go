// Package jwtdebug decodes a compact JWT the way jwt.io does, so a learner can
// see what a token says and whether its signature holds.
//
// Decode splits a token into its JOSE header and claims (RFC 7515 §7.1,
// RFC 7519 §3), turns the iat, nbf and exp NumericDates into instants, and,
// when given keys, checks the signature with github.com/golang-jwt/jwt/v5.
// Format renders the result as text, with each instant shown both as
// RFC 3339 and relative to a caller-supplied now: the package never reads the
// wall clock, so it works as well against the simulated clock of a tokenflow
// world as against real time.
//
// Every error Decode returns starts with "jwtdebug:"; no input makes it
// panic.
package jwtdebug

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxTokenSize is the largest token Decode accepts, in bytes. Real access
// tokens are a few hundred bytes to a few KiB; the limit keeps a pasted file
// or a hostile input from costing more than a glance.
const MaxTokenSize = 64 << 10

// Decoded is a token taken apart for display.
type Decoded struct {
	// Header is the JOSE header (RFC 7515 §4). Numbers are json.Number, so
	// large integers survive unrounded.
	Header map[string]any
	// Claims is the JWT claims set (RFC 7519 §4), numbers as in Header.
	Claims map[string]any
	// HeaderJSON and ClaimsJSON are Header and Claims as indented JSON with
	// keys in sorted order, so the same token always renders the same way.
	HeaderJSON string
	ClaimsJSON string
	// Times holds the iat, nbf and exp claims that are valid NumericDates,
	// in that order.
	Times []TimeClaim
	// Signature says whether the signature was checked and what came of it.
	// It covers the signature only: an authentic but expired token has a
	// valid signature and an exp in the past, and Times shows the latter.
	Signature SignatureStatus
	// Warnings lists things a careful reader should notice, such as an
	// unsigned token or an exp that is not a NumericDate.
	Warnings []string
}

// Options holds the keys Decode verifies signatures with. With neither set,
// the signature is not checked. With both set, the token's alg decides which
// one applies, and a JWKS public key never verifies an HMAC alg.
type Options struct {
	// JWKS verifies ES* and RS*/PS* signatures, selecting keys by kid.
	JWKS *KeySet
	// Secret verifies HS256, HS384 and HS512 signatures.
	Secret []byte
}

// timeClaimNames are the RFC 7519 §4.1 claims holding a NumericDate, in the
// order a token's life runs through them.
var timeClaimNames = []string{"iat", "nbf", "exp"}

// Decode parses the compact serialization of a signed JWT, ignoring
// surrounding whitespace, and checks its signature with the keys in opts.
// A token that cannot be decoded at all gives an error; a signature that
// does not verify does not: it is reported in Decoded.Signature, so the
// learner still sees what the token claims.
func Decode(token string, opts Options) (*Decoded, error) {
	token = strings.TrimSpace(token)
	switch {
	case token == "":
		return nil, errors.New("jwtdebug: empty token")
	case len(token) > MaxTokenSize:
		return nil, fmt.Errorf("jwtdebug: token is %d bytes; the limit is %d", len(token), MaxTokenSize)
	}
	parts := strings.Split(token, ".")
	switch len(parts) {
	case 3:
	case 5:
		return nil, errors.New("jwtdebug: token has 5 parts, so it is an encrypted JWE (RFC 7516); only signed JWTs (header.claims.signature) can be decoded")
	default:
		return nil, fmt.Errorf("jwtdebug: a JWT has 3 dot-separated parts (header.claims.signature); this token has %d", len(parts))
	}

	header, headerJSON, err := decodeObject("header", parts[0])
	if err != nil {
		return nil, err
	}
	claims, claimsJSON, err := decodeObject("claims", parts[1])
	if err != nil {
		return nil, err
	}
	if _, err := decodeSegment("signature", parts[2]); err != nil {
		return nil, err
	}

	d := &Decoded{
		Header:     header,
		Claims:     claims,
		HeaderJSON: headerJSON,
		ClaimsJSON: claimsJSON,
	}
	for _, name := range timeClaimNames {
		v, ok := claims[name]
		if !ok {
			continue
		}
		at, err := numericDate(v)
		if err != nil {
			d.Warnings = append(d.Warnings, fmt.Sprintf("%s %v; RFC 7519 §2 wants a NumericDate (seconds since 1970-01-01T00:00:00Z)", name, err))
			continue
		}
		d.Times = append(d.Times, TimeClaim{Name: name, At: at})
	}
	if alg, _ := header["alg"].(string); strings.EqualFold(alg, "none") {
		d.Warnings = append(d.Warnings, `alg is "none": the token is unsigned and anyone could have written it (RFC 8725 §3.1)`)
	}
	d.Signature = verify(token, header, opts)
	return d, nil
}

// decodeSegment undoes the base64url encoding of one token part. JWS forbids
// padding (RFC 7515 §2), so padded input is an error, as it is for jwt/v5.
func decodeSegment(name, seg string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return nil, fmt.Errorf("jwtdebug: %s is not unpadded base64url (RFC 7515 §2): %w", name, err)
	}
	return b, nil
}

// decodeObject decodes a base64url part holding a JSON object and returns it
// as a map and as indented JSON with sorted keys.
func decodeObject(name, seg string) (map[string]any, string, error) {
	raw, err := decodeSegment(name, seg)
	if err != nil {
		return nil, "", err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, "", fmt.Errorf("jwtdebug: %s is not a JSON object: %w", name, err)
	}
	// Decode accepts null into a map, and stops after the first value;
	// neither a null nor trailing data is a JWT part.
	if obj == nil {
		return nil, "", fmt.Errorf("jwtdebug: %s is not a JSON object: null", name)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "", fmt.Errorf("jwtdebug: %s has data after its JSON object", name)
	}

	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // show "<" as the issuer wrote it, not as \u003c
	enc.SetIndent("", "  ")
	if err := enc.Encode(obj); err != nil {
		return nil, "", fmt.Errorf("jwtdebug: %s: %w", name, err)
	}
	return obj, strings.TrimSuffix(out.String(), "\n"), nil
}

// NumericDates beyond these bounds (years 0001 and 9999) are surely
// mistakes, such as milliseconds where seconds belong, and would overflow
// time.Time arithmetic.
const (
	minNumericDate = -62135596800
	maxNumericDate = 253402300799
)

// numericDate converts a claim value to the instant it names. The error
// completes a sentence that begins with the claim's name.
func numericDate(v any) (time.Time, error) {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}, fmt.Errorf("is %s, not a number", jsonKind(v))
	}
	secs, err := strconv.ParseFloat(string(n), 64)
	if err != nil || secs < minNumericDate || secs > maxNumericDate {
		return time.Time{}, fmt.Errorf("%s is out of range", n)
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC(), nil
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case nil:
		return "null"
	default:
		return fmt.Sprintf("a %T", v)
	}
}
