package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"golang.org/x/oauth2"
)

// BenchmarkRefreshLoopback is one refresh grant over a real loopback
// socket: net/http client and server, the server's recording and log, and
// the issuer. Compare it with sim's BenchmarkFloor.
func BenchmarkRefreshLoopback(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: base})
	if err != nil {
		b.Fatal(err)
	}
	wall := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	srv, err := New(Config{World: w, Wall: func() time.Time { return wall }, Speed: 1, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	defer hs.Close()

	// The first refresh token comes from an in-process login.
	if err := w.Apply(sim.Act("login")); err != nil {
		b.Fatal(err)
	}
	rt := w.Client.RefreshToken
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	for b.Loop() {
		res, err := client.PostForm(base+issuer.PathToken, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {issuer.PublicClientID}})
		if err != nil {
			b.Fatal(err)
		}
		var tr issuer.TokenResponse
		err = json.NewDecoder(res.Body).Decode(&tr)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || !strings.HasPrefix(tr.TokenType, "Bearer") {
			b.Fatalf("refresh: %d %v", res.StatusCode, err)
		}
		rt = tr.RefreshToken
	}
}

// BenchmarkServeMemory drives serve's handler, in process, with b.N
// requests of the traffic that took an unbounded serve from 24 MB to
// 4.55 GB (issue 9): logins, API calls and refreshes, a replayed refresh
// token, a logout, and a 64 KiB POST to an unknown path, all on a world
// with DefaultLimits and a simulated clock that advances a millisecond a
// request. It reports what stays behind: the live heap after a GC
// (heap-B) and, on Linux, the process's resident memory after returning
// free pages to the OS (rss-B). Compare -benchtime 1000x with 1000000x.
func BenchmarkServeMemory(b *testing.B) {
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: testBase, Limits: DefaultLimits})
	if err != nil {
		b.Fatal(err)
	}
	wall := &fakeWall{t: time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)}
	srv, err := New(Config{World: w, Wall: wall.Now, Speed: 1, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	tr := &traffic{srv: srv}
	for b.Loop() {
		tr.next(b)
		wall.Add(time.Millisecond)
	}
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc), "heap-B")
	if rss, ok := residentBytes(); ok {
		b.ReportMetric(float64(rss), "rss-B")
	}
	b.ReportMetric(float64(w.Log.Len())/float64(b.N), "events/op")
}

// residentBytes reads the process's resident set size from /proc.
func residentBytes() (int64, bool) {
	statm, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(statm))
	if len(fields) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}

// traffic is one client's round of ordinary and hostile requests, sixteen
// long, replayed for ever: sign in, five API calls each followed by a
// refresh, junk to an unknown path, the metadata, a replay of the first
// refresh token (reuse: the login is revoked), and a logout.
type traffic struct {
	srv    *Server
	step   int
	rounds int
	first  string // the login's first refresh token, replayed later
	code   string
	tok    issuer.TokenResponse
}

var junk = strings.Repeat("x", maxBodyBytes)

func (tr *traffic) next(b *testing.B) {
	verifier := fmt.Sprintf("%043d", tr.rounds) // RFC 7636: 43 unreserved characters
	switch s := tr.step; {
	case s == 0:
		q := url.Values{
			"response_type": {"code"}, "client_id": {issuer.PublicClientID}, "redirect_uri": {testRedirect},
			"state": {"s"}, "code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)},
			"code_challenge_method": {"S256"}, "scope": {issuer.DefaultScope},
		}
		rec := tr.do(b, http.MethodPost, "/authorize?"+q.Encode(), "username=alice&password=wonderland", http.StatusFound)
		loc, err := url.Parse(rec.Header().Get("Location"))
		if err != nil {
			b.Fatal(err)
		}
		tr.code = loc.Query().Get("code")
	case s == 1:
		tr.grant(b, url.Values{"grant_type": {"authorization_code"}, "code": {tr.code}, "redirect_uri": {testRedirect},
			"client_id": {issuer.PublicClientID}, "code_verifier": {verifier}})
		tr.first = tr.tok.RefreshToken
	case s <= 11 && s%2 == 0:
		tr.do(b, http.MethodGet, "/api/profile", "", http.StatusOK, "Authorization", "Bearer "+tr.tok.AccessToken)
	case s <= 11:
		tr.grant(b, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.tok.RefreshToken},
			"client_id": {issuer.PublicClientID}})
	case s == 12:
		tr.do(b, http.MethodPost, "/upload", junk, http.StatusNotFound)
	case s == 13:
		tr.do(b, http.MethodGet, issuer.PathMetadata, "", http.StatusOK)
	case s == 14:
		tr.do(b, http.MethodPost, issuer.PathToken, url.Values{"grant_type": {"refresh_token"},
			"refresh_token": {tr.first}, "client_id": {issuer.PublicClientID}}.Encode(), http.StatusBadRequest)
	default:
		tr.do(b, http.MethodPost, issuer.PathRevoke, url.Values{"token": {tr.tok.RefreshToken},
			"client_id": {issuer.PublicClientID}}.Encode(), http.StatusOK)
		tr.step, tr.rounds = -1, tr.rounds+1
	}
	tr.step++
}

// grant posts form to the token endpoint and keeps the tokens.
func (tr *traffic) grant(b *testing.B, form url.Values) {
	rec := tr.do(b, http.MethodPost, issuer.PathToken, form.Encode(), http.StatusOK)
	tr.tok = issuer.TokenResponse{}
	if err := json.Unmarshal(rec.Body.Bytes(), &tr.tok); err != nil {
		b.Fatal(err)
	}
}

// do sends one request from a remote client and checks its status.
func (tr *traffic) do(b *testing.B, method, target, body string, want int, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, testBase+target, strings.NewReader(body))
	req.RemoteAddr = remotePeer
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	tr.srv.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("round %d step %d: %s %s: status %d, want %d\n%s", tr.rounds, tr.step, method, target, rec.Code, want, rec.Body)
	}
	return rec
}
