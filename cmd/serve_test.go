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
		{[]string{"--speed", "fast"}, "--speed"},
		{[]string{"--speed", "-1"}, "--speed"},
		{[]string{"--speed", "1e9"}, "--speed"},
		{[]string{"--addr", "nonsense"}, "--addr"},
		{[]string{"--addr", "127.0.0.1:99999"}, "--addr"},
		{[]string{"--seed", "x"}, "--seed"},
		{[]string{"extra"}, "unknown command"},
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

func TestServeStartsAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stdoutR, stdoutW := io.Pipe()
	stderrR, stderrW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		root := newRootCmd()
		root.SetContext(ctx)
		done <- execute(root, []string{"serve", "--addr", "127.0.0.1:0", "--access-ttl", "1m", "--speed", "0"},
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
	restOut, restErr := readAll(stdout), readAll(stderrR)

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

	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d after a graceful stop, want 0", code)
	}
	out, logged := <-restOut, <-restErr
	for _, want := range []string{"metadata  " + base + "/.well-known/oauth-authorization-server", "alice / wonderland", "access-ttl 1m", "stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s%s", want, first, out)
		}
	}
	lines := strings.Split(strings.TrimSpace(logged), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "POST   /sim/clock/advance -> 200 OK") {
		t.Errorf("want one log line per exchange, the last the advance; got:\n%s", logged)
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
