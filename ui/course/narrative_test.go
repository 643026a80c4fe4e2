package course

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestListItemsHangUnderTheirText: a numbered item that wraps continues
// under its words, not back at the margin where it reads as a paragraph.
func TestListItemsHangUnderTheirText(t *testing.T) {
	text := "1. the app reads the metadata to find the endpoints,\n2. alice's browser opens the login page, and she types her password\n   there: the app never sees it,\n\n- a bullet long enough to wrap at thirty cells wide"
	var got []string
	for _, l := range renderMarkdown(text, 30, true) {
		got = append(got, strings.TrimRight(ansi.Strip(l), " "))
	}
	want := []string{
		"1. the app reads the metadata",
		"   to find the endpoints,",
		"2. alice's browser opens the",
		"   login page, and she types",
		"   her password there: the app",
		"   never sees it,",
		"",
		"• a bullet long enough to wrap",
		"  at thirty cells wide",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rendered:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
