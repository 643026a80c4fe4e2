package issuer_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// FuzzTokenEndpoint posts arbitrary bodies, content types and headers to
// the token endpoint. Whatever arrives, the answer is a 2xx or 4xx with a
// JSON body carrying either an access token or an RFC 6749 §5.2 error.
func FuzzTokenEndpoint(f *testing.F) {
	const form = "application/x-www-form-urlencoded"
	// The seed-1 issuer's first login hands out this refresh token, so
	// the corpus reaches the success path.
	seedEnv := newEnv(f, nil)
	rt := seedEnv.login().RefreshToken
	f.Add(http.MethodPost, refreshForm(rt).Encode(), form, "", "")
	f.Add(http.MethodPost, refreshForm(rt).Encode()+"&scope=profile", form+"; charset=utf-8", "", "")
	f.Add(http.MethodPost, "grant_type=refresh_token&refresh_token=x", form, apiBasic, "")
	f.Add(http.MethodPost, "grant_type=authorization_code&code=x&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback&code_verifier="+
		strings.Repeat("a", 43)+"&client_id=tokenflow-cli", form, "", "")
	f.Add(http.MethodPost, "grant_type=password&username=alice&password=wonderland", form, "Basic !!!", "")
	f.Add(http.MethodPost, "grant_type=refresh_token&grant_type=x", form, "Basic "+strings.Repeat("=", 10), "1")
	f.Add(http.MethodPost, `{"grant_type":"refresh_token"}`, "application/json", "", "")
	f.Add(http.MethodPost, "%zz=%", form, "Bearer x", "")
	f.Add(http.MethodPost, "a=b", "text/plain; charset=\"", "", "")
	f.Add(http.MethodGet, "", "", "", "")
	f.Add(http.MethodPut, "grant_type=refresh_token", form, "", "")
	f.Add(http.MethodPost, "client_id=tokenflow-api&client_secret=api-secret&grant_type=refresh_token&refresh_token="+rt, form, "", "")
	f.Add(http.MethodPost, "client_id=%00&grant_type=refresh_token&refresh_token=%ff", form, "Basic dG9rZW5mbG93LWNsaTo=", "")

	f.Fuzz(func(t *testing.T, method, body, contentType, authorization, contentLength string) {
		if !validMethod(method) {
			method = http.MethodPost
		}
		e := newEnv(t, nil)
		e.login() // so the seed's refresh token exists
		r := httptest.NewRequest(http.MethodPost, issuer.PathToken, strings.NewReader(body))
		r.Method = method
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		if authorization != "" {
			r.Header.Set("Authorization", authorization)
		}
		if n, err := strconv.ParseInt(contentLength, 10, 64); err == nil {
			r.ContentLength = n // a lying Content-Length
		}
		rec := e.serve(r)
		if rec.Code >= 500 || rec.Code < 200 {
			t.Fatalf("status %d for %s %q (%s)", rec.Code, method, body, contentType)
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("body is not JSON: %v: %q", err, rec.Body)
		}
		_, hasError := out["error"].(string)
		_, hasToken := out["access_token"].(string)
		if hasError == hasToken {
			t.Fatalf("body %s has neither an error nor an access token, or both", rec.Body)
		}
		if hasToken != (rec.Code == http.StatusOK) {
			t.Fatalf("status %d with body %s", rec.Code, rec.Body)
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Fatal("token response without Cache-Control: no-store")
		}
	})
}

// validMethod reports whether m is an HTTP token, as net/http requires.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c > 0x7e || c <= 0x20 || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}

// loopbackCallback is the only shape of URL the authorization endpoint may
// send a user agent to (RFC 8252 §7.3).
var loopbackCallback = regexp.MustCompile(`^http://(127\.0\.0\.1|localhost|\[::1\]):[0-9]{1,5}/`)

// FuzzAuthorize sends arbitrary query strings (and form bodies) to the
// authorization endpoint. It never answers 5xx, and never redirects
// anywhere but a loopback /callback: an open redirector at an
// authorization server leaks codes (RFC 6749 §10.15).
func FuzzAuthorize(f *testing.F) {
	_, challenge := newEnv(f, nil).pkcePair()
	good := authzQuery(challenge).Encode()
	f.Add(good, false, "")
	f.Add(good, true, "username=alice&password=wonderland")
	f.Add(good, true, "username=alice&password=nope")
	f.Add(good, true, "username=alice&username=bob&password=wonderland")
	f.Add(strings.Replace(good, "127.0.0.1", "evil.example", 1), true, "username=alice&password=wonderland")
	f.Add(strings.Replace(good, "53682", "0", 1), false, "")
	f.Add(strings.Replace(good, "S256", "plain", 1), false, "")
	f.Add(strings.Replace(good, "127.0.0.1%3A53682", "%5B%3A%3A1%5D%3A80", 1), true, "username=alice&password=wonderland")
	f.Add(strings.Replace(good, "%2Fcallback", "%2F%63allback", 1), false, "")
	f.Add(good+"&redirect_uri=http%3A%2F%2Fevil.example%2F", false, "")
	f.Add("redirect_uri=http://127.0.0.1:1/callback&client_id=tokenflow-cli&response_type=token", false, "")
	f.Add("%zz&;;&&==", true, "%zz")
	f.Add("client_id=tokenflow-cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcallback%23frag", false, "")
	f.Add("client_id=tokenflow-cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%40evil.example%2Fcallback", false, "")
	f.Add(good+"&prompt=none", false, "")
	f.Add(good+"&prompt=none+login&nonce=n", false, "")
	f.Add(good+"&prompt=%00&scope=openid+email&nonce="+strings.Repeat("n", 600), false, "")

	f.Fuzz(func(t *testing.T, rawQuery string, post bool, body string) {
		e := newEnv(t, nil)
		rec := e.serve(rawRequest(issuer.PathAuthorize, rawQuery, post, body))
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, rawQuery)
		}
		loc, has := rec.Header()["Location"]
		if !has {
			return
		}
		if rec.Code != http.StatusFound || len(loc) != 1 {
			t.Fatalf("Location %q with status %d", loc, rec.Code)
		}
		if !loopbackCallback.MatchString(loc[0]) {
			t.Fatalf("redirected outside the loopback interface: %s", loc[0])
		}
		u, err := url.Parse(loc[0])
		if err != nil {
			t.Fatalf("unparsable Location %q: %v", loc[0], err)
		}
		host, port, err := net.SplitHostPort(u.Host)
		if err != nil || u.Scheme != "http" || u.Path != "/callback" || u.User != nil || u.Fragment != "" {
			t.Fatalf("redirected to %s: not http://loopback:port/callback", loc[0])
		}
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			t.Fatalf("redirected to port %q", port)
		}
		if host != "127.0.0.1" && host != "localhost" && host != "::1" {
			t.Fatalf("redirected to host %q", host)
		}
	})
}

// rawRequest is a GET of path with rawQuery, or with post a POST of the
// form body, built as a server receives it: httptest.NewRequest would
// panic on what a fuzzer sends, and a real server passes it through.
func rawRequest(path, rawQuery string, post bool, body string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.URL = &url.URL{Path: path, RawQuery: rawQuery}
	r.RequestURI = r.URL.RequestURI()
	if post {
		r.Method = http.MethodPost
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return r
}

// FuzzUserinfo sends arbitrary methods, Authorization headers, DPoP
// headers and bodies to the userinfo endpoint: the answer is never a 5xx,
// and is JSON with either the user's sub or an error.
func FuzzUserinfo(f *testing.F) {
	seed := newEnv(f, nil)
	tr := seed.browser().login(f, "n")
	f.Add(http.MethodGet, "Bearer "+tr.AccessToken, "", "", "")
	f.Add(http.MethodPost, "", "access_token="+tr.AccessToken, "application/x-www-form-urlencoded", "")
	f.Add(http.MethodPost, "Bearer x", "access_token=y", "application/x-www-form-urlencoded", "")
	f.Add(http.MethodGet, "DPoP "+tr.AccessToken, "", "", "eyJ.eyJ.x")
	f.Add(http.MethodGet, "Bearer "+tr.IDToken, "", "", "")
	f.Add(http.MethodPost, "bearer", "%zz", "application/x-www-form-urlencoded; charset=\"", "")
	f.Add(http.MethodDelete, "", "", "", "")

	f.Fuzz(func(t *testing.T, method, authorization, body, contentType, proof string) {
		if !validMethod(method) {
			method = http.MethodGet
		}
		e := newEnv(t, nil)
		e.browser().login(t, "n") // so the seed's access token exists
		r := httptest.NewRequest(http.MethodGet, issuer.PathUserinfo, strings.NewReader(body))
		r.Method = method
		for k, v := range map[string]string{"Authorization": authorization, "Content-Type": contentType, "DPoP": proof} {
			if v != "" {
				r.Header.Set(k, v)
			}
		}
		rec := e.serve(r)
		if rec.Code >= 500 || rec.Code < 200 {
			t.Fatalf("status %d", rec.Code)
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("body is not JSON: %v: %q", err, rec.Body)
		}
		if _, hasSub := out["sub"]; hasSub != (rec.Code == http.StatusOK) {
			t.Fatalf("status %d with body %s", rec.Code, rec.Body)
		}
	})
}

// FuzzEndSession sends arbitrary logout requests, by GET or POST: never a
// 5xx, and never a redirect but to the client's registered loopback
// post-logout URI.
func FuzzEndSession(f *testing.F) {
	seed := newEnv(f, nil)
	tr := seed.browser().login(f, "n")
	good := url.Values{"id_token_hint": {tr.IDToken}, "post_logout_redirect_uri": {"http://127.0.0.1:53682/logged-out"}, "state": {"s"}}.Encode()
	f.Add(good, false)
	f.Add(good, true)
	f.Add("client_id=tokenflow-cli&post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A1%2Flogged-out&confirm=yes", true)
	f.Add("post_logout_redirect_uri=http%3A%2F%2Fevil.example%2Flogged-out&client_id=tokenflow-cli", false)
	f.Add("id_token_hint="+tr.AccessToken, false)
	f.Add("id_token_hint=eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.&confirm=yes", true)
	f.Add("%zz&;;state=1&state=2", true)

	f.Fuzz(func(t *testing.T, params string, post bool) {
		e := newEnv(t, nil)
		b := e.browser()
		b.login(t, "n")
		query := params
		if post {
			query = ""
		}
		rec := b.do(rawRequest(issuer.PathEndSession, query, post, params))
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q", rec.Code, params)
		}
		loc := rec.Header().Get("Location")
		if loc == "" {
			return
		}
		u, err := url.Parse(loc)
		if err != nil || !loopbackCallback.MatchString(loc) || u.Path != issuer.PostLogoutPath || u.User != nil || u.Fragment != "" {
			t.Fatalf("redirected to %q", loc)
		}
	})
}
