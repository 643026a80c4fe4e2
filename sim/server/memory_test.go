package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// recorded is the exchange the last request left in the log.
func (f *fixture) recorded(t *testing.T) *sim.Exchange {
	t.Helper()
	events := f.world.Log.All()
	for i := len(events) - 1; i >= 0; i-- {
		if x := events[i].Exchange; x != nil {
			return x
		}
	}
	t.Fatal("no exchange in the log")
	return nil
}

// TestRefusedRequestBodiesAreNotKeptWhole pins part of issue 9 point 7:
// 3,000 POSTs of 64 KB to an unknown path added 237 MB.
func TestRefusedRequestBodiesAreNotKeptWhole(t *testing.T) {
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	tests := []struct {
		name   string
		req    request
		status int
		kept   int // bytes of the body the log keeps
	}{
		{"unknown path", request{method: http.MethodPost, target: "/nope", body: strings.Repeat("x", maxBodyBytes)},
			http.StatusNotFound, keptRefusedBody},
		{"refused grant", request{method: http.MethodPost, target: "/token", header: form,
			body: "grant_type=password&junk=" + strings.Repeat("x", 10_000)}, http.StatusUnauthorized, keptRefusedBody},
		{"accepted, padded", request{method: http.MethodPost, target: PathAdvance, header: form,
			body: "by=1m&pad=" + strings.Repeat("x", 10_000)}, http.StatusOK, keptBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, 1)
			if rec := f.do(t, tt.req); rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
			got := f.recorded(t).ReqBody
			head, note, ok := strings.Cut(got, "…")
			if !ok || head != tt.req.body[:tt.kept] || !strings.Contains(note, "more bytes not kept") {
				t.Errorf("kept %d bytes: %.80q…, want the first %d and a note", len(got), got, tt.kept)
			}
		})
	}
	f := newFixture(t, 1)
	f.do(t, request{method: http.MethodPost, target: PathAdvance, form: url.Values{"by": {"1m"}}})
	if got := f.recorded(t).ReqBody; got != "by=1m" {
		t.Errorf("an ordinary request's body kept as %q, want it whole", got)
	}
}

// TestOutsideTokensScheduleNoTimers: the world's clock holds a timer per
// token only for tokens its own client or attacker may hold; an outside
// client's tokens would keep a timer each for up to a week.
func TestOutsideTokensScheduleNoTimers(t *testing.T) {
	f := newFixture(t, 1)
	access := f.login(t)
	f.callAPI(t, access)
	if n := f.world.Clock.Pending(); n != 0 {
		t.Errorf("%d timers pending after an outside login, want 0", n)
	}
}

// TestServedWorldKeepsItsWindow drives a limited world past its limits:
// the log holds its window and still counts every event, and a login the
// issuer had to forget leaves its JWT access token working until exp.
func TestServedWorldKeepsItsWindow(t *testing.T) {
	limits := sim.Limits{Events: 40, Issuer: issuer.Limits{Records: issuer.MinRecords}}
	f := newLimitedFixture(t, 1, limits)
	first := f.login(t)
	for range 60 {
		f.callAPI(t, f.login(t))
	}
	if n := len(f.world.Log.All()); n < limits.Events || n > limits.Events+limits.Events/4 {
		t.Errorf("log holds %d events, want the window of %d", n, limits.Events)
	}
	if n := f.world.Log.Len(); n < 60*4 {
		t.Errorf("Log.Len %d: want every event counted, kept or not", n)
	}
	if rec := f.callAPI(t, first); rec.Code != http.StatusOK {
		t.Errorf("a forgotten login's access token: API status %d, want 200 until exp (JWTs are checked locally)", rec.Code)
	}
}
