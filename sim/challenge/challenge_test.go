package challenge_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/tokenflow/tokenflow/sim/challenge"
)

// TestTextCannotBreakOutOfTheQuotedString: a description can carry text
// from the request, which must not end the quoted string or add lines.
func TestTextCannotBreakOutOfTheQuotedString(t *testing.T) {
	got := challenge.Text("alg \"none\"\\\r\nX-Injected: 1 (RFC 9449 §7) é")
	if want := "alg 'none'???X-Injected: 1 (RFC 9449 section 7) ?"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

// TestWritePutsTheErrorInTheSchemeUsed: RFC 9449 §7.2.
func TestWritePutsTheErrorInTheSchemeUsed(t *testing.T) {
	params := challenge.Error("invalid_token", "expired")
	tests := []struct {
		usedDPoP, offerDPoP bool
		want                []string
	}{
		{false, false, []string{`Bearer realm="tokenflow", error="invalid_token", error_description="expired"`}},
		{false, true, []string{`Bearer realm="tokenflow", error="invalid_token", error_description="expired"`, `DPoP algs="ES256 RS256"`}},
		{true, true, []string{`DPoP algs="ES256 RS256", error="invalid_token", error_description="expired"`, `Bearer realm="tokenflow"`}},
	}
	for _, tt := range tests {
		h := http.Header{}
		challenge.Write(h, tt.usedDPoP, tt.offerDPoP, params)
		if got := h.Values("WWW-Authenticate"); !slices.Equal(got, tt.want) {
			t.Errorf("used DPoP %v, offer %v: %q, want %q", tt.usedDPoP, tt.offerDPoP, got, tt.want)
		}
	}
}
