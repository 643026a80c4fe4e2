package sequence

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// TestAnArrowKeepsItsStatus: at every width the diagram is drawn at, from
// the 80-column lesson screen's up, an arrow's status ("✗ 400", "→ 302")
// is whole and the row stays inside the pane: the label before it gives
// way, the path first, even for the second tab's refresh and alice's
// browser, whose rows carry a prefix, and for a lost answer.
func TestAnArrowKeepsItsStatus(t *testing.T) {
	st := styles.NewStyles(true)
	exchanges := []struct {
		x    sim.Exchange
		want string
	}{
		{sim.Exchange{Actor: sim.ActorTab2, Method: "POST", URL: "https://issuer.example/token", Status: 400}, "✗ 400"},
		{sim.Exchange{Actor: sim.ActorBrowser, Method: "GET", URL: "https://issuer.example/authorize?client_id=x", Status: 302}, "→ 302"},
		{sim.Exchange{Actor: sim.ActorAttacker, Method: "GET", URL: "https://api.example/api/profile", Status: 401}, "✗ 401"},
		{sim.Exchange{Actor: sim.ActorClient, Method: "POST", URL: "https://issuer.example/token", Status: 200, Lost: true}, "✓ 200 ✗ lost"},
		{sim.Exchange{Actor: sim.ActorBFF, Method: "POST", URL: "http://issuer.example/token", Status: 400}, "✗ 400"},
	}
	for _, lay := range []*layout{classic, withBFF} {
		for inner := 34; inner <= 80; inner++ {
			g := newGrid(lay, inner)
			for _, tt := range exchanges {
				t.Run(fmt.Sprintf("%d lanes %d %s %s", len(lay.lanes), inner, tt.x.Actor, tt.x.Method), func(t *testing.T) {
					line := g.arrow(st, &tt.x, inner)
					if w := ansi.StringWidth(line); w > inner {
						t.Errorf("%q is %d cells, more than %d", ansi.Strip(line), w, inner)
					}
					if text := ansi.Strip(line); !strings.HasSuffix(strings.TrimSuffix(text, " plain http"), tt.want) {
						t.Errorf("%q does not end with %q", text, tt.want)
					}
				})
			}
		}
	}
}
