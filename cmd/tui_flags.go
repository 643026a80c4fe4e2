package cmd

import "github.com/spf13/cobra"

// Flags of plain `tokenflow`, the interactive tutorial.
const (
	accessibleFlagName = "accessible"
	pausedFlagName     = "paused"
	presentFlagName    = "present"
)

// presentFlagUsage describes --present, which `demo` has too.
const presentFlagUsage = "presenter mode, for a projector: big clock, fewer and larger panes, high contrast (P toggles it)"

// addTUIFlags adds the TUI's flags to the root command. They are local to
// it: `demo`, the one subcommand that opens the TUI, has its own.
func addTUIFlags(root *cobra.Command) {
	root.Flags().Bool(accessibleFlagName, false,
		"screen-reader mode: no full-screen panes, each event printed once as a line of text; same keys")
	root.Flags().Bool(pausedFlagName, false, "start with the simulated clock paused (space resumes it)")
	root.Flags().Bool(presentFlagName, false, presentFlagUsage)
}
