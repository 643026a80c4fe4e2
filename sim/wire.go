package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/dpop"
)

// maxRecorded bounds how much of a body the log keeps.
const maxRecorded = 64 << 10

// Exchange is one HTTP request and its response, recorded whole.
type Exchange struct {
	ID         int
	At         time.Time
	Actor      Actor
	Method     string
	URL        string // absolute, with the scheme the request travelled over
	ReqHeader  http.Header
	ReqBody    string
	Status     int
	RespHeader http.Header
	RespBody   string
	// Lost marks a response that never reached the sender: the server
	// answered, and acted on the request, but the connection dropped.
	Lost bool
}

// Path returns the URL's path, for compact displays.
func (x *Exchange) Path() string {
	_, target := hostAndTarget(x.URL)
	path, _, _ := strings.Cut(target, "?")
	return path
}

// hostAndTarget splits an absolute URL into its host and its request
// target (path and query), as an HTTP/1.1 request line carries them.
func hostAndTarget(u string) (host, target string) {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return "", u
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[:i], rest[i:]
	}
	return rest, "/"
}

// Plaintext reports whether the exchange travelled without TLS.
func (x *Exchange) Plaintext() bool { return strings.HasPrefix(x.URL, "http://") }

// RawRequest renders the request as it went over the wire (HTTP/1.1).
func (x *Exchange) RawRequest() string {
	var b strings.Builder
	host, target := hostAndTarget(x.URL)
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", x.Method, target, host)
	writeHeaders(&b, x.ReqHeader)
	b.WriteString("\r\n")
	b.WriteString(x.ReqBody)
	return b.String()
}

// RawResponse renders the response as it came back.
func (x *Exchange) RawResponse() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", x.Status, http.StatusText(x.Status))
	writeHeaders(&b, x.RespHeader)
	b.WriteString("\r\n")
	b.WriteString(x.RespBody)
	return b.String()
}

func writeHeaders(b *strings.Builder, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(b, "%s: %s\r\n", k, v)
		}
	}
}

// recordingTransport is an http.RoundTripper that serves requests from an
// in-process handler and records each exchange. Nothing touches a socket,
// yet every byte is real HTTP built by net/http.
type recordingTransport struct {
	world *World
	actor Actor
	// lose drops every response after the server has answered it, as a
	// connection that breaks on the way back does.
	lose bool
}

// errResponseLost is what a client whose response was lost sees: the
// request went out, nothing came back.
var errResponseLost = errors.New("connection reset before the response arrived")

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(req.Body, maxRecorded+1))
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	// Serve a copy: handlers may consume or alter the request.
	in := req.Clone(req.Context())
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.RequestURI = req.URL.RequestURI()
	in.Host = req.URL.Host
	in.RemoteAddr = "127.0.0.1:50000"
	in = in.WithContext(dpop.WithOrigin(in.Context(), req.URL.Scheme+"://"+req.URL.Host))
	rec := httptest.NewRecorder()
	var res *http.Response
	var respBody []byte
	t.world.holdEvents(func() *Exchange {
		outer := t.world.caller
		t.world.caller = t.actor
		if isApp(in.URL) {
			t.world.bff.ServeHTTP(rec, in)
		} else {
			t.world.handler.ServeHTTP(rec, in)
		}
		t.world.caller = outer
		res = rec.Result()
		respBody = rec.Body.Bytes()
		hdr := req.Header.Clone()
		if len(body) > 0 && hdr.Get("Content-Length") == "" {
			hdr.Set("Content-Length", fmt.Sprint(len(body)))
		}
		return &Exchange{
			Actor: t.actor, Method: req.Method, URL: req.URL.String(),
			ReqHeader: hdr, ReqBody: clip(body), Status: res.StatusCode,
			RespHeader: res.Header.Clone(), RespBody: clip(respBody), Lost: t.lose,
		}
	})
	if t.lose {
		return nil, errResponseLost
	}
	res.Body = io.NopCloser(bytes.NewReader(respBody))
	res.Request = req
	return res, nil
}

func clip(b []byte) string {
	if len(b) > maxRecorded {
		return string(b[:maxRecorded]) + "…(truncated)"
	}
	return string(b)
}

// ErrorCode is the OAuth error the exchange carried: the error of a bearer
// challenge (RFC 6750 §3), the JSON error of a token-endpoint answer
// (RFC 6749 §5.2), or the error parameter of an authorization redirect.
func (x *Exchange) ErrorCode() string {
	var body struct {
		Error string `json:"error"`
	}
	if json.Unmarshal([]byte(x.RespBody), &body) == nil && body.Error != "" && x.Status >= 400 {
		if code := challengeError(x.RespHeader.Get("WWW-Authenticate")); code != "" {
			return code
		}
		return body.Error
	}
	if loc := x.RespHeader.Get("Location"); loc != "" {
		if u, err := url.Parse(loc); err == nil {
			return u.Query().Get("error")
		}
	}
	return ""
}

func challengeError(h string) string {
	_, rest, ok := strings.Cut(h, `error="`)
	if !ok {
		return ""
	}
	code, _, _ := strings.Cut(rest, `"`)
	return code
}
