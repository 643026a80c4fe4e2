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
	pos    int
	gen    uint64
	w      int
	auto   bool
	styles *styles.Styles
}

// captionHeight is the caption box's height at width w, the same for
// every step of the demo so the panes below do not jump: the longest
// caption's lines, one line for the checks, and the frame.
func (p *Player) captionHeight(w int) int {
	n := p.capLines.Get(w, func() int {
		n := 1
		for _, b := range p.beats {
			if b.isCaption {
				n = max(n, len(common.Wrap(b.caption, w-4)))
			}
		}
		return min(n, maxCaptionLines)
	})
	return n + 3
}

// maxCaptionLines bounds a caption; a longer one is cut with an ellipsis.
const maxCaptionLines = 4

// Render is the demo's caption box, w cells wide, above the panes: the
// caption in bold, then the last step's checks, a failure in red and in
// words.
func (p *Player) Render(w int) string {
	k := captionKey{pos: p.Pos(), gen: p.sc.Gen, w: w, auto: p.auto, styles: p.c.Styles}
	return p.capBar.Get(k, func() string {
		st := p.c.Styles
		h := p.captionHeight(w)
		inner := w - 4
		var lines []string
		if c, ok := p.Caption(); ok {
			lines = common.Wrap(c, inner)
		}
		if room := h - 3; len(lines) > room {
			lines = lines[:room]
			lines[room-1] = ansi.Truncate(lines[room-1], inner-1, "") + "…"
		}
		for i := range lines {
			lines[i] = st.PaneTitle.Render(lines[i])
		}
		for len(lines) < h-3 {
			lines = append(lines, "")
		}
		lines = append(lines, p.checksLine(inner))
		title := "Demo · " + p.name
		if p.auto {
			title += " · auto-play " + p.interval.String()
		}
		footer := fmt.Sprintf("step %d of %d", p.Pos(), len(p.beats))
		return common.Box(st, title, footer, lines, w, h, false)
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
