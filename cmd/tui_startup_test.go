package cmd

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// BenchmarkStartupToFirstFrame measures the whole process as a learner
// meets it: tokenflow is built once, then each iteration starts it on a
// 120×40 pseudo-terminal, waits for the first full frame, presses q and
// waits for it to exit. It reports the median time to the first frame
// and the largest resident set size seen. Run it 20 times with
//
//	go test -run '^$' -bench StartupToFirstFrame -benchtime 20x ./cmd
func BenchmarkStartupToFirstFrame(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "tokenflow")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var firstFrame []time.Duration
	var maxRSS int64
	for b.Loop() {
		d, rss := startOnce(b, bin)
		firstFrame = append(firstFrame, d)
		maxRSS = max(maxRSS, rss)
	}
	slices.Sort(firstFrame)
	b.ReportMetric(float64(firstFrame[len(firstFrame)/2].Microseconds())/1000, "ms-to-first-frame(median)")
	b.ReportMetric(float64(maxRSS)/1024, "MiB-maxrss")
}

// startOnce runs tokenflow on a pseudo-terminal until its first frame is
// drawn, quits it, and returns how long the frame took and the process's
// peak resident set size in KiB.
func startOnce(b *testing.B, bin string) (time.Duration, int64) {
	b.Helper()
	cmd := exec.Command(bin, "--paused")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		b.Fatal(err)
	}
	defer tty.Close()
	framed := make(chan time.Duration, 1)
	go func() {
		var seen bytes.Buffer
		buf := make([]byte, 32<<10)
		for {
			n, err := tty.Read(buf)
			seen.Write(buf[:n])
			// The frame's last line holds the key hint; once "? help" is
			// out, so is all of the first frame but its final cell.
			if bytes.Contains(seen.Bytes(), []byte("help")) {
				framed <- time.Since(start)
				_, _ = io.Copy(io.Discard, tty)
				return
			}
			if err != nil {
				close(framed)
				return
			}
		}
	}()
	d, ok := <-framed
	if !ok {
		b.Fatal("tokenflow exited before drawing a frame")
	}
	if _, err := tty.Write([]byte("q")); err != nil {
		b.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		b.Fatalf("tokenflow did not quit cleanly: %v", err)
	}
	rss := int64(0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KiB on Linux
	}
	return d, rss
}
