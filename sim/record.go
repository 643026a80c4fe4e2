package sim

import "time"

// RecordExchange runs serve, which answers one HTTP request that reached the
// world from outside (over tokenflow serve's real sockets rather than the
// in-process transport), and logs the exchange serve returns ahead of the
// events its handler emitted, so the log reads request first, consequences
// after, as it does for the world's own traffic. A nil exchange logs
// nothing but the events. The exchange's ID and At are set here.
//
// The world is not safe for concurrent use: a caller serving many
// connections must serialise its calls, and any other use of the world.
func (w *World) RecordExchange(serve func() *Exchange) {
	w.holdEvents(serve)
}

// Advance moves the simulated clock forward by d, firing the expiries it
// passes, and logs the move as the advance action does. It is for clock
// control from outside the action vocabulary (serve's /sim/clock/advance),
// so it is not recorded for undo or replay. A d of zero or less leaves the
// clock where it is but still fires timers due now.
func (w *World) Advance(d time.Duration) time.Time {
	if d < 0 {
		d = 0
	}
	w.advance(w.Clock.Now().Add(d))
	return w.Clock.Now()
}
