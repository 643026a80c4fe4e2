package workshop

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// styledFrames draws a 120×40 frame of styled text whose last word
// changes every frame, as the tutorial's clock does.
type styledFrames struct {
	n     int
	style lipgloss.Style
}

func (m *styledFrames) Init() tea.Cmd                       { return nil }
func (m *styledFrames) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m *styledFrames) View() tea.View {
	m.n++
	lines := make([]string, 40)
	for i := range lines {
		lines[i] = m.style.Render(fmt.Sprintf("%03d ", i)) + strings.Repeat("word ", 22) + m.style.Render(fmt.Sprint(m.n))
	}
	return tea.NewView(strings.Join(lines, "\n"))
}

// benchSeatView measures a learner's frame through its seat, with an
// instructor's message on top or without.
func benchSeatView(b *testing.B, message bool) {
	c := &conn{width: 120, height: 40}
	s := newSeat(&styledFrames{style: lipgloss.NewStyle().Foreground(lipgloss.Color("#ff8800")).Bold(true)}, c)
	if message {
		s.Update(noteMsg{"Please look at the slide: we move on to lesson 4 in two minutes."})
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = s.View()
	}
}

// BenchmarkSeatView is a learner's frame as the seat passes it on.
func BenchmarkSeatView(b *testing.B) { benchSeatView(b, false) }

// BenchmarkSeatViewWithMessage is the same frame while an instructor's
// message shows on top: a broadcast puts one on every screen in the room
// until each learner closes it.
func BenchmarkSeatViewWithMessage(b *testing.B) { benchSeatView(b, true) }
