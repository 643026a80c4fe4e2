package workshop

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/plural"
)

// learnerRow is one line of the dashboard: a copy of a learner session's
// state taken under its lock.
type learnerRow struct {
	ID        uint64
	User      string
	Status    Status
	Connected time.Time
	LastInput time.Time
	// StepSince is when the learner arrived where Status says.
	StepSince time.Time
}

// isStuck reports whether the learner looks stuck at now: on a lesson step
// whose goal is not met, with every hint (or the solution) shown, or for
// after or longer (zero: time alone never counts).
func isStuck(r learnerRow, now time.Time, after time.Duration) bool {
	st := r.Status
	switch {
	case st.Place != PlaceLesson || st.Done:
		return false
	case st.Solution || (st.HintTiers > 0 && st.Hints >= st.HintTiers):
		return true
	}
	return after > 0 && now.Sub(r.StepSince) >= after
}

// sortOrder is how the list is sorted; the sort key cycles through them.
type sortOrder int

const (
	sortStuck  sortOrder = iota // the stuck first, longest on their step first; then by name
	sortName                    // by name, one learner's sessions together
	sortLesson                  // furthest in the course first: most lessons finished, then the furthest lesson and step open
	sortOrders
)

func (o sortOrder) String() string {
	return [...]string{"stuck first", "name", "lesson"}[o]
}

// dashboardStyles use weight and reverse video only, so the table reads
// the same on any background and without colour.
type dashboardStyles struct {
	Title, Header, Muted, Prompt, Selected, Stuck lipgloss.Style
}

func defaultDashboardStyles() dashboardStyles {
	return dashboardStyles{
		Title:    lipgloss.NewStyle().Bold(true),
		Header:   lipgloss.NewStyle().Bold(true).Underline(true),
		Muted:    lipgloss.NewStyle().Faint(true),
		Prompt:   lipgloss.NewStyle().Reverse(true).Bold(true),
		Selected: lipgloss.NewStyle().Reverse(true),
		Stuck:    lipgloss.NewStyle().Bold(true),
	}
}

// dashTickMsg asks the dashboard to read the learners again.
type dashTickMsg struct{}

// watchTickMsg asks for the watched screen again; gen tells a tick of the
// current watch from one of a watch since ended.
type watchTickMsg struct{ gen int }

// watchEvery is how often a watched screen is read: ten frames a second
// follow typing, and cost the instructor's session a copy at most.
const watchEvery = 100 * time.Millisecond

// doneMsg reports a finished action of the instructor's, in words.
type doneMsg struct{ notice string }

// resetDoneMsg reports a finished reset of every learner's world: how
// many started afresh, and how many stayed on a finished step.
type resetDoneMsg struct{ reset, kept int }

// question is an action that waits for a yes. A strict one, for what
// cannot be taken back from the whole room or from a learner, takes only
// y: enter, the key that watches a screen, is too easily pressed twice.
type question struct {
	text   string
	yes    tea.Cmd
	strict bool
}

// dashboard is the instructor's model: a live table of the connected
// learners, refreshed every second, whose screens can be watched and who
// can be sent messages, reset, cleared and disconnected; the room can be
// sent a message, reset, exported and archived.
type dashboard struct {
	room        room
	now         func() time.Time
	maxSessions int
	stuckAfter  time.Duration

	keys   dashboardKeys
	help   help.Model
	styles dashboardStyles
	input  textinput.Model

	width, height int
	rows          []learnerRow // in order
	at            time.Time    // when rows were read
	order         sortOrder
	selected      uint64 // the selected session, 0 for none
	offset        int    // first row shown

	watching uint64 // the session watched, 0 on the list
	watchGen int
	shot     screenShot
	left     string // who left while watched, for the notice

	ask     *question
	compose bool
	to      uint64 // the message's session, 0 for the room
	notice  string
}

// newDashboard builds the dashboard over the room; now is the wall clock,
// injected for tests, and stuckAfter the time on one step that marks a
// learner stuck.
func newDashboard(r room, now func() time.Time, maxSessions int, stuckAfter time.Duration) dashboard {
	in := textinput.New()
	in.CharLimit = maxNote
	d := dashboard{
		room:        r,
		now:         now,
		maxSessions: maxSessions,
		stuckAfter:  stuckAfter,
		keys:        defaultDashboardKeys(),
		help:        help.New(),
		styles:      defaultDashboardStyles(),
		input:       in,
		width:       80,
		height:      24,
	}
	d.refresh()
	return d
}

func (d dashboard) Init() tea.Cmd { return dashTick() }

func dashTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return dashTickMsg{} })
}

func watchTick(gen int) tea.Cmd {
	return tea.Tick(watchEvery, func(time.Time) tea.Msg { return watchTickMsg{gen} })
}

// refresh reads the learners again and sorts them, keeping the selection
// on the same session, or on the same line if that session has left.
func (d *dashboard) refresh() {
	at := slices.IndexFunc(d.rows, func(r learnerRow) bool { return r.ID == d.selected })
	d.rows = d.room.Learners()
	d.at = d.now()
	d.sort()
	if i := d.index(); i < 0 && len(d.rows) > 0 {
		d.selected = d.rows[min(max(at, 0), len(d.rows)-1)].ID
	} else if len(d.rows) == 0 {
		d.selected = 0
	}
	d.clampOffset()
}

// sort puts the rows in d.order; ties go by name, then by connection.
func (d *dashboard) sort() {
	byName := func(a, b learnerRow) int {
		if c := strings.Compare(foldName(a.User), foldName(b.User)); c != 0 {
			return c
		}
		return a.Connected.Compare(b.Connected)
	}
	rank := map[Place]int{PlaceLesson: 0, PlaceMenu: 1, PlaceSandbox: 2, PlaceUnknown: 3}
	slices.SortStableFunc(d.rows, func(a, b learnerRow) int {
		switch d.order {
		case sortStuck:
			sa, sb := isStuck(a, d.at, d.stuckAfter), isStuck(b, d.at, d.stuckAfter)
			switch {
			case sa != sb && sa:
				return -1
			case sa != sb:
				return 1
			case sa:
				if c := a.StepSince.Compare(b.StepSince); c != 0 {
					return c
				}
			}
		case sortLesson:
			// The lessons finished first: a learner in the menu after
			// five lessons is further than one on lesson 2.
			if c := b.Status.Completed - a.Status.Completed; c != 0 {
				return c
			}
			if c := b.Status.Index - a.Status.Index; c != 0 {
				return c
			}
			if c := b.Status.Step - a.Status.Step; c != 0 {
				return c
			}
			if c := rank[a.Status.Place] - rank[b.Status.Place]; c != 0 {
				return c
			}
		}
		return byName(a, b)
	})
}

// index is the selected row's, or -1.
func (d dashboard) index() int {
	return slices.IndexFunc(d.rows, func(r learnerRow) bool { return r.ID == d.selected })
}

// row is the row of session id, if it is still listed.
func (d dashboard) row(id uint64) (learnerRow, bool) {
	if i := slices.IndexFunc(d.rows, func(r learnerRow) bool { return r.ID == id }); i >= 0 {
		return d.rows[i], true
	}
	return learnerRow{}, false
}

func (d dashboard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		d.width, d.height = msg.Width, msg.Height
		d.help.SetWidth(msg.Width)
		d.input.SetWidth(max(10, msg.Width-30))
		d.clampOffset()
	case dashTickMsg:
		d.refresh()
		return d, dashTick()
	case watchTickMsg:
		if msg.gen != d.watchGen || d.watching == 0 {
			return d, nil
		}
		d.readScreen()
		if d.watching == 0 {
			return d, nil
		}
		return d, watchTick(d.watchGen)
	case resetDoneMsg:
		d.notice = fmt.Sprintf("Reset %s at %s.", plural.Count(msg.reset, "world"), d.now().Format("15:04:05"))
		if msg.kept > 0 {
			d.notice += fmt.Sprintf(" %s on a finished step kept theirs: the next step starts on a fresh one.", plural.Count(msg.kept, "session"))
		}
	case doneMsg:
		d.notice = msg.notice
		d.refresh()
	case ShutdownMsg:
		return d, tea.Quit
	case LimitMsg:
		d.notice = msg.Text
	case tea.PasteMsg:
		if d.compose {
			var cmd tea.Cmd
			d.input, cmd = d.input.Update(msg)
			return d, cmd
		}
	case tea.KeyPressMsg:
		return d.updateKey(msg)
	}
	return d, nil
}

func (d dashboard) updateKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := d.keys
	switch {
	case d.compose:
		return d.composeKey(msg)
	case d.ask != nil:
		q := d.ask
		switch {
		case key.Matches(msg, k.Confirm) && (!q.strict || key.Matches(msg, k.ConfirmStrict)):
			d.ask = nil
			d.notice = "Working…"
			return d, q.yes
		case key.Matches(msg, k.Cancel):
			d.ask = nil
			d.notice = "Cancelled."
		case key.Matches(msg, k.Quit):
			return d, tea.Quit
		}
		return d, nil
	case key.Matches(msg, k.Quit):
		return d, tea.Quit
	case key.Matches(msg, k.Help):
		d.help.ShowAll = !d.help.ShowAll
		d.clampOffset()
	case key.Matches(msg, k.Up):
		d.move(-1)
	case key.Matches(msg, k.Down):
		d.move(+1)
	case d.watching != 0 && key.Matches(msg, k.Back):
		d.stopWatching()
	case d.watching == 0 && key.Matches(msg, k.Watch):
		return d, d.startWatching()
	case d.watching == 0 && key.Matches(msg, k.Sort):
		d.order = (d.order + 1) % sortOrders
		d.sort()
		d.notice = "Sorted: " + d.order.String() + "."
		d.follow()
	case key.Matches(msg, k.Broadcast):
		return d, d.startCompose(0)
	case key.Matches(msg, k.ResetAll):
		worlds := plural.Count(len(d.rows), "world")
		if n := d.learners(); n != len(d.rows) {
			// A learner's second terminal has a world of its own.
			worlds += " (" + plural.Count(n, "learner") + ", every session of each)"
		} else {
			worlds += ", one a learner"
		}
		d.ask = &question{text: "Reset " + worlds + "? Work inside each step is lost; lesson progress is kept.", strict: true, yes: func() tea.Msg {
			reset, kept := d.room.ResetAll()
			return resetDoneMsg{reset: reset, kept: kept}
		}}
	case key.Matches(msg, k.Export):
		r := d.room
		return d, func() tea.Msg {
			path, err := r.ExportCSV()
			if err != nil {
				return doneMsg{"Export failed: " + err.Error()}
			}
			return doneMsg{"The room's progress is in " + path + "."}
		}
	case key.Matches(msg, k.Archive):
		r := d.room
		d.ask = &question{text: "Archive the room's progress and start everyone afresh? It is moved to a dated folder, not deleted.", yes: func() tea.Msg {
			path, err := r.Archive()
			switch {
			case err != nil:
				return doneMsg{"Archive failed: " + err.Error()}
			case path == "":
				return doneMsg{"There was no progress to archive; everyone starts afresh."}
			}
			return doneMsg{"Archived the room's progress to " + path + "; everyone starts afresh."}
		}}
	default:
		return d, d.learnerKey(msg)
	}
	return d, nil
}

// learnerKey handles the keys that act on the selected learner.
func (d *dashboard) learnerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.keys
	if !key.Matches(msg, k.Message, k.Reset, k.Clear, k.Disconnect) {
		return nil
	}
	r, ok := d.row(d.target())
	if !ok {
		d.notice = "No learner is selected."
		return nil
	}
	id, name, rm := r.ID, displayName(r.User), d.room
	act := func(do func() error, done string) tea.Cmd {
		return func() tea.Msg {
			if err := do(); err != nil {
				return doneMsg{name + ": " + err.Error() + "."}
			}
			return doneMsg{done}
		}
	}
	switch {
	case key.Matches(msg, k.Message):
		return d.startCompose(id)
	case key.Matches(msg, k.Reset):
		d.ask = &question{text: "Reset " + name + "'s world? Their step starts over; their lesson progress is kept.",
			yes: func() tea.Msg {
				switch kept, err := rm.Reset(id); {
				case err != nil:
					return doneMsg{name + ": " + err.Error() + "."}
				case kept:
					return doneMsg{name + " is on a finished step: its world stays for the debrief, and their next step starts on a fresh one."}
				}
				return doneMsg{"Reset " + name + "'s world."}
			}}
	case key.Matches(msg, k.Clear):
		screens := ""
		if n := d.sessionsOf(r.User); n > 1 {
			// Their progress is one, whichever screen it is cleared from.
			screens = fmt.Sprintf(", on all %d of their screens", n)
		}
		d.ask = &question{text: "Clear " + name + "'s lesson progress" + screens + "? Every lesson starts afresh for them; this cannot be undone.",
			strict: true, yes: act(func() error { return rm.ClearProgress(id) }, "Cleared "+name+"'s lesson progress.")}
	case key.Matches(msg, k.Disconnect):
		d.ask = &question{text: "Disconnect " + name + "? Work inside their current step is lost.",
			yes: act(func() error { return rm.Disconnect(id) }, "Disconnected "+name+".")}
	}
	return nil
}

// learners counts the learners listed: one learner's sessions count once.
func (d dashboard) learners() int {
	names := map[string]bool{}
	for _, r := range d.rows {
		names[foldName(r.User)] = true
	}
	return len(names)
}

// sessionsOf counts the sessions listed of the learner called user.
func (d dashboard) sessionsOf(user string) int {
	n := 0
	for _, r := range d.rows {
		if sameName(r.User, user) {
			n++
		}
	}
	return n
}

// target is the session the learner keys act on: the one watched, or
// the one selected.
func (d dashboard) target() uint64 {
	if d.watching != 0 {
		return d.watching
	}
	return d.selected
}

// move selects the previous or next learner; while watching, the watch
// moves with it.
func (d *dashboard) move(by int) {
	if len(d.rows) == 0 {
		return
	}
	i := min(max(d.index()+by, 0), len(d.rows)-1)
	d.selected = d.rows[i].ID
	d.follow()
	if d.watching != 0 && d.watching != d.selected {
		d.watch(d.selected)
	}
}

// startWatching watches the selected learner's screen.
func (d *dashboard) startWatching() tea.Cmd {
	if _, ok := d.row(d.selected); !ok {
		d.notice = "No learner is selected."
		return nil
	}
	d.watch(d.selected)
	return watchTick(d.watchGen)
}

func (d *dashboard) watch(id uint64) {
	d.watching = id
	d.watchGen++
	d.shot = screenShot{}
	d.room.Watch(id)
	d.readScreen()
}

func (d *dashboard) stopWatching() {
	d.watching = 0
	d.watchGen++
	d.shot = screenShot{}
	d.room.Watch(0)
}

// readScreen takes the watched learner's latest screen; if they have
// left, the list comes back and says so.
func (d *dashboard) readScreen() {
	shot, ok := d.room.Screen(d.watching)
	if !ok {
		name := "The learner"
		if r, found := d.row(d.watching); found {
			name = displayName(r.User)
		}
		d.stopWatching()
		d.notice = name + " has left."
		return
	}
	d.shot = shot
}

// startCompose opens the message line, to session id or (0) the room.
func (d *dashboard) startCompose(id uint64) tea.Cmd {
	d.compose, d.to, d.notice = true, id, ""
	d.input.Reset()
	d.input.Prompt = "Message to the room: "
	if r, ok := d.row(id); ok {
		d.input.Prompt = "Message to " + displayName(r.User) + ": "
	}
	return d.input.Focus()
}

// composeKey types into the message line; enter sends it, esc drops it.
func (d dashboard) composeKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := d.keys
	switch {
	case key.Matches(msg, k.Discard):
		d.compose = false
		d.input.Blur()
		d.notice = "Message not sent."
		return d, nil
	case key.Matches(msg, k.Send):
		d.compose = false
		d.input.Blur()
		text, to, rm := d.input.Value(), d.to, d.room
		name := "the room"
		if r, ok := d.row(to); ok {
			name = displayName(r.User)
		}
		return d, func() tea.Msg {
			if to == 0 {
				n, err := rm.Broadcast(text)
				if err != nil {
					return doneMsg{"Not sent: " + err.Error() + "."}
				}
				return doneMsg{"Sent to " + plural.Count(n, "learner") + "."}
			}
			if err := rm.Message(to, text); err != nil {
				return doneMsg{"Not sent to " + name + ": " + err.Error() + "."}
			}
			return doneMsg{"Sent to " + name + "."}
		}
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return d, cmd
}

// cell pads or truncates s to exactly w columns.
func cell(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

func stepText(s Status) string {
	switch {
	case s.Step <= 0:
		return "—"
	case s.Steps > 0:
		return fmt.Sprintf("%d/%d", s.Step, s.Steps)
	default:
		return strconv.Itoa(s.Step)
	}
}

// since is the time from then to now at a glance, as the panes say a
// lifetime: 45s, 4m5s, 1h2m, 3d4h; a clock that stepped back says 0s.
func since(now, then time.Time) string {
	return clock.FormatShort(max(now.Sub(then), 0).Truncate(time.Second))
}
