package workshop_test

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

const (
	floodAddrEnv = "TOKENFLOW_FLOOD_ADDR"
	floodKindEnv = "TOKENFLOW_FLOOD_KIND"
	// floodFor is how long one learner floods in one run.
	floodFor = 10 * time.Second
)

// BenchmarkInputFlood has one learner, in the real tutorial, send random
// bytes (a fixed seed; no q or ctrl+c, which quit), or the letter x, as fast
// as the server takes them, for floodFor. It reports the cores the server used meanwhile
// (getrusage of this process, which runs the server alone: the client is
// this test binary again, TestFloodClient), how fast the input went in, and
// the server's heap in use after the flood with the session still
// connected. The limits are `tokenflow ssh`'s defaults.
func BenchmarkInputFlood(b *testing.B) {
	for _, kind := range []string{"random", "text"} {
		b.Run(kind, func(b *testing.B) {
			var cores, heap, rate float64
			runs := 0
			for b.Loop() {
				c, h, r := floodOnce(b, kind)
				cores, heap, rate = cores+c, heap+h, rate+r
				runs++
			}
			b.ReportMetric(cores/float64(runs), "cores")
			b.ReportMetric(heap/float64(runs), "MB-heap-after")
			b.ReportMetric(rate/float64(runs), "MiB/s")
		})
	}
}

// floodOnce runs one flood and returns the cores the server used, its heap
// in use afterwards in MB, and the input rate in MiB/s.
func floodOnce(b *testing.B, kind string) (cores, heapMB, mibPerSec float64) {
	srv, err := workshop.New(workshop.Config{
		StateDir:       b.TempDir(),
		InputRate:      workshop.DefaultInputRate,
		InputBurst:     workshop.DefaultInputBurst,
		InputByteRate:  workshop.DefaultInputByteRate,
		InputByteBurst: workshop.DefaultInputByteBurst,
		ResizeRate:     workshop.DefaultResizeRate,
		NewModel: func(workshop.Session) (tea.Model, error) {
			return ui.New(ui.Options{Seed: 1, Now: time.Now})
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	addr, stop := serveBench(b, srv)
	defer stop()

	child, stdin, stdout := startClients(b, "TestFloodClient", floodAddrEnv+"="+addr, floodKindEnv+"="+kind)
	lines := bufio.NewScanner(stdout)
	expect := func(want string) {
		if !lines.Scan() || !strings.HasPrefix(lines.Text(), want) {
			said := lines.Text()
			for lines.Scan() {
				said += "\n" + lines.Text()
			}
			b.Fatalf("the flood client said %q, want %q", said, want)
		}
	}
	expect("ready") // connected, first frame drawn
	before := cpuTime()
	if _, err := io.WriteString(stdin, "go\n"); err != nil {
		b.Fatal(err)
	}
	time.Sleep(floodFor)
	used := cpuTime() - before
	if _, err := io.WriteString(stdin, "stop\n"); err != nil {
		b.Fatal(err)
	}
	expect("sent ")
	sent, err := strconv.Atoi(strings.TrimPrefix(lines.Text(), "sent "))
	if err != nil {
		b.Fatal(err)
	}
	heap := heapInUse()
	_ = stdin.Close()
	_ = child.Wait()
	return used.Seconds() / floodFor.Seconds(), heap / (1 << 20), float64(sent) / (1 << 20) / floodFor.Seconds()
}

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// peakRSS is the most memory this process has held resident, in bytes
// (Linux reports ru_maxrss in KiB).
func peakRSS() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return float64(u.Maxrss) * 1024
}

// TestFloodClient is the client side of BenchmarkInputFlood, run in a child
// process; on its own it skips. It connects, says "ready" once the first
// frame is on screen, sends random bytes from "go" until "stop", says
// "sent N" with the bytes written, and holds the session until its stdin
// closes.
func TestFloodClient(t *testing.T) {
	addr := os.Getenv(floodAddrEnv)
	if addr == "" {
		t.Skip("the client side of BenchmarkInputFlood")
	}
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "mallory", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := newOutput()
	sess.Stdout = out
	in, err := sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	if err != nil {
		t.Fatal(err)
	}
	if !out.waitFor(loadMarker, time.Minute) {
		t.Fatal("no first frame")
	}
	fmt.Println("ready")
	commands := bufio.NewScanner(os.Stdin)
	if !commands.Scan() {
		return
	}
	var stop atomic.Bool
	go func() {
		commands.Scan()
		stop.Store(true)
	}()
	rng := rand.New(rand.NewPCG(1, 2))
	chunk := make([]byte, 32<<10)
	sent := 0
	for i := range chunk {
		chunk[i] = 'x'
	}
	random := os.Getenv(floodKindEnv) == "random"
	for !stop.Load() {
		for i := range chunk {
			if !random {
				break
			}
			switch chunk[i] = byte(rng.Uint32()); chunk[i] {
			case 'q', 0x03:
				// The quit keys would end the flood at once.
				chunk[i] = 'x'
			}
		}
		if _, err := in.Write(chunk); err != nil {
			t.Fatal(err)
		}
		sent += len(chunk)
	}
	fmt.Println("sent", sent)
	_, _ = io.Copy(io.Discard, os.Stdin)
}
