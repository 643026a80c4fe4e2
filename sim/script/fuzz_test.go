package script_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
)

// FuzzParse feeds the parser arbitrary scripts. It must never panic; a
// script it refuses gets a *script.Error naming a line that exists; a
// script it accepts writes back to lines that parse to the same thing.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"login\ncall\nadvance 15m\ncall\nexpect status 401\nrefresh\ncall\nexpect status 200\n",
		"# comment\n\n  steal refresh  # trailing\nattacker refresh\nexpect error invalid_grant\n",
		"set rotation off\nset grace 30s\nset alg HS256\nset storage local-storage\nattacker xss\n",
		"set preset okta\nset skew api -2m\nset skew issuer +1d\nset skew client --5m\nset skew moon 1m\nset grace-count 7\nset refresh-ttl 0s\n",
		"advance 1d12h\nadvance 3650d\nadvance 99999h\nadvance d\nadvance 1d-1h\n",
		"expect\nexpect status\nexpect status 200 300\nexpect event\n",
		"login alice\nlogin a b c\n",
		"forge none\nintrospect stolen\ninspect refresh\nrevoke access\n",
		"\x00\xff\r\n\t#\n",
		"call #",
		"set  ",
		strings.Repeat("a", 5000),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		lines, err := script.Parse(strings.NewReader(src), "fuzz.flow")
		if err != nil {
			var se *script.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *script.Error", err, err)
			}
			if se.Line < 1 || se.Line > strings.Count(src, "\n")+1 || se.Msg == "" {
				t.Fatalf("error %+v names no line of a %d-line script", se, strings.Count(src, "\n")+1)
			}
			return
		}
		last := 0
		for _, l := range lines {
			if l.N <= last {
				t.Fatalf("line numbers not increasing: %d after %d", l.N, last)
			}
			last = l.N
			switch {
			case l.Action != nil:
				again, err := sim.ParseAction(l.Action.String())
				if err != nil || !reflect.DeepEqual(again, *l.Action) {
					t.Fatalf("%q written back as %q re-parses to %+v, %v", l.Action.Args, l.Action.String(), again, err)
				}
			case l.Expect != nil:
				again, ok, err := script.ParseLine(l.Expect.String())
				if err != nil || !ok || again.Expect == nil || *again.Expect != *l.Expect {
					t.Fatalf("%q re-parses to %+v, %v", l.Expect.String(), again, err)
				}
			}
		}
	})
}
