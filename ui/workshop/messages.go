package workshop

// ResetWorldMsg is sent to a learner's program when the instructor resets
// their world, or every learner's (Room). A model should replace its world
// with a fresh one (new keys, clock and attacker) and keep the learner's
// lesson progress, which belongs to the person rather than to the world. A
// learner on a finished step keeps its world, the evidence its debrief
// talks about, and goes on to a fresh one; the dashboard says so
// (Status.Done).
type ResetWorldMsg struct {
	// Room reports that the instructor reset every learner's world, not
	// this learner's alone.
	Room bool
}

// ProgressClearedMsg is sent to every session of a learner whose lesson
// progress the instructor has just cleared, one learner's or the whole
// room's between groups. The learner's store is empty already; a model
// should forget the steps it shows as completed, and say so.
type ProgressClearedMsg struct{}

// ProgressChangedMsg is sent to every session of a learner when one of
// them has completed a step in the learner's store (Session.Progress),
// which they share: a second terminal's menu must show the step done too.
// A model should read the store again; progress only grows between two
// ProgressClearedMsg.
type ProgressChangedMsg struct{}

// ShutdownMsg is sent to a learner's program when the server ends the
// session: the server is shutting down, the learner has been idle too long or
// the session has reached its maximum length. Reason says which, in words fit
// to show the learner. A model should save its progress and quit, for
// example with tea.Sequence(saveCmd, tea.Quit); the server waits
// Config.ShutdownGrace for it before quitting the program itself.
type ShutdownMsg struct {
	Reason string
}

// LimitMsg is sent to a session's program when one of the server's limits
// has changed what the learner sent: input dropped for arriving too fast, a
// paste ignored for its length, a terminal drawn smaller than it is. Text
// says what, in words fit to show the learner. A model should show it (a
// status line will do) and carry on; the session goes on.
type LimitMsg struct {
	Text string
}
