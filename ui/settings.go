package ui

import (
	"fmt"
	"strings"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// settingsPane lists every setting of the world with its value; changing
// one applies a `set` action, so it is logged and undoable like any other.
type settingsPane struct {
	c     *common.Common
	sc    *common.Scene
	sel   int
	cache common.Cached[settingsKey]
}

type settingsKey struct {
	world  common.WorldKey
	w, h   int
	sel    int
	styles *styles.Styles
}

func (p *settingsPane) move(d int) {
	n := len(sim.Settings)
	p.sel = ((p.sel+d)%n + n) % n
}

// step returns the `set` action that moves the selected setting d values
// along its choices.
func (p *settingsPane) step(d int) sim.Action {
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
func (p *settingsPane) Render(w, h int) string {
	k := settingsKey{world: p.sc.Key(), w: w, h: h, sel: p.sel, styles: p.c.Styles}
	return p.cache.Get(k, func() string { return p.render(w, h) })
}

func (p *settingsPane) render(w, h int) string {
	st := p.c.Styles
	cfg := p.sc.World.Config()
	inner := w - 4
	nameW := 0
	for _, s := range sim.Settings {
		nameW = max(nameW, len(s.Name))
	}
	var lines []string
	for i, s := range sim.Settings {
		val := cfg.SettingString(s.Name)
		name := fmt.Sprintf("%-*s", nameW, s.Name)
		if i == p.sel {
			lines = append(lines, st.Accent.Render("›")+st.Selected.Render(" "+name+"  ◀ "+val+" ▶ "))
			continue
		}
		lines = append(lines, "  "+name+"  "+st.Accent.Render(val))
	}
	s := sim.Settings[p.sel]
	lines = append(lines, "")
	lines = append(lines, common.WrapStyled(st.Text.Render, s.Name+": "+s.Summary+".", inner)...)
	values := "Values: " + strings.Join(s.Choices, ", ") + "."
	if strings.HasSuffix(s.Name, "-ttl") || s.Name == "family-lifetime" || s.Name == "grace" {
		values += " Tokens already issued keep the lifetimes and windows they were issued with."
	}
	lines = append(lines, common.WrapStyled(st.Muted.Render, values, inner)...)
	k := p.c.Keys
	return common.Box(st, "Settings", k.UpDown()+" choose · "+k.LeftRight()+" "+k.Inspect.Help().Key+" change · "+k.Back.Help().Key+" closes", lines, w, h, true)
}
