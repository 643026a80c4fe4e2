package common

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// HintLine renders bindings as "l log in · c call API · …" through
// bubbles/help; tail (help, quit) always shows, at the right. Items that
// do not fit are dropped from the end, an ellipsis in their place.
//
// The width is measured here, not left to help.Model.SetWidth: its
// ShortHelpView adds the item that overflows when the ellipsis would not
// fit either (charmbracelet/bubbles#1038), and the overflow pushed the
// tail off the line.
func HintLine(st *styles.Styles, w int, items, tail []key.Binding) string {
	h := help.New()
	h.Styles, h.ShortSeparator = st.Help, " · "
	right := h.ShortHelpView(tail)
	// A space before the items, and at least two between them and tail.
	room := w - 3 - ansi.StringWidth(right)
	// How many items fit is counted, not drawn: each is its key, a space
	// and its words, with a separator before all but the first, and help
	// skips a disabled one. The line is then drawn once.
	items = slices.DeleteFunc(slices.Clone(items), func(b key.Binding) bool { return !b.Enabled() })
	sepW := ansi.StringWidth(h.ShortSeparator)
	width, fit := 0, 0  // the items counted so far; how many fit before an ellipsis
	const ellipsisW = 2 // " …"
	for i, b := range items {
		if i > 0 {
			width += sepW
		}
		width += ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		if width+ellipsisW <= room {
			fit = i + 1
		}
	}
	var left string
	switch {
	case width <= room:
		left = h.ShortHelpView(items)
	case fit > 0:
		left = h.ShortHelpView(items[:fit]) + " " + h.Styles.Ellipsis.Inline(true).Render("…")
	}
	gap := max(w-1-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	return Fit(" "+left+strings.Repeat(" ", gap)+right, w)
}
