// Package ui is tokenflow's terminal interface: a Bubble Tea v2 program in
// which a learner drives a sim.World with single keys and watches tokens
// live, expire, rotate and get stolen on the simulated clock.
//
// # Architecture
//
// Only Model, in this package, implements tea.Model; everything else is a
// plain struct that draws strings and answers method calls. The packages,
// by what a reader looks for:
//
//	ui             the root: Options, New, Model; routing (update.go), the
//	               world actions, undo and reset (act.go), the layout of
//	               the frame (layout.go), the status, next and key lines
//	               (chrome.go), the accessible mode (accessible.go,
//	               printer.go), the workshop's messages
//	ui/common      Common (size, styles, keys, dark, accessible, the
//	               accessible mode's queued lines), Focus (where the next
//	               key goes), Scene (the world on screen as the panes see
//	               it, with its cache key), frames and fitting, caches,
//	               Scroller, status lines, the Why of each cause, the
//	               sandbox tour's next step
//	ui/styles      the palette and the precompiled styles (Style)
//	ui/keymap      every key binding, the key → sim.Action table, help
//	               entries
//	ui/components  one package a pane: clockbar (the clock's speed, driver
//	               and tick, and its bar), wallet, family, happened,
//	               sequence, inspector, settings, help (the overlay), prompt
//	               (the `:` textinput)
//	ui/course      the lesson menu, a lesson's steps, hints, debriefs and
//	               progress; owns the menu, lesson and sandbox screens
//	ui/compare     the compare view: two presets' worlds of its own, driven
//	               by the same keys; the root holds it as common.Focus.Screen
//	ui/demo        the demo player (its timing, jumps and speaker
//	               notes' cue file), presenter mode, the session export,
//	               the notes terminal and the asciicast recorder
//	ui/workshop    the SSH workshop server; it knows nothing of the above
//
// A component holds pointers to the root's Common and Scene, draws itself
// with Render(w, h) under a cache keyed on what it shows, handles its own
// keys in Update (selection, scrolling), and names them in ShortHelp, for
// the key line, and FullHelp, which the help overlay lists after the
// global keys (helpkeys.go), so that help names every key that works. The
// course and the demo change the world on screen, the clock, the status
// line and the focus only through the small Host interfaces they declare,
// which host.go implements.
//
// Components take their size in Render(w, h), not in soft-serve's
// SetSize followed by View: the layout (layout.go) decides each pane's
// size anew every frame from what the frame holds (a step's pane, the
// lesson text folded or not, an overlay, presenter mode, the compare
// view's two worlds), and one pane may be drawn at two sizes in one frame
// (the wallet in the actors column and in the presenter's strip). With the
// size an argument, and a part of each pane's cache key, no pane keeps a
// size that a change of layout between two frames could leave stale.
//
// # Messages
//
// Update routes, in order: the course's own messages (glamour renderings,
// saved progress); a paste, to the open prompt; the window size and the
// terminal's background, to Common; the clock's tick, to the clock; keys;
// the demo's timer, a finished export and the workshop's messages. After a
// key, a tick or a resize the course checks the open step's goal, and the
// accessible mode prints what happened.
//
// Keys go, in order: to the open prompt (every key but ctrl+c); quit; the
// answer to a sub-menu's question; the open overlay; where am I and the
// prompt's key; an open screen such as the compare view (every key but
// help); the course's screens (the menu takes every key but help);
// the settings panel; the demo, presenter and export keys; the keys that
// act on the world or the clock; last the focused pane.
//
// # Costs
//
// World actions apply synchronously in Update, in the order the keys
// arrived: they take microseconds and their order is the story. Each pane
// caches its rendering under a key made of what it depends on (the world's
// log length, the simulated second, the size, the focus), and the frame
// caches its parts, so a frame in which nothing changed costs almost
// nothing. Nothing here is package-level mutable state, so an SSH server
// can build one Model per session with New.
package ui
