package demo

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/common"
)

// Init starts auto-play's timer when the demo begins with it on, and
// tells a notes terminal where the demo is.
func (p *Player) Init() tea.Cmd {
	if p.auto && p.onAuto != nil {
		p.onAuto(p.autoAt, true)
	}
	return p.after()
}

// after is what follows any change of step: a fresh auto-play timer and
// the cue for the notes.
func (p *Player) after() tea.Cmd { return tea.Batch(p.arm(), p.cueCmd()) }

// arm starts a fresh auto-play timer, making any running one stale.
func (p *Player) arm() tea.Cmd {
	p.autoGen++
	if !p.auto || p.Done() {
		return nil
	}
	gen, wait := p.autoGen, p.wait()
	return p.timer(wait, func(time.Time) tea.Msg { return TickMsg{gen: gen, wait: wait} })
}

// wait is how long auto-play shows the step on screen before it plays
// the next: a `# pause` written above the next step, or half the interval
// after a step that only showed a caption (the caption stays on screen
// while the actions under it play, so it is read during their waits
// too), or the interval.
func (p *Player) wait() time.Duration {
	n := p.Pos()
	if b := p.beats[n]; b.wait > 0 {
		return b.wait
	}
	if n > 0 && p.beats[n-1].isCaption && len(p.beats[n-1].expects) == 0 {
		return p.interval / 2
	}
	return p.interval
}

// Tick plays the next beat when auto-play's current timer fires.
func (p *Player) Tick(msg TickMsg) tea.Cmd {
	if msg.gen != p.autoGen || !p.auto {
		return nil
	}
	p.autoAt += msg.wait
	if p.onAuto != nil {
		p.onAuto(p.autoAt, true)
	}
	p.next()
	if p.Done() {
		// The end: what the presenter does after it is timed as it
		// happens.
		p.auto = false
		if p.onAuto != nil {
			p.onAuto(p.autoAt, false)
		}
	}
	return p.after()
}

// Steps is how many steps the demo has: the number the last one shows.
func (p *Player) Steps() int { return len(p.beats) }

// JumpTo shows step n, as if the steps before it had been played one by
// one from the top: forward it plays the steps in between, back it
// starts the world over and plays up to n.
func (p *Player) JumpTo(n int) tea.Cmd {
	if n < 1 || n > len(p.beats) {
		p.h.Say(common.Status{Text: fmt.Sprintf("no step %d: the demo has steps 1 to %d", n, len(p.beats)), Level: common.LevelWarn})
		return nil
	}
	p.jump(n)
	p.h.Say(common.Status{Text: fmt.Sprintf("jumped to step %d of %d", p.Pos(), len(p.beats))})
	p.announce()
	return p.after()
}

// jump plays through to step n without announcing the steps in between.
func (p *Player) jump(n int) {
	if n < p.Pos() {
		p.h.Reset()
		p.played = nil
	}
	for p.Pos() < n {
		p.play()
	}
}

// Failures are the expectations that failed, and the actions that could
// not run, in the steps played: the presenter's to know of when the room
// does not see them.
func (p *Player) Failures() []Check {
	var out []Check
	for _, pl := range p.played {
		for _, c := range pl.checks {
			if c.Err != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// SetPresent says whether presenter mode is on: there the checks are the
// presenter's alone, unless Script.ShowChecks shows them to the room.
func (p *Player) SetPresent(on bool) { p.present = on }

// checksShown reports whether the caption box shows the checks.
func (p *Player) checksShown() bool { return !p.present || p.showChecks }
