// Command tokenflow is an interactive terminal tutorial about OAuth access
// and refresh tokens; see package cmd for its command line.
package main

import (
	"os"

	"github.com/tokenflow/tokenflow/cmd"
)

func main() {
	os.Exit(cmd.Execute())
}
