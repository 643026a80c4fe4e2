package script_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim/script"
)

// lineSource serves the same line over and over, up to total bytes, and
// counts what was read: a script without end, as a pipe can be.
type lineSource struct {
	line        string
	total, read int
}

func (s *lineSource) Read(p []byte) (int, error) {
	if s.read >= s.total {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && s.read < s.total {
		c := copy(p[n:min(len(p), n+s.total-s.read)], s.line[s.read%len(s.line):])
		n += c
		s.read += c
	}
	return n, nil
}

// The limits are documented in the README: 64 KiB and 1,000 actions.
const (
	documentedBytes   = 64 << 10
	documentedActions = 1000
)

func TestParseRefusesAScriptPastTheSizeLimit(t *testing.T) {
	const line = "# fifteen bytes\n" // 16 bytes a line
	src := &lineSource{line: line, total: 8 << 20}
	_, err := script.Parse(src, "big.flow")
	var se *script.Error
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "larger than 64 KiB") {
		t.Fatalf("Parse = %v, want a *script.Error saying the script is larger than 64 KiB", err)
	}
	if want := documentedBytes/len(line) + 1; se.Line != want {
		t.Errorf("refused at line %d, want %d: the first line past the limit", se.Line, want)
	}
	if src.read > documentedBytes+1 {
		t.Errorf("read %d bytes, want at most %d: memory must not grow with the script", src.read, documentedBytes+1)
	}
}

func TestParseAcceptsAScriptAtTheSizeLimit(t *testing.T) {
	const line = "# fifteen bytes\n" // 16 bytes
	full := strings.Repeat(line, documentedBytes/len(line))
	for name, src := range map[string]string{
		"ending in a newline":    full,
		"ending without newline": full[:len(full)-2] + "xx",
	} {
		if len(src) != documentedBytes {
			t.Fatalf("%s: %d bytes, want %d", name, len(src), documentedBytes)
		}
		if _, err := script.Parse(strings.NewReader(src), "full.flow"); err != nil {
			t.Errorf("%s: a script of exactly 64 KiB was refused: %v", name, err)
		}
	}
}

func TestParseRefusesMoreActionsThanTheLimit(t *testing.T) {
	src := "login\n" + strings.Repeat("call\nexpect status 200\n", documentedActions)
	_, err := script.Parse(strings.NewReader(src), "many.flow")
	var se *script.Error
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "more than 1000 actions") {
		t.Fatalf("Parse = %v, want a *script.Error saying there are more than 1000 actions", err)
	}
	if want := 1 + 2*(documentedActions-1) + 1; se.Line != want {
		t.Errorf("refused at line %d, want %d: the 1001st action", se.Line, want)
	}
	lines, err := script.Parse(strings.NewReader("login\n"+strings.Repeat("call\nexpect status 200\n", documentedActions-1)), "ok.flow")
	if err != nil || len(lines) != 2*documentedActions-1 {
		t.Errorf("1000 actions: %d lines, %v; want them accepted", len(lines), err)
	}
}
