package cmd

import "github.com/spf13/cobra"

// Flags of plain `tokenflow`, the interactive tutorial.
const (
	accessibleFlagName = "accessible"
	pausedFlagName     = "paused"
)

func init() { rootFlags = append(rootFlags, addTUIFlags) }

// addTUIFlags adds the TUI's flags to the root command. They are local to
// it: no subcommand opens the TUI.
func addTUIFlags(root *cobra.Command) {
	root.Flags().Bool(accessibleFlagName, false,
		"screen-reader mode: no full-screen panes, each event printed once as a line of text; same keys")
	root.Flags().Bool(pausedFlagName, false, "start with the simulated clock paused (space resumes it)")
}
