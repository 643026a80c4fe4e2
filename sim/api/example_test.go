package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// The API checks an access token by itself, with the issuer's keys and
// its own clock: signature, issuer, audience, exp and typ (RFC 9068 §4).
// A genuine token for another API is refused for its audience, and the
// answer is the 401 challenge RFC 6750 §3.1 describes.
func Example() {
	now := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	iss, err := issuer.New(issuer.Config{
		URL: "https://tokenflow.test", Audience: "https://tokenflow.test/api",
		Now: clock, Rand: rand.NewChaCha8([32]byte{}), Policy: issuer.DefaultPolicy(),
	})
	if err != nil {
		panic(err)
	}
	srv := api.New(api.Config{Issuer: iss.URL(), Audience: iss.Audience(), Now: clock, Keys: iss})

	ours, _ := iss.MintForAudience("alice", iss.Audience())
	if claims, err := srv.Validate(ours); err == nil {
		fmt.Println("accepted:", claims.Subject)
	}

	theirs, _ := iss.MintForAudience("alice", "https://billing.tokenflow.test")
	_, err = srv.Validate(theirs)
	fmt.Println("refused:", api.RefusalOf(err), "-", err)

	req := httptest.NewRequest(http.MethodGet, api.PathProfile, nil)
	req.Header.Set("Authorization", "Bearer "+theirs)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("WWW-Authenticate"))
	// Output:
	// accepted: alice
	// refused: audience - the token is not meant for this API (aud)
	// 401 Bearer realm="tokenflow", error="invalid_token", error_description="the token is not meant for this API (aud)"
}
