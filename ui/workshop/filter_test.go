package workshop

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/time/rate"
)

func TestFilterDropsInputBeyondTheRateAndSaysSo(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := &Server{now: clock}
	c := &conn{input: rate.NewLimiter(2, 3), now: clock}
	filter := s.filter(c)
	key := func(r rune) tea.Msg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

	var passed string
	var notices []string
	send := func(keys string) {
		for _, r := range keys {
			switch msg := filter(nil, key(r)).(type) {
			case tea.KeyPressMsg:
				passed += msg.Text
			case LimitMsg:
				notices = append(notices, msg.Text)
			}
		}
	}
	send("abcdef") // the burst of 3, then an empty bucket: one notice
	now = now.Add(time.Second)
	send("ghi") // refilled by 2 a second; the learner heard a second ago
	now = now.Add(time.Hour)
	send("jklmn") // refilled to the burst, no further; told again
	if want := "abcghjkl"; passed != want {
		t.Errorf("passed %q, want %q", passed, want)
	}
	if len(notices) != 2 || !strings.Contains(notices[0], "faster than 2 a second") {
		t.Errorf("notices %q, want two saying keys come faster than 2 a second", notices)
	}

	// Other messages pass however empty the bucket is.
	if msg := filter(nil, ResetWorldMsg{}); msg == nil {
		t.Error("a reset was dropped")
	}
	if _, ok := filter(nil, tea.SuspendMsg{}).(tea.ResumeMsg); !ok {
		t.Error("a suspend was not turned into a resume")
	}
	if !c.lastInput.Equal(now) {
		t.Errorf("last input at %v, want %v: dropped keys still show the learner is there", c.lastInput, now)
	}
}

func TestFilterWithoutLimitPassesEverything(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := &Server{now: func() time.Time { return now }}
	filter := s.filter(&conn{})
	for i := range 1000 {
		if filter(nil, tea.KeyPressMsg{Code: 'x', Text: "x"}) == nil {
			t.Fatalf("key %d dropped without a limit", i)
		}
	}
}

// TestFilterPassesOnlyTheSizesTheServerSet pins the last gate before the
// renderer allocates its cells: a size report typed into the input (CSI 8 ;
// rows ; cols t, which the decoder turns into a tea.WindowSizeMsg) never
// reaches it, whatever size it claims.
func TestFilterPassesOnlyTheSizesTheServerSet(t *testing.T) {
	s := &Server{now: time.Now}
	c := &conn{size: tea.WindowSizeMsg{Width: 80, Height: 24}}
	filter := s.filter(c)
	if got := filter(nil, tea.WindowSizeMsg{Width: 80, Height: 24}); got != (tea.WindowSizeMsg{Width: 80, Height: 24}) {
		t.Errorf("the start-up size became %v", got)
	}
	if got := filter(nil, tea.WindowSizeMsg{Width: 1000, Height: 1000}); got != nil {
		t.Errorf("a size typed into the input passed as %v", got)
	}
	if got := filter(nil, resizeMsg{Width: 120, Height: 40}); got != (tea.WindowSizeMsg{Width: 120, Height: 40}) {
		t.Errorf("a resize from the channel became %v", got)
	}
}
