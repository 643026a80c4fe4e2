package workshop

import "errors"

// Refusals of the instructor's actions, as the dashboard shows them.
var (
	errEmptyNote = errors.New("an empty message is not sent")
	errGone      = errors.New("that learner has left")
)

// room is what the dashboard reads and does: the server implements it for
// one instructor's session (roomView); tests use a fake.
type room interface {
	// Learners lists the learners connected, in no particular order.
	Learners() []learnerRow
	// ResetAll gives every learner session a fresh world; it returns
	// how many start afresh, and how many, on a finished step, keep
	// theirs until they go on.
	ResetAll() (reset, kept int)
	// Reset gives one learner session a fresh world; kept reports that
	// the learner is on a finished step, whose world stays until they go
	// on to the next on a fresh one.
	Reset(id uint64) (kept bool, err error)
	// Message shows text on one learner session's screen until they
	// close it; Broadcast, on every learner's, returning how many.
	Message(id uint64, text string) error
	Broadcast(text string) (int, error)
	// ClearProgress forgets the lesson progress of the learner behind the
	// session id, on disk and on every screen of theirs.
	ClearProgress(id uint64) error
	// Disconnect ends the session, telling the learner why.
	Disconnect(id uint64) error
	// Watch starts copying the session's screen for Screen, ending the
	// watch before; 0 watches nobody.
	Watch(id uint64)
	// Screen is the watched session's screen, or false if it has left.
	Screen(id uint64) (screenShot, bool)
	// ExportCSV writes the room's progress to a new file beside the
	// learners' progress and returns its path.
	ExportCSV() (string, error)
	// Archive moves every learner's progress to a new folder, which it
	// returns, and starts everyone afresh (ArchiveProgress).
	Archive() (string, error)
}

// roomView is the room as one instructor's session acts on it.
type roomView struct {
	s      *Server
	viewer *conn
}

func (r roomView) Learners() []learnerRow      { return r.s.learnerRows() }
func (r roomView) ResetAll() (reset, kept int) { return r.s.resetAll() }

func (r roomView) Reset(id uint64) (kept bool, err error) {
	c := r.s.learner(id)
	if c == nil || !c.send(ResetWorldMsg{}) {
		return false, errGone
	}
	r.s.log.Info("instructor reset a world", "user", displayName(c.user))
	return c.onFinishedStep(), nil
}

// onFinishedStep reports whether the learner's step, as they last
// reported it, is finished: a reset leaves its world alone.
func (c *conn) onFinishedStep() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status.Place == PlaceLesson && c.status.Done
}

func (r roomView) Message(id uint64, text string) error {
	note, err := cleanNote(text)
	if err != nil {
		return err
	}
	c := r.s.learner(id)
	if c == nil || !c.send(noteMsg{note}) {
		return errGone
	}
	return nil
}

func (r roomView) Broadcast(text string) (int, error) {
	note, err := cleanNote(text)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range r.s.learnerConns() {
		if c.send(noteMsg{note}) {
			n++
		}
	}
	r.s.log.Info("instructor sent a message to the room", "learners", n)
	return n, nil
}

func (r roomView) ClearProgress(id uint64) error {
	c := r.s.learner(id)
	if c == nil || c.learner == nil {
		return errGone
	}
	r.s.openProgress(c)
	if err := c.learner.progress.Reset(); err != nil {
		return err
	}
	r.s.log.Info("instructor cleared a learner's progress", "user", displayName(c.user))
	for _, other := range r.s.learnerConns() {
		if other.learner == c.learner {
			other.progressCleared()
		}
	}
	return nil
}

// progressCleared tells the session its learner's progress is gone, and
// the dashboard at once: the model may have nothing new to report.
func (c *conn) progressCleared() {
	c.mu.Lock()
	c.status.Completed = 0
	c.status.Finished = make([]bool, len(c.status.Finished))
	c.mu.Unlock()
	c.send(ProgressClearedMsg{})
}

func (r roomView) Disconnect(id uint64) error {
	c := r.s.learner(id)
	if c == nil {
		return errGone
	}
	r.s.log.Info("instructor disconnected a learner", "user", displayName(c.user))
	r.s.end(c, "the instructor ended your session; connect again to continue where you left off")
	return nil
}

func (r roomView) Watch(id uint64) { r.s.watch(r.viewer, id) }

func (r roomView) Screen(id uint64) (screenShot, bool) {
	c := r.s.learner(id)
	if c == nil {
		return screenShot{}, false
	}
	return c.shot(), true
}

func (r roomView) ExportCSV() (string, error) { return r.s.exportCSV() }
func (r roomView) Archive() (string, error)   { return r.s.archive() }

// learner is the learner session id, or nil if it has ended.
func (s *Server) learner(id uint64) *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.conns[id]
	if c == nil || c.instructor {
		return nil
	}
	return c
}

// learnerConns are the learner sessions.
func (s *Server) learnerConns() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns := make([]*conn, 0, len(s.conns))
	for _, c := range s.conns {
		if !c.instructor {
			conns = append(conns, c)
		}
	}
	return conns
}

// watch makes viewer watch the learner session id (0: nobody), ending
// the watch before; a watched learner's screen is copied as it is drawn.
func (s *Server) watch(viewer *conn, id uint64) {
	s.mu.Lock()
	before := s.watching[viewer.id]
	if before == id {
		s.mu.Unlock()
		return
	}
	old, c := s.conns[before], s.conns[id]
	delete(s.watching, viewer.id)
	if c != nil && !c.instructor {
		s.watching[viewer.id] = id
	} else {
		c = nil
	}
	s.mu.Unlock()
	if old != nil {
		old.watched(-1)
	}
	if c != nil {
		c.watched(+1)
		// Drawn now, not at the learner's next key or tick.
		c.send(drawMsg{})
	}
}
