package server

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim"
)

// Clock endpoints. Only loopback clients read or move the clock.
const (
	PathClock   = "/sim/clock"         // GET: the simulated time, speed and whether paused
	PathAdvance = "/sim/clock/advance" // POST by=DURATION: jump forward
	PathSpeed   = "/sim/clock/speed"   // POST speed=N: run at ×N; 0 pauses
)

// ClockState is the JSON every clock endpoint answers with.
type ClockState struct {
	Now    string  `json:"now"`   // simulated time, RFC 3339
	Speed  float64 `json:"speed"` // simulated seconds per wall second while running
	Paused bool    `json:"paused"`
	// Advanced is how far an advance moved the clock, as `advance` spells it.
	Advanced string `json:"advanced,omitempty"`
}

// errorBody is the JSON of every clock-control error, shaped like an
// OAuth error (RFC 6749 §5.2) so clients read both the same way.
type errorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// simHandler routes the clock endpoints, which are served to loopback
// clients only (DESIGN.md's serve contract). Learners on other machines
// read the simulated time from any answer's Date header instead (see
// ServeHTTP). It runs with s.mu held.
func (s *Server) simHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(PathClock, s.handleClock)
	mux.HandleFunc(PathAdvance, s.handleAdvance)
	mux.HandleFunc(PathSpeed, s.handleSpeed)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such clock endpoint; try GET "+PathClock)
	})
	csrf := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !loopbackPeer(r.RemoteAddr):
			writeError(w, http.StatusForbidden, "the clock is served to loopback clients only; elsewhere, any answer's Date header is the simulated time")
		case !loopbackHost(r.Host):
			// A browser lured by DNS rebinding reaches us from loopback
			// but names another host.
			writeError(w, http.StatusForbidden, "clock control answers only to a loopback host name")
		case csrf.Check(r) != nil:
			writeError(w, http.StatusForbidden, "cross-origin requests may not move the clock")
		default:
			mux.ServeHTTP(w, r)
		}
	})
}

// handleClock reports the simulated time.
func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodGet) {
		return
	}
	writeJSON(w, http.StatusOK, s.state())
}

// handleAdvance jumps the simulated clock forward by the form field by,
// firing every expiry on the way, as the advance action does.
func (s *Server) handleAdvance(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	by, ok := formValue(w, r, "by", "a duration such as 15m, 1h30m or 7d")
	if !ok {
		return
	}
	d, err := sim.ParseDuration(by)
	if err != nil {
		writeError(w, http.StatusBadRequest, "by: "+err.Error())
		return
	}
	if d <= 0 {
		writeError(w, http.StatusBadRequest, "by: the clock only moves forward; give a positive duration")
		return
	}
	s.world.Advance(d)
	st := s.state()
	st.Advanced = sim.FormatDuration(d)
	writeJSON(w, http.StatusOK, st)
}

// handleSpeed changes how fast the simulated clock follows the wall clock.
func (s *Server) handleSpeed(w http.ResponseWriter, r *http.Request) {
	if !allowMethod(w, r, http.MethodPost) {
		return
	}
	raw, ok := formValue(w, r, "speed", "a number such as 1, 60 or 0 to pause")
	if !ok {
		return
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "speed: not a number: "+strconv.Quote(raw))
		return
	}
	if err := checkSpeed(v); err != nil {
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "server: "))
		return
	}
	s.clock.SetSpeed(v)
	writeJSON(w, http.StatusOK, s.state())
}

// state reads the clock. Callers hold s.mu.
func (s *Server) state() ClockState {
	speed, paused := s.clock.Speed()
	return ClockState{Now: s.world.Now().Format(time.RFC3339), Speed: speed, Paused: paused}
}

// allowMethod answers 405 unless r uses method.
func allowMethod(w http.ResponseWriter, r *http.Request, method string) bool {
	if r.Method == method {
		return true
	}
	w.Header().Set("Allow", method)
	writeError(w, http.StatusMethodNotAllowed, r.URL.Path+" takes "+method)
	return false
}

// formValue reads one required form field (body or query string); a
// missing, empty or repeated field answers 400 describing what it wants.
func formValue(w http.ResponseWriter, r *http.Request, name, want string) (string, bool) {
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "malformed form: send "+name+"=… as application/x-www-form-urlencoded")
		return "", false
	}
	vals := r.Form[name]
	switch {
	case len(vals) == 0 || strings.TrimSpace(vals[0]) == "":
		writeError(w, http.StatusBadRequest, "missing form field "+name+": "+want)
		return "", false
	case len(vals) > 1:
		writeError(w, http.StatusBadRequest, "form field "+name+" is repeated")
		return "", false
	}
	return strings.TrimSpace(vals[0]), true
}

// loopbackPeer reports whether a request's remote address is a loopback IP.
func loopbackPeer(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackHost reports whether a Host header names the loopback interface.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeJSON answers with v as JSON. Clock readings go stale at once, so
// nothing may cache them.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only this package's plain structs reach here.
		panic("server: " + err.Error())
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// writeError answers with a JSON error; the code follows the status.
func writeError(w http.ResponseWriter, status int, desc string) {
	code := "invalid_request"
	switch status {
	case http.StatusForbidden:
		code = "access_denied"
	case http.StatusNotFound:
		code = "not_found"
	}
	writeJSON(w, status, errorBody{Error: code, Description: desc})
}
