package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
)

// TestNextStepFollowsTheTour checks that after each step of the tour the
// hint names the key for the next one, so a newcomer is never stuck.
func TestNextStepFollowsTheTour(t *testing.T) {
	steps := []struct {
		key  string
		want string // the hint after pressing key
	}{
		{"", "press l to log in"},
		{"l", "press c to call the API"},
		{"c", "press j to jump to the access token's expiry"},
		{"j", "press c — the API will refuse"},
		{"c", "press r — the refresh token buys"},
		{"r", "press c again"},
		{"c", "press T to let the attacker steal"},
		{"T", "press A — the attacker redeems"},
		{"A", "press r — the client presents its rotated-out refresh token"},
		{"r", "revoked: press l to log in again"},
	}
	m := newModel(t)
	for _, s := range steps {
		if s.key != "" {
			press(m, s.key)
		}
		if got := common.NextStep(m.com.Keys, &m.sc); !strings.Contains(got, s.want) {
			t.Errorf("after %q the hint is %q, want it to contain %q", s.key, got, s.want)
		}
	}
}

// TestActionThatMakesNoSenseExplainsWhy checks that a key whose action
// cannot run now leaves the world alone and says why in the status line.
func TestActionThatMakesNoSenseExplainsWhy(t *testing.T) {
	for _, k := range []string{"r", "c", "a", "A", "j", "o", "1", "2", "R"} {
		m := newModel(t)
		press(m, k)
		if n := len(m.World().Records()); n != 0 {
			t.Errorf("%q before login applied %d actions, want none", k, n)
		}
		if m.Status() == "" || m.status.Level == common.LevelInfo {
			t.Errorf("%q before login: status %q (level %d), want a warning that says why", k, m.Status(), m.status.Level)
		}
	}
}

// TestSettingsPanelAppliesSetActions checks that changing a value in the
// panel is a logged, undoable `set` action.
func TestSettingsPanelAppliesSetActions(t *testing.T) {
	m := newModel(t)
	press(m, "s", "down", "down", "down", "down", "down", "right") // rotation: on → off
	if got := m.World().Config().SettingString("rotation"); got != "off" {
		t.Fatalf("rotation = %s after the panel changed it, want off", got)
	}
	press(m, "u")
	if got := m.World().Config().SettingString("rotation"); got != "on" {
		t.Errorf("rotation = %s after undo, want on", got)
	}
}

// TestInspectingATokenIsAnAction checks that opening the client's token
// in the inspector logs `inspect`, which lessons look for.
func TestInspectingATokenIsAnAction(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	press(m, "l", "tab", "down", "enter")
	recs := m.World().Records()
	if last := recs[len(recs)-1].Action.String(); last != "inspect refresh" {
		t.Errorf("last action = %q, want inspect refresh", last)
	}
	if m.focus.Overlay != common.OverlayInspect {
		t.Error("the inspector did not open")
	}
}

// TestSubmenuPicksTheVariant checks that f then t forges by tampering, and
// that esc cancels the question without acting.
func TestSubmenuPicksTheVariant(t *testing.T) {
	m := newModel(t)
	press(m, "l", "f", "t")
	recs := m.World().Records()
	if last := recs[len(recs)-1].Action.String(); last != "forge tamper" {
		t.Errorf("last action = %q, want forge tamper", last)
	}
	press(m, "i", "esc")
	if n := len(m.World().Records()); n != len(recs) {
		t.Errorf("esc in the introspect menu applied an action")
	}
}

// TestUndoRebuildsTheRealTimeDriver checks that after undo the wall clock
// drives the new world's clock, not the discarded one's.
func TestUndoRebuildsTheRealTimeDriver(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC) // a wall clock unrelated to the simulated one
	m, err := New(Options{Seed: 1, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	press(m, "l", "c", "u")
	before := m.World().Now()
	now = now.Add(10 * time.Second)
	m.Update(clockbar.TickMsg(now))
	if got := m.World().Now().Sub(before); got != 10*time.Second {
		t.Errorf("after undo, 10s of wall time moved the world's clock by %s, want 10s at 1×", got)
	}
}

// TestLimitsReachEveryWorld: a workshop's bounds hold for the sandbox, a
// world rebuilt by undo, and each lesson's world, or one learner could
// escape them by opening a lesson.
func TestLimitsReachEveryWorld(t *testing.T) {
	limits := sim.Limits{Events: 500, Issuer: issuer.Limits{Records: 1000}}
	m, err := New(Options{Seed: 1, Limits: limits, Lessons: theCourse(t)})
	if err != nil {
		t.Fatal(err)
	}
	resize(m, 120, 40)
	if got := m.World().Config().Limits; got != limits {
		t.Fatalf("the first world's limits: %+v", got)
	}
	keys(m, "enter", "l")
	if got := m.World().Config().Limits; got != limits {
		t.Errorf("a lesson world's limits: %+v", got)
	}
	keys(m, "u")
	if got := m.World().Config().Limits; got != limits {
		t.Errorf("after undo, the limits: %+v", got)
	}
}

// TestSandboxResetCanBeUndone: ctrl+r in the sandbox throws a session's
// work away in one keypress, so undo brings it back.
func TestSandboxResetCanBeUndone(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	keys(m, "l", "c")
	before := m.World()
	keys(m, "ctrl+r")
	if len(m.World().Records()) != 0 || !strings.Contains(m.Status(), "brings the old one back") {
		t.Fatalf("after reset: %d records, status %q", len(m.World().Records()), m.Status())
	}
	keys(m, "u")
	if m.World() != before || len(m.World().Records()) != 2 {
		t.Fatalf("undo after reset: %d records, status %q; want the two actions back", len(m.World().Records()), m.Status())
	}
}

// TestAdviceNamesOnlyWhatCanStillHappen: once the stolen refresh token
// has expired, "Next" must not suggest redeeming it, and the clock bar
// must not count down to the exp of a token that is already revoked.
func TestAdviceNamesOnlyWhatCanStillHappen(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	m.applyLine("login")
	m.applyLine("steal refresh")
	m.applyLine("advance 7d")
	if next := m.nextLine(120); strings.Contains(next, m.com.Keys.AttackerRefresh.Help().Desc) {
		t.Errorf("Next suggests redeeming an expired stolen token: %q", ansi.Strip(next))
	}
	m = newModel(t)
	resize(m, 120, 40)
	m.applyLine("login")
	m.applyLine("logout")
	m.applyLine("login")
	m.applyLine("race")
	m.applyLine("jump") // past the access token: what is left to expire is revoked
	if bar := ansi.Strip(m.clock.Render(120)); strings.Contains(bar, "refresh token expires") {
		t.Errorf("the clock bar counts down to a revoked refresh token: %q", bar)
	}
}
