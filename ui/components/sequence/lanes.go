package sequence

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// layout is the lanes the diagram draws, left to right.
type layout struct {
	lanes []common.Lane
	// minGap is the narrowest gap at which the names on the header's two
	// staggered rows still stand apart.
	minGap int
}

var (
	// classic is a world without a backend-for-frontend: every lesson
	// before the backend's keeps the screens it always had.
	classic = &layout{lanes: []common.Lane{common.LaneClient, common.LaneAttacker, common.LaneIssuer, common.LaneAPI}, minGap: 5}
	// withBFF puts the backend beside the page it serves, so the login
	// and every call read left to right, browser to backend to issuer or
	// API, and the attacker, whose requests come from elsewhere, at the
	// right. Its names stay apart at a gap of 4, which an 80-column
	// screen needs for five lanes.
	withBFF = &layout{lanes: []common.Lane{common.LaneClient, common.LaneBFF, common.LaneIssuer, common.LaneAPI, common.LaneAttacker}, minGap: 4}
)

// grid is a layout at a width: its lanes g cells apart.
type grid struct {
	*layout
	g int
}

// newGrid spaces lay's lanes for a pane inner cells wide: wide enough for
// the arrows to read, leaving room for the labels on the right.
func newGrid(lay *layout, inner int) grid {
	return grid{lay, max(min((inner-2-34)/(len(lay.lanes)-1), 12), lay.minGap)}
}

// width is how many cells the lanes take, first line to last.
func (g grid) width() int { return 1 + (len(g.lanes)-1)*g.g }

// col is the cell of lane l. Every lane an exchange can name is in the
// layout the pane picks, since an exchange of the backend's picks withBFF.
func (g grid) col(l common.Lane) int { return max(slices.Index(g.lanes, l), 0) * g.g }

// header names the lanes: on one row when each name but the last leaves
// two cells before the next lane, else on two staggered rows so that none
// is cut.
func (g grid) header(st *styles.Styles) []string {
	width := g.width() - 1 + 12
	oneRow := true
	for _, l := range g.lanes[:len(g.lanes)-1] {
		oneRow = oneRow && len(common.LaneNames[l])+2 <= g.g
	}
	if oneRow {
		row := []rune(strings.Repeat(" ", width))
		for i, l := range g.lanes {
			copy(row[i*g.g:], []rune(common.LaneNames[l]))
		}
		return []string{st.Bold.Render(strings.TrimRight(string(row), " "))}
	}
	rows := [2][]rune{[]rune(strings.Repeat(" ", width)), []rune(strings.Repeat(" ", width))}
	for i, l := range g.lanes {
		copy(rows[i%2][i*g.g:], []rune(common.LaneNames[l]))
	}
	return []string{st.Bold.Render(strings.TrimRight(string(rows[0]), " ")), st.Bold.Render(strings.TrimRight(string(rows[1]), " "))}
}

// arrow is "│   ●──────────▶│    POST /token ✓ 200", inner cells at most.
// A long path gives way before the status does, and the plain-HTTP
// marker before the path.
func (g grid) arrow(st *styles.Styles, x *sim.Exchange, inner int) string {
	from, to := common.LanesOf(x)
	width := g.width()
	cells := make([]string, width)
	for i := range cells {
		cells[i] = " "
	}
	for l := range g.lanes {
		cells[l*g.g] = "│"
	}
	a, b := g.col(from), g.col(to)
	lo, hi := min(a, b), max(a, b)
	for i := lo + 1; i < hi; i++ {
		cells[i] = "─"
	}
	cells[a] = "●"
	if b > a {
		cells[b-1] = "▶"
	} else {
		cells[b+1] = "◀"
	}
	arrow := st.Accent
	switch x.Actor {
	case sim.ActorAttacker:
		arrow = st.Attack
	case sim.ActorAPI:
		arrow = st.Muted
	}
	// At the narrowest gap, a cell of the gutter goes to the label.
	sep := "  "
	if g.g < classic.minGap {
		sep = " "
	}
	var sb strings.Builder
	sb.WriteString(st.Muted.Render(strings.Join(cells[:lo], "")))
	sb.WriteString(arrow.Render(strings.Join(cells[lo:hi+1], "")))
	sb.WriteString(st.Muted.Render(strings.Join(cells[hi+1:], "")))
	sb.WriteString(sep)
	prefix := ""
	switch x.Actor {
	case sim.ActorTab2:
		prefix = "tab 2: "
	case sim.ActorBrowser:
		prefix = "browser: "
	}
	after := common.StatusLabel(st, x.Status)
	afterW := len(fmt.Sprint(x.Status)) + 2
	if x.Lost {
		// The server answered, but the answer never came back.
		after += st.Warn.Render(" ✗ lost")
		afterW += ansi.StringWidth(" ✗ lost")
	}
	// The status is the point of the row: the label before it gives way,
	// the path first, then whatever else does not fit.
	room := inner - width - len(sep) - afterW - 1 - len(prefix) - len(x.Method) - 1
	path := x.Path()
	if x.Plaintext() && room-len(" plain http") >= min(len(path), 8) {
		// Where the path would give way to it, the marker goes instead:
		// the wallet's heading says the transport too.
		after += st.Warn.Render(" plain http")
		afterW += len(" plain http")
		room -= len(" plain http")
	}
	if room < len(path) && x.Actor == sim.ActorBrowser {
		// The path says more than which program on alice's side sent it;
		// a second tab, though, is the whole point of a race.
		room += len(prefix)
		prefix = ""
	}
	label := prefix + x.Method
	switch {
	case room >= len(path):
		label += " " + path
	case room >= 4:
		label += " " + ansi.Truncate(path, room, "…")
	}
	// Whatever still does not fit is cut, never the status after it.
	label = ansi.Truncate(label, max(inner-width-len(sep)-afterW-1, 1), "…")
	sb.WriteString(st.Text.Render(label) + " " + after)
	return sb.String()
}
