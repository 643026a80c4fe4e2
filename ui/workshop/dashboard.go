package workshop

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/plural"
)

// learnerRow is one line of the dashboard: a copy of a learner session's
// state taken under its lock.
type learnerRow struct {
	User      string
	Status    Status
	Connected time.Time
	LastInput time.Time
}

// dashboardKeys are the instructor's keys; the help line is generated from
// them.
type dashboardKeys struct {
	Up, Down, Reset, Confirm, Cancel, Quit key.Binding
}

func defaultDashboardKeys() dashboardKeys {
	return dashboardKeys{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Reset:   key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reset all worlds")),
		Confirm: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, reset")),
		Cancel:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "cancel")),
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ShortHelp is the help line outside the reset confirmation.
func (k dashboardKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Reset, k.Quit}
}

// FullHelp is ShortHelp in one column; the dashboard has no long help.
func (k dashboardKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.ShortHelp()}
}

// confirmKeys is the help line while a reset awaits confirmation.
type confirmKeys struct{ dashboardKeys }

func (k confirmKeys) ShortHelp() []key.Binding { return []key.Binding{k.Confirm, k.Cancel} }

// dashboardStyles use weight and reverse video only, so the table reads
// the same on any background and without colour.
type dashboardStyles struct {
	Title, Header, Muted, Prompt lipgloss.Style
}

func defaultDashboardStyles() dashboardStyles {
	return dashboardStyles{
		Title:  lipgloss.NewStyle().Bold(true),
		Header: lipgloss.NewStyle().Bold(true).Underline(true),
		Muted:  lipgloss.NewStyle().Faint(true),
		Prompt: lipgloss.NewStyle().Reverse(true).Bold(true),
	}
}

// dashTickMsg asks the dashboard to read the learners again.
type dashTickMsg struct{}

// resetDoneMsg reports a finished reset of every learner's world.
type resetDoneMsg struct{ count int }

// dashboard is the instructor's model: a live table of the connected
// learners, refreshed every second, and a confirmed reset of all worlds.
type dashboard struct {
	learners    func() []learnerRow
	resetAll    func() int
	now         func() time.Time
	maxSessions int

	keys   dashboardKeys
	help   help.Model
	styles dashboardStyles

	width, height int
	rows          []learnerRow
	at            time.Time // when rows were read
	offset        int       // first row shown
	confirming    bool
	notice        string
}

// newDashboard builds the dashboard over the server's learner list and
// reset; now is the wall clock, injected for tests.
func newDashboard(learners func() []learnerRow, resetAll func() int, now func() time.Time, maxSessions int) dashboard {
	d := dashboard{
		learners:    learners,
		resetAll:    resetAll,
		now:         now,
		maxSessions: maxSessions,
		keys:        defaultDashboardKeys(),
		help:        help.New(),
		styles:      defaultDashboardStyles(),
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

func (d *dashboard) refresh() {
	d.rows = d.learners()
	d.at = d.now()
	d.clampOffset()
}

func (d dashboard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		d.width, d.height = msg.Width, msg.Height
		d.help.SetWidth(msg.Width)
		d.clampOffset()
	case dashTickMsg:
		d.refresh()
		return d, dashTick()
	case resetDoneMsg:
		d.notice = fmt.Sprintf("Reset %s at %s.", plural.Count(msg.count, "world"), d.now().Format("15:04:05"))
	case ShutdownMsg:
		return d, tea.Quit
	case LimitMsg:
		d.notice = msg.Text
	case tea.KeyPressMsg:
		return d.updateKey(msg)
	}
	return d, nil
}

func (d dashboard) updateKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if d.confirming {
		switch {
		case key.Matches(msg, d.keys.Confirm):
			d.confirming = false
			d.notice = "Resetting…"
			reset := d.resetAll
			return d, func() tea.Msg { return resetDoneMsg{count: reset()} }
		case key.Matches(msg, d.keys.Cancel):
			d.confirming = false
			d.notice = "Reset cancelled."
		case key.Matches(msg, d.keys.Quit):
			return d, tea.Quit
		}
		return d, nil
	}
	switch {
	case key.Matches(msg, d.keys.Quit):
		return d, tea.Quit
	case key.Matches(msg, d.keys.Reset):
		d.confirming = true
		d.notice = ""
	case key.Matches(msg, d.keys.Up):
		d.offset--
		d.clampOffset()
	case key.Matches(msg, d.keys.Down):
		d.offset++
		d.clampOffset()
	}
	return d, nil
}

// chromeLines counts the lines around the table rows: title, summary, a
// blank, the header, a blank, the notice and the help.
const chromeLines = 7

func (d dashboard) visibleRows() int {
	return max(1, d.height-chromeLines)
}

func (d *dashboard) clampOffset() {
	d.offset = min(d.offset, len(d.rows)-d.visibleRows())
	d.offset = max(d.offset, 0)
}

// Column widths of the table; the lesson column takes what is left.
const (
	colUser      = 16
	colStep      = 6
	colDone      = 5
	colIdle      = 7
	colConnected = 16
	colGaps      = 5
	minLesson    = 12
)

func (d dashboard) View() tea.View {
	v := tea.NewView(d.render())
	v.AltScreen = true
	v.WindowTitle = "tokenflow workshop"
	return v
}

func (d dashboard) render() string {
	lesson := max(minLesson, d.width-colUser-colStep-colDone-colIdle-colConnected-colGaps)
	row := func(user, les, step, done, idle, conn string) string {
		return strings.TrimRight(strings.Join([]string{
			cell(user, colUser), cell(les, lesson), cell(step, colStep),
			cell(done, colDone), cell(idle, colIdle), cell(conn, colConnected),
		}, " "), " ")
	}

	var lines []string
	lines = append(lines, d.styles.Title.Render("tokenflow workshop · instructor dashboard")+"  "+d.styles.Muted.Render(d.at.Format("15:04:05")))
	lines = append(lines, d.summary(), "")
	lines = append(lines, d.styles.Header.Render(row("USER", "LESSON", "STEP", "DONE", "IDLE", "CONNECTED")))

	shown := d.rows[d.offset:min(len(d.rows), d.offset+d.visibleRows())]
	for _, r := range shown {
		lines = append(lines, row(
			displayName(r.User),
			orDash(r.Status.Lesson),
			stepText(r.Status),
			strconv.Itoa(r.Status.Completed),
			since(d.at, r.LastInput),
			r.Connected.Format("15:04")+" ("+since(d.at, r.Connected)+")",
		))
	}
	for range d.visibleRows() - len(shown) {
		lines = append(lines, "")
	}

	lines = append(lines, "")
	switch {
	case d.confirming:
		lines = append(lines, d.styles.Prompt.Render(fmt.Sprintf(" Reset %s, one a learner? Lesson progress is kept. ", plural.Count(len(d.rows), "world"))))
		lines = append(lines, d.help.View(confirmKeys{d.keys}))
	default:
		lines = append(lines, d.notice, d.help.View(d.keys))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, d.width, "…")
	}
	return strings.Join(lines, "\n")
}

func (d dashboard) summary() string {
	n := len(d.rows)
	var s string
	switch n {
	case 0:
		s = "No learners connected yet"
	default:
		s = plural.Count(n, "learner") + " connected"
	}
	if d.maxSessions > 0 {
		s += fmt.Sprintf(" (limit %d)", d.maxSessions)
	}
	if n > d.visibleRows() {
		s += fmt.Sprintf(" · showing %d–%d", d.offset+1, d.offset+min(n-d.offset, d.visibleRows()))
	}
	return d.styles.Muted.Render(s)
}

// cell pads or truncates s to exactly w columns.
func cell(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", w-ansi.StringWidth(s))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
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
