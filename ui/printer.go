package ui

import (
	"io"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
)

// printer writes the accessible mode's lines straight to the terminal, in
// the order Update produced them. Update only numbers each block; commands
// do the writing, so Update never waits on a slow terminal, and the
// numbering puts blocks back in order whatever order the commands run in.
// Nothing redraws: each line lands in scrollback once, where a screen
// reader finds it.
type printer struct {
	w       io.Writer
	issued  uint64 // blocks numbered so far; touched by Update alone
	mu      sync.Mutex
	done    *sync.Cond
	written uint64
	pending map[uint64]string
}

func newPrinter(w io.Writer) *printer {
	p := &printer{w: w, pending: map[uint64]string{}}
	p.done = sync.NewCond(&p.mu)
	return p
}

// print returns a command that writes lines as the next block.
func (p *printer) print(lines []string) tea.Cmd {
	seq := p.issued
	p.issued++
	// The terminal is in raw mode: a line feed alone would not return
	// the carriage.
	text := strings.ReplaceAll(strings.Join(lines, "\n"), "\n", "\r\n") + "\r\n"
	return func() tea.Msg {
		p.deliver(seq, text)
		return nil
	}
}

func (p *printer) deliver(seq uint64, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending[seq] = text
	for {
		t, ok := p.pending[p.written]
		if !ok {
			break
		}
		delete(p.pending, p.written)
		// A terminal that fails a write has gone away; the program ends
		// with the session, so the error has nowhere useful to go.
		_, _ = io.WriteString(p.w, t)
		p.written++
	}
	p.done.Broadcast()
}

// drain returns a command that waits until every block numbered so far is
// written: quitting must not cut off the last lines.
func (p *printer) drain() tea.Cmd {
	target := p.issued
	return func() tea.Msg {
		p.mu.Lock()
		defer p.mu.Unlock()
		for p.written < target {
			p.done.Wait()
		}
		return nil
	}
}
