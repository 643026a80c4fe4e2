package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// maxCookies bounds alice's browser's cookie jar. The issuer sets one
// cookie, but whatever the responses say, the jar never grows past this
// (browsers keep a few hundred a site).
const maxCookies = 50

// cookieJar is alice's browser's cookie store, as RFC 6265bis §5.7 keeps
// one, on the world's clock: net/http/cookiejar expires cookies by the
// wall clock, and here a session cookie must die when simulated time says.
//
// It keeps host-only cookies: one naming a Domain other than the host that
// set it is refused, a simplification no cookie of the issuer's needs.
// SameSite is not modelled: the issuer's session cookie is SameSite=None
// (see issuer.Issuer's sessionCookie), so it goes along with every
// request this browser makes, a hidden frame of the app's page included;
// the backend-for-frontend's cookies are only ever sent to its own site.
type cookieJar struct {
	now     func() time.Time
	mu      sync.Mutex
	cookies []storedCookie // oldest first
}

type storedCookie struct {
	host, path, name, value string
	secure                  bool
	expires                 time.Time // zero: until the browser closes, which it never does here
}

func newCookieJar(now func() time.Time) *cookieJar { return &cookieJar{now: now} }

// secureOrigin reports whether a Secure cookie may be set by, and sent to,
// u: over HTTPS, or to a loopback host, which browsers treat as secure.
func secureOrigin(u *url.URL) bool {
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return u.Scheme == "https"
}

// SetCookies stores the cookies a response to u set.
func (j *cookieJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	host := strings.ToLower(u.Hostname())
	for _, c := range cookies {
		if c.Secure && !secureOrigin(u) {
			continue // RFC 6265bis §5.7: a Secure cookie from an insecure origin is ignored
		}
		if d := strings.TrimPrefix(strings.ToLower(c.Domain), "."); d != "" && d != host {
			continue
		}
		sc := storedCookie{host: host, path: c.Path, name: c.Name, value: c.Value, secure: c.Secure}
		if sc.path == "" || sc.path[0] != '/' {
			sc.path = defaultPath(u.Path)
		}
		switch {
		case c.MaxAge < 0:
			sc.expires = now
		case c.MaxAge > 0:
			sc.expires = now.Add(time.Duration(c.MaxAge) * time.Second)
		case !c.Expires.IsZero():
			sc.expires = c.Expires
		}
		j.remove(sc.host, sc.path, sc.name)
		if sc.expires.IsZero() || now.Before(sc.expires) {
			j.cookies = append(j.cookies, sc)
		}
	}
	if n := len(j.cookies) - maxCookies; n > 0 {
		j.cookies = append(j.cookies[:0], j.cookies[n:]...)
	}
}

func (j *cookieJar) remove(host, path, name string) {
	j.cookies = slices.DeleteFunc(j.cookies, func(c storedCookie) bool {
		return c.host == host && c.path == path && c.name == name
	})
}

// Cookies returns the cookies a request to u carries.
func (j *cookieJar) Cookies(u *url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	j.cookies = slices.DeleteFunc(j.cookies, func(c storedCookie) bool {
		return !c.expires.IsZero() && !now.Before(c.expires)
	})
	host, path := strings.ToLower(u.Hostname()), u.Path
	if path == "" {
		path = "/"
	}
	var out []*http.Cookie
	for _, c := range j.cookies {
		if c.host == host && pathMatch(path, c.path) && (!c.secure || secureOrigin(u)) {
			out = append(out, &http.Cookie{Name: c.name, Value: c.value})
		}
	}
	return out
}

// value returns the value of the cookie called name that a request to u
// would carry.
func (j *cookieJar) value(u *url.URL, name string) (string, bool) {
	for _, c := range j.Cookies(u) {
		if c.Name == name {
			return c.Value, true
		}
	}
	return "", false
}

// defaultPath is a cookie's path when the response sets none (RFC 6265
// §5.1.4): the request path up to its last slash.
func defaultPath(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

// pathMatch is RFC 6265 §5.1.4's path-match.
func pathMatch(reqPath, cookiePath string) bool {
	rest, ok := strings.CutPrefix(reqPath, cookiePath)
	return ok && (rest == "" || strings.HasSuffix(cookiePath, "/") || rest[0] == '/')
}
