// Package lessons turns the simulator into a course: the lesson model, the
// loader and validator of lesson files, goal checking over the world's
// event log, the checker that proves every lesson completable by running
// its solutions headless, and the learner's progress store.
//
// A lesson is a Markdown file with front matter (id, title, summary, the
// world's starting settings, optional hidden setup) and steps, each with a
// narrative, a goal written as predicates over the events since the step
// began and the world's state, tiered hints, forbidden verbs, a solution in
// the scenario language and a debrief. content/AUTHORING.md describes the
// format for authors.
//
// The package imports sim and sim/script and nothing of the TUI, so a test,
// `tokenflow lessons check` and an SSH session use it alike.
package lessons
