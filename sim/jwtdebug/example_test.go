package jwtdebug_test

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
)

// Decode an HS256 access token five minutes after it was issued, checking
// its signature with the shared secret.
func ExampleDecode() {
	secret := []byte("tutorial-secret")
	issued := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "alice",
		"iat": issued.Unix(),
		"exp": issued.Add(15 * time.Minute).Unix(),
	}).SignedString(secret)
	if err != nil {
		fmt.Println(err)
		return
	}

	d, err := jwtdebug.Decode(token, jwtdebug.Options{Secret: secret})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(d.Format(issued.Add(5 * time.Minute)))
	// Output:
	// Header:
	// {
	//   "alg": "HS256",
	//   "typ": "JWT"
	// }
	//
	// Claims:
	// {
	//   "exp": 1767604500,
	//   "iat": 1767603600,
	//   "sub": "alice"
	// }
	//
	// Times (now is 2026-01-05T09:05:00Z):
	//   iat  2026-01-05T09:00:00Z  issued 5m ago
	//   exp  2026-01-05T09:15:00Z  expires in 10m
	//   lifetime 15m (exp - iat)
	//
	// Signature: valid
}

// Garbage gives an error that says what is wrong, never a panic.
func ExampleDecode_garbage() {
	_, err := jwtdebug.Decode("not-a-token", jwtdebug.Options{})
	fmt.Println(err)
	// Output:
	// jwtdebug: a JWT has 3 dot-separated parts (header.claims.signature); this token has 1
}
