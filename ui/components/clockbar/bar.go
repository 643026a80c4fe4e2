package clockbar

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/ui/common"
)

// BigMinHeight is the smallest terminal that gets the three-row clock;
// below it the one-line bar leaves the diagram its rows.
const BigMinHeight = 30

// Render is the top line, w cells wide: simulated date and time, speed,
// and what expires next.
func (m *Model) Render(w int) string {
	k := barKey{world: m.sc.Key(), w: w, speed: m.speed, styles: m.c.Styles}
	return m.bar.Get(k, func() string {
		st, world := m.c.Styles, m.sc.World
		now := world.Now()
		speed := "▶ " + fmt.Sprintf("%g×", clock.Speeds[m.speed])
		if m.speed == 0 {
			speed = "❚❚ paused"
		}
		date := now.Format("Mon 2 Jan 2006 15:04:05")
		if w < 100 {
			date = now.Format("Mon 2 Jan 15:04:05")
		}
		return common.TitleBar(st, st.ClockTime.Render(" "+date+" ")+st.ClockBar.Render(" "+speed+" │ next: "+nextExpiry(world)), w)
	})
}

// RenderBig is the presenter's clock band, w cells wide and three rows
// high: the simulated time in big digits, the date, the speed and what
// expires next.
func (m *Model) RenderBig(w int) string {
	k := barKey{world: m.sc.Key(), w: w, speed: m.speed, styles: m.c.Styles}
	return m.big.Get(k, func() string {
		st, world := m.c.Styles, m.sc.World
		now := world.Now()
		digits := bigText(now.Format("15:04:05"))
		speed := "▶ running at " + fmt.Sprintf("%g×", clock.Speeds[m.speed])
		if m.speed == 0 {
			speed = "❚❚ paused"
		}
		side := []string{
			st.ClockTime.Render(now.Format("Monday 2 January 2006")),
			st.ClockBar.Render(speed),
			st.ClockBar.Render("next: " + nextExpiry(world)),
		}
		lines := make([]string, 3)
		for i := range lines {
			line := st.ClockTime.Render(" "+digits[i]+"   ") + side[i]
			if i == 0 {
				lines[i] = common.TitleBar(st, line, w)
				continue
			}
			if pad := w - ansi.StringWidth(line); pad > 0 {
				line += st.ClockBar.Render(strings.Repeat(" ", pad))
			}
			lines[i] = common.Fit(line, w)
		}
		return strings.Join(lines, "\n")
	})
}

// nextExpiry says which token expires next and in how long.
func nextExpiry(w *sim.World) string {
	at, what, ok := w.NextExpiry()
	if !ok {
		return "nothing is due to expire"
	}
	return strings.TrimPrefix(what, "the ") + " expires in " + common.Short(at.Sub(w.Now()))
}

// bigGlyphs are the presenter clock's digits, 3 cells wide and 5 pixels
// high; bigText draws two pixel rows per text row with half blocks.
var bigGlyphs = map[rune][5]string{
	'0': {"###", "# #", "# #", "# #", "###"},
	'1': {" # ", "## ", " # ", " # ", "###"},
	'2': {"###", "  #", "###", "#  ", "###"},
	'3': {"###", "  #", "###", "  #", "###"},
	'4': {"# #", "# #", "###", "  #", "  #"},
	'5': {"###", "#  ", "###", "  #", "###"},
	'6': {"###", "#  ", "###", "# #", "###"},
	'7': {"###", "  #", "  #", "  #", "  #"},
	'8': {"###", "# #", "###", "# #", "###"},
	'9': {"###", "# #", "###", "  #", "###"},
	':': {" ", "#", " ", "#", " "},
}

// bigText draws s (digits and colons) three rows high.
func bigText(s string) [3]string {
	var rows [3]strings.Builder
	for i, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		for row := range rows {
			if i > 0 {
				rows[row].WriteByte(' ')
			}
			top, bottom := g[2*row], ""
			if 2*row+1 < len(g) {
				bottom = g[2*row+1]
			}
			for c := range len(top) {
				up, down := top[c] == '#', c < len(bottom) && bottom[c] == '#'
				switch {
				case up && down:
					rows[row].WriteString("█")
				case up:
					rows[row].WriteString("▀")
				case down:
					rows[row].WriteString("▄")
				default:
					rows[row].WriteByte(' ')
				}
			}
		}
	}
	return [3]string{rows[0].String(), rows[1].String(), rows[2].String()}
}
