package common

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// HintLine renders bindings as "l log in · c call API · …" through
// bubbles/help, cut with an ellipsis where the width runs out; tail (help,
// quit) always shows, at the right.
func HintLine(st *styles.Styles, w int, items, tail []key.Binding) string {
	h := help.New()
	h.Styles, h.ShortSeparator, h.Ellipsis = st.Help, " · ", "…"
	right := h.ShortHelpView(tail)
	rw := ansi.StringWidth(right)
	h.SetWidth(max(w-rw-4, 0))
	left := h.ShortHelpView(items)
	gap := max(w-1-ansi.StringWidth(left)-rw, 1)
	return Fit(" "+left+strings.Repeat(" ", gap)+right, w)
}
