package workshop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// The load benchmark runs the server in the benchmark's process and the N
// SSH clients in a child process (this test binary again, running
// TestLoadClients), so the heap measured is the server's alone.
const (
	loadAddrEnv = "TOKENFLOW_LOAD_ADDR"
	loadNEnv    = "TOKENFLOW_LOAD_N"
	// loadSizeEnv is the terminal each client asks for, COLUMNSxROWS.
	loadSizeEnv = "TOKENFLOW_LOAD_SIZE"
	// loadKeys are what each learner types once the first frame is up:
	// log in, then refresh.
	loadKeys = "lr"
	// loadMarker is in the tutorial's first frame (its window title).
	loadMarker = "tokenflow"
)

// loadResult is what the client process reports.
type loadResult struct {
	// FirstFrame is, per session, the time from dialling to the first
	// frame on the client's screen.
	FirstFrame []time.Duration
	Err        string
}

// hugeTerminal is the largest terminal the protocol can name (RFC 4254
// §6.2 sizes are uint32), which the server draws at its bound.
const hugeTerminal = "4294967295x4294967295"

// BenchmarkSSHSessions connects N learners at once, each with a PTY, who
// wait for the first frame of the real tutorial and press l (log in) and r
// (refresh). It reports the time to first frame (median and 95th
// percentile), the server's heap in use per session and in total, once
// every session has handled both keys, and the process's peak resident
// memory (meaningful for a case run in a process of its own). The cases
// with a huge terminal are what hostile learners can cost: 50 at once is
// one address at DefaultMaxPerAddress, 100 two such addresses (and
// DefaultMaxSessions), drawn at the default bound and at 500×200, the
// bound before it.
func BenchmarkSSHSessions(b *testing.B) {
	for _, c := range []struct {
		n     int
		size  string
		bound string // --max-terminal; empty for the default
	}{
		{50, "100x30", ""}, {200, "100x30", ""},
		{50, hugeTerminal, ""}, {100, hugeTerminal, ""},
		{50, hugeTerminal, "500x200"}, {100, hugeTerminal, "500x200"},
	} {
		n := c.n
		// One level of name, so that -bench can pick out each case to
		// run it in a process of its own.
		name := fmt.Sprintf("N=%d", n)
		if c.size != "100x30" {
			name += "_terminal=" + c.size
		}
		if c.bound != "" {
			name += "_bound=" + c.bound
		}
		b.Run(name, func(b *testing.B) {
			var frames []time.Duration
			var heapPerSession, heapTotal float64
			runs := 0
			for b.Loop() {
				ff, perSession, total := loadOnce(b, n, c.size, c.bound)
				frames = append(frames, ff...)
				heapPerSession += perSession
				heapTotal += total
				runs++
			}
			slices.Sort(frames)
			b.ReportMetric(ms(percentile(frames, 50)), "ms-first-frame-p50")
			b.ReportMetric(ms(percentile(frames, 95)), "ms-first-frame-p95")
			b.ReportMetric(heapPerSession/float64(runs)/(1<<20), "MB-heap/session")
			b.ReportMetric(heapTotal/float64(runs)/(1<<20), "MB-heap-total")
			b.ReportMetric(peakRSS()/(1<<20), "MB-peak-rss")
		})
	}
}

// loadOnce serves n sessions from a child process, drawn at most at bound
// (COLUMNSxROWS, empty for the default), and returns the time to first
// frame of each, the server's heap growth per session and its heap in use
// with all n connected.
func loadOnce(b *testing.B, n int, size, bound string) (frames []time.Duration, perSession, total float64) {
	var maxW, maxH int
	if bound != "" {
		if _, err := fmt.Sscanf(bound, "%dx%d", &maxW, &maxH); err != nil {
			b.Fatal(err)
		}
	}
	var keysSeen atomic.Int64
	allKeys := make(chan struct{})
	var closeOnce sync.Once
	var seed atomic.Uint64
	srv, err := workshop.New(workshop.Config{
		StateDir:    b.TempDir(),
		MaxSessions: n,
		InputRate:   workshop.DefaultInputRate,
		InputBurst:  workshop.DefaultInputBurst,
		MaxWidth:    maxW,
		MaxHeight:   maxH,
		NewModel: func(workshop.Session) (tea.Model, error) {
			m, err := ui.New(ui.Options{Seed: seed.Add(1), Now: time.Now})
			if err != nil {
				return nil, err
			}
			return keyCounter{inner: m, seen: func() {
				if keysSeen.Add(1) == int64(n*len(loadKeys)) {
					closeOnce.Do(func() { close(allKeys) })
				}
			}}, nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	addr, stop := serveBench(b, srv)
	defer stop()

	before := heapInUse()

	child, stdin, stdout := startClients(b, "TestLoadClients", loadAddrEnv+"="+addr, loadNEnv+"="+strconv.Itoa(n), loadSizeEnv+"="+size)
	results := make(chan loadResult, 1)
	go func() { results <- readLoadResult(stdout) }()

	select {
	case <-allKeys:
	case res := <-results:
		b.Fatalf("the clients stopped before every session had its keys: %s", res.Err)
	}
	after := heapInUse()

	// Closing stdin tells the clients to report and disconnect.
	_ = stdin.Close()
	res := <-results
	if err := child.Wait(); err != nil || res.Err != "" {
		b.Fatalf("clients: %v %s", err, res.Err)
	}
	if len(res.FirstFrame) != n {
		b.Fatalf("%d first frames for %d sessions", len(res.FirstFrame), n)
	}
	return res.FirstFrame, (after - before) / float64(n), after
}

// serveBench serves srv on 127.0.0.1 until stop, which shuts it down and
// waits for its sessions' goroutines to go.
func serveBench(b *testing.B, srv *workshop.Server) (addr string, stop func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	goroutines := runtime.NumGoroutine()
	go func() { _ = srv.Serve(l) }()
	return l.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_ = srv.Shutdown(ctx)
		settle(goroutines)
	}
}

// startClients runs the test named test of this binary in a child process
// with env added, for the clients of a benchmark, and returns it with its
// stdin and stdout.
func startClients(b *testing.B, test string, env ...string) (*exec.Cmd, io.WriteCloser, io.Reader) {
	child := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.bench=^$")
	child.Env = append(os.Environ(), env...)
	child.Stderr = os.Stderr
	stdin, err := child.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	return child, stdin, stdout
}

// heapInUse is the heap in use, in bytes, after a collection.
func heapInUse() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse)
}

// settle waits (up to a minute) until the goroutines of a finished run
// have gone, so the next run's heap baseline does not include its sessions
// still tearing down.
func settle(goroutines int) {
	for deadline := time.Now().Add(time.Minute); runtime.NumGoroutine() > goroutines && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
}

// readLoadResult reads the client process's JSON report.
func readLoadResult(r io.Reader) loadResult {
	// Read to the end, so the child never writes into a closed pipe.
	out, err := io.ReadAll(r)
	if err != nil {
		return loadResult{Err: fmt.Sprintf("no report from the clients: %v", err)}
	}
	line, _, _ := bytes.Cut(out, []byte("\n"))
	var res loadResult
	if err := json.Unmarshal(line, &res); err != nil {
		return loadResult{Err: fmt.Sprintf("bad report from the clients: %v: %q", err, out)}
	}
	return res
}

// keyCounter passes everything to the tutorial and counts the key presses
// it has handled.
type keyCounter struct {
	inner tea.Model
	seen  func()
}

func (k keyCounter) Init() tea.Cmd { return k.inner.Init() }

func (k keyCounter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	k.inner, cmd = k.inner.Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		k.seen()
	}
	return k, cmd
}

func (k keyCounter) View() tea.View { return k.inner.View() }

// TestLoadClients is the client side of BenchmarkSSHSessions, run in a
// child process; on its own it skips. It connects N learners at once, each
// asking for a terminal of the given size, types the keys after each first
// frame, holds the sessions until its stdin closes, and then prints a JSON
// loadResult.
func TestLoadClients(t *testing.T) {
	addr := os.Getenv(loadAddrEnv)
	if addr == "" {
		t.Skip("the client side of BenchmarkSSHSessions")
	}
	n, err := strconv.Atoi(os.Getenv(loadNEnv))
	if err != nil {
		t.Fatal(err)
	}
	var width, height int
	if _, err := fmt.Sscanf(os.Getenv(loadSizeEnv), "%dx%d", &width, &height); err != nil {
		t.Fatal(err)
	}
	var res loadResult
	report := func() {
		out, _ := json.Marshal(res)
		fmt.Fprintf(os.Stdout, "%s\n", out)
	}
	frames := make([]time.Duration, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	var clients []*gossh.Client
	var mu sync.Mutex
	for i := range n {
		wg.Go(func() {
			start := time.Now()
			out := newOutput()
			client, stdin, err := dialLearner(addr, fmt.Sprintf("learner%03d", i), width, height, out)
			if client != nil {
				mu.Lock()
				clients = append(clients, client)
				mu.Unlock()
			}
			if err != nil {
				errs <- err
				return
			}
			if !out.waitFor(loadMarker, time.Minute) {
				errs <- fmt.Errorf("learner%03d: no first frame", i)
				return
			}
			frames[i] = time.Since(start)
			if _, err := io.WriteString(stdin, loadKeys); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		res.Err = err.Error()
		report()
		return
	}
	res.FirstFrame = frames
	// Hold every session open while the server's heap is measured.
	_, _ = io.Copy(io.Discard, os.Stdin)
	report()
	for _, c := range clients {
		_ = c.Close()
	}
}

// dialLearner connects as user with a width×height terminal whose output
// goes to out, and starts the tutorial. The client it returns, if any, is
// the caller's to close, also with an error.
func dialLearner(addr, user string, width, height int, out io.Writer) (*gossh.Client, io.Writer, error) {
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
	if err != nil {
		return nil, nil, err
	}
	sess, err := client.NewSession()
	if err != nil {
		return client, nil, err
	}
	sess.Stdout = out
	stdin, err := sess.StdinPipe()
	if err == nil {
		err = sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{})
	}
	if err == nil {
		err = sess.Shell()
	}
	return client, stdin, err
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
