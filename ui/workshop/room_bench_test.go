package workshop_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/content"
	"github.com/tokenflow/tokenflow/lessons"
	"github.com/tokenflow/tokenflow/ui"
	"github.com/tokenflow/tokenflow/ui/course"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

// The room benchmark, like BenchmarkSSHSessions, runs the server in the
// benchmark's process and the learners' SSH clients in a child process
// (TestRoomClients), so what is measured of memory and CPU is the
// server's. Its shape comes from the environment, so that a quick run can
// be smaller; the defaults are issue 13's room.
const (
	roomAddrEnv = "TOKENFLOW_ROOM_ADDR"
	// roomNEnv is how many learners connect (500), roomSandboxEnv how many
	// of them go to the sandbox (400); the others open lesson 1.
	roomNEnv       = "TOKENFLOW_ROOM_N"
	roomSandboxEnv = "TOKENFLOW_ROOM_SANDBOX"
	// roomArrivalEnv is the time over which they connect, one after the
	// other at even intervals (60s), and roomHoldEnv how long all of them
	// go on typing once connected (30s).
	roomArrivalEnv = "TOKENFLOW_ROOM_ARRIVAL"
	roomHoldEnv    = "TOKENFLOW_ROOM_HOLD"
	// roomHeapEnv names a file for a heap profile of the server taken
	// with everyone connected; -test.memprofile is taken after they left.
	roomHeapEnv = "TOKENFLOW_ROOM_HEAPPROFILE"
	// roomKeyEvery is how often each learner presses a key.
	roomKeyEvery = 2 * time.Second
	// roomSize is each learner's terminal.
	roomWidth, roomHeight = 120, 40
	// roomTitle starts the window title that titleProbe sets: it counts
	// the keys the tutorial has handled, so a client knows which frame
	// answers which key.
	roomTitle = "\x1b]2;tokenflow k"
)

// roomShape is one room: who, how many, how fast.
type roomShape struct {
	N, Sandbox    int
	Arrival, Hold time.Duration
}

func roomShapeFromEnv() (roomShape, error) {
	shape := roomShape{N: 500, Sandbox: 400, Arrival: time.Minute, Hold: 30 * time.Second}
	for env, p := range map[string]*int{roomNEnv: &shape.N, roomSandboxEnv: &shape.Sandbox} {
		if v := os.Getenv(env); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return shape, fmt.Errorf("%s: %w", env, err)
			}
			*p = n
		}
	}
	for env, p := range map[string]*time.Duration{roomArrivalEnv: &shape.Arrival, roomHoldEnv: &shape.Hold} {
		if v := os.Getenv(env); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return shape, fmt.Errorf("%s: %w", env, err)
			}
			*p = d
		}
	}
	shape.Sandbox = min(shape.Sandbox, shape.N)
	return shape, nil
}

// roomResult is what the client process reports.
type roomResult struct {
	// FirstFrame is, per learner, the time from dialling to the first
	// frame; Keys, per key pressed, the time from writing it to the
	// frame that answers it.
	FirstFrame []time.Duration
	Keys       []time.Duration
	Err        string
}

// BenchmarkRoom is a workshop's room (issue 13): N learners (500) connect
// one after the other over a minute, each on a 120×40 terminal, to the
// real tutorial with the built-in course as `tokenflow ssh` serves it, with
// its default limits and the instructor's dashboard open; 400 go to the
// sandbox, where the simulated clock runs, the others open lesson 1. Every
// learner presses a key every 2 s (log in, call, refresh… in the sandbox;
// the lesson's actions, enter and hints in a lesson) from their first frame
// until everyone has been connected for 30 s. It reports the time to the
// first frame and from each key to the frame that answers it (median, 95th
// and 99th percentile), the server's heap and resident memory per session
// with everyone connected, its peak resident set, and the cores it used
// while everyone typed.
func BenchmarkRoom(b *testing.B) {
	shape, err := roomShapeFromEnv()
	if err != nil {
		b.Fatal(err)
	}
	var first, keys []time.Duration
	var heap, rss, cores, clientCores float64
	runs := 0
	for b.Loop() {
		res, m := roomOnce(b, shape)
		first, keys = append(first, res.FirstFrame...), append(keys, res.Keys...)
		heap, rss, cores, clientCores = heap+m.heapPerSession, rss+m.rssPerSession, cores+m.cores, clientCores+m.clientCores
		runs++
	}
	slices.Sort(first)
	slices.Sort(keys)
	b.ReportMetric(ms(percentile(first, 50)), "ms-first-frame-p50")
	b.ReportMetric(ms(percentile(first, 95)), "ms-first-frame-p95")
	b.ReportMetric(ms(percentile(keys, 50)), "ms-key-p50")
	b.ReportMetric(ms(percentile(keys, 95)), "ms-key-p95")
	b.ReportMetric(ms(percentile(keys, 99)), "ms-key-p99")
	b.ReportMetric(float64(len(keys)/runs), "keys")
	b.ReportMetric(heap/float64(runs)/(1<<20), "MB-heap/session")
	b.ReportMetric(rss/float64(runs)/(1<<20), "MB-rss/session")
	b.ReportMetric(peakRSS()/(1<<20), "MB-peak-rss")
	b.ReportMetric(cores/float64(runs), "cores")
	b.ReportMetric(clientCores/float64(runs), "client-cores")
}

// roomMeasures are the server's costs in one room.
type roomMeasures struct {
	// heapPerSession and rssPerSession are the server's heap in use and
	// resident memory with everyone connected, less the same before
	// anyone was, per learner.
	heapPerSession, rssPerSession float64
	// cores is what the server used while everyone typed, clientCores
	// what the client process used over its whole run: both share the
	// machine's two.
	cores, clientCores float64
}

// roomOnce serves one room and returns what the clients measured and what
// the room cost.
func roomOnce(b *testing.B, shape roomShape) (res roomResult, m roomMeasures) {
	all, err := lessons.LoadAll(lessons.Source{Dir: "content", FS: content.FS})
	if err != nil {
		b.Fatal(err)
	}
	var seed atomic.Uint64
	srv, err := workshop.New(workshop.Config{
		StateDir:           b.TempDir(),
		MaxSessions:        shape.N,
		IdleTimeout:        workshop.DefaultIdleTimeout,
		MaxSessionLength:   workshop.DefaultMaxSessionLength,
		InputRate:          workshop.DefaultInputRate,
		InputBurst:         workshop.DefaultInputBurst,
		InputByteRate:      workshop.DefaultInputByteRate,
		InputByteBurst:     workshop.DefaultInputByteBurst,
		ResizeRate:         workshop.DefaultResizeRate,
		StuckAfter:         workshop.DefaultStuckAfter,
		Instructor:         "teacher",
		InstructorPassword: "s3cret",
		NewModel: func(s workshop.Session) (tea.Model, error) {
			m, err := ui.New(ui.Options{Seed: seed.Add(1), Now: time.Now, Lessons: all, Progress: s.Progress(),
				OnLesson: reportPlace(s), Limits: workshop.SessionLimits, QuitAsks: true})
			if err != nil {
				return nil, err
			}
			return &titleProbe{inner: m}, nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	addr, stop := serveBench(b, srv)
	defer stop()

	before := heapInUse()
	rssBefore := currentRSS()

	childStart := time.Now()
	child, stdin, stdout := startClients(b, "TestRoomClients", roomAddrEnv+"="+addr)
	lines := bufio.NewReader(stdout)
	expect := func(want string) {
		line, err := lines.ReadString('\n')
		if strings.TrimSpace(line) != want {
			b.Fatalf("the clients said %q (%v), want %q", line, err, want)
		}
	}
	expect("connected")
	cpu0, wall0 := cpuTime(), time.Now()
	expect("held")
	m.cores = (cpuTime() - cpu0).Seconds() / time.Since(wall0).Seconds()
	after := heapInUse()
	rssAfter := currentRSS()
	if path := os.Getenv(roomHeapEnv); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			b.Fatal(err)
		}
		_ = f.Close()
	}

	// Closing stdin tells the clients to report and disconnect.
	_ = stdin.Close()
	out, err := io.ReadAll(lines)
	if err != nil {
		b.Fatal(err)
	}
	report, _, _ := bytes.Cut(out, []byte("\n"))
	if err := json.Unmarshal(report, &res); err != nil {
		b.Fatalf("bad report from the clients: %v: %q", err, out)
	}
	if err := child.Wait(); err != nil || res.Err != "" {
		b.Fatalf("clients: %v %s", err, res.Err)
	}
	st := child.ProcessState
	m.clientCores = (st.UserTime() + st.SystemTime()).Seconds() / time.Since(childStart).Seconds()
	n := float64(shape.N)
	m.heapPerSession = (after - before) / n
	m.rssPerSession = (rssAfter - rssBefore) / n
	return res, m
}

// currentRSS is this process's resident memory now, in bytes (Linux).
func currentRSS() float64 {
	statm, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(statm))
	if len(fields) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(fields[1], 64)
	return pages * float64(os.Getpagesize())
}

// reportPlace tells the dashboard where the learner is, as `tokenflow ssh`
// does (cmd's lessonReporter, without the saved progress).
func reportPlace(s workshop.Session) func(ui.LessonStatus) {
	places := map[course.Screen]workshop.Place{course.ScreenMenu: workshop.PlaceMenu,
		course.ScreenSandbox: workshop.PlaceSandbox, course.ScreenLesson: workshop.PlaceLesson}
	return func(st ui.LessonStatus) {
		s.Report(workshop.Status{Place: places[st.Screen], Lesson: st.Lesson, Step: st.Step, Steps: st.Steps,
			Hints: st.Hints, HintTiers: st.HintTiers, Refused: st.Refused, Done: st.Done})
	}
}

// titleProbe passes everything to the tutorial and writes into the window
// title how many keys it has handled: the frame that answers the n-th key
// carries "tokenflow kn", which costs the renderer a few bytes.
type titleProbe struct {
	inner tea.Model
	keys  int
}

func (p *titleProbe) Init() tea.Cmd { return p.inner.Init() }

func (p *titleProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	p.inner, cmd = p.inner.Update(msg)
	if _, ok := msg.(tea.KeyPressMsg); ok {
		p.keys++
	}
	return p, cmd
}

func (p *titleProbe) View() tea.View {
	v := p.inner.View()
	v.WindowTitle = "tokenflow k" + strconv.Itoa(p.keys)
	return v
}

// titles reads a learner's screen as it arrives, keeping only the
// highest key count seen in a window title, so that a client holds a few
// bytes whatever the server sends.
type titles struct {
	mu      sync.Mutex
	seen    int // -1 before the first frame
	tail    []byte
	changed chan struct{}
}

func newTitles() *titles { return &titles{seen: -1, changed: make(chan struct{})} }

func (t *titles) Write(p []byte) (int, error) {
	buf := append(t.tail, p...)
	best := -1
	for {
		i := bytes.Index(buf, []byte(roomTitle))
		if i < 0 {
			break
		}
		rest := buf[i+len(roomTitle):]
		end := bytes.IndexByte(rest, '\a')
		if end < 0 {
			break // the title goes on in the next write
		}
		if n, err := strconv.Atoi(string(rest[:end])); err == nil {
			best = max(best, n)
		}
		buf = rest[end:]
	}
	// Keep what could be the start of a title cut by this write.
	keep := min(len(buf), len(roomTitle)+12)
	t.tail = append(t.tail[:0], buf[len(buf)-keep:]...)
	if best >= 0 {
		t.mu.Lock()
		if best > t.seen {
			t.seen = best
			close(t.changed)
			t.changed = make(chan struct{})
		}
		t.mu.Unlock()
	}
	return len(p), nil
}

// await waits until the frame answering key n (0: the first frame) has
// arrived, or the deadline passes.
func (t *titles) await(n int, deadline <-chan time.Time) bool {
	for {
		t.mu.Lock()
		seen, changed := t.seen, t.changed
		t.mu.Unlock()
		if seen >= n {
			return true
		}
		select {
		case <-changed:
		case <-deadline:
			return false
		}
	}
}

// TestRoomClients is the client side of BenchmarkRoom, run in a child
// process; on its own it skips. It connects the learners at even
// intervals over the arrival time, says "connected" once each has their
// first frame and "held" once all have typed on for the hold time and
// stopped, holds the sessions until its stdin closes, then prints a JSON
// roomResult.
func TestRoomClients(t *testing.T) {
	addr := os.Getenv(roomAddrEnv)
	if addr == "" {
		t.Skip("the client side of BenchmarkRoom")
	}
	shape, err := roomShapeFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	var res roomResult
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		if res.Err == "" {
			res.Err = err.Error()
		}
		mu.Unlock()
	}
	// quiet stops the typing once the hold is over, so that no key is
	// timed while the server measures itself; leave ends the sessions.
	quiet, leave := make(chan struct{}), make(chan struct{})
	var wg, connected sync.WaitGroup
	start := time.Now()
	res.FirstFrame = make([]time.Duration, shape.N)

	// The instructor watches the room throughout.
	if dash, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "teacher", Auth: []gossh.AuthMethod{gossh.Password("s3cret")},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute}); err != nil {
		fail(err)
	} else if sess, err := dash.NewSession(); err != nil {
		fail(err)
	} else {
		sess.Stdout = io.Discard
		if err := sess.RequestPty("xterm-256color", 50, 160, gossh.TerminalModes{}); err == nil {
			err = sess.Shell()
		}
		if err != nil {
			fail(err)
		}
		defer dash.Close()
	}

	for i := range shape.N {
		wg.Add(1)
		connected.Add(1)
		go func() {
			defer wg.Done()
			once := sync.OnceFunc(connected.Done)
			defer once()
			time.Sleep(time.Until(start.Add(shape.Arrival * time.Duration(i) / time.Duration(shape.N))))
			began := time.Now()
			screen := newTitles()
			client, stdin, err := dialLearner(addr, fmt.Sprintf("learner%03d", i), roomWidth, roomHeight, screen)
			if client != nil {
				defer client.Close()
			}
			if err != nil {
				fail(err)
				return
			}
			if !screen.await(0, time.After(time.Minute)) {
				fail(fmt.Errorf("learner%03d: no first frame", i))
				return
			}
			res.FirstFrame[i] = time.Since(began)
			once()

			// b opens the sandbox, enter lesson 1; then the keys go round.
			first, cycle := "\r", []string{"l", "\r", "c", "\r", "h"}
			if i < shape.Sandbox {
				first, cycle = "b", []string{"l", "c", "r", "c"}
			}
			rng := rand.New(rand.NewPCG(uint64(i), 13))
			wait := time.Duration(rng.Int64N(int64(roomKeyEvery)))
			for n := 1; ; n++ {
				select {
				case <-quiet:
					<-leave
					return
				case <-time.After(wait):
				}
				k := first
				if n > 1 {
					k = cycle[(n-2)%len(cycle)]
				}
				sent := time.Now()
				if _, err := io.WriteString(stdin, k); err != nil {
					fail(err)
					return
				}
				if !screen.await(n, time.After(time.Minute)) {
					fail(fmt.Errorf("learner%03d: no frame for key %d", i, n))
					return
				}
				took := time.Since(sent)
				mu.Lock()
				res.Keys = append(res.Keys, took)
				mu.Unlock()
				wait = max(0, roomKeyEvery-took)
			}
		}()
	}
	connected.Wait()
	fmt.Println("connected")
	time.Sleep(shape.Hold)
	close(quiet)
	// A key in flight has its frame by now.
	time.Sleep(time.Second)
	fmt.Println("held")
	_, _ = io.Copy(io.Discard, os.Stdin)
	close(leave)
	wg.Wait()
	out, _ := json.Marshal(res)
	fmt.Printf("%s\n", out)
}
