package workshop

import (
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// quitModel quits at once.
type quitModel struct{}

func (quitModel) Init() tea.Cmd                       { return tea.Quit }
func (quitModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return quitModel{}, nil }
func (quitModel) View() tea.View                      { return tea.NewView("") }

// TestWindowChangesAfterTheProgramAreStillRead pins that a client cannot
// leave the SSH library's request loop waiting for ever (and the session
// with it) by sending window changes once the program has finished.
func TestWindowChangesAfterTheProgramAreStillRead(t *testing.T) {
	p := tea.NewProgram(quitModel{}, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignalHandler())
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	s := &Server{cfg: Config{}.withDefaults(), now: time.Now}
	c := &conn{size: tea.WindowSizeMsg{Width: 80, Height: 24}, now: time.Now, done: make(chan struct{})}
	close(c.done)
	from := make(chan ssh.Window)
	go s.watchWindow(c, p, from)
	for i := range 3 {
		select {
		case from <- ssh.Window{Width: 90 + i, Height: 30}:
		case <-time.After(15 * time.Second):
			t.Fatalf("window change %d after the program was not read", i+1)
		}
	}
	close(from)
}
