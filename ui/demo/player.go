// Package demo is what an instructor shows a room: a scenario script
// played one step per key press (or on a timer) with its captions and
// checks, presenter mode's high-contrast theme, and the export of a
// session as Markdown and Mermaid. It reaches the world on screen only
// through Host.
package demo

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui/common"
)

// DefaultAuto is how long auto-play waits between steps when it is
// switched on with a key rather than started with Script.Auto.
const DefaultAuto = 3 * time.Second

// Script is a scenario script played inside the interface, one step per
// key press: a rehearsable talk. A run of adjacent `#` comment lines is a
// caption, shown before the actions that follow it and kept on screen
// while they play; each action is a step of its own; `expect` lines are
// checked after their action and a failure is shown, not fatal.
type Script struct {
	// Name names the script in the caption's frame and in messages.
	Name string
	// Lines is the parsed script (script.Parse).
	Lines []script.Line
	// Auto, when positive, plays a step every Auto of wall time from the
	// start; the auto-play key pauses and resumes it. A step that only
	// shows a caption waits half as long, and a `# pause` directive sets
	// the wait where it stands.
	Auto time.Duration
	// From, when above 1, opens the demo at that step, the steps before
	// it played through at once.
	From int
	// ShowChecks shows the expectations' results in presenter mode too;
	// there they are hidden from the room by default, and the presenter
	// reads them in the notes and in Failures.
	ShowChecks bool
	// Cue, when set, is the file where the player keeps which step is on
	// screen and how its checks went, for `tokenflow demo --notes` to
	// follow (CuePath).
	Cue string
	// OnAuto, when set, hears auto-play's schedule: the scheduled time
	// from the start of each step it plays, the same on every run of the
	// script, with playing true; and when it is paused or resumed (by key,
	// or at the end of the demo), the time of the step it plays next, with
	// playing saying which. A recording keeps time by it.
	OnAuto func(at time.Duration, playing bool)
	// Timer, when set, replaces tea.Tick as auto-play's timer: a test
	// fires it at once instead of waiting on the wall clock.
	Timer func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// Host is what the player needs from the root model.
type Host interface {
	// Perform does an action as its key would, and says what came of it.
	Perform(a sim.Action)
	// Status is the status line now: why an action could not run.
	Status() common.Status
	// Say puts s on the status line, and prints it in accessible mode.
	Say(s common.Status)
	// SetWorld puts a world rebuilt by undo on screen.
	SetWorld(w *sim.World)
	// Reset starts the world on screen over with the same seed.
	Reset()
}

// beat is one step of a demo: a caption, or an action with the
// expectations that check it.
type beat struct {
	isCaption bool
	caption   string
	action    *script.Line
	expects   []script.Line
	line      int           // the script line it starts at
	notes     []string      // the speaker notes written above it
	wait      time.Duration // a `# pause` above it: auto-play's wait before it
}

// played is what playing a beat did, so that stepping back can take it
// back.
type played struct {
	records int     // the world's actions before the beat
	events  int     // the events logged before the beat: where its caption goes in an export
	applied bool    // the beat's action ran
	checks  []Check // its expectations, met or not
}

// Check is one expectation's outcome, or an action that could not run.
type Check struct {
	What string // the script line
	Line int
	Err  string // empty: met
}

// Text is the check in words: a tick or a cross, the line, the outcome.
func (c Check) Text() string {
	if c.Err == "" {
		return fmt.Sprintf("✓ line %d: %s", c.Line, c.What)
	}
	return fmt.Sprintf("✗ line %d: %s failed: %s", c.Line, c.What, c.Err)
}

// Player steps through a script's beats and remembers what each did.
type Player struct {
	c  *common.Common
	sc *common.Scene
	h  Host

	name   string
	beats  []beat
	start  int // beats played before the first key: an opening caption
	played []played

	interval time.Duration // auto-play's pace
	auto     bool          // auto-play is on
	autoGen  int           // only the newest auto-play timer counts
	autoAt   time.Duration // the scheduled time of the step auto-play plays next
	onAuto   func(time.Duration, bool)
	timer    func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	present    bool // presenter mode: the checks are the presenter's alone
	showChecks bool
	cue        *cueFile // nil without Script.Cue

	capLines common.Memo[int, int] // the caption box's lines, by width
	capBar   common.Cached[captionKey]
	hint     common.Cached[hintKey]
}

// TickMsg is auto-play's timer; gen tells a current timer from one that a
// key press or a pause made stale, and wait is how long it ran.
type TickMsg struct {
	gen  int
	wait time.Duration
}

// New groups a script's lines into beats and shows the opening caption.
// The world on screen is the one the demo plays on; its clock should start
// paused, so that the same script and seed give the same screens.
func New(c *common.Common, sc *common.Scene, h Host, s *Script) (*Player, error) {
	if s.Auto < 0 {
		return nil, errors.New("ui: a demo's auto-play interval must not be negative")
	}
	p := &Player{c: c, sc: sc, h: h, name: s.Name, interval: s.Auto, auto: s.Auto > 0, onAuto: s.OnAuto, showChecks: s.ShowChecks, timer: s.Timer}
	if p.timer == nil {
		p.timer = tea.Tick
	}
	if p.interval == 0 {
		p.interval = DefaultAuto
	}
	if s.Cue != "" {
		p.cue = &cueFile{path: s.Cue}
	}
	p.beats, p.start = group(s.Lines)
	if len(p.beats) == 0 {
		return nil, fmt.Errorf("ui: the demo %s has no actions and no captions", s.Name)
	}
	p.Restart()
	if s.From > 1 {
		if s.From > len(p.beats) {
			return nil, fmt.Errorf("ui: the demo %s has %d steps, so it cannot start at step %d", s.Name, len(p.beats), s.From)
		}
		p.jump(s.From)
	}
	return p, nil
}

// group makes a script's lines into beats, and says how many of them
// play before the first key: an opening caption.
func group(lines []script.Line) (beats []beat, start int) {
	prevComment := -1 // the line number of the comment just read
	// Notes and a pause belong to the beat written under them.
	var notes []string
	var wait time.Duration
	add := func(b beat) {
		b.notes, b.wait = notes, wait
		notes, wait = nil, 0
		beats = append(beats, b)
	}
	for _, l := range lines {
		switch {
		case l.Note != "" || l.Pause > 0:
			notes = append(notes, l.Note)
			if l.Pause > 0 {
				notes, wait = notes[:len(notes)-1], l.Pause
			}
			if prevComment == l.N-1 {
				prevComment = l.N // a directive does not end a caption
			}
			continue
		case l.Action != nil:
			a := l
			add(beat{action: &a, line: l.N})
		case l.Expect != nil:
			if len(beats) == 0 {
				// Checked against the start, as `tokenflow run` does.
				add(beat{line: l.N})
			}
			b := &beats[len(beats)-1]
			b.expects = append(b.expects, l)
		default:
			last := len(beats) - 1
			if prevComment >= 0 && prevComment == l.N-1 && last >= 0 && beats[last].isCaption {
				// The same run of comment lines: one caption.
				c := &beats[last].caption
				if l.Comment == "" {
					*c += "\n"
				} else if strings.HasSuffix(*c, "\n") || *c == "" {
					*c += l.Comment
				} else {
					*c += " " + l.Comment
				}
			} else {
				add(beat{isCaption: true, caption: l.Comment, line: l.N})
			}
			prevComment = l.N
			continue
		}
		prevComment = -1
	}
	if len(beats) == 0 {
		return nil, 0
	}
	// Notes under the last step are still the presenter's.
	last := &beats[len(beats)-1]
	last.notes = append(last.notes, notes...)
	if beats[0].isCaption && len(beats[0].expects) == 0 {
		start = 1
	}
	return beats, start
}

// Pos is how many beats have played.
func (p *Player) Pos() int { return p.start + len(p.played) }

// Done reports whether every beat has played.
func (p *Player) Done() bool { return p.Pos() >= len(p.beats) }

// Caption is the newest caption played: it stays while its actions play.
func (p *Player) Caption() (string, bool) {
	for i := p.Pos() - 1; i >= 0; i-- {
		if b := p.beats[i]; b.isCaption {
			return b.caption, true
		}
	}
	return "", false
}

// Captions are the captions played so far, each after the events logged
// before it was shown, for an export: each paragraph apart, as `tokenflow
// run --format markdown` writes a script's comments, so the export of a
// demo reads as the run of its script does.
func (p *Player) Captions() []sim.Caption {
	var out []sim.Caption
	for i, b := range p.beats[:p.Pos()] {
		if !b.isCaption {
			continue
		}
		after := 0 // an opening caption, shown before the first key
		if i >= p.start {
			after = p.played[i-p.start].events
		}
		for _, para := range strings.Split(b.caption, "\n") {
			out = append(out, sim.Caption{After: after, Text: para})
		}
	}
	return out
}

// Checks are the outcomes of the last beat played.
func (p *Player) Checks() []Check {
	if len(p.played) == 0 {
		return nil
	}
	return p.played[len(p.played)-1].checks
}

// nextText says what the next key press will do.
func (p *Player) nextText() string {
	if p.Done() {
		return "the end"
	}
	b := p.beats[p.Pos()]
	switch {
	case b.action != nil:
		return "▶ " + b.action.Action.String()
	case b.isCaption:
		return "the next caption"
	}
	return "the checks of line " + fmt.Sprint(b.line)
}

// Restart plays the demo from the top on the world as it is; the caller
// resets the world first when it has to.
func (p *Player) Restart() {
	p.played = nil
	p.announce()
}

// Key handles the demo's keys. Undo steps the demo back unless the
// presenter has acted on the world since the last step: then it takes
// back that improvisation alone. Reset starts the demo over.
func (p *Player) Key(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := p.c.Keys
	switch {
	case key.Matches(msg, k.DemoNext):
		p.next()
	case key.Matches(msg, k.DemoBack):
		p.back()
	case key.Matches(msg, k.Undo) && len(p.sc.World.Records()) <= p.records():
		p.back()
	case key.Matches(msg, k.DemoAuto):
		p.auto = !p.auto
		if p.auto && p.Done() {
			p.auto = false
			p.h.Say(common.Status{Text: "the demo is over: " + k.DemoBack.Help().Key + " steps back, " + k.Reset.Help().Key + " starts it again"})
			return nil, true
		}
		if p.auto {
			p.h.Say(common.Status{Text: "auto-play on: a step every " + p.interval.String()})
		} else {
			p.h.Say(common.Status{Text: "auto-play paused"})
		}
		if p.onAuto != nil {
			p.onAuto(p.autoAt, p.auto)
		}
	case key.Matches(msg, k.Reset):
		p.h.Reset()
		p.Restart()
		p.h.Say(common.Status{Text: "the demo starts again from the top"})
	default:
		return nil, false
	}
	return p.after(), true
}

// records is how many actions the world held after the last beat.
func (p *Player) records() int {
	if len(p.played) == 0 {
		return 0
	}
	last := p.played[len(p.played)-1]
	if last.applied {
		return last.records + 1
	}
	return last.records
}

// next plays one beat and announces it.
func (p *Player) next() {
	k := p.c.Keys
	if p.Done() {
		p.h.Say(common.Status{Text: "the demo is over: " + k.DemoBack.Help().Key + " steps back, " +
			k.Reset.Help().Key + " starts it again, " + k.Quit.Help().Key + " quits"})
		return
	}
	p.play()
	p.announce()
}

// play plays one beat: shows a caption, or applies an action and checks
// its expectations.
func (p *Player) play() {
	b := p.beats[p.Pos()]
	pl := played{records: len(p.sc.World.Records()), events: p.sc.World.Log.Len()}
	if b.action != nil {
		line := b.action.Action.String()
		p.h.Perform(*b.action.Action)
		pl.applied = len(p.sc.World.Records()) > pl.records
		if !pl.applied {
			pl.checks = append(pl.checks, Check{What: line, Line: b.line, Err: "could not run: " + p.h.Status().Text})
		}
	}
	if pl.applied || b.action == nil {
		w := p.sc.World
		for _, e := range b.expects {
			c := Check{What: e.Expect.String(), Line: e.N}
			if err := e.Expect.Check(w.Log.Since(w.ActionStart())); err != nil {
				c.Err = err.Error()
			}
			pl.checks = append(pl.checks, c)
		}
	}
	p.played = append(p.played, pl)
}

// back takes back the last beat: the world loses the beat's action (and
// anything done by hand after it) through World.Undo, and the caption
// goes back with it.
func (p *Player) back() {
	if len(p.played) == 0 {
		p.h.Say(common.Status{Text: "this is the start of the demo"})
		return
	}
	last := p.played[len(p.played)-1]
	for len(p.sc.World.Records()) > last.records {
		nw, ok, err := p.sc.World.Undo()
		if err != nil {
			p.h.Say(common.Status{Text: "step back failed: " + err.Error(), Level: common.LevelBad})
			return
		}
		if !ok {
			break
		}
		p.h.SetWorld(nw)
	}
	p.played = p.played[:len(p.played)-1]
	p.h.Say(common.Status{Text: fmt.Sprintf("stepped back to step %d of %d", p.Pos(), len(p.beats))})
	p.announce()
}

// announce prints, in accessible mode, the caption and the checks of the
// beat just played.
func (p *Player) announce() {
	if !p.c.Accessible {
		return
	}
	if c, ok := p.Caption(); ok {
		if n := p.Pos(); n > 0 && p.beats[n-1].isCaption {
			p.c.Print("caption: " + strings.ReplaceAll(c, "\n", " "))
		}
	}
	for _, c := range p.Checks() {
		p.c.Print(c.Text())
	}
	p.c.Print(fmt.Sprintf("demo step %d of %d; next: %s", p.Pos(), len(p.beats), p.nextText()))
}
