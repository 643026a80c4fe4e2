package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// typeLine opens the prompt, types line and submits it.
func typeLine(m *Model, line string) {
	press(m, m.com.Keys.Command.Help().Key)
	for _, r := range line {
		press(m, string(r))
	}
	press(m, "enter")
}

// keysOf names the keys of actions, from the keymap.
func keysOf(m *Model, lines ...string) []string {
	var keys []string
	for _, l := range lines {
		keys = append(keys, m.com.Keys.KeyFor(sim.Act(l)))
	}
	return keys
}

// theftKeys are a thief's replay after the app refreshed, by key.
var theftKeys = []string{"login", "steal refresh", "refresh", "attacker refresh"}

// TestCompareViewDrivesBothWorldsWithTheSameKeys: in the compare view the
// world keys act on two worlds, one per preset, and leave the sandbox
// alone; the status line says where the two disagree.
func TestCompareViewDrivesBothWorldsWithTheSameKeys(t *testing.T) {
	m := newModel(t)
	resize(m, 120, 40)
	typeLine(m, "compare okta auth0")
	if m.focus.Screen == nil {
		t.Fatalf("compare did not open: status %q", m.Status())
	}
	press(m, keysOf(m, theftKeys...)...)
	if n := len(m.World().Records()); n != 0 {
		t.Errorf("the sandbox took %d actions behind the compare view", n)
	}
	if got := m.Status(); !strings.Contains(got, "attacker refresh: okta 200 · the grace period let the thief through ≠ "+
		"auth0 400 invalid_grant · the thief's replay was caught as reuse") {
		t.Errorf("status %q does not tell the two outcomes apart in words", got)
	}
	// Each side names its own value of what differs, a default included,
	// and each token its kind.
	text := ansi.Strip(ascii(t, m))
	for _, want := range []string{"Compare · okta (Okta)", "Compare · auth0 (Auth0)", "≠ attacker refresh", "grace 30s", "grace 0s",
		"app    access ✓ valid · refresh", "thief  access"} {
		if !strings.Contains(text, want) {
			t.Errorf("the view does not show %q:\n%s", want, text)
		}
	}
	for _, raw := range []string{"grace-thief", "reuse-thief"} {
		if strings.Contains(text, raw) {
			t.Errorf("the view shows the raw cause %q:\n%s", raw, text)
		}
	}
	// A line typed at the prompt acts on both worlds too.
	typeLine(m, "attacker call")
	if got := m.Status(); !strings.HasPrefix(got, "attacker call: okta 200 · the API accepted the thief's token ≠ auth0 can't: the attacker holds no access token") {
		t.Errorf("a typed action: status %q", got)
	}
	// esc asks before it throws two worlds of actions away; any other
	// key keeps them, and a second esc closes.
	press(m, "esc")
	if m.focus.Screen == nil || !strings.Contains(m.Status(), "esc again closes the view and discards both worlds and their 5 actions") {
		t.Fatalf("one esc: open %v, status %q", m.focus.Screen != nil, m.Status())
	}
	press(m, "tab")
	if m.focus.Screen == nil || m.Status() != "both worlds kept" {
		t.Fatalf("a key after esc: open %v, status %q", m.focus.Screen != nil, m.Status())
	}
	press(m, "esc", "esc")
	if m.focus.Screen != nil || len(m.World().Records()) != 0 || !strings.Contains(m.Status(), "two worlds are discarded") {
		t.Errorf("esc esc left the view open, or the sandbox changed, or did not say what went: %q", m.Status())
	}
	// With nothing done in it, esc closes at once.
	typeLine(m, "compare okta auth0")
	press(m, "esc")
	if m.focus.Screen != nil {
		t.Error("esc on an untouched compare view did not close it")
	}
}

// TestCompareViewReplaysWhenAPresetChanges: changing one side's preset
// plays every action so far again under the new one.
func TestCompareViewReplaysWhenAPresetChanges(t *testing.T) {
	m := newModel(t)
	typeLine(m, "compare okta auth0")
	press(m, keysOf(m, theftKeys...)...)
	press(m, "right", "down") // the auth0 side, to the next preset
	if !strings.Contains(m.Status(), "okta now, replaying the 4 actions so far") {
		t.Fatalf("status %q", m.Status())
	}
	lines := m.focus.Screen.Lines()
	if last := lines[len(lines)-1]; last != "attacker refresh: okta 200 · the grace period let the thief through; okta 200 · the grace period let the thief through" {
		t.Errorf("after the replay the last action reads %q", last)
	}
}

// TestCompareViewGolden pins the view at the smallest screen, stacked,
// and at a wide one, side by side, after a thief's replay.
func TestCompareViewGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := newModel(t)
			resize(m, size[0], size[1])
			typeLine(m, "compare hydra entra")
			press(m, keysOf(m, theftKeys...)...)
			out := ascii(t, m)
			requireFrame(t, out, size[0], size[1])
			requireGolden(t, out)
		})
	}
}

func TestCompareViewRefusesUnknownPresets(t *testing.T) {
	m := newModel(t)
	typeLine(m, "compare okta pingone")
	if m.focus.Screen != nil || m.status.Level != common.LevelBad || !strings.Contains(m.Status(), "unknown preset \"pingone\" (known: default, auth0") {
		t.Errorf("compare okta pingone: status %q", m.Status())
	}
	typeLine(m, "compare a b c")
	if m.focus.Screen != nil || !strings.Contains(m.Status(), "at most two presets") {
		t.Errorf("compare a b c: status %q", m.Status())
	}
}

// TestCompareViewSurvivesAnyKeyAndSize presses random keys at random
// sizes with the compare view open, from a fixed seed: no key panics, and
// every frame fits its terminal.
func TestCompareViewSurvivesAnyKeyAndSize(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	m := newModel(t)
	resize(m, 80, 24)
	typeLine(m, "compare")
	var keys []string
	for _, g := range m.com.Keys.Groups() {
		for _, b := range g.Bindings {
			if b.Help().Key != "q" && b.Help().Key != "esc" {
				keys = append(keys, b.Keys()...)
			}
		}
	}
	for i := 0; i < 400; i++ {
		if m.focus.Screen == nil {
			typeLine(m, "compare keycloak naive")
		}
		if rng.IntN(10) == 0 {
			w, h := rng.IntN(200), rng.IntN(60)
			resize(m, w, h)
			requireFrame(t, ascii(t, m), w, 0)
			continue
		}
		press(m, keys[rng.IntN(len(keys))])
	}
}
