package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/course"
)

// The accessible mode prints lines instead of drawing panes: each event
// once, in scrollback, where a screen reader finds it. These build the
// lines for what the visual mode shows in panes.

func (m *Model) welcome() []string {
	w := m.sc.World
	return []string{
		"tokenflow, accessible mode: every event is printed once as a line; the keys are the same as on the full screen.",
		fmt.Sprintf("The simulated clock reads %s and is %s.", w.Now().Format("Monday 2 January 2006 15:04:05"), m.clock.SpeedText()),
		fmt.Sprintf("Press %s to log in, %s to hear where things stand, %s for every key, %s to quit.",
			m.com.Keys.Login.Help().Key, m.com.Keys.Describe.Help().Key, m.com.Keys.Help.Help().Key, m.com.Keys.Quit.Help().Key),
	}
}

// boundWords says whose DPoP key a token is bound to, in a sentence.
var boundWords = map[sim.Binding]string{
	sim.BindingApp:      "bound to the app's key",
	sim.BindingAttacker: "bound to the attacker's key",
	sim.BindingOther:    "bound to another client's key",
}

// describe says where things stand: the clock, each token, what is next.
func (m *Model) describe() []string {
	w := m.sc.World
	now := w.Now()
	lines := []string{fmt.Sprintf("It is %s; the clock is %s.", now.Format("Monday 2 January 15:04:05"), m.clock.SpeedText())}
	say := func(owner string, t common.TokenView) {
		if t.Token == "" {
			lines = append(lines, fmt.Sprintf("%s %s token: none.", owner, t.Kind))
			return
		}
		s := fmt.Sprintf("%s %s token %s: %s", owner, t.Kind, t.ID, t.State)
		if t.StillAccepted(t.Now) {
			s += " at the issuer, but the API still accepts it"
		}
		if b, ok := boundWords[t.Binding]; ok {
			s += ", " + b
		}
		if t.Stolen && owner == "The client's" {
			s += ", and the attacker holds a copy"
		}
		if t.HasLife {
			if left := t.Expires.Sub(now); left > 0 {
				s += ", " + common.Short(left) + " left"
			} else {
				s += ", expired " + common.Short(-left) + " ago"
			}
		}
		lines = append(lines, s+".")
	}
	ca, cr := m.sc.ClientTokens()
	aa, ar := m.sc.AttackerTokens()
	if m.sc.BFF() {
		lines = append(lines, "The app's tokens are on its backend (BFF); the browser holds only a session cookie.")
	}
	say("The client's", ca)
	say("The client's", cr)
	if id := m.sc.ClientIDToken(); id.Token != "" {
		lines = append(lines, fmt.Sprintf("The client's ID token %s: it tells the app who signed in, and is not for APIs.", id.ID))
	}
	say("The attacker's", aa)
	say("The attacker's", ar)
	if at, what, ok := w.NextExpiry(); ok {
		lines = append(lines, fmt.Sprintf("Next: %s expires in %s.", what, common.Short(at.Sub(now))))
	}
	lines = append(lines, "Suggested: "+common.NextStep(m.com.Keys, &m.sc)+".")
	return lines
}

// flush prints, in accessible mode, the events the log gained and any
// queued lines, each once.
func (m *Model) flush() tea.Cmd {
	if !m.com.Accessible {
		return nil
	}
	lines := common.EventLines(m.sc.World.Log.Since(m.printed))
	m.printed = m.sc.World.Log.Len()
	lines = append(lines, m.com.TakePrinted()...)
	// The sandbox's tour would contradict a lesson's steps: the course
	// says what to do next there.
	if len(lines) > 0 && m.course.Screen() == course.ScreenSandbox {
		if hint := common.NextStep(m.com.Keys, &m.sc); hint != m.lastHint {
			m.lastHint = hint
			lines = append(lines, "next: "+hint)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return m.printer.print(lines)
}

// describeAll says where things stand, for the "where am I" key: the world
// (except in the lesson menu, where there is none to speak of) and what
// the course adds.
func (m *Model) describeAll() {
	if m.course.Screen() != course.ScreenMenu {
		m.com.Print(m.describe()...)
	}
	m.com.Print(m.course.Describe()...)
}
