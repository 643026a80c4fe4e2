package unchecked_test

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/internal/unchecked"
)

// TestEmbeddedClaimsAreDecodedNotValidated signs a token that expired
// long ago and is not yet valid: embedded Claims lets it parse, and the
// struct's own fields still carry what the token says.
func TestEmbeddedClaimsAreDecodedNotValidated(t *testing.T) {
	key := []byte("a key long enough for HS256 tests")
	raw, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": 1, "nbf": 4102444800, "sub": "alice"}).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		unchecked.Claims
		Subject string `json:"sub"`
		Expires int64  `json:"exp"`
	}
	if _, err := jwt.ParseWithClaims(raw, &got, func(*jwt.Token) (any, error) { return key, nil }); err != nil {
		t.Fatalf("an expired, not-yet-valid token was refused: %v", err)
	}
	if got.Subject != "alice" || got.Expires != 1 {
		t.Fatalf("claims decoded as %+v, want sub alice and exp 1", got)
	}
	if _, err := jwt.ParseWithClaims(raw, &got, func(*jwt.Token) (any, error) { return []byte("another key, also long enough"), nil }); err == nil {
		t.Fatal("a token signed with another key parsed: the signature must still be checked")
	}
}
