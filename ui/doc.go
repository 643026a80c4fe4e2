// Package ui is tokenflow's terminal interface: a Bubble Tea v2 program in
// which a learner drives a sim.World with single keys and watches tokens
// live, expire, rotate and get stolen on the simulated clock.
//
// Only Model implements tea.Model. The panes (clock bar, wallet, token
// family, sequence diagram, inspector, settings, help) are plain structs
// whose Render methods return strings; they share one Common value with
// the size, the Styles and the KeyMap. Nothing here is package-level
// mutable state, so an SSH server can build one Model per session with New.
//
// World actions apply synchronously in Update, in the order the keys
// arrived: they take microseconds and their order is the story. Each pane
// caches its rendered string under a key made of what it depends on (the
// world's log length, the simulated second, the size, the focus), so a
// frame in which nothing changed costs almost nothing.
package ui
