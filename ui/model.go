package ui

import (
	"errors"
	"io"
	"time"

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
	"github.com/tokenflow/tokenflow/ui/course"
	"github.com/tokenflow/tokenflow/ui/demo"
	"github.com/tokenflow/tokenflow/ui/keymap"
	"github.com/tokenflow/tokenflow/ui/styles"
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
	// QuitAsks says, in the help, that the quit key asks before leaving:
	// the workshop server puts that question to every learner (see
	// workshop.Config), since leaving loses the step's work.
	QuitAsks bool
	// Limits bounds what each world of the session remembers; the zero
	// value remembers everything, as a learner at their own terminal
	// wants. A workshop server sets it, so no learner can make it hold
	// more than the limits allow.
	Limits sim.Limits
	// Recorder, when set, is handed every frame drawn: `tokenflow demo
	// --record` (demo.Recorder).
	Recorder Recorder
}

// Recorder hears every frame the interface draws, with the terminal's
// size; it must not block.
type Recorder interface {
	Frame(content string, w, h int)
}

// LessonStatus is where a learner is in the course, as Options.OnLesson
// reports it.
type LessonStatus = course.Status

// Demo is a scenario script played inside the interface, one step per key
// press: a rehearsable talk (demo.Script).
type Demo = demo.Script

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
	nextBar   common.Cached[lineKey]
	keysBar   common.Cached[keysKey]
	left      common.Cached[leftKey]
	body      common.Cached[bodyKey]
	column    common.Cached[[2]string] // a lesson's pane and what is under it, joined
	top       common.Cached[[2]string] // the clock and a demo's caption, joined
	strip     common.Cached[[2]string] // the presenter's token strip and the diagram, joined
	frame     frameParts
	frameOut  string

	prompt *prompt.Model
	course *course.Course

	demo    *demo.Player // nil unless Options.Demo
	present demo.Presenter
	export  *demo.Export

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
	m.help = help.New(&m.com, m.helpGroups)
	m.prompt = prompt.New(&m.com)
	m.export = demo.NewExport(&m.com, &m.sc, host{m}, opts.ExportDir)
	// The course first: a demo opened past its first step acts on the
	// world, and the course may refuse an action.
	m.course = course.New(&m.com, &m.sc, host{m}, course.Config{Lessons: opts.Lessons, Progress: opts.Progress,
		OnLesson: opts.OnLesson, World: sim.Config{Seed: opts.Seed, Limits: opts.Limits}})
	k := m.com.Keys
	if opts.QuitAsks {
		k.Quit.SetHelp(k.Quit.Help().Key, k.Quit.Help().Desc+" (asks first)")
	}
	if opts.Demo == nil {
		k.DemoNext.SetEnabled(false)
		k.DemoBack.SetEnabled(false)
		k.DemoAuto.SetEnabled(false)
	} else if m.demo, err = demo.New(&m.com, &m.sc, host{m}, opts.Demo); err != nil {
		return nil, err
	}
	// The accessible mode draws nothing, so it has no presenter mode.
	if opts.Accessible {
		k.Present.SetEnabled(false)
	} else {
		m.present = demo.NewPresenter(opts.Present)
		m.com.Styles = m.present.Styles(m.com.Dark)
	}
	m.course.SetPresent(m.present.On())
	if m.demo != nil {
		m.demo.SetPresent(m.present.On())
	}
	return m, nil
}

// World returns the world the session drives; after undo or reset it is
// a different value.
func (m *Model) World() *sim.World { return m.sc.World }

// Status returns the text of the status line.
func (m *Model) Status() string { return m.status.Text }

// PresentOn reports whether presenter mode is on.
func (m *Model) PresentOn() bool { return m.present.On() }

// DemoFailures are the expectations that failed, and the actions that
// could not run, in the demo's steps played so far: in presenter mode the
// room does not see them, so the presenter hears of them at the end.
func (m *Model) DemoFailures() []demo.Check {
	if m.demo == nil {
		return nil
	}
	return m.demo.Failures()
}

// EndDemo tells a notes terminal following the demo that it has ended;
// call it once the program has finished.
func (m *Model) EndDemo() {
	if m.demo != nil {
		m.demo.End()
	}
}

// HelpOpen reports whether the help screen is showing.
func (m *Model) HelpOpen() bool { return m.focus.Overlay == common.OverlayHelp }

// Init starts the heartbeat and asks the terminal for its background.
func (m *Model) Init() tea.Cmd {
	if m.com.Accessible {
		m.com.Print(m.welcome()...)
		if m.status.Text != "" {
			m.com.Print(m.status.Text)
		}
		m.com.Print(m.course.Greet()...)
		return tea.Batch(m.clock.Tick(), m.demoInit(), m.flush())
	}
	return tea.Batch(m.clock.Tick(), tea.RequestBackgroundColor, m.demoInit())
}

// demoInit starts a demo's auto-play, if there is a demo.
func (m *Model) demoInit() tea.Cmd {
	if m.demo == nil {
		return nil
	}
	return m.demo.Init()
}

// View draws the screen: the alternate screen with every pane, or in
// accessible mode nothing at all, since everything is printed as lines.
func (m *Model) View() tea.View {
	if m.com.Accessible {
		return tea.NewView("")
	}
	v := tea.NewView(m.render())
	if m.opts.Recorder != nil {
		m.opts.Recorder.Frame(v.Content, m.com.Width, m.com.Height)
	}
	v.AltScreen = true
	v.WindowTitle = "tokenflow"
	return v
}
