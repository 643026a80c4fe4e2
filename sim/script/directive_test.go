package script

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestDemoDirectives: ParseDemo reads `#> note` and `# pause D` as the
// demo's directives; Parse, for `run`, lessons and compare, drops them,
// so a script with directives plays headless exactly as without them;
// a pause followed by words stays a caption, and a malformed pause is an
// error for the demo alone.
func TestDemoDirectives(t *testing.T) {
	src := "# Caption.\n#> a note\n# pause 4s\nlogin\n# pause here and ask the room\n#>\ncall\n"
	demo, err := ParseDemo(strings.NewReader(src), "talk.tf")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, l := range demo {
		switch {
		case l.Note != "":
			kinds = append(kinds, "note:"+l.Note)
		case l.Pause > 0:
			kinds = append(kinds, "pause:"+l.Pause.String())
		case l.Action != nil:
			kinds = append(kinds, "action:"+l.Action.String())
		default:
			kinds = append(kinds, "comment:"+l.Comment)
		}
	}
	want := "comment:Caption. note:a note pause:4s action:login comment:pause here and ask the room action:call"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("ParseDemo read\n %s\nwant\n %s", got, want)
	}
	plain, err := Parse(strings.NewReader(src), "talk.tf")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range plain {
		if l.Note != "" || l.Pause != 0 || strings.HasPrefix(l.Comment, ">") || l.Comment == "pause 4s" {
			t.Errorf("Parse kept a directive: %+v", l)
		}
	}
	if len(plain) != len(demo)-2 {
		t.Errorf("Parse kept %d lines, want the %d that are not directives", len(plain), len(demo)-2)
	}

	for _, bad := range []string{"# pause 4", "# pause 4x", "# pause 0s", "# pause 11m"} {
		_, err := ParseDemo(strings.NewReader("login\n"+bad+"\ncall\n"), "talk.tf")
		var se *Error
		if !errors.As(err, &se) || se.Line != 2 || !strings.Contains(se.Msg, "pause") {
			t.Errorf("ParseDemo(%q) = %v, want an error on line 2 about the pause", bad, err)
		}
		if lines, err := Parse(strings.NewReader("login\n"+bad+"\ncall\n"), "talk.tf"); err != nil || lines[1].Comment != strings.TrimPrefix(bad, "# ") {
			t.Errorf("Parse(%q) = %v, %v; want it kept as a comment", bad, lines, err)
		}
	}
	if l, _ := ParseDemo(strings.NewReader("# pause 1m30s\nlogin\n"), "talk.tf"); l[0].Pause != 90*time.Second {
		t.Errorf("# pause 1m30s read as %v", l[0].Pause)
	}
}
