package workshop

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// maxLogQueue is how many writes a LogWriter holds while its output is
// stalled: a session start and end log a line each, so a room of hundreds
// connecting at once fits.
const maxLogQueue = 4096

// LogWriter passes what it is given to an output, such as the terminal
// `tokenflow ssh` runs in, without ever making the writer wait for it. A
// session logs as it starts and ends, and neither the room nor Shutdown may
// hang on a terminal that stopped reading (a paused pager) or fail with one
// that is gone (`| tee log`, the tee killed by the same Ctrl+C: EPIPE).
// Writes are queued and copied out by a goroutine of its own; while the
// output is stalled, writes past maxLogQueue are dropped, and once it has
// failed, everything is. Create one with NewLogWriter and end it with
// Close.
type LogWriter struct {
	out   io.Writer
	queue chan []byte
	done  chan struct{}

	mu     sync.Mutex
	closed bool
}

// NewLogWriter starts copying to out.
func NewLogWriter(out io.Writer) *LogWriter {
	l := &LogWriter{out: out, queue: make(chan []byte, maxLogQueue), done: make(chan struct{})}
	go l.copyOut()
	return l
}

// Write queues p, or drops it if the queue is full or the writer closed,
// and never fails: the log is the instructor's, and losing a line of it
// must cost the learners nothing.
func (l *LogWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.closed {
		select {
		case l.queue <- bytes.Clone(p):
		default:
		}
	}
	return len(p), nil
}

// Close stops taking writes and waits until the queue is written out, or
// timeout has passed: what cannot be written by then is lost, as it would
// be at exit anyway.
func (l *LogWriter) Close(timeout time.Duration) {
	l.mu.Lock()
	if !l.closed {
		l.closed = true
		close(l.queue)
	}
	l.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-l.done:
	case <-t.C:
	}
}

func (l *LogWriter) copyOut() {
	defer close(l.done)
	failed := false
	for p := range l.queue {
		if !failed {
			_, err := l.out.Write(p)
			failed = err != nil
		}
	}
}
