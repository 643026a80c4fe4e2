package workshop_test

import (
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/workshop"
)

// actionProbe wraps the real tutorial model and, after each key press,
// reports the actions its world has applied, so a test can see inside
// each session's world.
type actionProbe struct {
	inner   tea.Model
	actions chan []string
}

func (p actionProbe) Init() tea.Cmd { return p.inner.Init() }

func (p actionProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	p.inner, cmd = p.inner.Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		var actions []string
		for _, e := range p.inner.(*ui.Model).World().Log.All() {
			if e.Kind == sim.KindAction {
				actions = append(actions, e.Text)
			}
		}
		p.actions <- actions
	}
	return p, cmd
}

func (p actionProbe) View() tea.View { return p.inner.View() }

func TestRealTutorialSessionsAreIsolated(t *testing.T) {
	type opened struct {
		user    string
		actions chan []string
	}
	probes := make(chan opened, 2)
	h := start(t, workshop.Config{NewModel: func(s workshop.Session) (tea.Model, error) {
		// The same seed for both: isolation must not depend on luck.
		m, err := ui.New(ui.Options{Seed: 1})
		if err != nil {
			return nil, err
		}
		actions := make(chan []string, 16)
		probes <- opened{s.User(), actions}
		return actionProbe{inner: m, actions: actions}, nil
	}})
	alice, bob := h.open("alice"), h.open("bob")
	worlds := map[string]chan []string{}
	for range 2 {
		p := <-probes
		worlds[p.user] = p.actions
	}
	alice.waitFor("tokenflow")
	bob.waitFor("tokenflow")

	alice.typ("l")
	bob.typ("l")
	alice.typ("c")
	bob.typ("r")
	last := func(user string) []string {
		t.Helper()
		var got []string
		for range 2 {
			select {
			case got = <-worlds[user]:
			case <-time.After(patience):
				t.Fatalf("%s's world reported no action", user)
			}
		}
		return got
	}
	if got, want := last("alice"), []string{"login", "call"}; !slices.Equal(got, want) {
		t.Errorf("alice's world applied %v, want %v", got, want)
	}
	if got, want := last("bob"), []string{"login", "refresh"}; !slices.Equal(got, want) {
		t.Errorf("bob's world applied %v, want %v", got, want)
	}
}
