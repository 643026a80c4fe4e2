package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
)

// perform does an action for the learner, whichever way it came: a key,
// a sub-menu, the settings pane, the prompt or a demo. Opening a token
// also opens the inspector.
func (m *Model) perform(a sim.Action) {
	if a.Verb == "inspect" {
		tok, label := m.sc.ClientToken(a.Args[0])
		m.inspectToken(tok, label, a.Args[0])
		return
	}
	m.act(a)
}

// act applies one action to the world and says what came of it.
func (m *Model) act(a sim.Action) {
	line := a.String()
	if why := m.course.Refusal(a); why != "" {
		m.say(common.Status{Text: why, Level: common.LevelWarn})
		return
	}
	m.clock.Sync()
	w := m.sc.World
	before := w.Log.Len()
	m.acted = true
	m.focus.Overlay = common.OverlayNone
	if err := w.Apply(a); err != nil {
		var nn *sim.NotNowError
		if errors.As(err, &nn) {
			m.say(common.Status{Text: "can't " + line + " now: " + nn.Msg, Level: common.LevelWarn})
		} else {
			m.say(common.Status{Text: line + ": " + err.Error(), Level: common.LevelBad})
		}
		return
	}
	m.status = common.Summarize(w.Log.Since(before))
	// A new action is news: the diagram follows it again.
	m.seq.Follow()
}

// say sets the status line; in accessible mode it is also printed, except
// what the event lines already said.
func (m *Model) say(s common.Status) {
	m.status = s
	if s.Text != "" {
		m.com.Print(s.Text)
	}
}

// applyLine does what a typed line says: it is parsed once, here, and
// then applied as a key's action would be.
func (m *Model) applyLine(line string) tea.Cmd {
	if words := strings.Fields(line); len(words) > 0 && strings.EqualFold(words[0], "compare") {
		m.openCompare(words[1:])
		return nil
	}
	if n, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && m.demo != nil {
		// A number is a demo's step to jump to: no action is a number.
		return m.demo.JumpTo(n)
	}
	a, err := sim.ParseAction(line)
	if err != nil {
		m.say(common.Status{Text: err.Error(), Level: common.LevelBad})
		return nil
	}
	if m.focus.Screen != nil {
		m.say(common.Status{Text: m.focus.Screen.Apply(a)})
		return nil
	}
	m.perform(a)
	return nil
}

// inspectToken opens a token in the inspector. Opening one of the
// client's tokens is itself an action, which lessons check for.
func (m *Model) inspectToken(tok, label, which string) {
	if which != "" {
		before := m.sc.World.Log.Len()
		m.act(sim.Action{Verb: "inspect", Args: []string{which}})
		if m.sc.World.Log.Len() == before {
			return // the action was refused; the status says why
		}
	} else if tok == "" {
		m.say(common.Status{Text: "nobody holds " + label, Level: common.LevelWarn})
		return
	}
	m.insp.OpenToken(tok, label)
	m.openInspector()
}

// selecting is a pane with a selection that the accessible mode reads
// out when the focus lands on it.
type selecting interface {
	common.Component
	Announce()
}

// focusedPane is the pane the arrow keys move in.
func (m *Model) focusedPane() selecting {
	if m.focus.Pane == common.PaneWallet {
		return m.wallet
	}
	return m.seq
}

// inspectSelection opens what the focused pane has selected.
func (m *Model) inspectSelection() {
	if m.focus.Pane == common.PaneWallet {
		tok, label, which := m.wallet.Selected()
		m.inspectToken(tok, label, which)
		return
	}
	ev, ok := m.seq.SelectLatest()
	if !ok {
		m.say(common.Status{Text: "nothing to inspect yet: press " + m.com.Keys.Login.Help().Key + " to log in"})
		return
	}
	m.insp.OpenEvent(ev)
	m.openInspector()
}

func (m *Model) openInspector() {
	if m.com.Accessible {
		m.com.Print(m.insp.Lines(100)...)
		return
	}
	m.focus.Overlay = common.OverlayInspect
}

// undo rebuilds the world without its last action.
func (m *Model) undo() {
	w := m.sc.World
	recs := w.Records()
	if len(recs) == 0 && m.beforeReset != nil {
		// Back past a reset: the world as it was before it.
		prev := m.beforeReset
		m.beforeReset = nil
		m.setWorld(prev)
		m.say(common.Status{Text: "undid the reset: the world is back as it was, at " + prev.Now().Format("15:04:05")})
		return
	}
	nw, ok, err := w.Undo()
	switch {
	case err != nil:
		m.say(common.Status{Text: "undo failed: " + err.Error(), Level: common.LevelBad})
		return
	case !ok:
		m.say(common.Status{Text: "nothing to undo"})
		return
	}
	m.setWorld(nw)
	last := recs[len(recs)-1]
	m.say(common.Status{Text: fmt.Sprintf("undid “%s”: the world is as it was at %s", last.Action, last.At.Format("15:04:05"))})
}

// reset starts the world over with the same seed.
func (m *Model) reset() {
	old := m.sc.World
	nw, err := old.Reset()
	if err != nil {
		m.say(common.Status{Text: "reset failed: " + err.Error(), Level: common.LevelBad})
		return
	}
	if len(old.Records()) > 0 {
		// Kept for undo: a reset is one keypress, and a whole session of
		// work must not be one keypress from gone for good.
		m.beforeReset = old
	}
	m.setWorld(nw)
	m.acted = false
	m.say(common.Status{Text: "reset: a fresh world, the same seed, the clock back at " + nw.Now().Format("15:04:05") +
		"; " + m.com.Keys.Undo.Help().Key + " brings the old one back"})
}

// setWorld swaps in a rebuilt world and drops everything that pointed
// into the old one.
func (m *Model) setWorld(w *sim.World) { m.showWorld(w, m.clock.Speed()) }

// showWorld puts w on screen with its clock at speed, and drops
// everything that pointed into the old one.
func (m *Model) showWorld(w *sim.World, speed int) {
	m.sc.World = w
	m.sc.Gen++
	m.focus.Overlay = common.OverlayNone
	m.focus.Question = nil
	m.seq.Follow()
	m.printed = w.Log.Len()
	m.clock.Follow(speed)
}
