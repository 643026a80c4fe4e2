package issuer

import (
	"encoding/base64"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// encodeJWT signs a compact JWS (RFC 7515 §7.1). jwt/v5 would build the
// same bytes through maps and reflection; minting is the heart of every
// refresh, so header and claims are written directly and only the
// signature goes through the jwt/v5 signing method.
func encodeJWT(method jwt.SigningMethod, key any, kid, typ string, claims []byte) (string, error) {
	header := make([]byte, 0, 64)
	header = append(header, `{"alg":`...)
	header = appendJSONString(header, method.Alg())
	header = append(header, `,"kid":`...)
	header = appendJSONString(header, kid)
	header = append(header, `,"typ":`...)
	header = appendJSONString(header, typ)
	header = append(header, '}')

	enc := base64.RawURLEncoding
	buf := make([]byte, 0, enc.EncodedLen(len(header))+enc.EncodedLen(len(claims))+100)
	buf = enc.AppendEncode(buf, header)
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, claims)
	sig, err := method.Sign(string(buf), key)
	if err != nil {
		return "", err
	}
	buf = append(buf, '.')
	buf = enc.AppendEncode(buf, sig)
	return string(buf), nil
}

// accessClaimsJSON is the claims set of an RFC 9068 access token.
func accessClaimsJSON(iss, sub, aud, clientID, scope, jti, jkt string, iat, exp time.Time) []byte {
	b := make([]byte, 0, 256)
	b = append(b, `{"iss":`...)
	b = appendJSONString(b, iss)
	b = append(b, `,"sub":`...)
	b = appendJSONString(b, sub)
	b = append(b, `,"aud":`...)
	b = appendJSONString(b, aud)
	b = append(b, `,"exp":`...)
	b = strconv.AppendInt(b, exp.Unix(), 10)
	b = append(b, `,"iat":`...)
	b = strconv.AppendInt(b, iat.Unix(), 10)
	b = append(b, `,"jti":`...)
	b = appendJSONString(b, jti)
	b = append(b, `,"client_id":`...)
	b = appendJSONString(b, clientID)
	b = append(b, `,"scope":`...)
	b = appendJSONString(b, scope)
	if jkt != "" {
		// RFC 9449 §6.1: the token is bound to the key with this thumbprint.
		b = append(b, `,"cnf":{"jkt":`...)
		b = appendJSONString(b, jkt)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string (RFC 8259 §7): quotes,
// backslashes and control characters escaped, everything else as is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
