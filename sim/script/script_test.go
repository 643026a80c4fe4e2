package script_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// preamble puts three lines before the line under test, so line numbers
// are checked against something other than 1.
const preamble = "# a scenario\n\nlogin\n"

func TestParseErrorsNameTheLineAndTheWord(t *testing.T) {
	tests := []struct {
		name, line, word, msg string
	}{
		{"unknown verb", "teleport", "teleport", "unknown verb"},
		{"unknown verb keeps its case", "Teleport now", "Teleport", "unknown verb"},
		{"bad duration", "advance 15x", "15x", "not a duration"},
		{"bad day count", "advance 1.5d", "1.5d", "not a duration"},
		{"zero duration", "advance 0s", "0s", "positive duration"},
		{"negative duration", "advance -5m", "-5m", "positive duration"},
		{"ten years", "advance 87601h", "87601h", "longer than ten years"},
		{"unknown setting", "set colour blue", "colour", "unknown setting"},
		{"unknown on/off value", "set rotation maybe", "maybe", "on or off"},
		{"unknown alg", "set alg none", "none", "ES256, RS256 or HS256"},
		{"unknown storage", "set storage session-storage", "session-storage", "memory, local-storage, cookie or bff"},
		{"bad ttl", "set access-ttl soon", "soon", "not a duration"},
		{"zero ttl", "set access-ttl 0s", "0s", "positive duration"},
		{"missing argument", "advance", "advance", "missing argument"},
		{"missing sub-verb", "steal", "steal", "missing argument"},
		{"missing setting value", "set rotation", "set", "missing argument"},
		{"extra argument", "jump now", "now", "unexpected argument"},
		{"extra argument after sub-verb", "steal access now", "now", "unexpected argument"},
		{"extra argument to set", "set rotation on please", "please", "unexpected argument"},
		{"unknown sub-verb", "steal cookie", "cookie", "unknown argument"},
		{"unknown attack", "attacker phish", "phish", "unknown argument"},
		{"login with one credential", "login alice", "login", "USER PASSWORD"},
		{"bare expect", "expect", "expect", "missing what to expect"},
		{"expect without value", "expect status", "status", "missing value"},
		{"expect status not a number", "expect status ok", "ok", "not an HTTP status code"},
		{"expect status out of range", "expect status 99", "99", "not an HTTP status code"},
		{"expect extra word", "expect status 200 201", "201", "unexpected word"},
		{"expect unknown kind", "expect colour red", "colour", "cannot expect that"},
		{"expect unknown event", "expect event reuse", "reuse", "unknown event kind"},
		{"expect unknown no-event", "expect no-event nothing", "nothing", "unknown event kind"},
		{"control characters", "call\x01", "", "not text"},
		{"invalid UTF-8", "call \xff", "", "not text"},
		{"C1 control", "call \u009b2J", "", "not text"},
		{"bidi override in a comment", "# say \u202eit loudly", "", "not text"},
		{"zero-width space in a note", "#> al\u200bice", "", "not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := script.Parse(strings.NewReader(preamble+tt.line+"\ncall\n"), "demo.flow")
			var se *script.Error
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, want a *script.Error", tt.line, err)
			}
			if se.File != "demo.flow" || se.Line != 4 {
				t.Errorf("error at %s:%d, want demo.flow:4", se.File, se.Line)
			}
			if se.Word != tt.word {
				t.Errorf("Word %q, want %q", se.Word, tt.word)
			}
			if !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("Msg %q, want it to mention %q", se.Msg, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "demo.flow:4: ") {
				t.Errorf("Error() = %q, want it to start with file:line", err)
			}
		})
	}
}

func TestParseRejectsAnOverlongLine(t *testing.T) {
	_, err := script.Parse(strings.NewReader("login\ncall\n"+strings.Repeat("x", 5000)+"\n"), "long.flow")
	var se *script.Error
	if !errors.As(err, &se) || se.Line != 3 {
		t.Fatalf("Parse = %v, want a *script.Error at line 3", err)
	}
}

func TestParseAcceptsTheLanguage(t *testing.T) {
	src := "# Reuse detection\r\n" +
		"\n" +
		"login\n" +
		"   call   # a trailing comment\n" +
		"LOGIN alice wonderland\n" +
		"advance 15m\n" +
		"advance 1d12h\n" +
		"Steal REFRESH\n" +
		"set rotation off\n" +
		"set Access-TTL 5m\n" +
		"set alg rs256\n" +
		"expect status 401\n" +
		"expect error invalid_grant\n" +
		"EXPECT Event reuse-detected\n" +
		"expect no-event family-revoked\n"
	lines, err := script.Parse(strings.NewReader(src), "ok.flow")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		n    int
		text string // the action or expectation as written back
	}{
		{1, "# Reuse detection"}, {3, "login"}, {4, "call"}, {5, "login alice wonderland"},
		{6, "advance 15m"}, {7, "advance 1d12h"}, {8, "steal refresh"}, {9, "set rotation off"},
		{10, "set access-ttl 5m"}, {11, "set alg rs256"}, {12, "expect status 401"},
		{13, "expect error invalid_grant"}, {14, "expect event reuse-detected"}, {15, "expect no-event family-revoked"},
	}
	if len(lines) != len(want) {
		t.Fatalf("parsed %d lines, want %d", len(lines), len(want))
	}
	for i, l := range lines {
		var got string
		switch {
		case l.Action != nil:
			got = l.Action.String()
		case l.Expect != nil:
			got = l.Expect.String()
		default:
			got = "# " + l.Comment
		}
		if l.N != want[i].n || got != want[i].text {
			t.Errorf("line %d: %d %q, want %d %q", i, l.N, got, want[i].n, want[i].text)
		}
	}
}

func run(t *testing.T, src string) error {
	t.Helper()
	lines, err := script.Parse(strings.NewReader(src), "run.flow")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	w, err := sim.New(sim.Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return script.Run(w, lines, "run.flow", nil)
}

func TestRunChecksExpectations(t *testing.T) {
	pass := `login
call
expect status 200
expect event allowed
expect no-event denied
advance 15m
call
expect status 401
expect error invalid_token
steal refresh
refresh
attacker refresh
expect status 400
expect error invalid_grant
expect event reuse-detected
expect event family-revoked
`
	if err := run(t, pass); err != nil {
		t.Fatalf("a script whose expectations hold failed: %v", err)
	}

	tests := []struct {
		name, src string
		line      int
		got       string
	}{
		{"wrong status", "login\ncall\nexpect status 401\n", 3, "got status 200"},
		{"wrong error", "login\nadvance 15m\ncall\nexpect error invalid_grant\n", 4, "got error invalid_token"},
		{"no error", "login\ncall\nexpect error invalid_token\n", 3, "got no error code"},
		{"missing event", "login\ncall\nexpect event denied\n", 3, "no denied event"},
		{"unwanted event", "login\ncall\nexpect no-event allowed\n", 3, "a allowed event happened"},
		{"no exchange", "login\nadvance 1m\nexpect status 200\n", 3, "made no HTTP request"},
		{"action not possible now", "# nobody logged in\ncall\n", 2, "log in first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(t, tt.src)
			var fe *script.FailedError
			if !errors.As(err, &fe) {
				t.Fatalf("Run = %v, want a *script.FailedError", err)
			}
			if fe.File != "run.flow" || fe.Line != tt.line || !strings.Contains(fe.Got, tt.got) {
				t.Errorf("failure %s:%d %q, want line %d mentioning %q", fe.File, fe.Line, fe.Got, tt.line, tt.got)
			}
		})
	}
}

func TestRunStreamsEachLine(t *testing.T) {
	lines, err := script.Parse(strings.NewReader("# hello\nlogin\nexpect status 200\n"), "s.flow")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := sim.New(sim.Config{Seed: 1})
	var seen []int
	events := 0
	err = script.Run(w, lines, "s.flow", func(l script.Line, ev []sim.Event) {
		seen = append(seen, l.N)
		events += len(ev)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[0] != 1 || seen[2] != 3 || events != w.Log.Len() {
		t.Errorf("after called for lines %v with %d events; want 1..3 and all %d events", seen, events, w.Log.Len())
	}
}

func TestUnknownVerbListsExpectToo(t *testing.T) {
	_, _, err := script.ParseLine("fly away")
	if err == nil || !strings.Contains(err.Error(), ", expect)") {
		t.Errorf("an unknown verb in a script: %v; want the known list to end with expect", err)
	}
}
