package clock_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// BenchmarkJump30DaysTenThousandTimers measures the cost DESIGN bounds:
// jumping 30 days must cost milliseconds even with many timers due. It
// reports the cost per fired timer, the number that scales.
func BenchmarkJump30DaysTenThousandTimers(b *testing.B) {
	const timers = 10000
	const span = 30 * 24 * time.Hour
	r := rand.New(rand.NewChaCha8([32]byte{1}))
	offsets := make([]time.Duration, timers)
	for i := range offsets {
		offsets[i] = time.Duration(r.Int64N(int64(span)))
	}
	fired := 0
	fn := func(time.Time) { fired++ }
	for b.Loop() {
		b.StopTimer()
		c := clock.New(t0)
		for _, d := range offsets {
			c.Schedule(t0.Add(d), fn)
		}
		b.StartTimer()
		c.Advance(span)
	}
	if fired != b.N*timers {
		b.Fatalf("fired %d timers, want %d", fired, b.N*timers)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*timers), "ns/timer")
}
