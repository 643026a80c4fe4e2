package common

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// Scroller is a window onto more lines than fit: the overlays (help,
// inspector, export) and the lesson text scroll with it. It stands in for
// bubbles' viewport, whose View re-renders every visible line through Lip
// Gloss (about a hundred times the cost of joining the lines, measured)
// and whose page keys move a whole height where ours keep a line of
// context.
type Scroller struct {
	off int // first visible line
	h   int // visible lines at the last render
	n   int // all lines at the last render
}

// Step is how far the arrow and page keys of k move: a line (or row) up
// or down, or page of them; ok is false for any other key.
func Step(k *keymap.KeyMap, msg tea.KeyPressMsg, page int) (d int, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	}
	return 0, false
}

// Update scrolls with the arrow, page, home and end keys of k; it reports
// whether msg was one of them.
func (s *Scroller) Update(k *keymap.KeyMap, msg tea.KeyPressMsg) bool {
	if d, ok := Step(k, msg, s.page()); ok {
		s.scroll(d)
		return true
	}
	switch {
	case key.Matches(msg, k.Home):
		s.off = 0
	case key.Matches(msg, k.End):
		s.scroll(s.n)
	default:
		return false
	}
	return true
}

func (s *Scroller) scroll(d int) { s.off = max(min(s.off+d, s.n-s.h), 0) }

func (s *Scroller) page() int { return max(s.h-1, 1) }

// Offset is the first visible line.
func (s *Scroller) Offset() int { return s.off }

// ScrollTo makes line off the first visible one, as far as the last
// render's lines allow; the next Window clamps it again.
func (s *Scroller) ScrollTo(off int) { s.off = off }

// Scrolls reports whether the last render had more lines than rows.
func (s *Scroller) Scrolls() bool { return s.n > s.h && s.h > 0 }

// Window records the size of lines and the height, clamps the offset and
// returns the visible part.
func (s *Scroller) Window(lines []string, h int) []string {
	s.h, s.n = max(h, 0), len(lines)
	s.off = max(min(s.off, s.n-s.h), 0)
	return lines[s.off:min(s.off+s.h, s.n)]
}

// Position is where the window is: "12–40 of 96".
func (s *Scroller) Position() string {
	return fmt.Sprintf("%d–%d of %d", s.off+1, min(s.off+s.h, s.n), s.n)
}

// Footer is the frame's bottom label: where the window is, when it
// matters, and how to leave.
func (s *Scroller) Footer(k *keymap.KeyMap, leave string) string {
	if s.n <= s.h {
		return leave
	}
	return fmt.Sprintf("%s %s scroll · %s · %s", k.UpDown(), k.Paging(), s.Position(), leave)
}

// ScrollFullHelp is every key that scrolls a Scroller, for the help
// overlay: the arrows, the page keys, home and end.
func ScrollFullHelp(k *keymap.KeyMap) []key.Binding {
	return []key.Binding{keymap.Both(k.Up, k.Down, "scroll"), keymap.Both(k.PageUp, k.PageDown, "page"),
		keymap.As(k.Home, "top"), keymap.As(k.End, "bottom")}
}

// ScrollHelp is the keys that scroll: the arrows, and the page keys when
// page is set.
func ScrollHelp(k *keymap.KeyMap, page bool) []key.Binding {
	items := []key.Binding{keymap.Both(k.Up, k.Down, "scroll")}
	if page {
		items = append(items, keymap.Both(k.PageUp, k.PageDown, "page"))
	}
	return items
}
