package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/script"
	"github.com/tokenflow/tokenflow/ui/components/clockbar"
)

// stepScript is demo/testdata/steps.tf: a two-line opening caption, a
// caption over two actions, an expectation that fails on purpose, and a
// last caption.
func stepScript(t testing.TB) string { return readScript(t, "demo/testdata/steps.tf") }

// newDemo builds a session playing the script src, named name.
func newDemo(t testing.TB, name, src string, opts Options) *Model {
	t.Helper()
	lines, err := script.Parse(strings.NewReader(src), name)
	if err != nil {
		t.Fatal(err)
	}
	d := &Demo{Name: name, Lines: lines}
	if opts.Demo != nil {
		d.Auto = opts.Demo.Auto // a test passes only Auto
	}
	opts.Seed, opts.Demo = 1, d
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// shippedDemo is the demo script the repository ships.
func shippedDemo(t testing.TB) string { return readScript(t, "../content/scenarios/demo.tf") }

// readScript reads the script at path.
func readScript(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func caption(m *Model) string {
	c, _ := m.demo.Caption()
	return c
}

func actions(w *sim.World) []string {
	var out []string
	for _, r := range w.Records() {
		out = append(out, r.Action.String())
	}
	return out
}

// TestDemoStepsForwardAndBack plays a script step by step, then back to
// the start, checking the caption, the checks and the world at each step.
func TestDemoStepsForwardAndBack(t *testing.T) {
	m := newDemo(t, "steps.tf", stepScript(t), Options{})
	resize(m, 120, 40)
	type want struct {
		caption string
		actions string
		frame   string // text the frame must show
	}
	forward := []want{
		{"Opening caption, on two lines.", "", "step 1 of 6"},
		{"Log in and call.", "", "plays ▶ login"},
		{"Log in and call.", "login", "✓ expect status 200"},
		{"Log in and call.", "login call", "✗ line 8: expect status 401 failed: got status 200 (GET /api/profile)"},
		{"The clock jumps.", "login call", "plays ▶ jump"},
		{"The clock jumps.", "login call jump", "the demo is over"},
	}
	check := func(step string, w want) {
		t.Helper()
		if got := caption(m); got != w.caption {
			t.Errorf("%s: caption %q, want %q", step, got, w.caption)
		}
		if got := strings.Join(actions(m.World()), " "); got != w.actions {
			t.Errorf("%s: world's actions %q, want %q", step, got, w.actions)
		}
		if frame := ansi.Strip(m.View().Content); !strings.Contains(frame, w.frame) {
			t.Errorf("%s: frame lacks %q:\n%s", step, w.frame, frame)
		}
	}
	check("at the start", forward[0])
	for i := 1; i < len(forward); i++ {
		press(m, "right")
		check("forward to step "+forward[i].frame, forward[i])
	}
	for i := len(forward) - 2; i >= 0; i-- {
		press(m, "left")
		check("back to step "+forward[i].frame, forward[i])
	}
	press(m, "left")
	if !strings.Contains(m.Status(), "start of the demo") {
		t.Errorf("← at the start: status %q, want it to say this is the start", m.Status())
	}
}

// TestDemoStepBackRestoresTheSameWorld checks that stepping back and
// forward again replays exactly: the same tokens, the same clock.
func TestDemoStepBackRestoresTheSameWorld(t *testing.T) {
	m := newDemo(t, "demo.tf", shippedDemo(t), Options{})
	press(m, "right", "right", "right", "right", "right", "right")
	w := m.World()
	access, now := w.Client.AccessToken, w.Now()
	press(m, "left", "left", "left", "right", "right", "right")
	if w := m.World(); w.Client.AccessToken != access || !w.Now().Equal(now) {
		t.Errorf("after ← ← ← → → →: access token %q at %s, want %q at %s", w.Client.AccessToken, w.Now(), access, now)
	}
}

// TestDemoUndoTakesBackWhatWasDoneByHandFirst checks that u takes back
// an improvised action alone, and steps the demo back once there is none.
func TestDemoUndoTakesBackWhatWasDoneByHandFirst(t *testing.T) {
	m := newDemo(t, "steps.tf", stepScript(t), Options{})
	press(m, "right", "right", "c") // the caption, login, then a call by hand
	if got := actions(m.World()); len(got) != 2 {
		t.Fatalf("actions %v, want login and the improvised call", got)
	}
	press(m, "u")
	if got, pos := actions(m.World()), m.demo.Pos(); len(got) != 1 || pos != 3 {
		t.Errorf("after u: actions %v at step %d, want [login] still at step 3", got, pos)
	}
	press(m, "u")
	if got, pos := actions(m.World()), m.demo.Pos(); len(got) != 0 || pos != 2 {
		t.Errorf("after u u: actions %v at step %d, want none at step 2", got, pos)
	}
}

// TestDemoResetStartsOver checks that ctrl+r resets the world and plays
// the demo from its opening caption.
func TestDemoResetStartsOver(t *testing.T) {
	m := newDemo(t, "steps.tf", stepScript(t), Options{})
	press(m, "right", "right", "right", "ctrl+r")
	if got, c := actions(m.World()), caption(m); len(got) != 0 || c != "Opening caption, on two lines." {
		t.Errorf("after ctrl+r: actions %v, caption %q; want none and the opening caption", got, c)
	}
}

// TestDemoStartsPaused checks that a demo's clock does not run on its
// own: a rehearsed demo shows the same screens every time.
func TestDemoStartsPaused(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	m := newDemo(t, "steps.tf", stepScript(t), Options{Now: func() time.Time { return now }})
	before := m.World().Now()
	now = now.Add(time.Minute)
	m.Update(clockbar.TickMsg(now))
	if got := m.World().Now(); !got.Equal(before) {
		t.Errorf("a minute of wall time moved the demo's clock from %s to %s", before, got)
	}
}

// TestShippedDemoPlaysWithoutFailures plays content/scenarios/demo.tf to
// the end: every action runs and every expectation holds, and the same
// script and seed give the same screens.
func TestShippedDemoPlaysWithoutFailures(t *testing.T) {
	play := func() (*Model, []string) {
		m := newDemo(t, "demo.tf", shippedDemo(t), Options{})
		resize(m, 120, 40)
		var frames []string
		for !m.demo.Done() {
			press(m, "right")
			for _, c := range m.demo.Checks() {
				if c.Err != "" {
					t.Errorf("step %d: %s", m.demo.Pos(), c.Text())
				}
			}
			frames = append(frames, m.View().Content)
		}
		return m, frames
	}
	m, a := play()
	_, b := play()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("step %d drew differently in two runs of the same demo", i+2)
		}
	}
	if got := actions(m.World()); len(got) < 10 {
		t.Errorf("the demo applied only %v", got)
	}
}

// TestDemoGolden pins a demo screen: a caption over the call that the
// expired access token makes fail.
func TestDemoGolden(t *testing.T) {
	m := newDemo(t, "demo.tf", shippedDemo(t), Options{})
	resize(m, 120, 40)
	press(m, "right", "right", "right", "right", "right", "right", "right", "right")
	out := ascii(t, m)
	requireFrame(t, out, 120, 40)
	requireGolden(t, out)
}

// TestDemoInAProgram drives the demo player through a real Bubble Tea
// program: three steps forward, one back.
func TestDemoInAProgram(t *testing.T) {
	tm := teatest.NewTestModel(t, newDemo(t, "steps.tf", stepScript(t), Options{}), teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	for _, k := range []string{"right", "right", "right", "left", "q"} {
		tm.Send(keyMsg(k))
	}
	m := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if got := actions(m.World()); len(got) != 1 || got[0] != "login" {
		t.Errorf("actions %v, want [login]", got)
	}
	if got := caption(m); got != "Log in and call." {
		t.Errorf("caption %q, want %q", got, "Log in and call.")
	}
}

// TestDemoRejectsAnEmptyScript checks that a script with nothing to play
// is an error, not an empty screen.
func TestDemoRejectsAnEmptyScript(t *testing.T) {
	if _, err := New(Options{Demo: &Demo{Name: "empty.tf"}}); err == nil {
		t.Error("New accepted a demo with no lines")
	}
}

// TestDemoColonNumberJumps: typing a number at the prompt jumps the demo
// to that step, forward and back; without a demo a number is no action.
func TestDemoColonNumberJumps(t *testing.T) {
	m := newDemo(t, "demo.tf", shippedDemo(t), Options{})
	resize(m, 120, 40)
	typed(m, "12")
	if got := m.demo.Pos(); got != 12 {
		t.Fatalf(":12 took the demo to step %d", got)
	}
	want := actions(m.World())
	typed(m, "3")
	if got := m.demo.Pos(); got != 3 || len(actions(m.World())) >= len(want) {
		t.Errorf(":3 took the demo to step %d with actions %v", got, actions(m.World()))
	}
	typed(m, "12")
	if got := actions(m.World()); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("back to :12 the world holds %v, want %v as before", got, want)
	}
	plain := newModel(t)
	typed(plain, "12")
	if plain.status.Level == 0 {
		t.Errorf("a number typed without a demo: status %q, want an error", plain.Status())
	}
}
