package workshop_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/tokenflow/tokenflow/ui/workshop"
	gossh "golang.org/x/crypto/ssh"
)

func TestConcurrentSessionsAreIsolated(t *testing.T) {
	h := start(t, workshop.Config{})
	alice, bob := h.open("alice"), h.open("bob")
	recs := h.echoes.nextFor(t, "alice", "bob")
	alice.waitFor("user=alice")
	bob.waitFor("user=bob")

	var wg sync.WaitGroup
	for _, c := range []struct {
		term *term
		keys string
	}{{alice, "axa"}, {bob, "byb"}} {
		wg.Go(func() {
			for _, k := range c.keys {
				c.term.typ(string(k))
			}
		})
	}
	wg.Wait()

	if got, want := recs["alice"].eventsN(t, 3), []string{"key:a", "key:x", "key:a"}; !slices.Equal(got, want) {
		t.Errorf("alice's model saw %v, want %v", got, want)
	}
	if got, want := recs["bob"].eventsN(t, 3), []string{"key:b", "key:y", "key:b"}; !slices.Equal(got, want) {
		t.Errorf("bob's model saw %v, want %v", got, want)
	}
	alice.waitFor("typed=axa")
	bob.waitFor("typed=byb")
	if strings.Contains(alice.out.String(), "bob") || strings.Contains(alice.out.String(), "byb") {
		t.Errorf("alice's terminal shows bob's session:\n%q", alice.out.String())
	}
	if strings.Contains(bob.out.String(), "alice") || strings.Contains(bob.out.String(), "axa") {
		t.Errorf("bob's terminal shows alice's session:\n%q", bob.out.String())
	}
	if recs["alice"].dir == recs["bob"].dir {
		t.Errorf("alice and bob share the state directory %s", recs["alice"].dir)
	}
}

func TestReconnectResumesProgress(t *testing.T) {
	h := start(t, workshop.Config{})
	first := h.open("alice")
	rec := h.echoes.next(t)
	first.waitFor("user=alice")
	first.typ("k")
	if ev := rec.event(t); ev != "key:k" {
		t.Fatalf("event %q, want key:k", ev)
	}
	first.typ("s")
	if ev := rec.event(t); ev != "saved" {
		t.Fatalf("event %q, want saved", ev)
	}
	first.leave()
	if code := first.exitStatus(); code != 0 {
		t.Fatalf("quitting exited %d, want 0", code)
	}

	// Another case of the same name is the same learner.
	second := h.open("Alice")
	again := h.echoes.next(t)
	if again.dir != rec.dir {
		t.Errorf("reconnected with state directory %s, want %s", again.dir, rec.dir)
	}
	second.waitFor("resumed=k")
}

func TestSessionLimitRefusesPolitely(t *testing.T) {
	h := start(t, workshop.Config{MaxSessions: 1})
	alice := h.open("alice")
	h.echoes.next(t)
	alice.waitFor("user=alice")

	bob := h.open("bob")
	bob.waitFor("the workshop is full (1 learner connected); please try again in a few minutes")
	if code := bob.exitStatus(); code != 1 {
		t.Errorf("refused session exited %d, want 1", code)
	}

	alice.leave()
	alice.exitStatus()
	carol := h.open("carol")
	carol.waitFor("user=carol")
}

func TestConnectionWithoutPTYIsExplained(t *testing.T) {
	h := start(t, workshop.Config{})
	client, err := h.dial("alice")
	if err != nil {
		t.Fatal(err)
	}
	tm := openTerm(t, client, false)
	if code := tm.exitStatus(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	want := "tokenflow: this is a full-screen terminal app: connect from a terminal with plain ssh (add -t if you gave a command)\n"
	if got := tm.out.String(); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

func TestInstructorNeedsPassword(t *testing.T) {
	h := start(t, workshop.Config{Instructor: "teacher", InstructorPassword: "s3cret"})
	if _, err := h.dial("teacher"); err == nil {
		t.Error("the instructor got in without a password")
	}
	if _, err := h.dial("teacher", gossh.Password("guess")); err == nil {
		t.Error("the instructor got in with a wrong password")
	}

	// Learners need nothing, and any password they offer is fine.
	h.open("alice").waitFor("user=alice")
	h.open("bob", gossh.Password("whatever")).waitFor("user=bob")
	h.echoes.nextFor(t, "alice", "bob")

	dash := h.open("teacher", gossh.Password("s3cret"))
	dash.waitFor("instructor dashboard")
	dash.waitFor("2 learners connected")
	dash.waitFor("alice")
	dash.waitFor("bob")
}

func TestInstructorKeyOpensDashboard(t *testing.T) {
	signer := newSigner(t)
	keyFile := filepath.Join(t.TempDir(), "authorized_keys")
	line := "# the instructor's laptop\n" + string(gossh.MarshalAuthorizedKey(signer.PublicKey()))
	if err := os.WriteFile(keyFile, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := workshop.ReadAuthorizedKeys(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	h := start(t, workshop.Config{Instructor: "instructor", InstructorKeys: keys})

	if _, err := h.dial("instructor", gossh.PublicKeys(newSigner(t))); err == nil {
		t.Error("the instructor got in with a key not in the authorized keys")
	}
	dash := h.open("instructor", gossh.PublicKeys(signer))
	dash.waitFor("No learners connected yet")
}

// TestInstructorResetsEveryWorld: R resets every learner's world, telling
// each model it was the room's reset; a learner on a finished step keeps
// theirs, and the dashboard counts them apart.
func TestInstructorResetsEveryWorld(t *testing.T) {
	h := start(t, workshop.Config{Instructor: "teacher", InstructorPassword: "s3cret"})
	h.open("alice")
	bob := h.open("bob")
	carol := h.open("carol")
	recs := h.echoes.nextFor(t, "alice", "bob", "carol")
	carol.typ("d")
	if ev := recs["carol"].event(t); ev != "done" {
		t.Fatalf("carol's model got %q, want done", ev)
	}

	dash := h.open("teacher", gossh.Password("s3cret"))
	dash.waitFor("3 learners connected")
	dash.typ("R")
	dash.waitFor("Reset 3 worlds, one a learner?")
	dash.typ("y")
	for _, u := range []string{"alice", "bob", "carol"} {
		if ev := recs[u].event(t); ev != "reset room" {
			t.Errorf("%s's model got %q, want the room's reset", u, ev)
		}
	}
	dash.waitFor("Reset 2 worlds at 09:00:00. 1 session on a finished step kept theirs")

	// One learner's reset is that learner's alone.
	bob.typ("x")
	if ev := recs["bob"].event(t); ev != "key:x" {
		t.Fatalf("bob's model got %q", ev)
	}
	dash.typ("s") // by name: alice, bob, carol
	dash.typ("j")
	dash.typ("r")
	dash.waitFor("Reset bob's world?")
	dash.typ("y")
	if ev := recs["bob"].event(t); ev != "reset" {
		t.Errorf("bob's model got %q, want his own reset", ev)
	}
	dash.waitFor("Reset bob's world.")
}

func TestShutdownTellsSessionsAndLetsThemSave(t *testing.T) {
	h := start(t, workshop.Config{})
	alice := h.open("alice")
	rec := h.echoes.next(t)
	alice.waitFor("user=alice")
	alice.typ("z")
	rec.event(t)

	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := h.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if ev := rec.event(t); !strings.HasPrefix(ev, "shutdown:the workshop server is shutting down") {
		t.Errorf("model got %q, want the shutdown", ev)
	}
	alice.waitFor("tokenflow: the workshop server is shutting down")
	saved, err := os.ReadFile(filepath.Join(rec.dir, progressFile))
	if err != nil || string(saved) != "z" {
		t.Errorf("progress file holds %q (%v), want z", saved, err)
	}
	if _, err := h.dial("bob"); err == nil {
		t.Error("a connection after shutdown was accepted")
	}
}

func TestIdleLearnerIsDisconnected(t *testing.T) {
	h := start(t, workshop.Config{IdleTimeout: 30 * time.Minute})
	alice := h.open("alice")
	rec := h.echoes.next(t)
	alice.waitFor("user=alice")

	h.clock.Advance(29 * time.Minute)
	alice.typ("k")
	rec.event(t)
	h.clock.Advance(29 * time.Minute)
	h.srv.Sweep()
	alice.typ("m")
	if ev := rec.event(t); ev != "key:m" {
		t.Fatalf("a learner who typed 29 minutes ago was disconnected (event %q)", ev)
	}

	h.clock.Advance(30 * time.Minute)
	h.srv.Sweep()
	if ev := rec.event(t); !strings.HasPrefix(ev, "shutdown:disconnected after 30 minutes without a key press") {
		t.Errorf("model got %q, want the idle shutdown", ev)
	}
	alice.waitFor("tokenflow: disconnected after 30 minutes without a key press")
	if code := alice.exitStatus(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

func TestSessionEndsAtMaximumLength(t *testing.T) {
	h := start(t, workshop.Config{MaxSessionLength: 4 * time.Hour})
	alice := h.open("alice")
	rec := h.echoes.next(t)
	alice.waitFor("user=alice")

	h.clock.Advance(4*time.Hour - time.Second)
	h.srv.Sweep()
	alice.typ("k")
	if ev := rec.event(t); ev != "key:k" {
		t.Fatalf("the session ended early (event %q)", ev)
	}
	h.clock.Advance(time.Second)
	h.srv.Sweep()
	alice.waitFor("tokenflow: sessions end after 4 hours")
}

func TestInputBeyondRateIsDroppedNotDisconnected(t *testing.T) {
	h := start(t, workshop.Config{InputRate: 1, InputBurst: 3})
	alice := h.open("alice")
	rec := h.echoes.next(t)
	alice.waitFor("user=alice")

	// The fake clock stands still, so the bucket never refills: three keys
	// fit the burst and the rest are dropped (filter_test.go pins the
	// arithmetic). The session stays up, as a resize shows.
	alice.typ("abcdef")
	if got, want := rec.eventsN(t, 3), []string{"key:a", "key:b", "key:c"}; !slices.Equal(got, want) {
		t.Errorf("model saw %v, want %v", got, want)
	}
	if err := alice.sess.WindowChange(30, 100); err != nil {
		t.Fatal(err)
	}
	if ev := rec.event(t); ev != "resize:100x30" {
		t.Errorf("model got %q after the flood, want resize:100x30", ev)
	}
}

func TestPathTrickUserStaysInUsersDir(t *testing.T) {
	h := start(t, workshop.Config{})
	h.open("../../evil").waitFor("user=../../evil")
	rec := h.echoes.next(t)
	users := filepath.Join(h.state, "users")
	if filepath.Dir(rec.dir) != users {
		t.Errorf("state directory %s is not directly in %s", rec.dir, users)
	}
	if info, err := os.Stat(rec.dir); err != nil || !info.IsDir() {
		t.Errorf("state directory %s was not created: %v", rec.dir, err)
	}
	if _, err := os.Stat(filepath.Join(h.state, "..", "evil")); err == nil {
		t.Error("a directory was created outside the state directory")
	}
}

func TestHostKeyIsGeneratedOnceAndReused(t *testing.T) {
	state := t.TempDir()
	cfg := workshop.Config{StateDir: state, NewModel: newEchoes().newModel}
	first, err := workshop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(state, "ssh_host_ed25519_key"); first.HostKeyPath() != want {
		t.Errorf("host key at %s, want %s", first.HostKeyPath(), want)
	}
	// The next start, once the first server has stopped.
	if err := first.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	second, err := workshop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Fingerprint() != second.Fingerprint() || !strings.HasPrefix(first.Fingerprint(), "SHA256:") {
		t.Errorf("fingerprints %q then %q, want one SHA256 fingerprint", first.Fingerprint(), second.Fingerprint())
	}

	if err := second.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg.HostKeyPath = filepath.Join(t.TempDir(), "keys", "host")
	other, err := workshop.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cfg.HostKeyPath); err != nil {
		t.Errorf("--host-key path not used: %v", err)
	}
	if other.Fingerprint() == first.Fingerprint() {
		t.Error("a different host key path gave the same key")
	}
	if _, err := os.Stat("id_ed25519"); err == nil {
		t.Error("a host key was written into the working directory")
	}
}

func TestUserDirName(t *testing.T) {
	for _, tc := range []struct{ user, want string }{
		// Plain names keep the folder the first mapping gave them.
		{"alice", "alice"},
		{"Alice", "alice"},
		{"bob.smith-2_x", "bob.smith-2_x"},
		{"jos_", "jos_"},
		// Everything else is escaped, so no two names share a folder.
		{"josé", "jos%c3%a9"},
		{"José", "jos%c3%a9"},
		{"JOSE\u0301", "jos%c3%a9"},
		{"jos%c3%a9", "jos%25c3%25a9"},
		{"../x", "%2e.%2fx"},
		{"..", "%2e."},
		{".ssh", "%2essh"},
		{"a/b\\c", "a%2fb%5cc"},
		{"/etc/passwd", "%2fetc%2fpasswd"},
		{"bell\a\x1b[2J", "bell%07%1b%5b2j"},
		{strings.Repeat("n", 64), strings.Repeat("n", 64)},
	} {
		got, err := workshop.UserDirName(tc.user)
		if err != nil || got != tc.want {
			t.Errorf("UserDirName(%q) = %q, %v; want %q", tc.user, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", strings.Repeat("n", 65), strings.Repeat("é", 33), "\xff"} {
		if dir, err := workshop.UserDirName(bad); err == nil {
			t.Errorf("UserDirName(%q) = %q, want an error", bad, dir)
		}
	}
}

// FuzzUserDirName checks that the mapping can be undone, so that no two
// learners share a folder, and that every folder name is safe.
func FuzzUserDirName(f *testing.F) {
	for _, seed := range []string{"alice", "José", "jos_", "../..", "a%2f", ".x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, user string) {
		dir, err := workshop.UserDirName(user)
		if err != nil {
			return
		}
		name, err := url.PathUnescape(dir)
		if err != nil {
			t.Fatalf("%q maps to %q, which does not unescape: %v", user, dir, err)
		}
		if again, _ := workshop.UserDirName(name); again != dir {
			t.Errorf("%q maps to %q, which unescapes to %q, which maps to %q", user, dir, name, again)
		}
		if dir == "." || dir == ".." || strings.HasPrefix(dir, ".") || len(dir) > 255 ||
			strings.ToLower(dir) != dir || strings.ContainsAny(dir, "/\\\x00") {
			t.Errorf("%q maps to the unsafe folder name %q", user, dir)
		}
	})
}

func TestConfigIsChecked(t *testing.T) {
	state := t.TempDir()
	model := newEchoes().newModel
	for name, cfg := range map[string]workshop.Config{
		"no model":          {StateDir: state},
		"no state":          {NewModel: model},
		"negative sessions": {NewModel: model, StateDir: state, MaxSessions: -1},
		"negative rate":     {NewModel: model, StateDir: state, InputRate: -1},
		"negative paste":    {NewModel: model, StateDir: state, MaxPaste: -1},
		"negative address":  {NewModel: model, StateDir: state, MaxPerAddress: -1},
		"paste over burst":  {NewModel: model, StateDir: state, InputByteRate: 100, InputByteBurst: 100, MaxPaste: 200},
	} {
		if _, err := workshop.New(cfg); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
}

func TestReadAuthorizedKeysNamesTheBadLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(file, []byte("# ok\n\nnot a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := workshop.ReadAuthorizedKeys(file)
	if err == nil || !strings.Contains(err.Error(), file+":3") {
		t.Errorf("error %v, want one naming %s:3", err, file)
	}
}

func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

func TestModelThatFailsToBuildEndsOnlyItsSession(t *testing.T) {
	e := newEchoes()
	h := start(t, workshop.Config{NewModel: func(s workshop.Session) (tea.Model, error) {
		if s.User() == "broken" {
			return nil, errors.New("no world today")
		}
		return e.newModel(s)
	}})
	broken := h.open("broken")
	broken.waitFor("tokenflow: the tutorial could not start; please tell the instructor")
	if code := broken.exitStatus(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	h.open("alice").waitFor("user=alice")
}

// deafModel ignores ShutdownMsg, as a model that never saves would.
type deafModel struct{}

func (deafModel) Init() tea.Cmd                       { return nil }
func (deafModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return deafModel{}, nil }
func (deafModel) View() tea.View                      { return tea.NewView("deaf") }

func TestShutdownQuitsAModelThatIgnoresIt(t *testing.T) {
	h := start(t, workshop.Config{
		NewModel:      func(workshop.Session) (tea.Model, error) { return deafModel{}, nil },
		ShutdownGrace: time.Millisecond,
	})
	alice := h.open("alice")
	alice.waitFor("deaf")
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := h.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	alice.waitFor("tokenflow: the workshop server is shutting down")
}

// TestServeAfterShutdownReturnsAtOnce pins what lets a command start Serve
// in a goroutine and stop on Ctrl+C at any moment: a Serve that starts
// after Shutdown neither accepts nor blocks.
func TestServeAfterShutdownReturnsAtOnce(t *testing.T) {
	srv, err := workshop.New(workshop.Config{
		NewModel: func(workshop.Session) (tea.Model, error) { return deafModel{}, nil },
		StateDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := srv.Serve(l); err != nil {
		t.Errorf("Serve after Shutdown: %v, want nil", err)
	}
	if _, err := net.Dial("tcp", l.Addr().String()); err == nil {
		t.Error("Serve after Shutdown left its listener open")
	}
}

func TestClosingTheSessionFreesItsSlot(t *testing.T) {
	h := start(t, workshop.Config{MaxSessions: 1})
	client, err := h.dial("alice")
	if err != nil {
		t.Fatal(err)
	}
	first := openTerm(t, client, true)
	first.waitFor("user=alice")

	// The connection stays up, as with OpenSSH connection sharing.
	if err := first.sess.Close(); err != nil {
		t.Fatal(err)
	}
	if !h.srv.WaitSessions(0, patience) {
		t.Fatal("the program of a closed session is still running")
	}
	openTerm(t, client, true).waitFor("user=alice")
}
