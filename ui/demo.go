package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// DefaultDemoAuto is how long auto-play waits between steps when it is
// switched on with a key rather than started with Demo.Auto.
const DefaultDemoAuto = 3 * time.Second

// Demo is a scenario script played inside the interface, one step per key
// press: a rehearsable talk. A run of adjacent `#` comment lines is a
// caption, shown before the actions that follow it and kept on screen
// while they play; each action is a step of its own; `expect` lines are
// checked after their action and a failure is shown, not fatal.
type Demo struct {
	// Name names the script in the caption's frame and in messages.
	Name string
	// Lines is the parsed script (script.Parse).
	Lines []script.Line
	// Auto, when positive, plays a step every Auto of wall time from the
	// start; the auto-play key pauses and resumes it.
	Auto time.Duration
}

// beat is one step of a demo: a caption, or an action with the
// expectations that check it.
type beat struct {
	isCaption bool
	caption   string
	action    *script.Line
	expects   []script.Line
	line      int // the script line it starts at
}

// played is what playing a beat did, so that stepping back can take it
// back.
type played struct {
	records int     // the world's actions before the beat
	applied bool    // the beat's action ran
	checks  []check // its expectations, met or not
}

// check is one expectation's outcome, or an action that could not run.
type check struct {
	what string // the script line
	line int
	err  string // empty: met
}

// demoPlayer steps through a Demo's beats and remembers what each did.
type demoPlayer struct {
	name   string
	beats  []beat
	start  int // beats played before the first key: an opening caption
	played []played

	interval time.Duration // auto-play's pace
	auto     bool          // auto-play is on
	autoGen  int           // only the newest auto-play timer counts

	capLines common.Memo[captionLinesKey, int]
	capBar   common.Cached[captionKey]
	hint     common.Cached[demoHintKey]
	top      common.Cached[[2]string] // the clock and the caption, joined
}

// demoTickMsg is auto-play's timer; gen tells a current timer from one
// that a key press or a pause made stale.
type demoTickMsg struct{ gen int }

// newDemoPlayer groups a script's lines into beats.
func newDemoPlayer(d *Demo) (*demoPlayer, error) {
	if d.Auto < 0 {
		return nil, errors.New("ui: a demo's auto-play interval must not be negative")
	}
	p := &demoPlayer{name: d.Name, interval: d.Auto, auto: d.Auto > 0}
	if p.interval == 0 {
		p.interval = DefaultDemoAuto
	}
	prevComment := -1 // the line number of the comment just read
	for _, l := range d.Lines {
		switch {
		case l.Action != nil:
			a := l
			p.beats = append(p.beats, beat{action: &a, line: l.N})
		case l.Expect != nil:
			if len(p.beats) == 0 {
				// Checked against the start, as `tokenflow run` does.
				p.beats = append(p.beats, beat{line: l.N})
			}
			b := &p.beats[len(p.beats)-1]
			b.expects = append(b.expects, l)
		default:
			last := len(p.beats) - 1
			if prevComment >= 0 && prevComment == l.N-1 && last >= 0 && p.beats[last].isCaption {
				// The same run of comment lines: one caption.
				c := &p.beats[last].caption
				if l.Comment == "" {
					*c += "\n"
				} else if strings.HasSuffix(*c, "\n") || *c == "" {
					*c += l.Comment
				} else {
					*c += " " + l.Comment
				}
			} else {
				p.beats = append(p.beats, beat{isCaption: true, caption: l.Comment, line: l.N})
			}
			prevComment = l.N
			continue
		}
		prevComment = -1
	}
	if len(p.beats) == 0 {
		return nil, fmt.Errorf("ui: the demo %s has no actions and no captions", d.Name)
	}
	if p.beats[0].isCaption && len(p.beats[0].expects) == 0 {
		p.start = 1
	}
	return p, nil
}

// pos is how many beats have played.
func (p *demoPlayer) pos() int { return p.start + len(p.played) }

// done reports whether every beat has played.
func (p *demoPlayer) done() bool { return p.pos() >= len(p.beats) }

// caption is the newest caption played: it stays while its actions play.
func (p *demoPlayer) caption() (string, bool) {
	for i := p.pos() - 1; i >= 0; i-- {
		if b := p.beats[i]; b.isCaption {
			return b.caption, true
		}
	}
	return "", false
}

// checks are the outcomes of the last beat played.
func (p *demoPlayer) checks() []check {
	if len(p.played) == 0 {
		return nil
	}
	return p.played[len(p.played)-1].checks
}

// nextText says what the next key press will do.
func (p *demoPlayer) nextText() string {
	if p.done() {
		return "the end"
	}
	b := p.beats[p.pos()]
	switch {
	case b.action != nil:
		return "▶ " + b.action.Action.String()
	case b.isCaption:
		return "the next caption"
	}
	return "the checks of line " + fmt.Sprint(b.line)
}

// initDemo sets up the demo player, if there is a demo: it starts with
// the clock paused, so the same script and seed give the same screens,
// and with its opening caption shown.
func (m *Model) initDemo() error {
	if m.opts.Demo == nil {
		m.com.Keys.DemoNext.SetEnabled(false)
		m.com.Keys.DemoBack.SetEnabled(false)
		m.com.Keys.DemoAuto.SetEnabled(false)
		return nil
	}
	p, err := newDemoPlayer(m.opts.Demo)
	if err != nil {
		return err
	}
	m.demo = p
	m.demoRestart()
	return nil
}

// demoRestart plays the demo from the top on the world as it is; the
// caller resets the world first when it has to.
func (m *Model) demoRestart() {
	m.demo.played = nil
	m.demoAnnounce()
}

// demoInit starts auto-play's timer when the demo begins with it on.
func (m *Model) demoInit() tea.Cmd {
	if m.demo == nil || !m.demo.auto {
		return nil
	}
	return m.demoArm()
}

// demoArm starts a fresh auto-play timer, making any running one stale.
func (m *Model) demoArm() tea.Cmd {
	p := m.demo
	p.autoGen++
	if !p.auto || p.done() {
		return nil
	}
	gen := p.autoGen
	return tea.Tick(p.interval, func(time.Time) tea.Msg { return demoTickMsg{gen: gen} })
}

// demoTick plays the next beat when auto-play's current timer fires.
func (m *Model) demoTick(msg demoTickMsg) tea.Cmd {
	if m.demo == nil || msg.gen != m.demo.autoGen || !m.demo.auto {
		return nil
	}
	m.demoNext()
	if m.demo.done() {
		m.demo.auto = false
	}
	return m.demoArm()
}

// demoKey handles the demo's keys. Undo steps the demo back unless the
// presenter has acted on the world since the last step: then it takes
// back that improvisation alone. Reset starts the demo over.
func (m *Model) demoKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.demo == nil {
		return nil, false
	}
	k := m.com.Keys
	switch {
	case key.Matches(msg, k.DemoNext):
		m.demoNext()
	case key.Matches(msg, k.DemoBack):
		m.demoBack()
	case key.Matches(msg, k.Undo) && len(m.sc.World.Records()) <= m.demoRecords():
		m.demoBack()
	case key.Matches(msg, k.DemoAuto):
		m.demo.auto = !m.demo.auto
		if m.demo.auto && m.demo.done() {
			m.demo.auto = false
			m.say(common.Status{Text: "the demo is over: " + k.DemoBack.Help().Key + " steps back, " + k.Reset.Help().Key + " starts it again"})
			return nil, true
		}
		if m.demo.auto {
			m.say(common.Status{Text: "auto-play on: a step every " + m.demo.interval.String()})
		} else {
			m.say(common.Status{Text: "auto-play paused"})
		}
	case key.Matches(msg, k.Reset):
		m.reset()
		m.demoRestart()
		m.say(common.Status{Text: "the demo starts again from the top"})
	default:
		return nil, false
	}
	return m.demoArm(), true
}

// demoRecords is how many actions the world held after the last beat.
func (m *Model) demoRecords() int {
	p := m.demo
	if len(p.played) == 0 {
		return 0
	}
	last := p.played[len(p.played)-1]
	if last.applied {
		return last.records + 1
	}
	return last.records
}

// demoNext plays one beat: shows a caption, or applies an action and
// checks its expectations.
func (m *Model) demoNext() {
	p := m.demo
	if p.done() {
		m.say(common.Status{Text: "the demo is over: " + m.com.Keys.DemoBack.Help().Key + " steps back, " +
			m.com.Keys.Reset.Help().Key + " starts it again, " + m.com.Keys.Quit.Help().Key + " quits"})
		return
	}
	b := p.beats[p.pos()]
	pl := played{records: len(m.sc.World.Records())}
	if b.action != nil {
		line := b.action.Action.String()
		m.perform(*b.action.Action)
		pl.applied = len(m.sc.World.Records()) > pl.records
		if !pl.applied {
			pl.checks = append(pl.checks, check{what: line, line: b.line, err: "could not run: " + m.status.Text})
		}
	}
	if pl.applied || b.action == nil {
		w := m.sc.World
		for _, e := range b.expects {
			c := check{what: e.Expect.String(), line: e.N}
			if err := e.Expect.Check(w.Log.Since(w.ActionStart())); err != nil {
				c.err = err.Error()
			}
			pl.checks = append(pl.checks, c)
		}
	}
	p.played = append(p.played, pl)
	m.demoAnnounce()
}

// applyLine does what a typed line says: it is parsed once, here, and
// then applied as a key's action would be.
func (m *Model) applyLine(line string) {
	a, err := sim.ParseAction(line)
	if err != nil {
		m.say(common.Status{Text: err.Error(), Level: common.LevelBad})
		return
	}
	m.perform(a)
}

// demoBack takes back the last beat: the world loses the beat's action
// (and anything done by hand after it) through World.Undo, and the
// caption goes back with it.
func (m *Model) demoBack() {
	p := m.demo
	if len(p.played) == 0 {
		m.say(common.Status{Text: "this is the start of the demo"})
		return
	}
	last := p.played[len(p.played)-1]
	for len(m.sc.World.Records()) > last.records {
		nw, ok, err := m.sc.World.Undo()
		if err != nil {
			m.say(common.Status{Text: "step back failed: " + err.Error(), Level: common.LevelBad})
			return
		}
		if !ok {
			break
		}
		m.setWorld(nw)
	}
	p.played = p.played[:len(p.played)-1]
	m.say(common.Status{Text: fmt.Sprintf("stepped back to step %d of %d", p.pos(), len(p.beats))})
	m.demoAnnounce()
}

// demoAnnounce prints, in accessible mode, the caption and the checks of
// the beat just played.
func (m *Model) demoAnnounce() {
	if !m.com.Accessible {
		return
	}
	p := m.demo
	if c, ok := p.caption(); ok {
		if n := p.pos(); n > 0 && p.beats[n-1].isCaption {
			m.com.Print("caption: " + strings.ReplaceAll(c, "\n", " "))
		}
	}
	for _, c := range p.checks() {
		m.com.Print(c.text())
	}
	m.com.Print(fmt.Sprintf("demo step %d of %d; next: %s", p.pos(), len(p.beats), p.nextText()))
}

// text is the check in words: a tick or a cross, the line, the outcome.
func (c check) text() string {
	if c.err == "" {
		return fmt.Sprintf("✓ line %d: %s", c.line, c.what)
	}
	return fmt.Sprintf("✗ line %d: %s failed: %s", c.line, c.what, c.err)
}

// demoHint is the bottom "Next:" line during a demo: the key and what
// it plays, in place of the tutorial's suggestion.
func (m *Model) demoHint() string {
	p := m.demo
	return p.hint.Get(demoHintKey{pos: p.pos(), auto: p.auto}, func() string { return m.drawDemoHint() })
}

// demoHintKey is what the demo's "Next:" line says depends on.
type demoHintKey struct {
	pos  int
	auto bool
}

func (m *Model) drawDemoHint() string {
	p, k := m.demo, m.com.Keys
	if p.done() {
		return "the demo is over · " + k.DemoBack.Help().Key + " steps back · " + k.Reset.Help().Key + " starts again · " +
			k.Quit.Help().Key + " quits"
	}
	auto := k.DemoAuto.Help().Key + " auto-play"
	if p.auto {
		auto = "auto-play every " + p.interval.String() + " (" + k.DemoAuto.Help().Key + " pauses)"
	}
	return k.DemoNext.Help().Key + " plays " + p.nextText() + " · " + k.DemoBack.Help().Key + " steps back · " + auto
}

type captionLinesKey struct {
	w int
}

type captionKey struct {
	pos    int
	gen    uint64
	w      int
	auto   bool
	styles *styles.Styles
}

// captionHeight is the caption box's height at width w, the same for
// every step of the demo so the panes below do not jump: the longest
// caption's lines, one line for the checks, and the frame.
func (m *Model) captionHeight(w int) int {
	p := m.demo
	n := p.capLines.Get(captionLinesKey{w}, func() int {
		n := 1
		for _, b := range p.beats {
			if b.isCaption {
				n = max(n, len(common.Wrap(b.caption, w-4)))
			}
		}
		return min(n, maxCaptionLines)
	})
	return n + 3
}

// maxCaptionLines bounds a caption; a longer one is cut with an ellipsis.
const maxCaptionLines = 4

// renderCaption is the demo's caption box, w cells wide: the caption in
// bold, then the last step's checks, a failure in red and in words.
func (m *Model) renderCaption(w int) string {
	if m.demo == nil {
		return ""
	}
	p := m.demo
	k := captionKey{pos: p.pos(), gen: m.sc.Gen, w: w, auto: p.auto, styles: m.com.Styles}
	return p.capBar.Get(k, func() string {
		st := m.com.Styles
		h := m.captionHeight(w)
		inner := w - 4
		var lines []string
		if c, ok := p.caption(); ok {
			lines = common.Wrap(c, inner)
		}
		if room := h - 3; len(lines) > room {
			lines = lines[:room]
			lines[room-1] = ansi.Truncate(lines[room-1], inner-1, "") + "…"
		}
		for i := range lines {
			lines[i] = st.PaneTitle.Render(lines[i])
		}
		for len(lines) < h-3 {
			lines = append(lines, "")
		}
		lines = append(lines, m.checksLine(inner))
		title := "Demo · " + p.name
		if p.auto {
			title += " · auto-play " + p.interval.String()
		}
		footer := fmt.Sprintf("step %d of %d", p.pos(), len(p.beats))
		return common.Box(st, title, footer, lines, w, h, false)
	})
}

// checksLine shows the last step's checks on one line: all met in green,
// otherwise the first failure in red, with its line and what was found.
func (m *Model) checksLine(w int) string {
	st := m.com.Styles
	cs := m.demo.checks()
	if len(cs) == 0 {
		return ""
	}
	for _, c := range cs {
		if c.err != "" {
			return common.Fit(st.Bad.Render(c.text()), w)
		}
	}
	whats := make([]string, len(cs))
	for i, c := range cs {
		whats[i] = "✓ " + c.what
	}
	return common.Fit(st.OK.Render(strings.Join(whats, " · ")), w)
}
