// Package sequence is the sequence diagram: every HTTP exchange of the
// world as an arrow between the Client, Attacker, Issuer and API lanes
// (and the app's backend-for-frontend, in a world that has one), newest at
// the bottom, the events that matter told under their arrows, and a
// selection that scrolls and opens in the inspector.
package sequence

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

type rowKind int

const (
	rowAction   rowKind = iota // "09:15:00 ▶ refresh": what the learner did
	rowExchange                // an arrow between two lanes
	rowNote                    // what an event means, under the arrow that caused it
)

// row is one entry of the diagram, made from one event.
type row struct {
	kind rowKind
	ev   sim.Event
	// at is an action's time as its heading shows it: with the date once
	// the world has left its first day.
	at string
}

// selectable rows open in the inspector; actions are only headings.
func (r row) selectable() bool { return r.kind != rowAction }

// noteKinds are the events worth a line under their exchange. Issued
// tokens, codes and plain successes are left to the arrows and the wallet.
var noteKinds = map[sim.Kind]bool{
	sim.KindLogin: true, sim.KindLoginFailed: true, sim.KindCodeReplayed: true,
	sim.KindRotated: true, sim.KindGraceUsed: true, sim.KindReuseDetected: true,
	sim.KindFamilyRevoked: true, sim.KindDenylisted: true, sim.KindRevokeNoop: true,
	sim.KindTokenExpired: true, sim.KindStolen: true, sim.KindDenied: true,
	sim.KindPolicy: true, sim.KindClock: true, sim.KindIntrospected: true,
	sim.KindForged: true, sim.KindLoggedOut: true, sim.KindNote: true,
	sim.KindRefused: true, sim.KindSessionEnded: true, sim.KindUserinfo: true,
}

// Pane is the sequence diagram: every exchange as an arrow between the
// Client, Attacker, Issuer and API lanes, newest at the bottom, with a
// selection that scrolls and opens in the inspector.
type Pane struct {
	c       *common.Common
	sc      *common.Scene
	focused bool

	gen   uint64
	built int // log events already turned into rows
	rows  []row
	bff   bool // an exchange went to or from the app's backend: its lane is drawn

	// heights[i] is how many lines rows[i] takes at linesWidth, its notes
	// at most linesNote lines; drawn[i] is the row drawn with linesStyles,
	// or nil until it first shows. Only rows that scroll into view are
	// ever drawn.
	heights     []int
	drawn       [][]string
	linesWidth  int
	linesNote   int
	linesStyles *styles.Styles
	linesLayout *layout

	plain styles.Styles // no colour at all, for the selected row

	sel int // index into rows; -1 follows the newest row
	top int // first visible line while a row is selected
	h   int // visible lines at the last render, for paging

	cache common.Cached[paneKey]
}

var _ common.Component = (*Pane)(nil)

type paneKey struct {
	gen     uint64
	logLen  int
	w, h    int
	sel     int
	focused bool
	styles  *styles.Styles
}

// New returns the diagram of the world in sc, following the newest row.
func New(c *common.Common, sc *common.Scene) *Pane { return &Pane{c: c, sc: sc, sel: -1} }

// SetFocused says whether the arrow keys move in this pane.
func (p *Pane) SetFocused(f bool) { p.focused = f }

// ShortHelp is what the pane adds to the key line while it has the focus.
func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{keymap.As(p.c.Keys.Inspect, "inspect")}
}

// FullHelp is every key of the pane.
func (p *Pane) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{{keymap.Both(k.Up, k.Down, "select"), keymap.Both(k.PageUp, k.PageDown, "page"),
		k.Home, k.End, keymap.As(k.Back, "newest (follow)"), keymap.As(k.Inspect, "inspect")}}
}

// Update moves the selection with the arrow, page and home keys, and
// follows the newest row again on end or esc; it reports whether msg was
// one of them.
func (p *Pane) Update(msg tea.KeyPressMsg) bool {
	k := p.c.Keys
	if key.Matches(msg, k.Back, k.End) {
		p.Follow()
		return true
	}
	if d, ok := common.Step(k, msg, p.page()); ok {
		p.move(d)
	} else if key.Matches(msg, k.Home) {
		p.home()
	} else {
		return false
	}
	p.Announce()
	return true
}

// Announce prints, in accessible mode, the selected row or that the
// diagram follows the newest.
func (p *Pane) Announce() {
	if !p.c.Accessible {
		return
	}
	if ev, ok := p.Selected(); ok {
		p.c.Print("selected: " + sim.FormatEvent(ev) + " (" + p.c.Keys.Inspect.Help().Key + " shows it in full)")
	} else {
		p.c.Print("following the newest events")
	}
}

// sync turns new log events into rows; a new world starts over.
func (p *Pane) sync() {
	if p.gen != p.sc.Gen {
		p.gen, p.built, p.rows, p.heights, p.drawn, p.sel, p.top, p.bff = p.sc.Gen, 0, nil, nil, nil, -1, 0, false
	}
	for _, e := range p.sc.World.Log.Since(p.built) {
		switch {
		case e.Kind == sim.KindAction:
			p.rows = append(p.rows, row{kind: rowAction, ev: e, at: p.sc.Stamp(e.At)})
		case e.Kind == sim.KindExchange && e.Exchange != nil:
			p.rows = append(p.rows, row{kind: rowExchange, ev: e})
			p.bff = p.bff || common.InvolvesBFF(e.Exchange)
		case noteKinds[e.Kind]:
			p.rows = append(p.rows, row{kind: rowNote, ev: e})
		}
		p.built = e.Seq
	}
}

// Selected returns the selected row's event, if a row is selected.
func (p *Pane) Selected() (sim.Event, bool) {
	p.sync()
	if p.sel < 0 || p.sel >= len(p.rows) {
		return sim.Event{}, false
	}
	return p.rows[p.sel].ev, true
}

// SelectLatest returns the selected row's event; with none selected, it
// selects the newest selectable row first: what a learner who presses
// enter on a diagram that follows means.
func (p *Pane) SelectLatest() (sim.Event, bool) {
	if ev, ok := p.Selected(); ok {
		return ev, true
	}
	p.move(-1)
	return p.Selected()
}

// Following reports whether the diagram follows the newest row rather
// than holding a selection.
func (p *Pane) Following() bool { return p.sel < 0 }

// move selects the d-th selectable row up (negative) or down from the
// current one. Moving down past the newest row follows new rows again.
func (p *Pane) move(d int) {
	p.sync()
	i := p.sel
	if i < 0 {
		if d > 0 {
			return
		}
		i = len(p.rows)
	}
	step := 1
	if d < 0 {
		step, d = -1, -d
	}
	for ; d > 0; d-- {
		j := i + step
		for j >= 0 && j < len(p.rows) && !p.rows[j].selectable() {
			j += step
		}
		if j < 0 {
			break
		}
		if j >= len(p.rows) {
			i = -1
			break
		}
		i = j
	}
	if i >= len(p.rows) {
		i = -1
	}
	p.sel = i
}

// home selects the oldest selectable row.
func (p *Pane) home() {
	p.sync()
	p.sel = -1
	for i, r := range p.rows {
		if r.selectable() {
			p.sel = i
			return
		}
	}
}

// Follow drops the selection: the diagram follows the newest row again,
// as after every new action and step.
func (p *Pane) Follow() { p.sel = -1 }

// page is how many rows a page key moves.
func (p *Pane) page() int { return max(p.h/2, 1) }

// Render draws the pane w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	p.sync()
	k := paneKey{gen: p.sc.Gen, logLen: p.sc.World.Log.Len(), w: w, h: h, sel: p.sel, focused: p.focused, styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

func (p *Pane) render(w, h int) string {
	st, focused := p.c.Styles, p.focused
	inner := w - 4
	lay := classic
	if p.bff {
		lay = withBFF
	}
	g := newGrid(lay, inner)
	header := g.header(st)
	for i := range header {
		header[i] = common.Fit(" "+header[i], inner)
	}
	body := h - 2 - len(header)
	p.h = body
	exchanges := 0
	for _, r := range p.rows {
		if r.kind == rowExchange {
			exchanges++
		}
	}
	count := plural.Count(exchanges, "exchange")
	footer := count + " · newest at the bottom"
	if ansi.StringWidth(footer)+6 > w {
		footer = count
	}
	if p.sel >= 0 {
		// The keys, not the count, when the frame cannot take both: a
		// two-digit count cut "end follows" at 120 columns in a lesson.
		k := p.c.Keys
		follow := k.Inspect.Help().Key + " inspects · " + k.End.Help().Key + " follows"
		for _, f := range []string{count + " · " + k.UpDown() + " select · " + follow, k.UpDown() + " select · " + follow, follow} {
			if footer = f; ansi.StringWidth(f)+6 <= w {
				break
			}
		}
	} else if focused {
		footer = count + " · " + p.c.Keys.Up.Help().Key + " selects"
	}
	if len(p.rows) == 0 {
		text := "No exchanges yet. Press " + p.c.Keys.Login.Help().Key +
			": the client app logs in, and every HTTP request it makes appears here as an arrow between lanes."
		lines := append(header, common.WrapStyled(st.Muted.Render, text, inner-2)...)
		return common.Box(st, "Sequence", footer, lines, w, h, focused)
	}
	if body < 1 {
		return common.Box(st, "Sequence", footer, header, w, h, focused)
	}

	// Measure rows not measured yet at this width.
	// A short pane gives each note one line, so that an action's arrows
	// and their statuses are not scrolled off by the notes under them;
	// selecting a note opens it whole.
	most := 3
	if body < shortPane {
		most = 1
	}
	if p.linesWidth != inner || p.linesNote != most || p.linesStyles != st || p.linesLayout != lay {
		p.heights, p.drawn, p.linesWidth, p.linesNote, p.linesStyles, p.linesLayout = nil, nil, inner, most, st, lay
	}
	for i := len(p.heights); i < len(p.rows); i++ {
		p.heights = append(p.heights, rowHeight(p.rows[i], inner-1, g, most))
		p.drawn = append(p.drawn, nil)
	}

	// The window: the newest lines, or one that keeps the selection in view.
	total := 0
	selStart, selEnd := -1, -1
	for i, n := range p.heights {
		if i == p.sel {
			selStart, selEnd = total, total+n
		}
		total += n
	}
	top := max(total-body, 0)
	if p.sel >= 0 {
		top = p.top
		if selStart < top {
			top = selStart
		}
		if selEnd > top+body {
			top = selEnd - body
		}
		top = max(min(top, total-body), 0)
	}
	p.top = top

	visible := make([]string, 0, h)
	visible = append(visible, header...)
	n := 0
	for i, height := range p.heights {
		if n+height <= top {
			n += height
			continue
		}
		if p.drawn[i] == nil {
			p.drawn[i] = drawRow(st, p.rows[i], inner-1, g, most)
		}
		l := p.drawn[i]
		if i == p.sel {
			// Redrawn without colours so that reverse video covers the
			// whole row; the marker shows the selection without either.
			for _, line := range drawRow(&p.plain, p.rows[i], inner-1, g, most) {
				if n >= top && n < top+body {
					visible = append(visible, st.Accent.Render("›")+st.Selected.Render(line))
				}
				n++
			}
			continue
		}
		for _, line := range l {
			if n >= top && n < top+body {
				visible = append(visible, " "+line)
			}
			n++
		}
		if n >= top+body {
			break
		}
	}
	return common.BoxFitted(st, "Sequence", footer, visible, w, h, focused)
}

// shortPane is the fewest rows of arrows and notes at which a note gets
// more than one line: the 80×24 lesson screen's diagram has six.
const shortPane = 10

// drawRow draws one row as one or more lines of exactly inner cells, a
// note at most most lines.
func drawRow(st *styles.Styles, r row, inner int, g grid, most int) []string {
	e := r.ev
	switch r.kind {
	case rowAction:
		return []string{common.Fit(st.Muted.Render(r.at+" ")+st.Bold.Render("▶ "+e.Text), inner)}
	case rowExchange:
		return []string{common.Fit(g.arrow(st, e.Exchange, inner), inner)}
	}
	sym, style := common.NoteStyle(st, e)
	indent := noteIndent(g)
	lines := noteLines(e.Text, inner, g, most)
	for i, l := range lines {
		prefix := indent + "  "
		if i == 0 {
			prefix = indent + sym + " "
		}
		lines[i] = common.Fit(style.Render(prefix+l), inner)
	}
	return lines
}

// rowHeight is how many lines drawRow will draw, found without drawing.
func rowHeight(r row, inner int, g grid, most int) int {
	if r.kind != rowNote {
		return 1
	}
	return len(noteLines(r.ev.Text, inner, g, most))
}

// noteIndent puts notes under the arrows, a little to the right.
func noteIndent(g grid) string { return strings.Repeat(" ", min(g.width()/3, 8)) }

// noteLines wraps an event's text for a note, most lines at most.
func noteLines(text string, inner int, g grid, most int) []string {
	lines := wrapPlain(text, max(inner-len(noteIndent(g))-2, 8))
	if len(lines) > most {
		lines = append(lines[:most-1], strings.TrimSpace(lines[most-1])+" …")
	}
	return lines
}

// wrapPlain wraps plain text at spaces, counting one cell a rune: event
// texts are plain sentences, and this is many times cheaper than
// measuring grapheme clusters for every note of a long log.
func wrapPlain(s string, w int) []string {
	var lines []string
	for len(s) > 0 {
		if utf8.RuneCountInString(s) <= w {
			lines = append(lines, s)
			break
		}
		cut, n, lastSpace := len(s), 0, -1
		for i, r := range s {
			if r == ' ' {
				lastSpace = i // a space right after w runes still ends the line there
			}
			if n == w {
				cut = i
				break
			}
			n++
		}
		if lastSpace > 0 {
			cut = lastSpace
		}
		lines = append(lines, s[:cut])
		s = strings.TrimLeft(s[cut:], " ")
	}
	return lines
}
