package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/family"
)

// TestMonkeyKeepsTheWorldSound presses thousands of random keys, with
// random resizes in between, against the real model, from a fixed seed.
// No key may panic, the simulated clock never runs backwards except by
// undo or reset, no token is both current and revoked, and every frame
// fits its terminal.
func TestMonkeyKeepsTheWorldSound(t *testing.T) {
	steps := 3000
	if testing.Short() {
		steps = 500
	}
	rng := rand.New(rand.NewPCG(7, 11))
	m := newModel(t)
	resize(m, 120, 40)

	// Every key the keymap knows, weighted towards the world's actions,
	// plus keys it does not know.
	var keys []string
	for _, g := range m.com.Keys.Groups() {
		for _, b := range g.Bindings {
			if b.Help().Key == "q" {
				continue // quitting ends the program, not the test
			}
			keys = append(keys, b.Keys()...)
		}
	}
	keys = append(keys, "esc", "left", "right", "home", "end", "pgup", "pgdown", "Z", "9", "%", "ctrl+a", "shift+tab")
	for _, world := range []string{"l", "c", "r", "j", "t", "T", "a", "A", "]", "}", "u"} {
		keys = append(keys, world, world)
	}

	gen := m.sc.Gen
	last := m.World().Now()
	for i := 0; i < steps; i++ {
		if rng.IntN(12) == 0 {
			resize(m, rng.IntN(260), rng.IntN(80))
		} else {
			k := keys[rng.IntN(len(keys))]
			press(m, k)
		}
		w := m.World()
		if now := w.Now(); now.Before(last) && m.sc.Gen == gen {
			t.Fatalf("step %d: the clock went back from %s to %s without undo or reset", i, last, now)
		}
		gen, last = m.sc.Gen, w.Now()

		fv := family.Read(w)
		for _, n := range fv.Nodes {
			if n.Current && (fv.Info.Revoked || n.State == issuer.StateRevoked) {
				t.Fatalf("step %d: generation %d of %s is marked current and revoked", i, n.Generation, fv.Info.ID)
			}
		}
		frame := m.View().Content
		W, H := m.com.Width, m.com.Height
		if W == 0 || H == 0 {
			continue
		}
		lines := strings.Split(frame, "\n")
		if len(lines) > H {
			t.Fatalf("step %d: a %d×%d terminal got a frame of %d lines", i, W, H, len(lines))
		}
		// A full frame fills every cell: a line short of W is a pane
		// that lost its right border.
		full := W >= common.MinWidth && H >= common.MinHeight
		for j, l := range lines {
			if lw := ansi.StringWidth(l); lw > W || (full && lw != W) {
				t.Fatalf("step %d: line %d of a %d×%d frame is %d cells: %q", i, j+1, W, H, lw, ansi.Strip(l))
			}
		}
	}
}
