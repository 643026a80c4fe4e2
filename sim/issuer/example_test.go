package issuer_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// exampleIssuer is an issuer on a clock that stands still, with seeded
// randomness: its keys and tokens are the same on every run.
func exampleIssuer() *issuer.Issuer {
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	iss, err := issuer.New(issuer.Config{
		URL: "https://tokenflow.test", Audience: "https://tokenflow.test/api",
		Now: func() time.Time { return now }, Rand: rand.NewChaCha8([32]byte{}), Policy: issuer.DefaultPolicy(),
	})
	if err != nil {
		panic(err)
	}
	return iss
}

// A client finds the endpoints in the issuer's metadata (RFC 8414), and
// learns there that PKCE must use S256.
func Example_metadata() {
	iss := exampleIssuer()
	rec := httptest.NewRecorder()
	iss.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, issuer.PathMetadata, nil))
	var meta issuer.Metadata
	if err := json.Unmarshal(rec.Body.Bytes(), &meta); err != nil {
		panic(err)
	}
	fmt.Println(meta.Issuer)
	fmt.Println(meta.TokenEndpoint)
	fmt.Println(meta.CodeChallengeMethodsSupported)
	// Output:
	// https://tokenflow.test
	// https://tokenflow.test/token
	// [S256]
}

// A refresh token the issuer has no record of gets 400 invalid_grant
// (RFC 6749 §5.2), with no-store so that no cache keeps the answer.
func Example_refreshRefused() {
	iss := exampleIssuer()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"made-up"}, "client_id": {issuer.PublicClientID}}
	req := httptest.NewRequest(http.MethodPost, issuer.PathToken, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	iss.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"))
	fmt.Print(rec.Body.String())
	// Output:
	// 400 no-store
	// {"error":"invalid_grant","error_description":"unknown refresh token"}
}
