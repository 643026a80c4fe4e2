package workshop

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestFilterDropsInputBeyondTheRate(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := &Server{now: func() time.Time { return now }}
	c := &conn{input: newBucket(2, 3, now)}
	filter := s.filter(c)
	key := func(r rune) tea.Msg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

	var passed string
	send := func(keys string) {
		for _, r := range keys {
			if msg := filter(nil, key(r)); msg != nil {
				passed += msg.(tea.KeyPressMsg).Text
			}
		}
	}
	send("abcdef") // the burst of 3, then an empty bucket
	now = now.Add(time.Second)
	send("ghi") // refilled by 2 a second
	now = now.Add(time.Hour)
	send("jklmn") // refilled to the burst, no further
	if want := "abcghjkl"; passed != want {
		t.Errorf("passed %q, want %q", passed, want)
	}

	// Other messages pass however empty the bucket is.
	if msg := filter(nil, tea.WindowSizeMsg{Width: 9, Height: 9}); msg == nil {
		t.Error("a resize was dropped")
	}
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
