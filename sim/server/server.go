// Package server serves one tokenflow world on real sockets, as
// `tokenflow serve` does: the world's issuer and resource API, each exchange
// recorded in the world's event log and summarised as one line for the
// terminal, and the simulated clock over HTTP (/sim/clock) to loopback
// clients. Every answer's Date header is the simulated time.
//
// Anyone who can reach the server can send it anything, so what it keeps is
// bounded: the world it serves should have limits (DefaultLimits), the
// http.Server in front of it should cap headers (HTTPMaxHeaderBytes), and it
// keeps only the start of a request body it refused.
//
// The simulated clock follows a wall clock at a chosen speed. The wall
// clock is injected, so tests run on a fake one and stay deterministic.
package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/clock"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// MaxSpeed is the fastest the simulated clock may run, in simulated seconds
// per wall second: an hour a second, the fastest speed the TUI offers.
var MaxSpeed = clock.Speeds[len(clock.Speeds)-1]

// maxBodyBytes bounds a request body. The issuer accepts at most 16 KiB;
// the margin lets it answer an oversized form itself, with an OAuth error.
const maxBodyBytes = 64 << 10

// How much of a request body the log keeps: 4 KiB of an accepted one, far
// more than any real OAuth request sends, and only the start of a refused
// one, which can be anything a stranger cares to send.
const (
	keptBody        = 4 << 10
	keptRefusedBody = 256
)

// MaxHeaderBytes is the most a request's head — its request line and
// header fields, as sent — may take before the answer is 431 Request
// Header Fields Too Large (RFC 6585 §5): the log keeps request headers
// whole, and net/http's default is a mebibyte. Real OAuth requests send
// well under 2 KiB.
const MaxHeaderBytes = 16 << 10

// HTTPMaxHeaderBytes is the http.Server.MaxHeaderBytes that holds a
// request's head to MaxHeaderBytes: net/http reads 4 KiB beyond its
// setting (its "bufio slop") before it answers 431.
const HTTPMaxHeaderBytes = MaxHeaderBytes - 4<<10

// DefaultLimits is what a served world remembers unless told otherwise: a
// thousand events (a few hundred exchanges, a few megabytes), and twenty
// thousand issuer records (a few megabytes: a room of learners who refresh
// for hours fits, and idle logins give way first).
var DefaultLimits = sim.Limits{Events: 1000, Issuer: issuer.Limits{Records: 20_000}}

// Config builds a Server.
type Config struct {
	// World is the world to serve. Its BaseURL should be the address the
	// server listens on, since it is the issuer identifier clients check.
	World *sim.World
	// Wall is the wall clock the simulated clock follows: time.Now, or a
	// fake in tests.
	Wall func() time.Time
	// Speed is how many simulated seconds pass per wall second, at most
	// MaxSpeed; zero starts the clock paused.
	Speed float64
	// Log receives one line per exchange; nil discards them.
	Log io.Writer
}

// Server is an http.Handler serving one world. It is safe for concurrent
// use: requests reach the world one at a time, since the world itself is
// not safe for concurrent use.
type Server struct {
	world *sim.World
	clock *clock.RealTime
	sim   http.Handler // the /sim/ clock-control endpoints

	mu sync.Mutex // serialises every use of world and clock

	logMu sync.Mutex // keeps log lines whole
	log   io.Writer
}

// New returns a server for cfg.World. It fails on a missing world or wall
// clock and on a speed out of range.
func New(cfg Config) (*Server, error) {
	if cfg.World == nil || cfg.Wall == nil {
		return nil, errors.New("server: World and Wall are required")
	}
	if err := checkSpeed(cfg.Speed); err != nil {
		return nil, err
	}
	s := &Server{world: cfg.World, clock: clock.NewRealTime(cfg.World.Clock, cfg.Wall), log: cfg.Log}
	s.clock.SetSpeed(cfg.Speed)
	s.sim = s.simHandler()
	return s, nil
}

// checkSpeed rejects a speed the clock cannot run at.
func checkSpeed(v float64) error {
	if math.IsNaN(v) || v < 0 || v > MaxSpeed {
		return fmt.Errorf("server: speed must be between 0 (paused) and %g, got %g", MaxSpeed, v)
	}
	return nil
}

// ServeHTTP answers one request. The simulated clock catches up with the
// wall clock first, so whatever the handler checks (exp, iat) sees the
// current simulated time. The handler writes into a buffer while the world
// is locked and the response goes to the network after, so a slow client
// never holds up the others.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil || len(body) > maxBodyBytes {
		w.Header().Set("Date", s.date())
	}
	switch {
	case err != nil:
		writeError(w, http.StatusBadRequest, "could not read the request body")
		return
	case len(body) > maxBodyBytes:
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", maxBodyBytes))
		return
	}
	in := r.Clone(r.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))

	handler := s.world.Handler()
	if isSimPath(r.URL.Path) {
		handler = s.sim
	}
	x := &sim.Exchange{
		Actor:     sim.Actor(r.RemoteAddr),
		Method:    r.Method,
		URL:       "http://" + r.Host + r.URL.RequestURI(),
		ReqHeader: r.Header.Clone(),
	}
	s.serveLocked(handler, in, body, x)

	h := w.Header()
	for k, v := range x.RespHeader {
		h[k] = v
	}
	if bodyAllowed(x.Status) {
		h.Set("Content-Length", strconv.Itoa(len(x.RespBody)))
	}
	w.WriteHeader(x.Status)
	if bodyAllowed(x.Status) {
		_, _ = io.WriteString(w, x.RespBody)
	}
	s.logExchange(x)
}

// serveLocked runs handler on the world, alone, and fills in the rest of x:
// the response, and what the log keeps of the request's body.
func (s *Server) serveLocked(handler http.Handler, in *http.Request, body []byte, x *sim.Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock.Sync()
	s.world.RecordExchange(func() *sim.Exchange {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, in)
		res := rec.Result()
		x.Status = res.StatusCode
		x.ReqBody = keep(body, x.Status)
		x.RespHeader = res.Header.Clone()
		x.RespHeader.Set("Date", httpDate(s.world.Now()))
		x.RespBody = rec.Body.String()
		return x
	})
}

// date is the simulated time as an HTTP Date header.
func (s *Server) date() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock.Sync()
	return httpDate(s.world.Now())
}

// httpDate formats t for a Date header. Every answer carries the simulated
// time there, not the machine's: RFC 9110 §6.6.1 makes Date the origin
// server's clock, and this server's clock is the simulated one. It is how
// a learner on another machine reads the time that judges their tokens
// (`tokenflow inspect --server`, `curl -i`), since /sim/clock answers
// loopback clients only.
func httpDate(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

// keep is what the log keeps of a request body that got status.
func keep(body []byte, status int) string {
	limit := keptBody
	if status >= 400 {
		limit = keptRefusedBody
	}
	if len(body) <= limit {
		return string(body)
	}
	return fmt.Sprintf("%s…(%d more bytes not kept)", body[:limit], len(body)-limit)
}

// bodyAllowed reports whether a response with status may carry a body
// (RFC 9110 §6.4.1).
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// logExchange writes the exchange's terminal line: simulated time, client
// address, method, path and status. Never the query string, headers or
// body, which carry codes and tokens that do not belong in a scrollback.
func (s *Server) logExchange(x *sim.Exchange) {
	if s.log == nil {
		return
	}
	line := fmt.Sprintf("sim %s  %-21s %-6s %s -> %d %s%s\n",
		x.At.Format("2006-01-02 15:04:05"), x.Actor, x.Method, x.Path(), x.Status, http.StatusText(x.Status), errorCode(x))
	s.logMu.Lock()
	defer s.logMu.Unlock()
	_, _ = io.WriteString(s.log, line)
}

// errorCode returns " (code)" for an error response such as the issuer's
// invalid_grant, the one word that says why a request failed: the code a
// script's `expect error` would see.
func errorCode(x *sim.Exchange) string {
	if x.Status < 400 {
		return ""
	}
	if code := x.ErrorCode(); code != "" {
		return " (" + code + ")"
	}
	return ""
}

// isSimPath reports whether path belongs to the clock-control endpoints.
func isSimPath(path string) bool {
	return path == "/sim" || strings.HasPrefix(path, "/sim/")
}
