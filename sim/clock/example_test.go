package clock_test

import (
	"fmt"
	"time"

	"github.com/tokenflow/tokenflow/sim/clock"
)

// A simulated clock never moves by itself: Advance moves it, and every
// timer it passes fires in time order, each seeing its own instant. A
// token's expiry is a timer like any other, so a jump of a week costs
// only the timers it passes.
func Example() {
	c := clock.New(clock.Start)
	exp := c.Now().Add(15 * time.Minute)
	c.Schedule(exp, func(now time.Time) { fmt.Println("access token expired at", now.Format("15:04:05")) })
	c.Schedule(c.Now().Add(14*time.Minute), func(now time.Time) { fmt.Println("auto-refresh at", now.Format("15:04:05")) })

	next, _ := c.Next()
	fmt.Println("next timer:", next.Format("15:04:05"))
	c.Advance(7 * 24 * time.Hour)
	fmt.Println("now:", c.Now().Format("Mon 2 Jan 15:04:05"), "pending:", c.Pending())
	// Output:
	// next timer: 09:14:00
	// auto-refresh at 09:14:00
	// access token expired at 09:15:00
	// now: Mon 12 Jan 09:00:00 pending: 0
}

// FormatDuration says a duration the way token lifetimes are said.
func ExampleFormatDuration() {
	for _, d := range []time.Duration{15 * time.Minute, 7 * 24 * time.Hour, 90 * time.Minute, 30 * time.Second} {
		fmt.Println(clock.FormatDuration(d))
	}
	// Output:
	// 15m
	// 7d
	// 1h30m
	// 30s
}
