package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
	"github.com/tokenflow/tokenflow/ui/components/wallet"
	"github.com/tokenflow/tokenflow/ui/course"
)

// bodyKey is the two columns of the body; pane caches hand back the very
// same strings while nothing changes, so comparing them is cheap.
type bodyKey struct {
	left, right string
	leftW       int
}

// frameParts are the pieces of a frame; if none changed, neither did it.
type frameParts struct {
	w, h                          int
	clock, body, status, next, ks string
}

// render composes the frame from the panes' cached renderings.
func (m *Model) render() string {
	W, H := m.com.Width, m.com.Height
	if W == 0 || H == 0 {
		return ""
	}
	if minW, minH := m.minSize(); W < minW || H < minH {
		return m.tooSmall(W, H)
	}
	m.wallet.SetFocused(m.focus.Pane == common.PaneWallet)
	m.seq.SetFocused(m.focus.Pane == common.PaneSequence && !m.focus.Settings && !m.course.TextFocused())
	parts := frameParts{w: W, h: H}
	parts.clock = m.renderTop(W, H)
	// A demo on a short projector screen does without the "Next:" line:
	// the key line names the demo's keys too, and the speaker notes say
	// what comes next.
	short := m.present.On() && H < common.MinHeight && m.demo != nil
	bodyH := H - 4 - strings.Count(parts.clock, "\n")
	if short {
		bodyH++
	}
	switch m.focus.Overlay {
	case common.OverlayHelp:
		parts.body = m.help.Render(W, bodyH)
	case common.OverlayInspect:
		parts.body = m.insp.Render(W, bodyH)
	case common.OverlayExport:
		parts.body = m.export.Render(W, bodyH)
	default:
		if m.focus.Screen != nil {
			parts.body = m.focus.Screen.Render(W, bodyH)
			break
		}
		if m.course.Screen() == course.ScreenMenu {
			parts.body = m.course.Menu(W, bodyH)
			break
		}
		if m.present.On() {
			parts.body = m.presentBody(W, bodyH)
			break
		}
		parts.body = m.columns(W, bodyH)
	}
	if title, ok := m.course.TitleBar(W); ok && !strings.Contains(parts.clock, "\n") {
		parts.clock = title
	}
	parts.status = m.statusLine(W)
	if !short {
		parts.next = m.nextLine(W)
	}
	parts.ks = m.keysLine(W)
	if parts == m.frame && m.frameOut != "" {
		return m.frameOut
	}
	m.frame = parts
	rows := []string{parts.clock, parts.body, parts.status, parts.next, parts.ks}
	if short {
		rows = slices.Delete(rows, 3, 4)
	}
	m.frameOut = strings.Join(rows, "\n")
	return m.frameOut
}

// columns is the body in two columns: the settings panel, the open lesson
// step or the actors on the left, the sequence diagram on the right.
func (m *Model) columns(w, h int) string {
	leftW := max(min(w*2/5, 72), 34)
	if m.course.InLesson() {
		leftW = course.Width(w)
	}
	var left string
	switch {
	case m.focus.Settings:
		left = m.setPane.Render(leftW, h)
	case m.course.InLesson():
		left = m.lessonColumn(leftW, h)
	default:
		left = m.leftColumn(leftW, h)
	}
	var right string
	if m.course.InLesson() && !m.focus.Settings && m.course.Place(h) == course.PlaceRight {
		// A short screen: the step's pane goes under the diagram.
		right = m.seq.Render(w-leftW, h-wallet.CompactHeight) + "\n" + m.companion(w-leftW, wallet.CompactHeight)
	} else {
		right = m.seq.Render(w-leftW, h)
	}
	return m.body.Get(bodyKey{left, right, leftW}, func() string { return common.SideBySide(left, leftW, right) })
}

// leftColumn stacks the actors, the token family and, when there is room,
// the story of the last action.
func (m *Model) leftColumn(w, h int) string {
	walletH := m.wallet.TallHeight()
	if h-walletH < 10 {
		walletH = wallet.CompactHeight
	}
	rest := h - walletH
	familyH := rest
	if nat := m.family.NaturalHeight(w); rest-nat >= 6 {
		familyH = nat
	}
	k := leftKey{wallet: m.wallet.Render(w, walletH), family: m.family.Render(w, familyH)}
	if rest > familyH {
		k.last = m.last.Render(w, rest-familyH)
	}
	return m.left.Get(k, func() string {
		if k.last == "" {
			return k.wallet + "\n" + k.family
		}
		return k.wallet + "\n" + k.family + "\n" + k.last
	})
}

// leftKey is the panes of the left column, stacked.
type leftKey struct{ wallet, family, last string }

// lessonColumn is the left column of a lesson: the lesson pane, with the
// step's pane under it when the screen is tall enough; with the text
// folded away, the goal above the sandbox's own left column.
func (m *Model) lessonColumn(w, h int) string {
	var top, bottom string
	switch {
	case m.course.TextHidden():
		gh := m.course.FoldedHeight(w)
		if h-gh >= m.wallet.TallHeight()+6 {
			top, bottom = m.course.Box(w, gh), m.leftColumn(w, h-gh)
			break
		}
		gh = max(h-wallet.CompactHeight, 3)
		top, bottom = m.course.Box(w, gh), m.wallet.Render(w, h-gh)
	case m.course.Place(h) == course.PlaceLeft:
		top, bottom = m.course.Box(w, h-wallet.CompactHeight), m.companion(w, wallet.CompactHeight)
	default:
		return m.course.Box(w, h)
	}
	return m.column.Get([2]string{top, bottom}, func() string { return top + "\n" + bottom })
}

// companion draws the pane the open step keeps on screen, w cells wide
// and h rows high.
func (m *Model) companion(w, h int) string {
	switch m.course.Pane() {
	case lessons.PaneFamily:
		return m.family.Render(w, h)
	case lessons.PaneHappened:
		return m.last.Render(w, h)
	}
	return m.wallet.Render(w, h)
}

// minSize is the smallest terminal the layout in force draws in.
func (m *Model) minSize() (w, h int) {
	if m.present.On() {
		return common.PresentMinWidth, common.PresentMinHeight
	}
	return common.MinWidth, common.MinHeight
}

// tooSmall asks for a bigger terminal instead of drawing a broken frame.
func (m *Model) tooSmall(w, h int) string {
	minW, minH := m.minSize()
	msg := fmt.Sprintf("tokenflow needs a terminal of at least %d×%d; this one is %d×%d. Enlarge the window (or press %s to quit).",
		minW, minH, w, h, m.com.Keys.Quit.Help().Key)
	if !m.present.On() && !m.com.Accessible && w >= common.PresentMinWidth && h >= common.PresentMinHeight {
		msg += " Presenter mode (" + m.com.Keys.Present.Help().Key + ") fits down to " +
			fmt.Sprintf("%d×%d.", common.PresentMinWidth, common.PresentMinHeight)
	}
	lines := common.Wrap(msg, w)
	if len(lines) > h {
		lines = lines[:h]
	}
	for i := range lines {
		lines[i] = common.Fit(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// renderTop is what sits above the panes: the clock (three rows of big
// digits in presenter mode, when there is room) and a demo's caption.
func (m *Model) renderTop(w, h int) string {
	var top string
	if m.present.On() && h >= clockbar.BigMinHeight {
		top = m.clock.RenderBig(w)
	} else {
		top = m.clock.Render(w)
	}
	if m.demo == nil {
		return top
	}
	c := m.demo.Render(w)
	return m.top.Get([2]string{top, c}, func() string { return top + "\n" + c })
}

// presentBody is the presenter's body: the tokens on a strip, and under
// it the sequence diagram across the whole width, or an open lesson step
// with the diagram. The settings panel, when open, takes the left of the
// screen as in the usual layout.
func (m *Model) presentBody(w, h int) string {
	if m.focus.Settings {
		return m.columns(w, h)
	}
	stripH := m.wallet.StripHeight(h)
	strip := m.wallet.RenderStrip(w, stripH)
	var below string
	if m.course.InLesson() {
		below = m.presentLesson(w, h-stripH)
	} else {
		below = m.seq.Render(w, h-stripH)
	}
	return m.strip.Get([2]string{strip, below}, func() string { return strip + "\n" + below })
}

// minDiagram is the fewest rows the diagram keeps under a lesson's goal:
// its frame, the lanes' two rows and three of exchanges.
const minDiagram = 7

// presentLesson is a lesson step under the presenter's strip, h rows
// high: the step's text beside the diagram (the text across the width of
// a narrow screen, where the two would not fit side by side); with the
// text folded away, the goal above the diagram across the whole width.
func (m *Model) presentLesson(w, h int) string {
	if m.course.TextHidden() {
		// The goal gets what it needs, unless that leaves the diagram
		// too few rows to show what happens; then it folds to one line.
		gh := m.course.FoldedHeight(w)
		if h-gh < minDiagram {
			gh = 3
		}
		return m.course.Box(w, gh) + "\n" + m.seq.Render(w, h-gh)
	}
	textW := m.course.TextWidth(w)
	if textW >= w {
		return m.course.Box(w, h)
	}
	return common.SideBySide(m.course.Box(textW, h), textW, m.seq.Render(w-textW, h))
}
