package issuer

import (
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// The issuer's HTML pages: the login form, the logout confirmation and
// what follows it, and errors that cannot go back to the client.

var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>tokenflow: sign in</title></head>
<body>
<h1>Sign in to tokenflow</h1>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<form method="post" action="/authorize?{{.Query}}">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
<p>Demo account: alice / wonderland</p>
</body></html>
`))

// logoutPage asks the user to confirm a logout that names no ID token
// (RP-Initiated Logout 1.0 §2: without one, a cross-site request could log
// a user out unawares), or says the logout is done.
var logoutPage = template.Must(template.New("logout").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>tokenflow: sign out</title></head>
<body>
{{if .Done}}<h1>You are signed out of tokenflow</h1>
<p>The next login asks for your password again.</p>
{{else}}<h1>Sign out of tokenflow?</h1>
<form method="post" action="{{.Action}}">
{{range .Params}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<input type="hidden" name="confirm" value="yes">
<button type="submit">Sign out</button>
</form>
{{end}}</body></html>
`))

// framelessHTML sets the headers every page of the issuer's carries: it
// is HTML, never cached, and never framed by another site (clickjacking).
func framelessHTML(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
}

func writeLoginForm(w http.ResponseWriter, status int, rawQuery, msg string) {
	framelessHTML(w)
	w.WriteHeader(status)
	_ = loginPage.Execute(w, struct {
		Query template.URL
		Error string
	}{template.URL(rawQuery), msg}) // canonical re-encoding of a parsed query: safe in the attribute
}

// writeLogoutPage shows the confirmation form, which posts the request's
// params again with confirm=yes, or, with done, the signed-out page.
func writeLogoutPage(w http.ResponseWriter, params url.Values, done bool) {
	type field struct{ Name, Value string }
	var fields []field
	for _, k := range slices.Sorted(maps.Keys(params)) {
		fields = append(fields, field{k, params.Get(k)})
	}
	framelessHTML(w)
	w.WriteHeader(http.StatusOK)
	_ = logoutPage.Execute(w, struct {
		Action string
		Params []field
		Done   bool
	}{PathEndSession, fields, done})
}

func writeHTMLError(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!doctype html><title>tokenflow: error</title><h1>Request refused</h1><p>" +
		template.HTMLEscapeString(msg) + "</p>\n"))
}
