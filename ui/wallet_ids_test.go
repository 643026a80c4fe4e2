package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
)

// TestTokenIDsStayOnScreenAtEverySize: after the tour (a theft, a replay,
// the family revoked) every token the wallet lists and every generation
// of the family shows its id, down to 80×24: the id is what the learner
// matches between the panes and the events' text, so the state's word
// gives way before it does.
func TestTokenIDsStayOnScreenAtEverySize(t *testing.T) {
	forEachSizeAfterTheTour(t, func(t *testing.T, m *Model, size [2]int) {
		screen := ansi.Strip(m.View().Content)
		ca, cr := m.sc.ClientTokens()
		aa, ar := m.sc.AttackerTokens()
		for _, tv := range []common.TokenView{ca, cr, aa, ar} {
			if tv.ID == "" {
				t.Fatalf("the tour left a %s token slot empty", tv.Kind)
			}
			if !strings.Contains(screen, tv.ID) {
				t.Errorf("the %s token %s is not on screen:\n%s", tv.Kind, tv.ID, screen)
			}
		}
		info, _ := m.sc.World.Issuer.RefreshInfo(m.sc.World.Client.RefreshToken)
		fam, _ := m.sc.World.Issuer.Family(info.FamilyID)
		for _, g := range fam.Tokens {
			if !strings.Contains(screen, fmt.Sprintf("#%d %s", g.Generation, g.ID)) {
				t.Errorf("generation %d (%s) has no row with its id:\n%s", g.Generation, g.ID, screen)
			}
		}
	})
}

// TestADeadTokenShowsItsStateNotTimeLeft: the client's refresh token,
// revoked by reuse detection, says it is dead rather than drawing the
// days its exp would have left; the revoked access token, which the API
// still takes until exp, keeps its time left.
func TestADeadTokenShowsItsStateNotTimeLeft(t *testing.T) {
	forEachSizeAfterTheTour(t, func(t *testing.T, m *Model, size [2]int) {
		ca, cr := m.sc.ClientTokens()
		if cr.State != issuer.StateRevoked || ca.State != issuer.StateRevoked {
			t.Fatalf("after the tour the client's tokens are %s and %s, want both revoked", ca.State, cr.State)
		}
		lines := strings.Split(ansi.Strip(m.wallet.Render(size[0]/3+6, 12)), "\n")
		under := func(id string) string {
			for i, l := range lines {
				if strings.Contains(l, id) && i+1 < len(lines) {
					return lines[i+1]
				}
			}
			t.Fatalf("no line shows %s:\n%s", id, strings.Join(lines, "\n"))
			return ""
		}
		if l := under(cr.ID); !strings.Contains(l, "dead") || strings.Contains(l, "left") || strings.Contains(l, "█") {
			t.Errorf("under the revoked refresh token: %q, want it dead, with no time left", l)
		}
		if l := under(ca.ID); !strings.Contains(l, "15m") {
			t.Errorf("under the revoked access token the API still takes: %q, want its time left", l)
		}
	})
}

// forEachSizeAfterTheTour runs f on a sandbox that took the tour, at the
// smallest and a common terminal size.
func forEachSizeAfterTheTour(t *testing.T, f func(t *testing.T, m *Model, size [2]int)) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newModel(t)
			resize(m, size[0], size[1])
			press(m, theTour...)
			f(t, m, size)
		})
	}
}
