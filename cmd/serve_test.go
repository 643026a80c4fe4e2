package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

func TestServeRejectsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // in stderr: the flag's name
	}{
		{[]string{"--access-ttl", "5x"}, "--access-ttl"},
		{[]string{"--access-ttl", "0s"}, "--access-ttl"},
		{[]string{"--refresh-ttl", "-1h"}, "--refresh-ttl"},
		{[]string{"--family-lifetime", "forever"}, "--family-lifetime"},
		{[]string{"--rotation", "maybe"}, "--rotation"},
		{[]string{"--reuse-detection", "2"}, "--reuse-detection"},
		{[]string{"--grace", "-1s"}, "--grace"},
		{[]string{"--denylist", "sometimes"}, "--denylist"},
		{[]string{"--alg", "none"}, "--alg"},
		{[]string{"--refresh-format", "jwt"}, "--refresh-format"},
		{[]string{"--leeway", "soon"}, "--leeway"},
		{[]string{"--issuer-session-idle", "0s"}, "--issuer-session-idle"},
		{[]string{"--issuer-session-max", "never"}, "--issuer-session-max"},
		{[]string{"--preset", "ping"}, "unknown preset (known: default, auth0, okta, keycloak, hydra, cognito, entra, rfc9700, naive)"},
		{[]string{"--refresh-idle", "-1h"}, "--refresh-idle"},
		{[]string{"--refresh-absolute", "0s"}, "--refresh-absolute"},
		{[]string{"--rotated-expiry", "forever"}, "--rotated-expiry"},
		{[]string{"--reuse-revokes", "everything"}, "--reuse-revokes"},
		{[]string{"--grace-returns", "parent"}, "--grace-returns"},
		{[]string{"--grace-count", "-1"}, "--grace-count"},
		{[]string{"--skew-api", "soon"}, "--skew-api"},
		{[]string{"--skew-issuer", "--2m"}, "--skew-issuer"},
		{[]string{"--skew-client", "2m"}, "unknown flag: --skew-client"},
		{[]string{"--speed", "fast"}, "--speed"},
		{[]string{"--speed", "-1"}, "--speed"},
		{[]string{"--speed", "1e9"}, "--speed"},
		{[]string{"--addr", "nonsense"}, "--addr"},
		{[]string{"--addr", "127.0.0.1:99999"}, "--addr"},
		{[]string{"--seed", "x"}, "--seed"},
		{[]string{"--keep-events", "0"}, "--keep-events"},
		{[]string{"--keep-events", "many"}, "--keep-events"},
		{[]string{"--keep-records", "99"}, "--keep-records"},
		{[]string{"--keep-records", "-1"}, "--keep-records"},
		{[]string{"extra"}, "unknown command"},
		{[]string{"--public-url", "room.example:8080"}, "--public-url"},
		{[]string{"--public-url", "ftp://room.example"}, "--public-url"},
		{[]string{"--public-url", "http://"}, "--public-url"},
		{[]string{"--public-url", "http://:8080"}, "--public-url"},
		{[]string{"--public-url", "http://room.example/tokenflow"}, "--public-url"},
		{[]string{"--public-url", "http://room.example?x=1"}, "--public-url"},
		{[]string{"--public-url", "http://room.example#top"}, "--public-url"},
		{[]string{"--public-url", "http://me:pw@room.example"}, "--public-url"},
		{[]string{"--public-url", "http://room.example:0"}, "--public-url"},
		{[]string{"--public-url", "http://room.example:99999"}, "--public-url"},
		{[]string{"--public-url", "http://room example"}, "--public-url"},
		{[]string{"--start", "tomorrow"}, "--start"},
		{[]string{"--start", "2026-01-05 09:00"}, "--start"},
		{[]string{"--start", "0001-01-01T00:00:00Z"}, "--start"},
		{[]string{"--start", "1900-01-01T00:00:00Z"}, "--start"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, "", append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not name %s", stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q: the server must not have started", stdout)
			}
		})
	}
}

func TestServeAddrInUseFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := run(t, "", "serve", "--addr", ln.Addr().String())
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	if !strings.Contains(stderr, ln.Addr().String()) {
		t.Errorf("stderr %q does not name the address", stderr)
	}
}

// liveServe is `tokenflow serve` running in process on 127.0.0.1.
type liveServe struct {
	base             string // from the banner's first line
	first            string // the banner's first line
	cancel           context.CancelFunc
	done             chan int
	restOut, restErr <-chan string
}

// startServe runs serve with args after --addr 127.0.0.1:0 and waits for
// its base URL.
func startServe(t *testing.T, args ...string) *liveServe {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	stdoutR, stdoutW := io.Pipe()
	stderrR, stderrW := io.Pipe()
	s := &liveServe{cancel: cancel, done: make(chan int, 1)}
	go func() {
		root := newRootCmd()
		root.SetContext(ctx)
		s.done <- execute(root, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...),
			strings.NewReader(""), stdoutW, stderrW)
		stdoutW.Close()
		stderrW.Close()
	}()
	stdout := bufio.NewReader(stdoutR)
	first, err := stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("no banner: %v", err)
	}
	base, ok := strings.CutPrefix(strings.TrimSpace(first), "tokenflow serve: listening on ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line %q, want the base URL", first)
	}
	s.base, s.first = base, first
	s.restOut, s.restErr = readAll(stdout), readAll(stderrR)
	return s
}

// stop ends the server as Ctrl+C would and returns its exit code and the
// rest of its output.
func (s *liveServe) stop() (code int, stdout, stderr string) {
	s.cancel()
	code = <-s.done
	return code, <-s.restOut, <-s.restErr
}

func TestServeStartsAndStopsGracefully(t *testing.T) {
	s := startServe(t, "--access-ttl", "1m", "--speed", "0", "--keep-events", "500", "--issuer-session-idle", "5m")
	base := s.base

	var meta struct {
		Issuer string `json:"issuer"`
	}
	getServeJSON(t, base+"/.well-known/oauth-authorization-server", &meta)
	if meta.Issuer != base {
		t.Errorf("issuer %q, want the real base URL %q", meta.Issuer, base)
	}
	var clock struct {
		Paused bool `json:"paused"`
	}
	getServeJSON(t, base+"/sim/clock", &clock)
	if !clock.Paused {
		t.Error("--speed 0 should start the clock paused")
	}
	resp, err := http.PostForm(base+"/sim/clock/advance", url.Values{"by": {"2m"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("advance: status %d, want 200", resp.StatusCode)
	}

	code, out, logged := s.stop()
	if code != exitOK {
		t.Errorf("exit %d after a graceful stop, want 0", code)
	}
	for _, want := range []string{"metadata  " + base + "/.well-known/oauth-authorization-server", "alice / wonderland", "tokenflow-api / api-secret", "access-ttl 1m",
		"OpenID    " + base + "/.well-known/openid-configuration", "issuer-session-idle 5m, issuer-session-max 10h",
		"the last 500 events, at most 20000 issuer records", "stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s%s", want, s.first, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(logged), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "POST   /sim/clock/advance -> 200 OK") {
		t.Errorf("want one log line per exchange, the last the advance; got:\n%s", logged)
	}
}

// TestServePublicURLNamesEveryEndpoint: behind --public-url the metadata
// names that address for the issuer and every endpoint, whatever address
// the request came in on, and the banner tells the room to use it.
func TestServePublicURLNamesEveryEndpoint(t *testing.T) {
	const public = "https://room.example:8443"
	s := startServe(t, "--speed", "0", "--public-url", public+"/")
	for _, doc := range []string{"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"} {
		var meta map[string]any
		getServeJSON(t, s.base+doc, &meta)
		if meta["issuer"] != public {
			t.Errorf("%s: issuer %v, want %s", doc, meta["issuer"], public)
		}
		endpoints := 0
		for name, v := range meta {
			if u, ok := v.(string); ok && strings.HasSuffix(name, "_endpoint") || name == "jwks_uri" {
				endpoints++
				if !strings.HasPrefix(u, public+"/") {
					t.Errorf("%s: %s is %v, want it under %s", doc, name, v, public)
				}
			}
		}
		if endpoints < 5 {
			t.Errorf("%s names %d endpoints, want at least 5: %v", doc, endpoints, meta)
		}
	}
	_, out, _ := s.stop()
	for _, want := range []string{
		"  learners  " + public + " (--public-url",
		"  metadata  " + public + "/.well-known/oauth-authorization-server",
		"POST " + s.base + "/sim/clock/advance",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s%s", want, s.first, out)
		}
	}
}

// TestServeStartSetsTheSimulatedClock: --start is where the clock starts,
// so a README's times can be reproduced.
func TestServeStartSetsTheSimulatedClock(t *testing.T) {
	s := startServe(t, "--speed", "0", "--start", "2026-01-05T09:00:00Z")
	var clock struct {
		Now string `json:"now"`
	}
	getServeJSON(t, s.base+"/sim/clock", &clock)
	if clock.Now != "2026-01-05T09:00:00Z" {
		t.Errorf("the clock reads %s, want 2026-01-05T09:00:00Z", clock.Now)
	}
	if _, out, _ := s.stop(); !strings.Contains(out, "clock     2026-01-05T09:00:00Z, paused") {
		t.Errorf("banner does not show the start:\n%s%s", s.first, out)
	}
}

// TestServeBannerTellsTheRoomWhereToGo: tests bind loopback only, so the
// learners' line is checked on the addresses serve could listen on.
func TestServeBannerTellsTheRoomWhereToGo(t *testing.T) {
	tests := []struct {
		ip, public, want string
	}{
		{"127.0.0.1", "", "this machine only"},
		{"0.0.0.0", "", "give --public-url http://ADDRESS:8080"},
		{"::", "", "give --public-url http://ADDRESS:8080"},
		{"192.0.2.10", "", "http://192.0.2.10:8080"},
		{"0.0.0.0", "http://192.0.2.10:8080", "http://192.0.2.10:8080 (--public-url: the issuer identifier"},
		// Loopback alone: the room cannot reach the URL it is told.
		{"127.0.0.1", "http://192.0.2.10:8080", "http://192.0.2.10:8080 (--public-url), but this server listens on 127.0.0.1 alone, " +
			"which only this machine (or a proxy on it) reaches; for a room: --addr 0.0.0.0:8080"},
		{"::1", "https://tokens.example", "listens on ::1 alone"},
	}
	for _, tt := range tests {
		if got := learnersLine(&net.TCPAddr{IP: net.ParseIP(tt.ip), Port: 8080}, tt.public); !strings.Contains(got, tt.want) {
			t.Errorf("%s, --public-url %q: %q, want %q in it", tt.ip, tt.public, got, tt.want)
		}
	}
}

// TestServeHeaderLimitIsSixteenKiB: the log keeps request headers whole,
// so serve caps a request's head (request line and headers, as sent) at
// 16 KiB, far below net/http's mebibyte, and not a byte more.
func TestServeHeaderLimitIsSixteenKiB(t *testing.T) {
	s := startServe(t, "--speed", "0")
	host := strings.TrimPrefix(s.base, "http://")
	for _, tt := range []struct {
		size int
		want int
	}{
		{16 << 10, http.StatusUnauthorized}, // no access token: the API's answer
		{16<<10 + 1, http.StatusRequestHeaderFieldsTooLarge},
		{20<<10 + 512, http.StatusRequestHeaderFieldsTooLarge},
		{64 << 10, http.StatusRequestHeaderFieldsTooLarge},
	} {
		head := "GET /api/profile HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\nX-Padding: "
		const end = "\r\n\r\n"
		head += strings.Repeat("x", tt.size-len(head)-len(end)) + end
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(conn, head); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("a head of %d bytes: %v", tt.size, err)
		}
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("a head of %d bytes: status %d, want %d", tt.size, resp.StatusCode, tt.want)
		}
	}
	if code, _, logged := s.stop(); code != exitOK || strings.Count(logged, "\n") != 1 {
		t.Errorf("exit %d, log %q: want 0 and the one exchange under the limit logged", code, logged)
	}
}

// TestServeSeedIsRandomUnlessFixed pins issue 9 point 6: two serves on the
// default seed publish different keys, and print the seed they drew; the
// same --seed gives the same keys, for reproducible demos.
func TestServeSeedIsRandomUnlessFixed(t *testing.T) {
	type run struct{ jwks, seedLine, stderr string }
	serveOnce := func(args ...string) run {
		s := startServe(t, append([]string{"--speed", "0"}, args...)...)
		var jwks json.RawMessage
		getServeJSON(t, s.base+"/jwks.json", &jwks)
		code, out, logged := s.stop()
		if code != exitOK {
			t.Fatalf("exit %d", code)
		}
		var seedLine string
		for line := range strings.Lines(out) {
			if strings.HasPrefix(line, "  seed ") {
				seedLine = line
			}
		}
		return run{string(jwks), seedLine, logged}
	}
	a, b := serveOnce(), serveOnce()
	if a.jwks == b.jwks {
		t.Errorf("two serves without --seed published the same keys:\n%s", a.jwks)
	}
	if !strings.Contains(a.seedLine, "random") || a.seedLine == b.seedLine {
		t.Errorf("seed lines %q and %q: want each serve to print the random seed it drew", a.seedLine, b.seedLine)
	}
	c, d := serveOnce("--seed", "7"), serveOnce("--seed", "7")
	if c.jwks != d.jwks {
		t.Errorf("--seed 7 twice published different keys")
	}
	if !strings.Contains(c.seedLine, "7, fixed by --seed") {
		t.Errorf("seed line %q, want the fixed seed", c.seedLine)
	}
	if strings.Contains(c.stderr, "WARNING") {
		t.Errorf("a fixed seed on loopback warned:\n%s", c.stderr)
	}
}

// TestFixedSeedOffLoopbackWarns: tests may bind only loopback, so the
// warning's decision is checked on the addresses serve could listen on.
func TestFixedSeedOffLoopbackWarns(t *testing.T) {
	fixed, random := serveSeed{value: 1, fixed: true}, serveSeed{value: 1}
	tests := []struct {
		ip   string
		seed serveSeed
		warn bool
	}{
		{"127.0.0.1", fixed, false},
		{"::1", fixed, false},
		{"0.0.0.0", fixed, true},
		{"::", fixed, true},
		{"192.0.2.10", fixed, true},
		{"0.0.0.0", random, false},
		{"192.0.2.10", random, false},
	}
	for _, tt := range tests {
		got := seedWarning(tt.seed, &net.TCPAddr{IP: net.ParseIP(tt.ip), Port: 8080})
		if (got != "") != tt.warn {
			t.Errorf("%s, fixed %v: warning %q, want one: %v", tt.ip, tt.seed.fixed, got, tt.warn)
		}
		if tt.warn && !strings.Contains(got, "WARNING: --seed 1") {
			t.Errorf("warning %q does not say what is wrong", got)
		}
	}
}

// readAll reads r to the end in the background and delivers the text.
func readAll(r io.Reader) <-chan string {
	c := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(r)
		c <- string(b)
	}()
	return c
}

func getServeJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", u, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// TestServePresetComesFirstWhateverTheOrder: --preset sets many settings
// at once, and a policy flag beside it changes what the preset set, even
// when given before it.
func TestServePresetComesFirstWhateverTheOrder(t *testing.T) {
	s := startServe(t, "--grace", "0s", "--preset", "okta", "--skew-api", "-2m", "--refresh-ttl", "1d", "--speed", "0")
	_, out, _ := s.stop()
	for _, want := range []string{"preset okta, access-ttl 1h, refresh-idle 1d, refresh-absolute 90d",
		"grace 0s", "skew-issuer 0s, skew-api -2m"} {
		if !strings.Contains(out, want) {
			t.Errorf("the banner lacks %q:\n%s", want, out)
		}
	}
}

// TestServeTakesEveryPresetSettingAsAFlag: whatever a preset sets, an
// instructor can set on its own, so a setting added to the presets cannot
// be left out of serve's flags and banner.
func TestServeTakesEveryPresetSettingAsAFlag(t *testing.T) {
	f := newServeCmd().Flags()
	for _, name := range sim.PresetSettings {
		if f.Lookup(name) == nil {
			t.Errorf("serve has no --%s flag", name)
		}
	}
}
