package dpop_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/dpop"
)

// FuzzCheck feeds the proof checker what any client can put in a DPoP
// header: it must answer with a fault, never panic, and accept only a
// proof that names a key.
func FuzzCheck(f *testing.F) {
	var raw [32]byte
	raw[0], raw[31] = 1, 5
	k, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw[:])
	if err != nil {
		f.Fatal(err)
	}
	good, err := dpop.Sign(jwt.SigningMethodES256, k, dpop.Proof{JTI: "f", HTM: "POST", HTU: htu, IAT: t0})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{good, "", "a.b.c", "eyJ0eXAiOiJkcG9wK2p3dCJ9..", good + "x", "..."} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, proof string) {
		jkt, err := dpop.NewChecker().Check([]string{proof}, dpop.Want{HTM: "POST", HTU: htu}, t0.Add(time.Second))
		switch {
		case err == nil && jkt == "":
			t.Fatalf("accepted %q without naming its key", proof)
		case err != nil && dpop.FaultOf(err) == "":
			t.Fatalf("refused %q without a fault: %v", proof, err)
		}
	})
}
