package demo

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Limits of a recording: a talk is an hour or two of mostly still
// frames, so these are far above any talk and far below a full disk.
const (
	// MaxRecordBytes bounds a recording's file.
	MaxRecordBytes = 64 << 20
	// MaxRecordTime bounds a recording's length.
	MaxRecordTime = 4 * time.Hour
)

// RecordOptions configure a Recorder.
type RecordOptions struct {
	// Title names the recording in its header.
	Title string
	// Now is the wall clock: the header's timestamp, and each frame's
	// time unless Scheduled.
	Now func() time.Time
	// Scheduled times each frame by auto-play's schedule (Mark) instead
	// of the wall clock while auto-play plays, so that the same script
	// recorded twice plays the same; while it is paused, frames follow
	// the wall clock from where the schedule stood.
	Scheduled bool
	// MaxBytes and MaxTime bound the recording; zero means the package's
	// limits. Past either, recording stops and Close says so.
	MaxBytes int64
	MaxTime  time.Duration
}

// Recorder writes the frames the interface draws as an asciicast v2
// file (https://docs.asciinema.org/manual/asciicast/v2/): a header line
// of JSON with the version, the terminal's size and the start time, then
// one [time, "o", data] line per frame, each frame drawn whole from the
// top left corner, [time, "r", "WxH"] when the terminal is resized, and
// last an event that resets the attributes and shows the cursor again.
// It plays in asciinema and its web player. Frames are queued in memory
// and written by a goroutine of its own, so that drawing never waits for
// the disk.
type Recorder struct {
	out  io.WriteCloser
	opts RecordOptions

	mu      sync.Mutex
	pending []byte
	started bool
	start   time.Time
	at      time.Duration // the newest scheduled time (Mark)
	// playing is whether auto-play plays; shift is what the pauses so far
	// add to its schedule; paused is when the pause under way began, on
	// the wall clock, and pausedRec the recording's time then.
	playing   bool
	shift     time.Duration
	paused    time.Time
	pausedRec time.Duration
	last      time.Duration // the newest event's time: times never go back
	w, h      int
	frame     string
	size      int64
	err       error // the first failure; recording stops at it
	wake      chan struct{}
	done      chan struct{}
	closed    bool
}

// NewRecorder records into out, which Close closes.
func NewRecorder(out io.WriteCloser, opts RecordOptions) *Recorder {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = MaxRecordBytes
	}
	if opts.MaxTime <= 0 {
		opts.MaxTime = MaxRecordTime
	}
	r := &Recorder{out: out, opts: opts, playing: opts.Scheduled, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go r.write()
	return r
}

// Mark sets the scheduled time of the frames that follow, counted from
// the start, and says whether auto-play plays: auto-play calls it as it
// plays each step, and when it is paused (playing false) or resumed. While
// it is paused, a presenter stepping by hand is timed by the wall clock, so
// those steps keep their pace rather than all landing on the instant of
// the pause; on resuming, the schedule goes on from there.
func (r *Recorder) Mark(at time.Duration, playing bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.opts.Now()
	switch {
	case playing && !r.playing:
		r.shift = r.pausedTime(now) - at
	case !playing && r.playing:
		r.pausedRec, r.paused = max(r.at+r.shift, r.last), now
	}
	r.at, r.playing = at, playing
}

// pausedTime is the recording's time at now while auto-play is paused:
// the time it was paused at, plus the wall time since. Callers hold mu.
func (r *Recorder) pausedTime(now time.Time) time.Duration {
	if !r.started {
		return 0
	}
	return r.pausedRec + max(now.Sub(r.paused), 0)
}

// trailer ends every recording: attributes reset and the cursor shown
// again, so that a player leaves the terminal as it found it.
const trailer = "\x1b[0m\x1b[?25h"

// trailerRoom is what the size limit keeps free for the trailer's event.
const trailerRoom = 64

// Frame records what the screen shows, w by h cells, if it changed.
func (r *Recorder) Frame(content string, w, h int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil || r.closed || (content == r.frame && w == r.w && h == r.h) || w <= 0 || h <= 0 {
		return
	}
	var t time.Duration
	now := r.opts.Now()
	switch {
	case !r.started:
		r.started, r.start, r.w, r.h = true, now, w, h
		r.paused = now
		header, _ := json.Marshal(map[string]any{
			"version": 2, "width": w, "height": h, "timestamp": now.Unix(), "title": r.opts.Title,
			"env": map[string]string{"TERM": "xterm-256color"},
		})
		r.add(string(header) + "\n")
		// The cursor stays hidden, as in the interface.
		r.event(0, "o", "\x1b[?25l")
	case r.opts.Scheduled && r.playing:
		t = r.at + r.shift
	case r.opts.Scheduled:
		t = r.pausedTime(now)
	default:
		t = now.Sub(r.start)
	}
	t = max(t, r.last)
	if t > r.opts.MaxTime {
		r.err = fmt.Errorf("the recording stopped at %s, the longest it may be", r.opts.MaxTime)
		return
	}
	r.last = t
	if w != r.w || h != r.h {
		r.w, r.h = w, h
		r.event(t, "r", fmt.Sprintf("%dx%d", w, h))
	}
	r.frame = content
	r.event(t, "o", "\x1b[H\x1b[J"+strings.ReplaceAll(content, "\n", "\r\n"))
}

// event queues one event line.
func (r *Recorder) event(t time.Duration, kind, data string) { r.add(eventLine(t, kind, data)) }

func eventLine(t time.Duration, kind, data string) string {
	line, _ := json.Marshal([]any{json.Number(fmt.Sprintf("%.6f", t.Seconds())), kind, data})
	return string(line) + "\n"
}

// add queues text for the writer, unless it would pass the size limit
// (short of the room kept for the trailer).
func (r *Recorder) add(s string) {
	if r.err != nil {
		return
	}
	if r.size+int64(len(s))+trailerRoom > r.opts.MaxBytes {
		r.err = fmt.Errorf("the recording stopped at %d MiB, the most it may hold", r.opts.MaxBytes>>20)
		return
	}
	r.size += int64(len(s))
	r.pending = append(r.pending, s...)
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// write writes what is queued whenever there is some, until Close.
func (r *Recorder) write() {
	defer close(r.done)
	for {
		_, open := <-r.wake
		r.mu.Lock()
		buf := r.pending
		r.pending = nil
		r.mu.Unlock()
		if len(buf) > 0 {
			if _, err := r.out.Write(buf); err != nil {
				r.mu.Lock()
				if r.err == nil {
					r.err = fmt.Errorf("the recording stopped: %w", err)
				}
				r.mu.Unlock()
			}
		}
		if !open {
			return
		}
	}
}

// Close writes what is still queued and closes the file. It returns why
// the recording stopped early, if it did, or why the file could not be
// written.
func (r *Recorder) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return r.err
	}
	r.closed = true
	if r.started {
		// Queued past a limit too: it is what makes the file end well.
		r.pending = append(r.pending, eventLine(r.last, "o", trailer)...)
	}
	r.mu.Unlock()
	close(r.wake)
	<-r.done
	cerr := r.out.Close()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil && cerr != nil {
		r.err = cerr
	}
	return r.err
}
