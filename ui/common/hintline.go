package common

import (
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
	left := h.ShortHelpView(items)
	if ansi.StringWidth(left) > room {
		ellipsis := " " + h.Styles.Ellipsis.Inline(true).Render("…")
		left = ""
		for n := len(items) - 1; n > 0; n-- {
			if cut := h.ShortHelpView(items[:n]) + ellipsis; ansi.StringWidth(cut) <= room {
				left = cut
				break
			}
		}
	}
	gap := max(w-1-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	return Fit(" "+left+strings.Repeat(" ", gap)+right, w)
}
