package common

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestEveryCauseHasItsOwnWhy: the Why pane explains an action by its
// cause, so each cause needs a text, and no two causes may share one.
func TestEveryCauseHasItsOwnWhy(t *testing.T) {
	seen := map[string]sim.Cause{}
	for _, c := range sim.Causes {
		text := Why(c)
		if text == "" {
			t.Errorf("cause %q has no Why", c)
			continue
		}
		if other, dup := seen[text]; dup {
			t.Errorf("causes %q and %q share one Why", c, other)
		}
		seen[text] = c
	}
	if len(whyText) != len(sim.Causes) {
		t.Errorf("%d Why texts for %d causes: a text for a cause nobody stamps", len(whyText), len(sim.Causes))
	}
}

// TestWhyTextsSayWhoseChoiceItIs pins what a review against the RFCs and
// the vendors' sources found: a Why must not tell this server's choice as
// the RFC's rule, nor say "the same child" where the issuer minted a
// sibling, nor "the whole family" alone where more can go. Each cause
// keeps the words that say so; the overstated wording must not return.
func TestWhyTextsSayWhoseChoiceItIs(t *testing.T) {
	for _, c := range []struct {
		finding        int
		cause          sim.Cause
		want, unwanted []string
	}{
		{1, sim.CauseSkewProof, []string{"§11.1", "nonce", "this server"}, nil},
		{2, sim.CauseNotYetValid, []string{"§4.1.5", "WithIssuedAt", "this API's own choice"}, nil},
		{2, sim.CauseSkewNotYetValid, []string{"§4.1.5", "WithIssuedAt"}, []string{"§4.1.4"}},
		{6, sim.CauseGraceRetrySibling, []string{"new sibling", "two live branches"}, []string{"child it had already issued"}},
		{6, sim.CauseGraceVictimSibling, []string{"new sibling", "two live branches"}, []string{"same live child"}},
		{6, sim.CauseGraceRaceSibling, []string{"new sibling", "both stay valid"}, []string{"same child"}},
		{6, sim.CauseGraceThiefSibling, []string{"new sibling", "never fires"}, []string{"Both now share it"}},
		{15, sim.CauseBadProof, []string{"before or after", "this API's window"}, []string{"older than the API's one-minute window"}},
		{17, sim.CauseReuseThief, []string{"reuse-revokes client", "same browser"}, nil},
		{17, sim.CauseReuseRevokedSession, []string{"same issuer session", "Other browsers and devices"}, nil},
		{18, sim.CauseReuseGraceSpent, []string{"Keycloak counts reuses with no window"}, []string{"most issuers count only seconds"}},
	} {
		text := Why(c.cause)
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("finding %d: the Why of %s no longer says %q: %s", c.finding, c.cause, w, text)
			}
		}
		for _, u := range c.unwanted {
			if strings.Contains(text, u) {
				t.Errorf("finding %d: the Why of %s says %q again: %s", c.finding, c.cause, u, text)
			}
		}
	}
}
