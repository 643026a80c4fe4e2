package cmd

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/server"
)

// servedWorld is a serve instance on 127.0.0.1, as `tokenflow serve`
// builds it, whose client has logged in: it returns the base URL and the
// client's access token.
func servedWorld(t *testing.T) (base, token string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String()
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: base, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	a, err := sim.ParseAction("login")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Apply(a); err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{World: w, Wall: func() time.Time { return start }, Speed: 0})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv)
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(hs.Close)
	return base, w.Client.AccessToken
}

// TestInspectServerJudgesTimesOnTheSimulatedClock: a learner who has just
// seen the served API answer "the token expired" reads the same from
// inspect, with the signature checked against the server's keys.
func TestInspectServerJudgesTimesOnTheSimulatedClock(t *testing.T) {
	base, token := servedWorld(t)
	resp, err := http.PostForm(base+server.PathAdvance, url.Values{"by": {"16m"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	code, stdout, stderr := run(t, "", "inspect", "--server", base+"/", token)
	if code != 0 || stderr != "" {
		t.Fatalf("code %d, stderr %q; want 0 and nothing", code, stderr)
	}
	for _, want := range []string{
		"Judged at 2026-01-05T09:16:00Z, the simulated time of " + base + ".\n",
		"  exp  2026-01-05T09:15:00Z  expired 1m ago\n",
		"\nSignature: valid\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

func TestInspectServerRejectsBadUse(t *testing.T) {
	token := fixtureToken(t)
	for _, args := range [][]string{
		{"--server", "ftp://127.0.0.1:8080"},
		{"--server", "http://127.0.0.1:8080/sim"},
		{"--server", "http://127.0.0.1:8080?x"},
		{"--server", "127.0.0.1:8080"},
		{"--server", "http://127.0.0.1:8080", "--now", fixtureNow},
		{"--server", "http://127.0.0.1:8080", "--jwks", fixtureJWKS},
	} {
		code, stdout, stderr := run(t, "", append(append([]string{"inspect"}, args...), token)...)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "tokenflow: ") || !strings.Contains(stderr, "--server") {
			t.Errorf("%v: code %d, stdout %q, stderr %q; want %d and a message naming --server", args, code, stdout, stderr, exitUsage)
		}
	}
}

// TestInspectServerProblemsAreClearErrors: a server that is down, is not
// a tokenflow serve, answers too much or points elsewhere gets one line
// and exit 1, and inspect goes nowhere but the URL it was given.
func TestInspectServerProblemsAreClearErrors(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		elsewhere.Add(1)
		w.Write([]byte(`{"now":"2030-01-01T00:00:00Z"}`))
	}))
	t.Cleanup(other.Close)
	// fake answers the JWKS with body, status and Date header date.
	fake := func(body string, status int, date string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case status == http.StatusFound:
				http.Redirect(w, r, other.URL+r.URL.Path, status)
			case r.URL.Path == "/jwks.json":
				w.Header()["Date"] = []string{date}
				w.WriteHeader(status)
				w.Write([]byte(body))
			default:
				http.NotFound(w, r)
			}
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	keys, err := os.ReadFile(fixtureJWKS)
	if err != nil {
		t.Fatal(err)
	}
	date := "Mon, 05 Jan 2026 09:00:00 GMT"

	tests := []struct {
		name, base, want string
	}{
		{"down", down.URL, "connect: connection refused"},
		{"a web page", fake("<html>hello</html>", http.StatusOK, date), "the signing keys: jwtdebug:"},
		{"no date", fake(string(keys), http.StatusOK, ""), `has no valid Date header (""): is it a tokenflow serve?`},
		{"a bad date", fake(string(keys), http.StatusOK, "yesterday"), `has no valid Date header ("yesterday")`},
		{"too much", fake(`{"keys":"`+strings.Repeat("9", 1<<20)+`"}`, http.StatusOK, date), "is larger than"},
		{"refused", fake(`{"error":"access_denied"}`, http.StatusForbidden, date), "403 Forbidden"},
		{"a redirect", fake("", http.StatusFound, date), "302 Found"},
		{"no keys", fake(`{"keys":[]}`, http.StatusOK, date), "the signing keys: jwtdebug: JWKS has no signature-verification keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", "inspect", "--server", tt.base, fixtureToken(t))
			if code != exitFailure || stdout != "" || !strings.HasPrefix(stderr, "tokenflow: inspect --server "+tt.base+": ") ||
				!strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("code %d, stdout %q, stderr %q; want 1, nothing, one line containing %q", code, stdout, stderr, tt.want)
			}
		})
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("inspect followed a redirect to another server %d times", n)
	}
}
