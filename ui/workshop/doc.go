// Package workshop serves tokenflow to a room over SSH: one Bubble Tea
// program and one world per connection, progress kept per SSH user name,
// limits on sessions, idleness, session length and input rate, an
// instructor dashboard, and a graceful shutdown that lets every model save.
//
// The package knows nothing about the tutorial's screens. Config.NewModel
// builds the model for each learner from a Session (user, state directory,
// the learner's progress store, shared by all their sessions, terminal size,
// a way to report where they are to the dashboard); models in turn handle
// ResetWorldMsg, ProgressClearedMsg, ProgressChangedMsg, ShutdownMsg and
// LimitMsg, which the server sends them.
//
// By file, what a reader looks for:
//
//	config.go     Config, its defaults and the limits a learner's world has
//	messages.go   what the server sends a model
//	server.go     admission, the session's life, shutdown, the limits' sweep
//	ending.go     how a session ends, in bounded steps, even when its client
//	              has stopped reading: the goodbye, and hanging up
//	session.go    Session and Status, the server's record of a connection
//	seat.go       what surrounds each session's model: for a learner, the
//	              question before leaving, the instructor's messages on top
//	              of the tutorial, the copy of the screen an instructor
//	              watches
//	screen.go     how a session's frames reach the terminal: changed lines
//	              only, instead of Bubble Tea's cell renderer
//	dashboard*.go the instructor's dashboard: the learners by lesson, step,
//	              time on the step, hints and refusals, who looks stuck;
//	              watching a screen; its keys and their help
//	room.go       what the dashboard does to the room (room, roomView)
//	archive.go    the CSV export and archiving the progress between groups
//	lock*.go      the state directory's lock: one server a directory, and
//	              no archive from outside while it runs
//	input.go, guard.go, window.go, addrs.go, auth.go, users.go, logwriter.go
//	              the program's filter, the input guard, window sizes,
//	              connections per address, authentication, learners' names,
//	              the server's log that never waits for its reader
package workshop
