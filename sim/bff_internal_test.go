package sim

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestTheBackendWantsItsPagesHeader: a request from another site carries
// the session cookie (the app shares a site with the issuer, so SameSite
// does not stop it) but cannot set a custom header (BCP §6.1.3.3).
func TestTheBackendWantsItsPagesHeader(t *testing.T) {
	w, err := New(Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"set storage bff", "login"} {
		a, _ := ParseAction(l)
		if err := w.Apply(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		method, path string
		header       bool
		want         int
	}{
		{http.MethodGet, "/bff/api/profile", false, http.StatusForbidden},
		{http.MethodPost, "/bff/logout", false, http.StatusForbidden},
		{http.MethodGet, "/bff/logout", true, http.StatusMethodNotAllowed},
		{http.MethodGet, "/bff/api/profile", true, http.StatusOK},
	} {
		r := httptest.NewRequest(tt.method, w.appURL(tt.path), nil)
		r.AddCookie(&http.Cookie{Name: bffSessionCookie, Value: w.bff.session})
		if tt.header {
			r.Header.Set(bffCSRFHeader, "1")
		}
		rec := httptest.NewRecorder()
		w.bff.ServeHTTP(rec, r)
		if rec.Code != tt.want {
			t.Errorf("%s %s, header %v: %d, want %d", tt.method, tt.path, tt.header, rec.Code, tt.want)
		}
	}
}
