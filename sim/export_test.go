package sim_test

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// exportWorld plays naive.tf's story: a stateless refresh token, stolen,
// survives a logout and six days, then a refused refresh of the client.
func exportWorld(t *testing.T) *sim.World {
	t.Helper()
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set refresh-format stateless", "login", "steal refresh", "logout", "advance 6d", "attacker refresh", "attacker call")
	apply(t, w, "set refresh-format opaque", "login", "refresh", "steal refresh", "refresh", "attacker refresh")
	return w
}

// export is what write makes of events and captions.
func export(t *testing.T, write func(io.Writer, []sim.Event, ...sim.Caption) error, events []sim.Event, captions ...sim.Caption) string {
	t.Helper()
	var b strings.Builder
	if err := write(&b, events, captions...); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func markdown(t *testing.T, events []sim.Event, captions ...sim.Caption) string {
	t.Helper()
	return export(t, sim.WriteMarkdown, events, captions...)
}

func mermaid(t *testing.T, events []sim.Event, captions ...sim.Caption) string {
	t.Helper()
	return export(t, sim.WriteMermaid, events, captions...)
}

// lacks reports each of wants that doc, the named export, does not hold.
func lacks(t *testing.T, name, doc string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(doc, want) {
			t.Errorf("the %s lacks %q:\n%s", name, want, doc)
		}
	}
}

// stamps are the times an export writes: the time of day, with the date
// in front at the first time of a new day.
var stamps = regexp.MustCompile(`(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{1,2} )?\d\d:\d\d:\d\d`)

func TestExportsShowTheDateWhenTheDayChanges(t *testing.T) {
	w := exportWorld(t)
	md := markdown(t, w.Log.All())
	if !strings.Contains(md, "| Sun Jan 11 09:00:00 | clock | clock moved 6d") {
		t.Errorf("the Markdown does not date the first time of the new day:\n%s", md)
	}
	if n := strings.Count(md, "Sun Jan 11"); n != 2 {
		// Once in the row, once in the clock's own sentence.
		t.Errorf("the Markdown names the new day %d times, want it once as a time:\n%s", n, md)
	}
	lacks(t, "Mermaid", mermaid(t, w.Log.All()),
		"Note over Client,API: Mon Jan 5 09:00:00 ▶ set refresh-format stateless",
		"Note over Client,API: Sun Jan 11 09:00:00 ▶ attacker refresh",
		"Note over Client,API: 09:00:00 ▶ attacker call")
}

func TestMarkdownHeadingsAndRowsShareOneTimeFormat(t *testing.T) {
	md := markdown(t, exportWorld(t).Log.All())
	for _, line := range strings.Split(md, "\n") {
		var stamp string
		switch {
		case strings.HasPrefix(line, "## "):
			stamp, _, _ = strings.Cut(strings.TrimPrefix(line, "## "), " · ")
		case strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| time") && !strings.HasPrefix(line, "| ---"):
			stamp, _, _ = strings.Cut(strings.TrimPrefix(line, "| "), " | ")
		default:
			continue
		}
		if !stamps.MatchString(stamp) || stamps.FindString(stamp) != stamp {
			t.Errorf("%q: time %q is not in the export's one format", line, stamp)
		}
	}
}

func TestExportRepliesCarryTheirErrorCode(t *testing.T) {
	w := exportWorld(t)
	md, mmd := markdown(t, w.Log.All()), mermaid(t, w.Log.All())
	lacks(t, "Markdown", md, "`POST /token` → **400 invalid_grant**", "`POST /revoke` → **400 unsupported_token_type**", "`POST /token` → **200**")
	lacks(t, "Mermaid", mmd, "Issuer-->>Attacker: 400 invalid_grant", "Issuer-->>Client: 200")
}

func TestExportNotesAreSentencesNotEventKinds(t *testing.T) {
	w := exportWorld(t)
	md, mmd := markdown(t, w.Log.All()), mermaid(t, w.Log.All())
	for _, k := range sim.Kinds {
		kind := string(k)
		if regexp.MustCompile(`(?m)(: |\*\()` + regexp.QuoteMeta(kind) + `\)?\*?$`).MatchString(md + mmd) {
			t.Errorf("an export names the event kind %q instead of saying what happened", kind)
		}
	}
	if !strings.Contains(mmd, "Note over Issuer: family fam-") || !strings.Contains(mmd, "revoked, every refresh token in it is dead") {
		t.Errorf("the Mermaid does not tell the family's revocation in words:\n%s", mmd)
	}
}

func TestExportsPlaceCaptionsWhereTheyStood(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "login")
	afterLogin := w.Log.Len()
	apply(t, w, "call")
	captions := []sim.Caption{
		{After: 0, Text: "Alice | signs in."},
		{After: afterLogin, Text: "Then the app calls the API; nothing else."},
		{After: w.Log.Len(), Text: "The end."},
	}
	md := markdown(t, w.Log.All(), captions...)
	first, call, end := strings.Index(md, "> Alice \\| signs in."), strings.Index(md, "> Then the app calls the API; nothing else."), strings.Index(md, "> The end.")
	login, callHeading := strings.Index(md, "`login`"), strings.Index(md, "`call`")
	if first < 0 || call < 0 || end < 0 || !(first < login && login < call && call < callHeading && callHeading < end) {
		t.Errorf("captions are missing or out of place in the Markdown:\n%s", md)
	}
	mmd := mermaid(t, w.Log.All(), captions...)
	first, call, end = strings.Index(mmd, "Note over Client,API: Alice | signs in."), strings.Index(mmd, "Note over Client,API: Then the app calls the API, nothing else."), strings.Index(mmd, "Note over Client,API: The end.")
	login, callHeading = strings.Index(mmd, "▶ login"), strings.Index(mmd, "▶ call")
	if first < 0 || call < 0 || end < 0 || !(first < login && login < call && call < callHeading && callHeading < end) {
		t.Errorf("captions are missing or out of place in the Mermaid:\n%s", mmd)
	}
}
