package lessons

import (
	"strings"
	"testing"
)

// TestParseRejectsControlCharacters pins that lesson text cannot carry
// what a terminal would obey: `tokenflow lessons` prints titles as they
// are, and the TUI, over SSH too, shows every part of a lesson.
func TestParseRejectsControlCharacters(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string // file:line: message substring
	}{
		{"OSC title change in the title", "title: Sample", "title: Sample\x1b]0;pwned\x07", "sample.md:3: invisible or control character U+001B"},
		{"screen clear in the introduction", "An introduction.", "An introduction.\x1b[2J", "sample.md:9: invisible or control character U+001B"},
		{"NUL in a hint", "1. Sign in.", "1. Sign in.\x00", "sample.md:29: invisible or control character U+0000 at column 12"},
		{"C1 CSI in a debrief", "Done (RFC 6749 §4.1).", "Done (RFC 6749 §4.1).\u009b31m", "sample.md:41: invisible or control character U+009B at column 22"},
		{"bidi override in a narrative", "Sign in.\n", "Sign \u202ein.\n", "sample.md:13: invisible or control character U+202E"},
		{"carriage return alone", "It worked.", "It\rworked.", "control character U+000D"},
		{"zero-width space in a narrative", "Sign in.\n", "Sign\u200b in.\n", "sample.md:13: invisible or control character U+200B"},
		{"byte-order mark in a hint", "1. Sign in.", "1. Sign\ufeff in.", "sample.md:29: invisible or control character U+FEFF at column 8"},
		{"DEL in the summary", "summary: A lesson for tests.", "summary: A lesson\x7f for tests.", "sample.md:4: invisible or control character U+007F"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(validLesson, tt.old, tt.new, 1)
			if src == validLesson {
				t.Fatalf("replacing %q changed nothing", tt.old)
			}
			l, errs := Parse("sample.md", []byte(src))
			if l != nil {
				t.Fatal("Parse accepted the lesson")
			}
			var msgs []string
			for _, err := range errs {
				msgs = append(msgs, err.Error())
			}
			all := strings.Join(msgs, "\n")
			if !strings.Contains(all, tt.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", all, tt.want)
			}
			for _, r := range all {
				if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r == '\u202e' || r == '\u200b' || r == '\ufeff' {
					t.Errorf("a problem echoes %U raw: %q", r, all)
				}
			}
		})
	}
}

func TestParseAllowsTabsAndCRLF(t *testing.T) {
	src := strings.ReplaceAll(strings.Replace(validLesson, "Sign in.\n", "Sign\tin.\n", 1), "\n", "\r\n")
	if _, errs := Parse("sample.md", []byte(src)); len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
}
