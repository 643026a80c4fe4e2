package demo

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// hintKey is what the demo's "Next:" line says depends on.
type hintKey struct {
	pos  int
	auto bool
}

// Hint is the bottom "Next:" line during a demo: the key and what it
// plays, in place of the tutorial's suggestion.
func (p *Player) Hint() string {
	return p.hint.Get(hintKey{pos: p.Pos(), auto: p.auto}, p.drawHint)
}

func (p *Player) drawHint() string {
	k := p.c.Keys
	if p.Done() {
		return "the demo is over · " + k.DemoBack.Help().Key + " steps back · " + k.Reset.Help().Key + " starts again · " +
			k.Quit.Help().Key + " quits"
	}
	auto := k.DemoAuto.Help().Key + " auto-play"
	if p.auto {
		auto = "auto-play every " + p.interval.String() + " (" + k.DemoAuto.Help().Key + " pauses)"
	}
	return k.DemoNext.Help().Key + " plays " + p.nextText() + " · " + k.DemoBack.Help().Key + " steps back · " + auto
}

type captionKey struct {
	pos     int
	gen     uint64
	w       int
	auto    bool
	checks  bool
	compact bool
	styles  *styles.Styles
}

// captionLines is how many lines the caption gets at width w, the same
// for every step of the demo so the panes below do not jump: the longest
// caption's.
func (p *Player) captionLines(w int) int {
	return p.capLines.Get(w, func() int {
		n := 1
		for _, b := range p.beats {
			if b.isCaption {
				n = max(n, len(common.Wrap(b.caption, w-4)))
			}
		}
		return min(n, maxCaptionLines)
	})
}

// maxCaptionLines bounds a caption; a longer one is cut with an ellipsis.
const maxCaptionLines = 4

// compact reports whether the caption goes without its frame: presenter
// mode on a short screen, where the diagram needs the rows.
func (p *Player) compact() bool { return p.present && p.c.Height < compactHeight }

// compactHeight is the height below which presenter mode's caption drops
// its frame.
const compactHeight = 24

// Render is the demo's caption box, w cells wide, above the panes: the
// caption in bold, then the last step's checks, a failure in red and in
// words; in presenter mode the checks are hidden from the room unless
// asked for, and on a short screen the box is only a title line over
// the caption.
func (p *Player) Render(w int) string {
	k := captionKey{pos: p.Pos(), gen: p.sc.Gen, w: w, auto: p.auto, checks: p.checksShown(), compact: p.compact(), styles: p.c.Styles}
	return p.capBar.Get(k, func() string {
		st := p.c.Styles
		n := p.captionLines(w)
		inner := w - 4
		var lines []string
		if c, ok := p.Caption(); ok {
			lines = common.Wrap(c, inner)
		}
		if len(lines) > n {
			lines = lines[:n]
			lines[n-1] = ansi.Truncate(lines[n-1], inner-1, "") + "…"
		}
		for i := range lines {
			lines[i] = st.PaneTitle.Render(lines[i])
		}
		for len(lines) < n {
			lines = append(lines, "")
		}
		if k.checks {
			lines = append(lines, p.checksLine(inner))
		}
		title := "Demo · " + p.name
		if p.auto {
			title += " · auto-play " + p.interval.String()
		}
		footer := fmt.Sprintf("step %d of %d", p.Pos(), len(p.beats))
		if !k.compact {
			return common.Box(st, title, footer, lines, w, len(lines)+2, false)
		}
		label := ansi.Truncate(" "+title+" · "+footer+" ", w-4, "…")
		head := st.Border.Render("──") + st.PaneTitle.Render(label) + st.Border.Render(strings.Repeat("─", max(w-2-ansi.StringWidth(label), 0)))
		for i := range lines {
			lines[i] = common.Fit("  "+lines[i], w)
		}
		return head + "\n" + strings.Join(lines, "\n")
	})
}

// checksLine shows the last step's checks on one line: all met in green,
// otherwise the first failure in red, with its line and what was found.
func (p *Player) checksLine(w int) string {
	st := p.c.Styles
	cs := p.Checks()
	if len(cs) == 0 {
		return ""
	}
	for _, c := range cs {
		if c.Err != "" {
			return common.Fit(st.Bad.Render(c.Text()), w)
		}
	}
	whats := make([]string, len(cs))
	for i, c := range cs {
		whats[i] = "✓ " + c.What
	}
	return common.Fit(st.OK.Render(strings.Join(whats, " · ")), w)
}
