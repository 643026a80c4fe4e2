package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"golang.org/x/oauth2"
)

const (
	testBase     = "http://127.0.0.1:8080"
	testRedirect = "http://127.0.0.1:53682/callback"
	localPeer    = "127.0.0.1:40000"
	remotePeer   = "203.0.113.7:40000" // TEST-NET-3: never loopback
)

// fakeWall is a wall clock that moves only when the test says so.
type fakeWall struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeWall) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeWall) Add(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

type fixture struct {
	srv   *Server
	world *sim.World
	wall  *fakeWall
	log   *strings.Builder
}

// newFixture serves a fresh world (seed 1, simulated clock at clock.Start)
// at speed, on a fake wall clock.
func newFixture(t *testing.T, speed float64) *fixture {
	t.Helper()
	return newLimitedFixture(t, speed, sim.Limits{})
}

// newLimitedFixture is newFixture for a world that remembers within limits.
func newLimitedFixture(t *testing.T, speed float64, limits sim.Limits) *fixture {
	t.Helper()
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: testBase, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	wall := &fakeWall{t: time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)}
	var log strings.Builder
	srv, err := New(Config{World: w, Wall: wall.Now, Speed: speed, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, world: w, wall: wall, log: &log}
}

// request is one request to the handler, from a loopback peer to the
// loopback host unless the test says otherwise.
type request struct {
	method, target string
	form           url.Values // sent as an urlencoded body
	body           string     // sent raw when form is nil
	header         http.Header
	peer           string // RemoteAddr; localPeer by default
	host           string // Host header; the test base URL's by default
}

func (f *fixture) do(t *testing.T, r request) *httptest.ResponseRecorder {
	t.Helper()
	body := r.body
	if r.form != nil {
		body = r.form.Encode()
	}
	req := httptest.NewRequest(r.method, testBase+r.target, strings.NewReader(body))
	req.RemoteAddr = localPeer
	if r.peer != "" {
		req.RemoteAddr = r.peer
	}
	if r.host != "" {
		req.Host = r.host
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, rec.Body)
	}
	return v
}

// login runs the authorization-code grant with PKCE through the handler
// and returns the access token.
func (f *fixture) login(t *testing.T) string {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	q := url.Values{
		"response_type": {"code"}, "client_id": {"tokenflow-cli"}, "redirect_uri": {testRedirect},
		"state": {"xyz"}, "code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)},
		"code_challenge_method": {"S256"}, "scope": {"profile"},
	}
	rec := f.do(t, request{method: http.MethodPost, target: "/authorize?" + q.Encode(),
		form: url.Values{"username": {"alice"}, "password": {"wonderland"}}})
	if rec.Code != http.StatusFound {
		t.Fatalf("login form: status %d, want 302\n%s", rec.Code, rec.Body)
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	rec = f.do(t, request{method: http.MethodPost, target: "/token", form: url.Values{
		"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {testRedirect}, "client_id": {"tokenflow-cli"}, "code_verifier": {verifier},
	}})
	if rec.Code != http.StatusOK {
		t.Fatalf("token: status %d, want 200\n%s", rec.Code, rec.Body)
	}
	return decode[struct {
		AccessToken string `json:"access_token"`
	}](t, rec).AccessToken
}

func (f *fixture) callAPI(t *testing.T, access string) *httptest.ResponseRecorder {
	t.Helper()
	return f.do(t, request{method: http.MethodGet, target: "/api/profile",
		header: http.Header{"Authorization": {"Bearer " + access}}})
}

func (f *fixture) clockNow(t *testing.T) ClockState {
	t.Helper()
	rec := f.do(t, request{method: http.MethodGet, target: PathClock})
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%s", PathClock, rec.Code, rec.Body)
	}
	return decode[ClockState](t, rec)
}

func TestClockReportsSimulatedTime(t *testing.T) {
	f := newFixture(t, 1)
	rec := f.do(t, request{method: http.MethodGet, target: PathClock})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200\n%s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	got := decode[ClockState](t, rec)
	want := ClockState{Now: clock.Start.Format(time.RFC3339), Speed: 1}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestClockFollowsWallClockAtSpeed(t *testing.T) {
	f := newFixture(t, 60)
	f.wall.Add(10 * time.Second)
	if got, want := f.clockNow(t).Now, clock.Start.Add(10*time.Minute).Format(time.RFC3339); got != want {
		t.Errorf("after 10 wall seconds at ×60: now %s, want %s", got, want)
	}
}

func TestSpeedZeroPausesClock(t *testing.T) {
	f := newFixture(t, 1)
	rec := f.do(t, request{method: http.MethodPost, target: PathSpeed, form: url.Values{"speed": {"0"}}})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200\n%s", rec.Code, rec.Body)
	}
	if st := decode[ClockState](t, rec); !st.Paused {
		t.Errorf("speed 0 answered %+v, want paused", st)
	}
	f.wall.Add(time.Hour)
	if got, want := f.clockNow(t).Now, clock.Start.Format(time.RFC3339); got != want {
		t.Errorf("paused clock moved: now %s, want %s", got, want)
	}
	rec = f.do(t, request{method: http.MethodPost, target: PathSpeed, form: url.Values{"speed": {"10"}}})
	if st := decode[ClockState](t, rec); st.Paused || st.Speed != 10 {
		t.Errorf("speed 10 answered %+v, want running at 10", st)
	}
	f.wall.Add(time.Minute)
	if got, want := f.clockNow(t).Now, clock.Start.Add(10*time.Minute).Format(time.RFC3339); got != want {
		t.Errorf("after a wall minute at ×10: now %s, want %s", got, want)
	}
}

func TestSpeedRejectsBadValues(t *testing.T) {
	for _, v := range []string{"", "fast", "-1", "NaN", "1e9"} {
		f := newFixture(t, 1)
		rec := f.do(t, request{method: http.MethodPost, target: PathSpeed, form: url.Values{"speed": {v}}})
		if rec.Code != http.StatusBadRequest {
			t.Errorf("speed=%q: status %d, want 400\n%s", v, rec.Code, rec.Body)
		}
	}
}

func TestAdvanceExpiresAccessTokenAtAPI(t *testing.T) {
	f := newFixture(t, 1)
	access := f.login(t)
	if rec := f.callAPI(t, access); rec.Code != http.StatusOK {
		t.Fatalf("fresh token: status %d, want 200\n%s", rec.Code, rec.Body)
	}
	rec := f.do(t, request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"15m"}}})
	if rec.Code != http.StatusOK {
		t.Fatalf("advance: status %d, want 200\n%s", rec.Code, rec.Body)
	}
	st := decode[ClockState](t, rec)
	if want := clock.Start.Add(15 * time.Minute).Format(time.RFC3339); st.Now != want || st.Advanced != "15m" {
		t.Errorf("advance answered %+v, want now %s advanced 15m", st, want)
	}
	rec = f.callAPI(t, access)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("token at exp: status %d, want 401\n%s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("WWW-Authenticate"); !strings.Contains(got, `error="invalid_token"`) || !strings.Contains(got, "expired") {
		t.Errorf("WWW-Authenticate %q, want invalid_token saying it expired", got)
	}
}

func TestAdvanceAcceptsDays(t *testing.T) {
	f := newFixture(t, 1)
	rec := f.do(t, request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"7d"}}})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200\n%s", rec.Code, rec.Body)
	}
	if got, want := decode[ClockState](t, rec).Now, clock.Start.Add(7*24*time.Hour).Format(time.RFC3339); got != want {
		t.Errorf("now %s, want %s", got, want)
	}
}

func TestAdvanceRejectsBadDuration(t *testing.T) {
	tests := []struct {
		name string
		req  request
	}{
		{"missing", request{form: url.Values{}}},
		{"empty", request{form: url.Values{"by": {""}}}},
		{"words", request{form: url.Values{"by": {"soon"}}}},
		{"negative", request{form: url.Values{"by": {"-5m"}}}},
		{"zero", request{form: url.Values{"by": {"0s"}}}},
		{"repeated", request{form: url.Values{"by": {"1m", "2m"}}}},
		{"too far", request{form: url.Values{"by": {"4000d"}}}},
		{"malformed body", request{body: "by=%zz", header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 1)
			tt.req.method, tt.req.target = http.MethodPost, PathAdvance
			rec := f.do(t, tt.req)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400\n%s", rec.Code, rec.Body)
			}
			if e := decode[errorBody](t, rec); e.Error != "invalid_request" || e.Description == "" {
				t.Errorf("error body %+v, want invalid_request with a description", e)
			}
			if got := f.world.Now(); !got.Equal(clock.Start) {
				t.Errorf("clock moved to %v", got)
			}
		})
	}
}

// TestAdvanceOverLongDurationsShareOneMessage pins issue 9 point 15: a
// duration too large for time.Duration reads as too long, not as a typo.
func TestAdvanceOverLongDurationsShareOneMessage(t *testing.T) {
	for _, by := range []string{"2562047h", "10000000h", "4000d"} {
		f := newFixture(t, 1)
		rec := f.do(t, request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {by}}})
		if want := "by: " + by + " is longer than ten years"; decode[errorBody](t, rec).Description != want {
			t.Errorf("by=%s: %d %s, want 400 %q", by, rec.Code, rec.Body, want)
		}
	}
}

func TestClockControlIsLoopbackOnly(t *testing.T) {
	tests := []struct {
		name string
		req  request
	}{
		{"remote peer pauses", request{method: http.MethodPost, target: PathSpeed, peer: remotePeer, form: url.Values{"speed": {"0"}}}},
		{"remote peer advances", request{method: http.MethodPost, target: PathAdvance, peer: remotePeer, form: url.Values{"by": {"1h"}}}},
		{"rebound host name", request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"1h"}},
			host: "evil.example:8080"}},
		{"cross-site form", request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"1h"}},
			header: http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 1)
			rec := f.do(t, tt.req)
			if rec.Code != http.StatusForbidden {
				t.Fatalf("status %d, want 403\n%s", rec.Code, rec.Body)
			}
			if e := decode[errorBody](t, rec); e.Error != "access_denied" {
				t.Errorf("error body %+v, want access_denied", e)
			}
			if got := f.world.Now(); !got.Equal(clock.Start) {
				t.Errorf("clock moved to %v", got)
			}
		})
	}
}

// TestOnlyLoopbackReadsTheClock: DESIGN.md serves the clock endpoints to
// loopback clients alone; a learner on another machine reaching the server
// by its public name is refused and told where the time is.
func TestOnlyLoopbackReadsTheClock(t *testing.T) {
	f := newFixture(t, 1)
	rec := f.do(t, request{method: http.MethodGet, target: PathClock, peer: remotePeer, host: "room.example:8080"})
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Date header") {
		t.Fatalf("status %d, want 403 pointing at the Date header\n%s", rec.Code, rec.Body)
	}
}

// TestEveryAnswerIsDatedOnTheSimulatedClock: the Date header of any answer,
// to anyone, a refusal too, is the simulated time, so a learner on another
// machine judges their tokens by the clock the API judges them by.
func TestEveryAnswerIsDatedOnTheSimulatedClock(t *testing.T) {
	f := newFixture(t, 1)
	want := clock.Start.UTC().Format(http.TimeFormat)
	for _, req := range []request{
		{method: http.MethodGet, target: "/jwks.json", peer: remotePeer, host: "room.example:8080"},
		{method: http.MethodGet, target: "/api/profile", peer: remotePeer, host: "room.example:8080"},
		{method: http.MethodGet, target: PathClock, peer: remotePeer, host: "room.example:8080"},
		{method: http.MethodPost, target: "/token", body: strings.Repeat("a", maxBodyBytes+1), peer: remotePeer},
	} {
		rec := f.do(t, req)
		if got := rec.Header().Get("Date"); got != want {
			t.Errorf("%s %s (status %d): Date %q, want the simulated %q", req.method, req.target, rec.Code, got, want)
		}
	}
	if rec := f.do(t, request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"16m"}}}); rec.Code != http.StatusOK {
		t.Fatalf("advance: status %d\n%s", rec.Code, rec.Body)
	}
	rec := f.do(t, request{method: http.MethodGet, target: "/jwks.json", peer: remotePeer})
	if got, want := rec.Header().Get("Date"), clock.Start.Add(16*time.Minute).UTC().Format(http.TimeFormat); got != want {
		t.Errorf("after advancing 16m: Date %q, want %q", got, want)
	}
}

func TestIssuerServesRemoteClients(t *testing.T) {
	f := newFixture(t, 1)
	rec := f.do(t, request{method: http.MethodGet, target: "/.well-known/oauth-authorization-server", peer: remotePeer})
	if rec.Code != http.StatusOK {
		t.Fatalf("metadata for a remote client: status %d, want 200", rec.Code)
	}
	if got := decode[map[string]any](t, rec)["issuer"]; got != testBase {
		t.Errorf("issuer %v, want %s", got, testBase)
	}
}

func TestGarbageNeverAnswers500(t *testing.T) {
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	tests := []struct {
		name string
		req  request
		want int
	}{
		{"root", request{method: http.MethodGet, target: "/"}, http.StatusNotFound},
		{"unknown sim path", request{method: http.MethodGet, target: "/sim/nope"}, http.StatusNotFound},
		{"bare sim", request{method: http.MethodGet, target: "/sim"}, http.StatusNotFound},
		{"clock by PUT", request{method: http.MethodPut, target: PathClock}, http.StatusMethodNotAllowed},
		{"advance by GET", request{method: http.MethodGet, target: PathAdvance + "?by=1m"}, http.StatusMethodNotAllowed},
		{"speed by DELETE", request{method: http.MethodDelete, target: PathSpeed}, http.StatusMethodNotAllowed},
		{"advance as JSON", request{method: http.MethodPost, target: PathAdvance, body: `{"by":"1m"}`,
			header: http.Header{"Content-Type": {"application/json"}}}, http.StatusBadRequest},
		{"advance binary junk", request{method: http.MethodPost, target: PathAdvance, body: "\x00\xff\xfe=\x01", header: form}, http.StatusBadRequest},
		{"oversized body", request{method: http.MethodPost, target: PathAdvance, body: "by=" + strings.Repeat("9", maxBodyBytes), header: form}, http.StatusRequestEntityTooLarge},
		{"token no body", request{method: http.MethodPost, target: "/token"}, http.StatusBadRequest},
		{"token junk", request{method: http.MethodPost, target: "/token", body: "grant_type=%%%", header: form}, http.StatusBadRequest},
		{"profile junk bearer", request{method: http.MethodGet, target: "/api/profile",
			header: http.Header{"Authorization": {"Bearer a.b.c"}}}, http.StatusUnauthorized},
		{"authorize junk query", request{method: http.MethodGet, target: "/authorize?client_id=%zz"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 1)
			rec := f.do(t, tt.req)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d\n%s", rec.Code, tt.want, rec.Body)
			}
		})
	}
}

func TestExchangeIsRecordedAndLogged(t *testing.T) {
	f := newFixture(t, 1)
	access := f.login(t)
	before := f.world.Log.Len()
	f.log.Reset()
	f.callAPI(t, access)
	rec := f.do(t, request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"1h"}}})
	if rec.Code != http.StatusOK {
		t.Fatalf("advance: status %d\n%s", rec.Code, rec.Body)
	}
	f.callAPI(t, access)

	var kinds []sim.Kind
	var exchanges []*sim.Exchange
	for _, e := range f.world.Log.Since(before) {
		kinds = append(kinds, e.Kind)
		if e.Kind == sim.KindExchange {
			exchanges = append(exchanges, e.Exchange)
		}
	}
	// Each request comes first, then what it caused.
	want := []sim.Kind{sim.KindExchange, sim.KindAllowed, sim.KindExchange, sim.KindClock, sim.KindExchange, sim.KindDenied}
	if !slices.Equal(kinds, want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	call := exchanges[0]
	if call.Method != http.MethodGet || call.Path() != "/api/profile" || call.Status != http.StatusOK ||
		call.Actor != localPeer || !strings.Contains(call.RespBody, `"sub":"alice"`) ||
		call.ReqHeader.Get("Authorization") != "Bearer "+access {
		t.Errorf("recorded call %+v", call)
	}
	if adv := exchanges[1]; adv.ReqBody != "by=1h" || !strings.Contains(adv.RespBody, `"advanced":"1h"`) {
		t.Errorf("recorded advance: request %q, response %q", adv.ReqBody, adv.RespBody)
	}

	lines := strings.Split(strings.TrimSuffix(f.log.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want one log line per exchange, got %q", f.log.String())
	}
	for i, want := range []string{"GET    /api/profile -> 200 OK", "POST   /sim/clock/advance -> 200 OK",
		"GET    /api/profile -> 401 Unauthorized (invalid_token)"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], localPeer) {
			t.Errorf("log line %q, want %q and the client address", lines[i], want)
		}
	}
	if want := "sim 2026-01-05 09:00:00"; !strings.HasPrefix(lines[0], want) {
		t.Errorf("log line %q, want simulated time %q", lines[0], want)
	}
	if want := "sim 2026-01-05 10:00:00"; !strings.HasPrefix(lines[1], want) {
		t.Errorf("log line %q, want simulated time %q", lines[1], want)
	}
	if strings.Contains(f.log.String(), access) {
		t.Error("the log shows the access token")
	}
}

// TestConcurrentRequests lets the race detector watch many connections use
// one world at once.
func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t, 1)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	const n = 16
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Go(func() {
			target, body := ts.URL+PathClock, ""
			method := http.MethodGet
			if i%2 == 1 {
				method, target, body = http.MethodPost, ts.URL+PathAdvance, "by=1m"
			}
			req, err := http.NewRequest(method, target, strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("request %d: status %d", i, c)
		}
	}
	if got, want := f.world.Now(), clock.Start.Add(n/2*time.Minute); !got.Equal(want) {
		t.Errorf("after %d advances of 1m: now %v, want %v", n/2, got, want)
	}
}
