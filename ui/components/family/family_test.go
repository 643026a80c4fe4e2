package family

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// longFamily is a pane on a world whose one login has been refreshed
// until its family holds generations generations.
func longFamily(tb testing.TB, generations int) *Pane {
	tb.Helper()
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		tb.Fatal(err)
	}
	apply := func(line string) {
		a, err := sim.ParseAction(line)
		if err != nil {
			tb.Fatal(err)
		}
		if err := w.Apply(a); err != nil {
			tb.Fatalf("%s: %v", line, err)
		}
	}
	apply("login")
	for range generations - 1 {
		apply("refresh")
	}
	return New(&common.Common{Styles: styles.NewStyles(true)}, &common.Scene{World: w})
}

// TestLongFamilyShowsTheNewestGenerations pins the pane of a family of a
// thousand generations at the widths of the main screen's left column
// (48 at 120×40, 72 at 200×60), at a narrow width where not even two
// generations fit on the chain line, and at heights from a few rows to
// more than the family needs: the chain line keeps the newest generations
// that fit, the rows the newest that fit under a count of the others.
func TestLongFamilyShowsTheNewestGenerations(t *testing.T) {
	const generations = 1000
	p := longFamily(t, generations)
	if got, want := p.NaturalHeight(48), generations+5; got != want {
		t.Errorf("NaturalHeight(48) = %d, want %d: a row per generation, the chain, the state, the legend and the frame", got, want)
	}
	for _, size := range [][2]int{{24, 8}, {48, 12}, {48, 31}, {72, 47}, {72, generations + 5}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			var b bytes.Buffer
			out := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ASCII}
			if _, err := out.WriteString(p.Render(size[0], size[1])); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.String())
		})
	}
}

// TestChainLineKeepsTheNewestThatFit checks the chain line against its
// definition, written the slow way: the whole chain if it fits the budget,
// else "… → " and the longest run of newest generations that fits, at
// least one; for every family of up to 30 generations and every budget
// from none to more than the longest chain needs.
func TestChainLineKeepsTheNewestThatFit(t *testing.T) {
	label := func(n Node) string { return fmt.Sprintf("%d%s", n.Generation, nodeSymbol(n, false)) }
	for size := 0; size <= 30; size++ {
		var nodes []Node
		for g := 1; g <= size; g++ {
			n := Node{Current: g == size}
			n.Generation = g
			nodes = append(nodes, n)
		}
		for budget := -1; budget <= 160; budget++ {
			var chain []string
			for _, n := range nodes {
				chain = append(chain, label(n))
			}
			want := strings.Join(chain, " → ")
			for len(chain) > 1 && utf8.RuneCountInString(want) > budget {
				chain = chain[1:]
				want = "… → " + strings.Join(chain, " → ")
			}
			if got := chainLine(nodes, false, budget); got != want {
				t.Fatalf("%d generations, budget %d: got %q, want %q", size, budget, got, want)
			}
		}
	}
}

// TestRowsDateATimeOnAnotherDay: a generation used on a later day than
// the world's first says which day; one used on the first day only the
// time.
func TestRowsDateATimeOnAnotherDay(t *testing.T) {
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"login", "advance 15m", "refresh", "advance 1d", "refresh"} {
		if err := w.Apply(sim.Act(line)); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	p := New(&common.Common{Styles: styles.NewStyles(true)}, &common.Scene{World: w})
	out := ansi.Strip(p.Render(72, 12))
	for _, want := range []string{"#1 rt-rCO0BWZw ↻ rotated-out used 09:15:00", "#2 rt-bkeMW3Ne ↻ rotated-out used Tue Jan 6 09:15:00"} {
		if !strings.Contains(out, want) {
			t.Errorf("the pane does not show %q:\n%s", want, out)
		}
	}
}

// TestSiblingsAreDrawnAsSiblings: under Entra ID's policy the thief's
// rotated-out copy of generation 1 mints generation 3 beside the app's 2.
// The chain line and the rows say 3 came from 1, never that it followed
// 2; and a chain cut short still names a sibling's parent.
func TestSiblingsAreDrawnAsSiblings(t *testing.T) {
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"set preset entra", "login", "steal refresh", "refresh", "attacker refresh", "refresh"} {
		a, err := sim.ParseAction(line)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Apply(a); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	fv := Read(w)
	var parents []int
	for _, n := range fv.Nodes {
		parents = append(parents, n.Parent)
	}
	if fmt.Sprint(parents) != "[0 1 1 2]" {
		t.Fatalf("parents by generation %v, want [0 1 1 2]", parents)
	}
	chain := chainLine(fv.Nodes, false, 80)
	if want := "1✓ → 2✓ · 1 → 3☠ · 2 → 4●"; chain != want {
		t.Errorf("chain line %q, want %q", chain, want)
	}
	if got := chainLine(fv.Nodes, false, 14); got != "… · 2 → 4●" {
		t.Errorf("chain line in 14 runes %q, want %q", got, "… · 2 → 4●")
	}
	p := New(&common.Common{Styles: styles.NewStyles(true)}, &common.Scene{World: w})
	pane := ansi.Strip(p.Render(60, 12))
	if !strings.Contains(pane, "#3 from #1 ") || !strings.Contains(pane, "#4 from #2 ") || strings.Contains(pane, "#2 from") {
		t.Errorf("the rows do not say which generation each sibling came from:\n%s", pane)
	}
}
