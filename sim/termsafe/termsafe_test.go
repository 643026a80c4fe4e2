package termsafe_test

import (
	"encoding/json"
	"testing"

	"github.com/tokenflow/tokenflow/sim/termsafe"
)

func TestEscapeNeutralisesControlsAndKeepsText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, tabs\tand\nnewlines", "plain text, tabs\tand\nnewlines"},
		{"ünïcödé ✓ ☠ §4.1", "ünïcödé ✓ ☠ §4.1"},
		{"\x1b]0;pwned\x07", `\u001b]0;pwned\u0007`},
		{"\x1b[2J", `\u001b[2J`},
		{"nul\x00", `nul\u0000`},
		{"cr\rover", `cr\u000dover`},
		{"del\x7f", `del\u007f`},
		{"csi\u009b2J", `csi\u009b2J`},
		{"al\u202eice", `al\u202eice`},
		{"\u2066isolate\u2069 \u200fmark \u061c", `\u2066isolate\u2069 \u200fmark \u061c`},
		{"bad \xc2 byte \x9b", `bad \xc2 byte \x9b`},
		{"a real \uFFFD stays", "a real \uFFFD stays"},
		// Invisible format characters (category Cf) are shown.
		{"al\u200bice \ufeffbom soft\u00adhyphen wj\u2060", `al\u200bice \ufeffbom soft\u00adhyphen wj\u2060`},
		{"tags \U000e0041\U000e0042", `tags \udb40\udc41\udb40\udc42`},
		// The joiners stay where a script or an emoji needs them …
		{"👩\u200d💻 می\u200cخواهم क्\u200dष", "👩\u200d💻 می\u200cخواهم क्\u200dष"},
		// … and are shown where they join nothing: after ASCII, at the
		// start, after an escape.
		{"al\u200dice al\u200cice", `al\u200dice al\u200cice`},
		{"\u200dalice", `\u200dalice`},
		{"a\u200b\u200dz", `a\u200b\u200dz`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := termsafe.Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, r := range termsafe.Escape(tt.in) {
			if termsafe.Unsafe(r) {
				t.Errorf("Escape(%q) still holds %U", tt.in, r)
			}
		}
	}
}

// TestEscapeKeepsJSONMeaning pins what lets `run --format json` escape
// its lines whole: the escapes are JSON's, so values decode unchanged.
func TestEscapeKeepsJSONMeaning(t *testing.T) {
	in := map[string]string{"text": "login al\u202eice wonder\u009bland\x7f hid\U000e0041den"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]string
	if err := json.Unmarshal([]byte(termsafe.Escape(string(raw))), &out); err != nil {
		t.Fatalf("escaped JSON does not decode: %v", err)
	}
	if out["text"] != in["text"] {
		t.Errorf("decoded %q, want %q", out["text"], in["text"])
	}
}

// TestEscapeOfCleanTextAllocatesNothing: the TUI formats event lines
// through Escape, and its idle frames allocate nothing.
func TestEscapeOfCleanTextAllocatesNothing(t *testing.T) {
	line := "09:00:00   issuer    refresh token rt-3f9a rotated: generation 1 used up; generation 2 issued ✓"
	if n := testing.AllocsPerRun(100, func() { termsafe.Escape(line) }); n != 0 {
		t.Errorf("Escape of a clean line allocates %v times, want 0", n)
	}
}
