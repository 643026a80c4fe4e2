package course

import (
	"errors"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/lessons"
)

// savedMsg reports how writing the progress file went.
type savedMsg struct{ err error }

// saver writes the learner's progress from commands, never from Update,
// and in the order Update asked: "step 2 done" must not land after "step
// 3 opened". Update only queues a change; whichever save command runs
// next applies every change queued so far, one writer at a time, so a
// command that never runs (a test that drops it) delays nothing.
type saver struct {
	store   *lessons.Store // nil: progress is not kept
	mu      sync.Mutex     // guards queue; held for microseconds
	queue   []func(*lessons.Store) error
	writing sync.Mutex // held while the file is written
}

// save queues a change and returns the command that writes it.
func (s *saver) save(change func(*lessons.Store) error) tea.Cmd {
	if s.store == nil {
		return nil
	}
	s.mu.Lock()
	s.queue = append(s.queue, change)
	s.mu.Unlock()
	return s.flush
}

// flush applies every queued change, in order.
func (s *saver) flush() tea.Msg {
	s.writing.Lock()
	defer s.writing.Unlock()
	s.mu.Lock()
	changes := s.queue
	s.queue = nil
	s.mu.Unlock()
	var errs []error
	for _, change := range changes {
		if err := change(s.store); err != nil {
			errs = append(errs, err)
		}
	}
	return savedMsg{err: errors.Join(errs...)}
}

// drain returns a command that writes whatever is still queued: quitting
// must not lose the step just completed.
func (s *saver) drain() tea.Cmd {
	if s.store == nil {
		return nil
	}
	return s.flush
}
