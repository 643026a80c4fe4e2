package ui

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
	"github.com/tokenflow/tokenflow/ui/components/family"
	"github.com/tokenflow/tokenflow/ui/components/happened"
	"github.com/tokenflow/tokenflow/ui/components/help"
	"github.com/tokenflow/tokenflow/ui/components/inspector"
	"github.com/tokenflow/tokenflow/ui/components/prompt"
	"github.com/tokenflow/tokenflow/ui/components/sequence"
	"github.com/tokenflow/tokenflow/ui/components/settings"
	"github.com/tokenflow/tokenflow/ui/components/wallet"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// Minimum terminal size: below it the panes cannot show a token's state
// and its lifetime side by side with the sequence diagram.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Options configure one session of the interface.
type Options struct {
	// Seed fixes the world's keys and token values.
	Seed uint64
	// Accessible prints each event once as a line of plain text instead of
	// drawing panes, for screen readers; the keys are the same.
	Accessible bool
	// Now is the wall clock the simulated clock follows at the chosen
	// speed. Nil means no real-time ticking: time moves only when a key
	// moves it, as tests need.
	Now func() time.Time
	// Paused starts the simulated clock paused instead of at 1×.
	Paused bool
	// Output is where the accessible mode prints; it is required with
	// Accessible. Run that program with tea.WithoutRenderer, since
	// nothing is drawn.
	Output io.Writer
	// Demo, when set, plays a scenario script one step per key press
	// (`tokenflow demo`), starting with the clock paused.
	Demo *Demo
	// Present starts in presenter mode: fewer, larger panes and a
	// high-contrast theme for a projector. A key toggles it.
	Present bool
	// ExportDir is where the export key writes the session as Markdown
	// and Mermaid files. Empty shows the Markdown in an overlay instead,
	// to copy: an SSH session must not write to the server's disk.
	ExportDir string
	// Lessons are the course. With lessons the first screen is the
	// lesson menu and the sandbox is one key away; nil leaves the sandbox
	// alone, as without a course.
	Lessons []*lessons.Lesson
	// Progress keeps the steps completed and where the learner was; nil
	// keeps nothing.
	Progress *lessons.Store
	// OnLesson, when set, is called from Update whenever the learner's
	// lesson, step or completed count changes (a workshop's dashboard);
	// it must not block.
	OnLesson func(LessonStatus)
	// Limits bounds what each world of the session remembers; the zero
	// value remembers everything, as a learner at their own terminal
	// wants. A workshop server sets it, so no learner can make it hold
	// more than the limits allow.
	Limits sim.Limits
}

// choiceKey is the key that picks sub in a sub-menu (which forgery, which
// token to introspect, which to revoke): its first letter.
func choiceKey(sub string) string { return sub[:1] }

// Model is the root of the interface and the only tea.Model in it.
type Model struct {
	opts Options
	com  common.Common
	sc   common.Scene

	clock *clockbar.Model

	focus  common.Focus
	status common.Status
	acted  bool // the learner has done something: the welcome gives way
	// beforeReset is the sandbox's world before its last reset, for undo.
	beforeReset *sim.World

	wallet  *wallet.Pane
	family  *family.Pane
	last    *happened.Pane
	seq     *sequence.Pane
	insp    *inspector.Pane
	setPane *settings.Pane
	help    *help.Pane

	nextHint  common.Cached[common.WorldKey]
	statusBar common.Cached[statusKey]
	nextBar   common.Cached[nextKey]
	keysBar   common.Cached[keysKey]
	left      common.Cached[leftKey]
	body      common.Cached[bodyKey]
	frame     frameParts
	frameOut  string

	demo    *demoPlayer // nil unless Options.Demo
	present presenter
	export  exportView
	prompt  *prompt.Model
	course  course // the lessons and the menu

	// Accessible mode: the printer, how much of the log has been
	// printed, and the last hint printed.
	printer  *printer
	printed  int
	lastHint string
}

// New builds a session: a fresh world from opts.Seed, and the panes that
// show it.
func New(opts Options) (*Model, error) {
	if opts.Accessible && opts.Output == nil {
		return nil, errors.New("ui: the accessible mode needs an Output to print to")
	}
	w, err := sim.New(sim.Config{Seed: opts.Seed, Limits: opts.Limits})
	if err != nil {
		return nil, err
	}
	m := &Model{opts: opts}
	m.com = common.Common{Styles: styles.NewStyles(true), Keys: keymap.DefaultKeyMap(), Dark: true, Accessible: opts.Accessible}
	if opts.Accessible {
		m.com.Styles = &styles.Styles{} // plain text: a screen reader reads no colours
		m.printer = newPrinter(opts.Output)
	} else {
		m.com.Keys.Describe.SetEnabled(false)
	}
	m.sc.World = w
	// A demo starts with the clock paused, so the same script and seed
	// give the same screens.
	m.clock = clockbar.New(&m.com, &m.sc, opts.Now, opts.Paused || opts.Demo != nil)
	m.wallet = wallet.New(&m.com, &m.sc)
	m.family = family.New(&m.com, &m.sc)
	m.last = happened.New(&m.com, &m.sc)
	m.seq = sequence.New(&m.com, &m.sc)
	m.insp = inspector.New(&m.com, &m.sc)
	m.setPane = settings.New(&m.com, &m.sc)
	m.help = help.New(&m.com)
	m.prompt = prompt.New(&m.com)
	if err := m.initDemo(); err != nil {
		return nil, err
	}
	m.initPresent()
	m.initCourse()
	return m, nil
}

// World returns the world the session drives; after undo or reset it is
// a different value.
func (m *Model) World() *sim.World { return m.sc.World }

// Status returns the text of the status line.
func (m *Model) Status() string { return m.status.Text }

// HelpOpen reports whether the help screen is showing.
func (m *Model) HelpOpen() bool { return m.focus.Overlay == common.OverlayHelp }

// Init starts the heartbeat and asks the terminal for its background.
func (m *Model) Init() tea.Cmd {
	if m.com.Accessible {
		m.com.Print(m.welcome()...)
		m.courseInit()
		return tea.Batch(m.clock.Tick(), m.demoInit(), m.flush())
	}
	return tea.Batch(m.clock.Tick(), tea.RequestBackgroundColor, m.demoInit())
}

// Update applies one message. World actions apply here, synchronously
// and in order; nothing here blocks.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.courseMsg(msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.com.Width, m.com.Height = max(msg.Width, 0), max(msg.Height, 0)
	case tea.BackgroundColorMsg:
		if !m.com.Accessible {
			m.com.Dark = msg.IsDark()
			m.com.Styles = m.themeStyles()
		}
	case clockbar.TickMsg:
		m.clock.Sync()
		return m, tea.Batch(m.clock.Tick(), m.courseUpdate(), m.flush())
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		return m, tea.Batch(cmd, m.courseUpdate(), m.flush())
	case demoTickMsg, exportedMsg, workshop.ResetWorldMsg, workshop.ShutdownMsg, workshop.LimitMsg:
		cmd := m.showMsg(msg)
		return m, tea.Batch(cmd, m.flush())
	}
	return m, m.courseUpdate()
}

// handleKey routes a key: the prompt first, then quit, a pending
// sub-menu, the open overlay, the course, the settings panel, the
// instructor's keys, the keys that act on the world, and last the
// focused pane.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.com.Keys
	// While the prompt is open every key is typing, but ctrl+c still
	// quits.
	if m.prompt.Active() && msg.String() != "ctrl+c" {
		m.promptKey(msg)
		return nil
	}
	if key.Matches(msg, k.Quit) {
		return m.quit()
	}
	if m.focus.Question != nil {
		sub := m.focus.Question
		m.focus.Question = nil
		if key.Matches(msg, k.Back) {
			m.say(common.Status{Text: sub.Name + " cancelled"})
			return nil
		}
		for _, arg := range sub.Subs {
			if msg.String() == choiceKey(arg) {
				m.perform(sim.Action{Verb: sub.Name, Args: []string{arg}})
				return nil
			}
		}
		// Any other key drops the question and does what it always does.
	}
	if cmd, ok := m.overlayKey(msg); ok {
		return cmd
	}
	if ok, cmd := m.courseKey(msg); ok {
		return cmd
	}
	if m.focus.Settings && m.settingsKey(msg) {
		return nil
	}
	if cmd, ok := m.showKey(msg); ok {
		return cmd
	}
	if m.worldKey(msg) {
		return nil
	}
	m.paneKey(msg)
	return nil
}

// promptKey types into the prompt, and runs the line on enter.
func (m *Model) promptKey(msg tea.KeyPressMsg) {
	switch res, line := m.prompt.Update(msg); {
	case res == prompt.Submitted && line == "":
		m.say(common.Status{Text: "nothing typed"})
	case res == prompt.Submitted:
		m.applyLine(line)
	case res == prompt.Cancelled:
		m.say(common.Status{Text: "prompt cancelled"})
	}
}

// quit ends the program once what is still queued is out: the accessible
// mode's last lines, and the progress of the step just completed.
func (m *Model) quit() tea.Cmd {
	if m.com.Accessible {
		return tea.Sequence(m.flush(), m.printer.drain(), m.course.saves.drain(), tea.Quit)
	}
	return tea.Sequence(m.course.saves.drain(), tea.Quit)
}

// overlayKey handles the open overlay's own keys: esc or the key that
// opened it closes it, the arrow and page keys scroll it, and y copies
// the export. Other keys go on to do what they always do.
func (m *Model) overlayKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.com.Keys
	var opener key.Binding
	var scroll func(tea.KeyPressMsg) bool
	switch m.focus.Overlay {
	case common.OverlayHelp:
		opener, scroll = k.Help, m.help.Update
	case common.OverlayInspect:
		opener, scroll = k.Inspect, m.insp.Update
	case common.OverlayExport:
		opener, scroll = k.Export, func(msg tea.KeyPressMsg) bool { return m.export.view.Update(k, msg) }
		if key.Matches(msg, k.Copy) {
			m.say(common.Status{Text: "copied the Markdown to your clipboard (if your terminal allows programs to set it)"})
			return tea.SetClipboard(m.export.text), true
		}
	default:
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Back, opener):
		m.focus.Overlay = common.OverlayNone
	case scroll(msg):
	default:
		return nil, false
	}
	return nil, true
}

// settingsKey handles the settings panel's own keys.
func (m *Model) settingsKey(msg tea.KeyPressMsg) bool {
	k := m.com.Keys
	switch {
	case key.Matches(msg, k.Back, k.Settings):
		m.focus.Settings = false
		m.say(common.Status{Text: "settings closed"})
	default:
		set, ok := m.setPane.Update(msg)
		if ok && set.Verb != "" {
			m.perform(set)
		}
		return ok
	}
	return true
}

// worldKey handles every key that acts on the world, the clock or the
// whole session.
func (m *Model) worldKey(msg tea.KeyPressMsg) bool {
	k := m.com.Keys
	for _, ak := range k.Actions() {
		if key.Matches(msg, ak.Binding) {
			m.perform(ak.Action)
			return true
		}
	}
	if said, ok := m.clock.Update(msg); ok {
		m.say(common.Status{Text: said})
		return true
	}
	switch {
	case key.Matches(msg, k.Forge):
		m.ask("forge")
	case key.Matches(msg, k.Introspect):
		m.ask("introspect")
	case key.Matches(msg, k.Revoke):
		m.ask("revoke")
	case key.Matches(msg, k.Settings):
		m.focus.Settings = true
		m.focus.Overlay = common.OverlayNone
		m.say(common.Status{Text: "settings: " + k.UpDown() + " choose, " + k.LeftRight() + " change; each change is a `set` action you can undo"})
		if m.com.Accessible {
			m.com.Print(m.setPane.Lines()...)
		}
	case key.Matches(msg, k.Undo):
		m.undo()
	case key.Matches(msg, k.Reset):
		m.reset()
	case key.Matches(msg, k.Help):
		m.focus.Overlay = common.OverlayHelp
		m.help.Open()
		if m.com.Accessible {
			m.com.Print(help.Lines(k)...)
			m.focus.Overlay = common.OverlayNone
		}
	case key.Matches(msg, k.Describe):
		m.com.Print(m.describe()...)
	default:
		return false
	}
	return true
}

// paneKey handles focus, selection and scrolling in the focused pane.
func (m *Model) paneKey(msg tea.KeyPressMsg) {
	k := m.com.Keys
	switch {
	case key.Matches(msg, k.Focus):
		if m.focus.Pane == common.PaneSequence {
			m.focus.Pane = common.PaneWallet
			m.wallet.Announce()
		} else {
			m.focus.Pane = common.PaneSequence
			m.seq.Announce()
		}
	case key.Matches(msg, k.Inspect):
		m.inspectSelection()
	case m.focus.Pane == common.PaneWallet && m.wallet.Update(msg):
	default:
		m.seq.Update(msg)
	}
}

func (m *Model) ask(verb string) {
	v, _ := sim.FindVerb(verb)
	m.focus.Question = &v
	if m.com.Accessible {
		m.com.Print(m.pendingText())
	}
}

func (m *Model) pendingText() string {
	v := m.focus.Question
	parts := make([]string, len(v.Subs))
	for i, arg := range v.Subs {
		parts[i] = choiceKey(arg) + " " + v.SubSummary[arg]
	}
	return v.Name + " which? " + strings.Join(parts, " · ") + " · " + m.com.Keys.Back.Help().Key + " cancels"
}

// act applies one action to the world and reports what came of it.
// perform does an action for the learner, whichever way it came: a key,
// a sub-menu, the settings pane, the prompt or a demo. Opening a token
// also opens the inspector.
func (m *Model) perform(a sim.Action) {
	if a.Verb == "inspect" {
		w := m.sc.World
		tok, label := w.Client.AccessToken, "the client's access token"
		if a.Args[0] == "refresh" {
			tok, label = w.Client.RefreshToken, "the client's refresh token"
		}
		m.inspectToken(tok, label, a.Args[0])
		return
	}
	m.act(a)
}

// act applies one action to the world and says what came of it.
func (m *Model) act(a sim.Action) {
	line := a.String()
	if why := m.lessonRefusal(a); why != "" {
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
	if m.com.Accessible && s.Text != "" {
		m.com.Print(s.Text)
	}
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

// focusedPane is the pane the arrow keys move in.
func (m *Model) focusedPane() common.Component {
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

// showWorld puts w on screen with its clock at speed.
func (m *Model) showWorld(w *sim.World, speed int) {
	m.sc.World = w
	m.sc.Gen++
	m.focus.Overlay = common.OverlayNone
	m.focus.Question = nil
	m.seq.Follow()
	m.printed = w.Log.Len()
	m.clock.Follow(speed)
}

// flush prints, in accessible mode, the events the log gained and any
// queued lines, each once.
func (m *Model) flush() tea.Cmd {
	if !m.com.Accessible {
		return nil
	}
	var lines []string
	for _, e := range m.sc.World.Log.Since(m.printed) {
		lines = append(lines, sim.FormatEvent(e))
	}
	m.printed = m.sc.World.Log.Len()
	lines = append(lines, m.com.TakePrinted()...)
	// The sandbox's tour would contradict a lesson's steps: the course
	// says what to do next there.
	if len(lines) > 0 && m.course.screen == screenSandbox {
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

// bodyKey is the two columns of the body; pane caches hand back the very
// same strings while nothing changes, so comparing them is cheap.
type bodyKey struct {
	left, right string
	leftW       int
}

// frameParts are the pieces of a frame; if none changed, neither did it.
type frameParts struct {
	w, h                          int
	clock, body, status, next, ks string
}

// View draws the screen: the alternate screen with every pane, or in
// accessible mode nothing at all, since everything is printed as lines.
func (m *Model) View() tea.View {
	if m.com.Accessible {
		return tea.NewView("")
	}
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "tokenflow"
	return v
}

// render composes the frame from the panes' cached renderings.
func (m *Model) render() string {
	W, H := m.com.Width, m.com.Height
	if W == 0 || H == 0 {
		return ""
	}
	if W < MinWidth || H < MinHeight {
		return m.tooSmall(W, H)
	}
	m.wallet.SetFocused(m.focus.Pane == common.PaneWallet)
	m.seq.SetFocused(m.focus.Pane == common.PaneSequence && !m.focus.Settings && !m.lessonFocused())
	parts := frameParts{w: W, h: H}
	parts.clock = m.renderTop(W, H)
	bodyH := H - 4 - strings.Count(parts.clock, "\n")
	switch m.focus.Overlay {
	case common.OverlayHelp:
		parts.body = m.help.Render(W, bodyH)
	case common.OverlayInspect:
		parts.body = m.insp.Render(W, bodyH)
	case common.OverlayExport:
		parts.body = m.export.Render(&m.com, W, bodyH)
	default:
		if m.course.screen == screenMenu {
			parts.body = m.course.menu.Render(W, bodyH)
			break
		}
		if m.present.on {
			parts.body = m.presentBody(W, bodyH)
			break
		}
		parts.body = m.columns(W, bodyH)
	}
	parts.status = m.renderStatus(W)
	parts.next = m.renderNext(W)
	parts.ks = m.renderKeys(W)
	m.courseChrome(&parts, W)
	if parts == m.frame && m.frameOut != "" {
		return m.frameOut
	}
	m.frame = parts
	m.frameOut = strings.Join([]string{parts.clock, parts.body, parts.status, parts.next, parts.ks}, "\n")
	return m.frameOut
}

// columns is the body in two columns: the settings panel, the open lesson
// step or the actors on the left, the sequence diagram on the right.
func (m *Model) columns(w, h int) string {
	leftW := max(min(w*2/5, 72), 34)
	if m.inLesson() {
		leftW = lessonWidth(w)
	}
	var left string
	switch {
	case m.focus.Settings:
		left = m.setPane.Render(leftW, h)
	case m.inLesson():
		left = m.lessonColumn(leftW, h)
	default:
		left = m.leftColumn(leftW, h)
	}
	var right string
	if m.inLesson() && !m.focus.Settings && m.companionPlace(h) == companionRight {
		// A short screen: the step's pane goes under the diagram.
		right = m.seq.Render(w-leftW, h-wallet.CompactHeight) + "\n" + m.companion(w-leftW, wallet.CompactHeight)
	} else {
		right = m.seq.Render(w-leftW, h)
	}
	return m.body.Get(bodyKey{left, right, leftW}, func() string { return common.SideBySide(left, leftW, right) })
}

// leftColumn stacks the actors, the token family and, when there is room,
// the story of the last action.
func (m *Model) leftColumn(w, h int) string {
	walletH := wallet.FullHeight
	if h-wallet.FullHeight < 10 {
		walletH = wallet.CompactHeight
	}
	rest := h - walletH
	familyH := rest
	if nat := m.family.NaturalHeight(w); rest-nat >= 6 {
		familyH = nat
	}
	k := leftKey{wallet: m.wallet.Render(w, walletH), family: m.family.Render(w, familyH)}
	if rest > familyH {
		k.last = m.last.Render(w, rest-familyH)
	}
	return m.left.Get(k, func() string {
		if k.last == "" {
			return k.wallet + "\n" + k.family
		}
		return k.wallet + "\n" + k.family + "\n" + k.last
	})
}

// leftKey is the panes of the left column, stacked.
type leftKey struct{ wallet, family, last string }

// tooSmall asks for a bigger terminal instead of drawing a broken frame.
func (m *Model) tooSmall(w, h int) string {
	msg := fmt.Sprintf("tokenflow needs a terminal of at least %d×%d; this one is %d×%d. Enlarge the window (or press q to quit).",
		MinWidth, MinHeight, w, h)
	lines := common.Wrap(msg, w)
	if len(lines) > h {
		lines = lines[:h]
	}
	for i := range lines {
		lines[i] = common.Fit(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

type statusKey struct {
	status   common.Status
	question *sim.Verb
	acted    bool
	speed    int
	w        int
	styles   *styles.Styles
}

// renderStatus is what the last key did, or the question a sub-menu asks.
func (m *Model) renderStatus(w int) string {
	k := statusKey{m.status, m.focus.Question, m.acted, m.clock.Speed(), w, m.com.Styles}
	return m.statusBar.Get(k, func() string { return m.drawStatus(w) })
}

func (m *Model) drawStatus(w int) string {
	st := m.com.Styles
	switch {
	case m.focus.Question != nil:
		return common.Fit(st.Accent.Render("? "+m.pendingText()), w)
	case !m.acted && m.status.Text == "":
		clock := "the clock runs at 1×, " + m.com.Keys.Pause.Help().Key + " pauses it"
		if m.clock.Speed() == 0 {
			clock = "the clock is paused, " + m.com.Keys.Pause.Help().Key + " starts it"
		}
		return common.Fit(st.Text.Render(" Welcome to tokenflow: you drive alice's app and an attacker; "+clock+"."), w)
	case m.status.Text == "":
		return common.Fit("", w)
	}
	switch m.status.Level {
	case common.LevelBad:
		return common.Fit(st.Bad.Render(" ✗ "+m.status.Text), w)
	case common.LevelWarn:
		return common.Fit(st.Warn.Render(" ! "+m.status.Text), w)
	}
	return common.Fit(st.Text.Render(" • "+m.status.Text), w)
}

type nextKey struct {
	hint   string
	w      int
	styles *styles.Styles
}

// renderNext is the suggested next step.
func (m *Model) renderNext(w int) string {
	var hint string
	if m.demo != nil {
		hint = m.demoHint()
	} else {
		hint = m.nextHint.Get(m.sc.Key(), func() string { return common.NextStep(m.com.Keys, &m.sc) })
	}
	return m.nextBar.Get(nextKey{hint, w, m.com.Styles}, func() string {
		return common.Fit(m.com.Styles.Hint.Render(" Next: "+hint), w)
	})
}

type keysKey struct {
	overlay  common.Overlay
	settings bool
	w        int
	styles   *styles.Styles
}

// renderKeys is the one-line key hint for what is on screen now.
func (m *Model) renderKeys(w int) string {
	k := keysKey{m.focus.Overlay, m.focus.Settings, w, m.com.Styles}
	return m.keysBar.Get(k, func() string { return m.drawKeys(w) })
}

func (m *Model) drawKeys(w int) string {
	k := m.com.Keys
	var items []key.Binding
	switch {
	case m.focus.Overlay == common.OverlayHelp:
		items = m.help.ShortHelp()
	case m.focus.Overlay == common.OverlayInspect:
		items = m.insp.ShortHelp()
	case m.focus.Overlay == common.OverlayExport:
		items = append(common.ScrollHelp(k, true), k.Copy, k.Back)
	case m.focus.Settings:
		items = m.setPane.ShortHelp()
	default:
		items = append(append(k.ShortHelp(), keymap.As(k.Focus, "pane")), m.focusedPane().ShortHelp()...)
	}
	return common.HintLine(m.com.Styles, w, items, k.HelpQuit())
}
