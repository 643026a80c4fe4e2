package common

import (
	"fmt"
	"strings"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Lane is a column of the sequence diagram: who sends and receives.
type Lane int

// The lanes. The diagram draws the BFF's only for a world that has one,
// and picks their order.
const (
	LaneClient Lane = iota
	LaneBFF
	LaneAttacker
	LaneIssuer
	LaneAPI
	Lanes // how many there are
)

// LaneNames name the lanes, as the diagram's header and the inspector say
// them.
var LaneNames = [Lanes]string{"Client", "BFF", "Attacker", "Issuer", "API"}

// LanesOf places an exchange: who sent it, and whom it reached. The app's
// page talks to its own origin, where the backend-for-frontend answers;
// everything else goes to the API or the issuer.
func LanesOf(x *sim.Exchange) (from, to Lane) {
	switch x.Actor {
	case sim.ActorAttacker:
		from = LaneAttacker
	case sim.ActorAPI:
		from = LaneAPI
	case sim.ActorBFF:
		from = LaneBFF
	default:
		from = LaneClient
	}
	switch {
	case x.ToApp():
		to = LaneBFF
	case strings.HasPrefix(x.Path(), "/api/"):
		to = LaneAPI
	default:
		to = LaneIssuer
	}
	return from, to
}

// InvolvesBFF reports whether an exchange is to or from the app's
// backend-for-frontend.
func InvolvesBFF(x *sim.Exchange) bool {
	from, to := LanesOf(x)
	return from == LaneBFF || to == LaneBFF
}

// StatusLabel is an HTTP status with a symbol: ✓ 200, → 302, ✗ 401.
func StatusLabel(st *styles.Styles, status int) string {
	switch {
	case status >= 200 && status < 300:
		return st.OK.Render(fmt.Sprintf("✓ %d", status))
	case status >= 300 && status < 400:
		return st.Accent.Render(fmt.Sprintf("→ %d", status))
	}
	return st.Bad.Render(fmt.Sprintf("✗ %d", status))
}

// NoteStyle picks the symbol and style an event is told with, under an
// arrow of the diagram or in the story of the last action.
func NoteStyle(st *styles.Styles, e sim.Event) (string, styles.Style) {
	switch e.Cause {
	case sim.CauseDPoPNonce:
		// Routine: the client asks again with the nonce.
		return "·", st.Muted
	case sim.CauseUserinfo:
		return "✓", st.OK
	}
	switch e.Kind {
	case sim.KindReuseDetected, sim.KindFamilyRevoked:
		return "✖", st.Bad
	case sim.KindDenied, sim.KindLoginFailed, sim.KindCodeReplayed, sim.KindRefused, sim.KindUserinfo:
		return "✗", st.Bad
	case sim.KindStolen, sim.KindForged:
		return "☠", st.Attack
	case sim.KindTokenExpired, sim.KindSessionEnded:
		return "✗", st.Warn
	case sim.KindRotated, sim.KindGraceUsed:
		return "↻", st.Text
	case sim.KindLogin:
		return "✓", st.OK
	case sim.KindClock:
		return "»", st.Muted
	}
	return "·", st.Muted
}
