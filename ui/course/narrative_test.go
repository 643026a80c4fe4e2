package course

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
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

// TestEveryLessonLineFitsThePane renders every text of every built-in
// lesson at the lesson pane's narrowest and a common width: a line wider
// than asked is cut by the pane, and a cut code line loses characters.
func TestEveryLessonLineFitsThePane(t *testing.T) {
	all, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range all {
		texts := []string{l.Intro}
		for _, s := range l.Steps {
			texts = append(texts, s.Narrative, s.Debrief)
		}
		for _, width := range []int{36, 56} {
			for _, text := range texts {
				for _, line := range renderMarkdown(text, width, true) {
					if got := ansi.StringWidth(line); got > width {
						t.Errorf("%s at %d cells: a line is %d wide: %q", l.ID, width, got, ansi.Strip(line))
					}
				}
			}
		}
	}
}

// TestCodeWrapsWithoutLosingCharacters: a code line too long for the pane
// continues on the next line, indented under it, with every character.
func TestCodeWrapsWithoutLosingCharacters(t *testing.T) {
	code := "  res.json({ accessToken: jwt.sign({ sub: claims.sub }, ACCESS_SECRET) });"
	md := "Before.\n\n```js\n" + code + "\n```\n"
	var got []string
	for _, l := range renderMarkdown(md, 30, true) {
		got = append(got, strings.TrimRight(ansi.Strip(l), " "))
	}
	var code2 []string
	for _, l := range got[2:] {
		if len(l)-len(strings.TrimLeft(l, " ")) < 4 {
			t.Errorf("code line %q is not indented under its line (margin 2, code 2)", l)
		}
		if ansi.StringWidth(l) > 30 {
			t.Errorf("code line %q is wider than 30", l)
		}
		code2 = append(code2, strings.TrimSpace(l))
	}
	if strings.ReplaceAll(strings.Join(code2, ""), " ", "") != strings.ReplaceAll(code, " ", "") {
		t.Errorf("the code reads %q, want every character of %q", strings.Join(code2, " "), code)
	}
}
