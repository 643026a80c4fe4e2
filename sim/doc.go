// Package sim is the tokenflow world: a simulated clock, a real OAuth 2.0
// issuer and resource API reached over net/http, the learner's client app,
// an attacker, and an append-only event log.
//
// Everything a learner, a script, a lesson or a test does is an Action
// applied by World.Apply. The world never reads the wall clock and draws
// all randomness from a seed, so the same actions give the same events,
// byte for byte; undo is a replay of all actions but the last.
package sim
