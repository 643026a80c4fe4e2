package content_test

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
)

// TestReviewedClaimsKeepTheirContext pins what a review against the RFCs
// and the vendors' sources found overstated in lessons 11 and 17: one
// server's or one vendor's choice told as the rule, or a rule told without
// the context that limits it. Each claim must keep the words that say
// whose choice it is, and the overstated wording must not come back.
func TestReviewedClaimsKeepTheirContext(t *testing.T) {
	ls, err := lessons.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	step := func(lesson, title string) (*lessons.Lesson, string) {
		for _, l := range ls {
			if l.ID != lesson {
				continue
			}
			for _, s := range l.Steps {
				if s.Title == title {
					return l, oneLine(s.Narrative + " " + s.Debrief)
				}
			}
		}
		t.Fatalf("no step %q in lesson %s", title, lesson)
		return nil, ""
	}
	for _, c := range []struct {
		finding        int
		lesson, title  string
		want, unwanted []string
	}{
		// RFC 9449 §11.1: a server may time proofs by a nonce carrying
		// its own clock, whatever the app's clock says.
		{1, "clocks-disagree", "A proof from the past", []string{"§11.1", "nonce", "checks `iat` even though"}, []string{"The fix is a clock kept right"}},
		// RFC 7519 sets a rule for nbf, none for iat: refusing a future
		// iat is this API's option (golang-jwt WithIssuedAt).
		{2, "clocks-disagree", "An API that runs slow", []string{"WithIssuedAt", "§4.1.5", "`nbf` alone"}, []string{"the API cannot tell"}},
		// Keycloak's client session is one browser's.
		{3, "real-issuers-differ", "A replay that takes every tab", []string{"every tab of that browser", "other\nbrowsers and devices"}, []string{"every tab and device", "reported"}},
		// FAPI 2.0 is for confidential clients and has no window.
		{12, "real-issuers-differ", "A lost answer at Okta", []string{"confidential clients", "discourages rotation", "no window"}, []string{"FAPI 2.0 requires that such a retry succeed"}},
		// The library defaults with their sources, and what they check.
		{16, "clocks-disagree", "A little leeway", []string{"parser_option.go", "DEFAULT_MAX_CLOCK_SKEW", "DefaultClockSkew", "only `nbf` and `exp`"}, nil},
		// Entra ID keeps the first end for single-page apps only.
		{19, "real-issuers-differ", "A login that never ends", []string{"Entra ID for single-page apps"}, nil},
	} {
		l, text := step(c.lesson, c.title)
		for _, w := range c.want {
			if !strings.Contains(text, oneLine(w)) {
				t.Errorf("finding %d: %s, step %q, no longer says %q", c.finding, l.File, c.title, w)
			}
		}
		for _, u := range c.unwanted {
			if strings.Contains(text, oneLine(u)) {
				t.Errorf("finding %d: %s, step %q, says %q again", c.finding, l.File, c.title, u)
			}
		}
	}
	for _, l := range ls {
		if l.ID == "clocks-disagree" && !strings.Contains(l.Summary, "proof this server takes") {
			t.Errorf("finding 1: %s's summary says a client far off cannot make any DPoP proof: %q", l.File, l.Summary)
		}
	}
}

// oneLine joins a text's lines, so a phrase is found wherever the lines break.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
