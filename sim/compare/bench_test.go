package compare_test

import (
	"os"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/compare"
	"github.com/tokenflow/tokenflow/sim/script"
)

// BenchmarkCompareEveryPreset replays the thief-away scenario under every
// preset: what one `run --compare` of all of them costs, less the
// process. BenchmarkRunOnePolicy is one of those worlds alone, so the
// ratio says what comparing adds to running the script that many times.
func BenchmarkCompareEveryPreset(b *testing.B) {
	lines := scenario(b)
	var policies []compare.Policy
	for _, name := range sim.PresetNames() {
		p, _ := compare.PresetPolicy(name)
		policies = append(policies, p)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compare.Run(policies, lines, "thief-away.tf", 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRunOnePolicy(b *testing.B) {
	lines := scenario(b)
	b.ReportAllocs()
	for b.Loop() {
		w, err := sim.New(sim.Config{Seed: 1, Limits: script.WorldLimits})
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Apply(sim.Act("set preset okta")); err != nil {
			b.Fatal(err)
		}
		if err := script.Run(w, lines, "thief-away.tf", nil); err != nil && !strings.Contains(err.Error(), "expect") {
			b.Fatal(err)
		}
	}
}

func scenario(b *testing.B) []script.Line {
	b.Helper()
	src, err := os.ReadFile("../../content/scenarios/thief-away.tf")
	if err != nil {
		b.Fatal(err)
	}
	lines, err := script.Parse(strings.NewReader(string(src)), "thief-away.tf")
	if err != nil {
		b.Fatal(err)
	}
	return lines
}
