package workshop_test

import (
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/ui/workshop"
)

// stalled is an output that never returns from a write until released,
// as a terminal behind a paused pager.
type stalled struct{ release chan struct{} }

func (s stalled) Write(p []byte) (int, error) {
	<-s.release
	return len(p), nil
}

// brokenPipe fails every write as a pipe whose reader died does, and
// counts the writes it was asked for.
type brokenPipe struct {
	mu     sync.Mutex
	writes int
}

func (b *brokenPipe) Write([]byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writes++
	return 0, syscall.EPIPE
}

func TestLogWriterNeverWaitsForAStalledOutput(t *testing.T) {
	out := stalled{release: make(chan struct{})}
	l := workshop.NewLogWriter(out)
	// Far more than the queue holds: each write returns at once, or this
	// test hangs.
	for range 20_000 {
		if n, err := l.Write([]byte("session started\n")); n != 16 || err != nil {
			t.Fatalf("Write = %d, %v; want 16, nil", n, err)
		}
	}
	// Close gives up on the stalled output after its timeout.
	l.Close(time.Millisecond)
	close(out.release)
}

func TestLogWriterSwallowsABrokenPipe(t *testing.T) {
	out := &brokenPipe{}
	l := workshop.NewLogWriter(out)
	for range 10 {
		if _, err := l.Write([]byte("session ended\n")); err != nil {
			t.Fatalf("Write passed on %v", err)
		}
	}
	l.Close(time.Minute)
	if out.writes != 1 {
		t.Errorf("the broken output was written %d times, want once: after EPIPE the rest is dropped", out.writes)
	}
	if _, err := l.Write([]byte("after close\n")); err != nil {
		t.Errorf("Write after Close: %v", err)
	}
}

func TestLogWriterWritesEverythingInOrderBeforeClose(t *testing.T) {
	out := newOutput()
	l := workshop.NewLogWriter(out)
	var want strings.Builder
	for i := range 100 {
		line := strings.Repeat("x", i) + "\n"
		want.WriteString(line)
		_, _ = l.Write([]byte(line))
	}
	l.Close(time.Minute)
	if got := out.String(); got != want.String() {
		t.Errorf("wrote %d bytes, want the %d given, in order", len(got), want.Len())
	}
}
