// Package compare is the TUI's compare view: two worlds, each under one
// issuer's policy (a preset), driven by the same keys, drawn side by side
// on a wide screen and stacked on a narrow one, or one at a time. Each
// action's outcome is told per world as `tokenflow run --compare` tells
// it, and the actions on which the two disagree are marked.
//
// The view holds its own worlds: the sandbox's world is untouched while
// it is open, and its clock moves only with the keys that move time.
package compare

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
	simcompare "github.com/tokenflow/tokenflow/sim/compare"
	"github.com/tokenflow/tokenflow/sim/plural"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
)

// wideEnough is the narrowest screen on which the two worlds stand side
// by side; below it they are stacked.
const wideEnough = 100

// step is one action and what it came to in each world.
type step struct {
	action   sim.Action
	outcomes [2]simcompare.Outcome
}

// differ reports whether the two worlds answered the step otherwise.
func (s step) differ() bool { return s.outcomes[0] != s.outcomes[1] }

// side is one of the two worlds and the preset it runs.
type side struct {
	preset string
	world  *sim.World
	scene  common.Scene
}

// View is the compare view. Only its own methods change it.
type View struct {
	c     *common.Common
	base  sim.Config // seed and limits of the worlds
	sides [2]side
	steps []step
	sel   int  // the side the arrows change
	one   bool // one world at a time, the chosen one, instead of both
	// leaving is set by esc when there are actions to lose: a second
	// esc closes the view and discards both worlds, any other key
	// keeps them.
	leaving bool
}

var _ common.Component = (*View)(nil)

// New opens the view on presets a and b, from worlds built like base.
func New(c *common.Common, base sim.Config, a, b string) (*View, error) {
	v := &View{c: c, base: base}
	for i, name := range []string{a, b} {
		if err := v.setPreset(i, name); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Names returns the two presets compared.
func (v *View) Names() (string, string) { return v.sides[0].preset, v.sides[1].preset }

// setPreset rebuilds side i under preset name and plays every action so
// far on it again, so both worlds always saw the same keys.
func (v *View) setPreset(i int, name string) error {
	p, ok := sim.FindPreset(name)
	if !ok {
		return fmt.Errorf("unknown preset %q (known: %s)", name, strings.Join(sim.PresetNames(), ", "))
	}
	w, err := sim.New(v.base)
	if err != nil {
		return err
	}
	if err := w.Apply(sim.Action{Verb: "set", Args: []string{"preset", p.Name}}); err != nil {
		return err
	}
	s := &v.sides[i]
	s.preset, s.world = p.Name, w
	s.scene = common.Scene{World: w, Gen: s.scene.Gen + 1}
	for j := range v.steps {
		v.steps[j].outcomes[i] = play(w, v.steps[j].action)
	}
	return nil
}

// play applies a to w and tells what it came to.
func play(w *sim.World, a sim.Action) simcompare.Outcome {
	start := w.Log.Len()
	if err := w.Apply(a); err != nil {
		return simcompare.Outcome{Failed: true, Note: "can't: " + err.Error()}
	}
	return simcompare.Summarize(w.Log.Since(start))
}

// say tells an outcome in words, as a goal line says its cause: "400
// invalid_grant · the thief's replay was caught as reuse · 1 login
// revoked", not the cause's id. The status code leads, so that the colour
// and the eye find it first.
func say(o simcompare.Outcome) string {
	if o.Note != "" {
		return o.Note
	}
	var parts []string
	if o.Status != 0 {
		parts = append(parts, strings.TrimSpace(fmt.Sprintf("%d %s", o.Status, o.Error)))
	}
	if o.Cause != "" {
		parts = append(parts, lessons.CausePhrase(sim.Cause(o.Cause)))
	}
	if o.Revoked > 0 {
		parts = append(parts, count(o.Revoked, "login")+" revoked")
	}
	if o.Denied > 0 {
		parts = append(parts, count(o.Denied, "access token")+" denylisted")
	}
	if len(parts) == 0 {
		return "nothing happened"
	}
	return strings.Join(parts, " · ")
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Apply does a in both worlds and returns a status line that says
// whether they agreed.
func (v *View) Apply(a sim.Action) string {
	st := step{action: a}
	for i := range v.sides {
		st.outcomes[i] = play(v.sides[i].world, a)
	}
	v.steps = append(v.steps, st)
	if !st.differ() {
		return fmt.Sprintf("%s: both %s", a, say(st.outcomes[0]))
	}
	return fmt.Sprintf("%s: %s %s ≠ %s %s", a, v.sides[0].preset, say(st.outcomes[0]), v.sides[1].preset, say(st.outcomes[1]))
}

// Key handles a key: the world keys act on both worlds, ←→ choose a side,
// ↑↓ change its preset, tab shows one world or both, esc closes. It
// returns the status line to show, whether the key was the view's, and
// whether the view closed.
func (v *View) Key(msg tea.KeyPressMsg) (status string, handled, closed bool) {
	k := v.c.Keys
	leaving := v.leaving
	v.leaving = false
	switch {
	case key.Matches(msg, k.Back) && (leaving || len(v.steps) == 0):
		return "compare view closed: its two worlds are discarded; the sandbox is as you left it", true, true
	case key.Matches(msg, k.Back):
		// Two worlds of actions would go at one keypress: ask first.
		v.leaving = true
		return fmt.Sprintf("%s again closes the view and discards both worlds and their %d actions; any other key keeps them",
			k.Back.Help().Key, len(v.steps)), true, false
	case leaving && !key.Matches(msg, k.Help):
		return "both worlds kept", true, false
	case key.Matches(msg, k.Focus):
		v.one = !v.one
		if v.one {
			return "showing " + v.sides[v.sel].preset + " alone: " + k.LeftRight() + " switches, tab shows both", true, false
		}
		return "showing both worlds", true, false
	case key.Matches(msg, k.Left), key.Matches(msg, k.Right):
		v.sel = 1 - v.sel
		return v.sides[v.sel].preset + " chosen: " + k.UpDown() + " changes its preset", true, false
	case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
		d := 1
		if key.Matches(msg, k.Up) {
			d = -1
		}
		names := sim.PresetNames()
		i := indexOf(names, v.sides[v.sel].preset)
		next := names[((i+d)%len(names)+len(names))%len(names)]
		if err := v.setPreset(v.sel, next); err != nil {
			return err.Error(), true, false
		}
		return next + " now, replaying the " + plural.Count(len(v.steps), "action") + " so far", true, false
	}
	for _, ak := range k.Actions() {
		if ak.Action.Verb != "inspect" && key.Matches(msg, ak.Binding) {
			return v.Apply(ak.Action), true, false
		}
	}
	return "", false, false
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return 0
}

// ShortHelp is the view's keys, for the key line.
func (v *View) ShortHelp() []key.Binding {
	k := v.c.Keys
	return []key.Binding{keymap.Both(k.Left, k.Right, "side"), keymap.Both(k.Up, k.Down, "preset"),
		keymap.As(k.Focus, "one/both"), keymap.As(k.Back, "close")}
}

// FullHelp is the view's keys in one column.
func (v *View) FullHelp() [][]key.Binding { return [][]key.Binding{v.ShortHelp()} }

// Lines tells both worlds' story as text, for the accessible mode.
func (v *View) Lines() []string {
	a, b := v.Names()
	lines := []string{fmt.Sprintf("Compare: %s and %s, driven by the same keys. Left and right choose a side, up and down change its preset, "+
		"escape closes the view and discards both worlds.", a, b)}
	for i := range v.sides {
		lines = append(lines, v.sides[i].preset+": "+v.settings(i))
	}
	for _, st := range v.steps {
		lines = append(lines, fmt.Sprintf("%s: %s %s; %s %s", st.action, a, say(st.outcomes[0]), b, say(st.outcomes[1])))
	}
	return lines
}

// settings says how side i's policy differs from the other side's: the
// same settings on both sides, each with its own value.
func (v *View) settings(i int) string {
	as, bs := simcompare.Between(v.sides[0].world.Config(), v.sides[1].world.Config())
	mine := [2][]string{as, bs}[i]
	if len(mine) == 0 {
		return "the same settings as " + v.sides[1-i].preset
	}
	return strings.Join(mine, ", ")
}
