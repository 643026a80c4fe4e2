package sim

import (
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// Limits bounds what a world remembers, for a world anyone can reach
// (tokenflow serve): there, anyone may sign in and send requests as often
// as they like, and no learner reads the log. The zero value remembers
// everything, as the tutorial, scripts and lessons need: a lesson goal
// reads the log from the step's start, sniff reads every exchange the
// client sent, and a login thirty days dead still answers "login expired".
type Limits struct {
	// Events is how many of the most recent events the log keeps; older
	// ones are dropped. Log.Len and Event.Seq still count every event.
	Events int
	// Issuer bounds the issuer's records; see issuer.Limits.
	Issuer issuer.Limits
	// Actions is the most actions a world takes (0: no bound). Each is
	// kept for undo and replay, and undo replays them all, so a world a
	// learner can drive for hours must stop somewhere; reset starts anew.
	Actions int
	// AutoRefreshes bounds the refreshes auto-refresh makes during one
	// action (0: 5000) and AutoRefreshTotal those over the world's life
	// (0: no bound): one jump across months of 30-second tokens must not
	// cost a shared server seconds of work, nor its replay minutes.
	AutoRefreshes, AutoRefreshTotal int
}

// RecordExchange runs serve, which answers one HTTP request that reached the
// world from outside (over tokenflow serve's real sockets rather than the
// in-process transport), and logs the exchange serve returns ahead of the
// events its handler emitted, so the log reads request first, consequences
// after, as it does for the world's own traffic. A nil exchange logs
// nothing but the events. The exchange's ID and At are set here.
//
// The world is not safe for concurrent use: a caller serving many
// connections must serialise its calls, and any other use of the world.
//
// What the world keeps of it: the exchange and its events in the log
// (within Limits.Events), and whatever the issuer records (within
// Limits.Issuer). It is not an action: nothing is kept for undo or replay,
// and no timer waits for the tokens it issued, which no actor of the
// world holds.
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
	w.Client.autoRefreshes = 0
	w.advance(w.Clock.Now().Add(d))
	return w.Clock.Now()
}
