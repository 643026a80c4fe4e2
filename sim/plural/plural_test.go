package plural_test

import (
	"fmt"
	"testing"

	"github.com/tokenflow/tokenflow/sim/plural"
)

func TestCountSaysOneInTheSingular(t *testing.T) {
	for n, want := range map[int]string{0: "0 learners", 1: "1 learner", 2: "2 learners", 21: "21 learners"} {
		if got := plural.Count(n, "learner"); got != want {
			t.Errorf("Count(%d, learner) = %q, want %q", n, got, want)
		}
	}
}

func ExampleCount() {
	fmt.Println(plural.Count(1, "exchange"), "·", plural.Count(5, "exchange"))
	// Output: 1 exchange · 5 exchanges
}
