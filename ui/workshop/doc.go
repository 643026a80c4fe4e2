// Package workshop serves tokenflow to a room over SSH: one Bubble Tea
// program and one world per connection, progress kept per SSH user name,
// limits on sessions, idleness, session length and input rate, an
// instructor dashboard that lists every learner live and can reset their
// worlds between groups, and a graceful shutdown that lets every model save.
//
// The package knows nothing about the tutorial's screens. Config.NewModel
// builds the model for each learner from a Session (user, state directory,
// the learner's progress store, shared by all their sessions, terminal size,
// a way to report progress to the dashboard); models in turn handle
// ResetWorldMsg and ShutdownMsg, which the server sends them.
package workshop
