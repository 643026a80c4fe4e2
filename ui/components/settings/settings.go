// Package settings is the settings panel: every setting of the world with
// its value, in the place of the actors. Changing one applies a `set`
// action, so it is logged and undoable like any other.
package settings

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// Pane lists every setting of the world with its value and selects one.
type Pane struct {
	c     *common.Common
	sc    *common.Scene
	sel   int
	cache common.Cached[paneKey]
}

var _ common.Component = (*Pane)(nil)

type paneKey struct {
	world  common.WorldKey
	w, h   int
	sel    int
	styles *styles.Styles
}

// New returns the panel of the world in sc.
func New(c *common.Common, sc *common.Scene) *Pane { return &Pane{c: c, sc: sc} }

// Update handles the panel's keys: up and down choose a setting, left and
// right (or enter) step its value. set is the `set` action a change asks
// for, empty when the key only chose; ok reports whether msg was one of
// the panel's keys.
func (p *Pane) Update(msg tea.KeyPressMsg) (set sim.Action, ok bool) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.Up):
		p.move(-1)
		p.announce()
	case key.Matches(msg, k.Down):
		p.move(1)
		p.announce()
	case key.Matches(msg, k.Left):
		return p.step(-1), true
	case key.Matches(msg, k.Right, k.Inspect):
		return p.step(1), true
	default:
		return sim.Action{}, false
	}
	return sim.Action{}, true
}

// Selected is the index in sim.Settings of the setting the arrows change.
func (p *Pane) Selected() int { return p.sel }

// Top selects the first setting: each lesson step starts there, so that a
// habitual ↓↓ does not change another setting than it did before.
func (p *Pane) Top() { p.sel = 0 }

// ShortHelp is the panel's keys, for the key line.
func (p *Pane) ShortHelp() []key.Binding {
	k := p.c.Keys
	return []key.Binding{keymap.Both(k.Up, k.Down, "choose"), keymap.Both(k.Left, k.Right, "change"), k.Back, k.Undo}
}

// FullHelp is every key of the panel, enter with the arrows that change.
func (p *Pane) FullHelp() [][]key.Binding {
	k := p.c.Keys
	return [][]key.Binding{{keymap.Both(k.Up, k.Down, "choose"), k.Left, k.Right, keymap.As(k.Inspect, "next value"),
		keymap.As(k.Back, "closes"), keymap.As(k.Settings, "closes"), k.Undo}}
}

// announce prints the selected setting in accessible mode.
func (p *Pane) announce() {
	p.c.Print(spoken(p.sc.World.Config(), sim.Settings[p.sel]))
}

// spoken reads one setting: its value, where the value comes from, and
// what it does.
func spoken(cfg sim.Config, s sim.Setting) string {
	line := s.Name + ": " + cfg.SettingString(s.Name)
	if o := origin(cfg, s.Name); o != "" {
		line += ", " + o
	}
	return line + " (" + s.Summary + ")"
}

// origin says where a setting's value comes from: the preset in force
// ("Okta default"), or that it changed since, and what the preset had
// set. A setting no preset sets has no origin.
func origin(cfg sim.Config, name string) string {
	if src := cfg.Source(name); src != "" {
		return src
	}
	if was, changed := cfg.PresetValue(name); changed {
		return "changed since preset " + cfg.SettingString("preset") + ", which set " + was
	}
	return ""
}

// Lines lists every setting and how to change it, for the accessible
// mode.
func (p *Pane) Lines() []string {
	cfg := p.sc.World.Config()
	k := p.c.Keys
	lines := []string{fmt.Sprintf("Settings (%s choose, %s change, %s closes):", k.UpDown(), k.LeftRight(), k.Back.Help().Key)}
	for i, s := range sim.Settings {
		mark := " "
		if i == p.sel {
			mark = ">"
		}
		lines = append(lines, mark+" "+spoken(cfg, s))
	}
	return lines
}

func (p *Pane) move(d int) {
	n := len(sim.Settings)
	p.sel = ((p.sel+d)%n + n) % n
}

// step returns the `set` action that moves the selected setting d values
// along its choices.
func (p *Pane) step(d int) sim.Action {
	s := sim.Settings[p.sel]
	choices := s.Choices
	if len(choices) == 0 {
		return sim.Action{}
	}
	cur := p.sc.World.Config().SettingString(s.Name)
	i := -1
	for j, c := range choices {
		if strings.EqualFold(c, cur) {
			i = j
		}
	}
	if i < 0 {
		// A value from outside the presets: step from the start.
		i = 0
		if d > 0 {
			i = -1
		}
	}
	next := choices[((i+d)%len(choices)+len(choices))%len(choices)]
	return sim.Action{Verb: "set", Args: []string{s.Name, next}}
}

// Render draws the pane w cells wide and h rows high.
func (p *Pane) Render(w, h int) string {
	k := paneKey{world: p.sc.Key(), w: w, h: h, sel: p.sel, styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

func (p *Pane) render(w, h int) string {
	st := p.c.Styles
	cfg := p.sc.World.Config()
	inner := w - 4
	nameW := 0
	for _, s := range sim.Settings {
		nameW = max(nameW, len(s.Name))
	}
	s := sim.Settings[p.sel]
	// The details under the list, the fewest words first given up when
	// the pane is short: what the setting does and where its value comes
	// from stay; the values, which ←→ steps through anyway, go.
	summary := common.WrapStyled(st.Text.Render, s.Name+": "+s.Summary+".", inner)
	var source []string
	now := s.Name + " " + cfg.SettingString(s.Name)
	if src := cfg.Source(s.Name); src != "" {
		source = common.WrapStyled(st.Accent.Render, src+": "+now, inner)
	} else if was, changed := cfg.PresetValue(s.Name); changed {
		source = common.WrapStyled(st.Warn.Render, "* "+now+", changed since preset "+cfg.SettingString("preset")+" set "+was, inner)
	}
	values := "Values: " + strings.Join(s.Choices, ", ") + "."
	withIssued := values
	if strings.HasPrefix(s.Name, "refresh-") && s.Name != "refresh-format" || s.Name == "access-ttl" || s.Name == "grace" {
		withIssued += " Tokens already issued keep the lifetimes and windows they were issued with."
	}
	var detail []string
	for _, v := range []string{withIssued, values, ""} {
		detail = append([]string{""}, summary...)
		if v != "" {
			detail = append(detail, common.WrapStyled(st.Muted.Render, v, inner)...)
		}
		detail = append(detail, source...)
		if h-2-len(detail) >= 3 {
			break
		}
	}
	// The list scrolls to keep the chosen setting in sight, above its
	// details; on a tall screen it all fits.
	rows := max(h-2-len(detail), 3)
	first := min(max(p.sel-rows/2, 0), max(len(sim.Settings)-rows, 0))
	// The values line up in a column as far right as the chosen row's
	// value and arrows allow: on a narrow pane a long name pushes its own
	// value on, rather than the chosen value being cut.
	nameW = max(min(nameW, inner-len(cfg.SettingString(s.Name))-9), 6) // "› ", "  ◀ ", " ▶", the mark
	name := func(n string) string { return fmt.Sprintf("%-*s", nameW, n) }
	var lines []string
	for i := first; i < min(first+rows, len(sim.Settings)); i++ {
		s := sim.Settings[i]
		val := cfg.SettingString(s.Name)
		// A value changed since the preset says so in a symbol as well
		// as in the details: colour alone would be lost without it.
		changed := " "
		if cfg.Changed(s.Name) {
			changed = st.Warn.Render("*")
		}
		if i == p.sel {
			row := " " + name(s.Name) + "  ◀ " + val + " ▶"
			if 1+ansi.StringWidth(row)+2 <= inner {
				row += " " // the mark a cell apart, where there is one to spare
			}
			lines = append(lines, st.Accent.Render("›")+st.Selected.Render(row)+changed)
			continue
		}
		lines = append(lines, "  "+name(s.Name)+"  "+st.Accent.Render(val)+changed)
	}
	lines = append(lines, detail...)
	k := p.c.Keys
	title := "Settings · preset " + cfg.SettingString("preset")
	footer := k.UpDown() + " choose · " + k.LeftRight() + " " + k.Inspect.Help().Key + " change · " + k.Back.Help().Key + " closes"
	if ansi.StringWidth(footer)+6 > w {
		footer = k.LeftRight() + " change · " + k.Back.Help().Key + " closes"
	}
	return common.Box(st, title, footer, lines, w, h, true)
}
