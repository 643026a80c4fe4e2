package cmd

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The fixtures are an ES256 access token issued at 2026-01-05T09:00:00Z for
// 15 minutes, kid "tokenflow-1", and the JWKS holding its public key.
const (
	fixtureJWKS = "testdata/es256.jwks.json"
	fixtureNow  = "2026-01-05T09:05:00Z"
)

func fixtureToken(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/es256.jwt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// jwksServer serves the fixture JWKS over HTTP on 127.0.0.1.
func jwksServer(t *testing.T) *httptest.Server {
	t.Helper()
	jwks, err := os.ReadFile(fixtureJWKS)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/jwks.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Write(jwks)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestInspectDecodesTokenArgument(t *testing.T) {
	code, stdout, stderr := run(t, "", "inspect", "--now", fixtureNow, fixtureToken(t))
	if code != 0 || stderr != "" {
		t.Fatalf("code %d, stderr %q; want 0 and nothing", code, stderr)
	}
	for _, want := range []string{
		"Header:\n{\n  \"alg\": \"ES256\",\n  \"kid\": \"tokenflow-1\",\n  \"typ\": \"at+jwt\"\n}\n",
		"  \"sub\": \"alice\"\n",
		"  exp  2026-01-05T09:15:00Z  expires in 10m\n",
		"\nSignature: not checked\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

func TestInspectReadsTokenFromStdin(t *testing.T) {
	_, want, _ := run(t, "", "inspect", "--now", fixtureNow, fixtureToken(t))
	code, stdout, stderr := run(t, "\n  "+fixtureToken(t)+" \r\n", "inspect", "--now", fixtureNow, "-")
	if code != 0 || stderr != "" || stdout != want {
		t.Errorf("code %d, stderr %q, stdout\n%s\nwant 0, nothing and\n%s", code, stderr, stdout, want)
	}
}

func TestInspectVerifiesWithJWKS(t *testing.T) {
	abs, err := filepath.Abs(fixtureJWKS)
	if err != nil {
		t.Fatal(err)
	}
	for name, source := range map[string]string{
		"http URL":  jwksServer(t).URL + "/jwks.json",
		"file URL":  "file://" + filepath.ToSlash(abs),
		"file path": fixtureJWKS,
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", "inspect", "--now", fixtureNow, "--jwks", source, fixtureToken(t))
			if code != 0 || stderr != "" || !strings.HasSuffix(stdout, "\nSignature: valid\n") {
				t.Errorf("code %d, stderr %q, stdout\n%s\nwant 0, nothing and a valid signature", code, stderr, stdout)
			}
		})
	}
}

func TestInspectVerifiesWithSecret(t *testing.T) {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "alice"}).SignedString([]byte("tutorial-secret"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := run(t, "", "inspect", "--secret", "tutorial-secret", token)
	if code != 0 || !strings.HasSuffix(stdout, "\nSignature: valid\n") {
		t.Errorf("code %d, stdout\n%s\nwant 0 and a valid signature", code, stdout)
	}
}

func TestInspectInvalidSignatureExitsOne(t *testing.T) {
	// Swap the claims for alice's with sub "mallory", keeping the signature.
	parts := strings.Split(fixtureToken(t), ".")
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "mallory"}).SignedString([]byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]

	code, stdout, stderr := run(t, "", "inspect", "--jwks", fixtureJWKS, tampered)
	if code != 1 {
		t.Errorf("code = %d, want 1", code)
	}
	if !strings.Contains(stdout, "\"sub\": \"mallory\"") || !strings.Contains(stdout, "\nSignature: INVALID: the signature does not match") {
		t.Errorf("stdout does not show the claims and the INVALID signature:\n%s", stdout)
	}
	if !strings.HasPrefix(stderr, "tokenflow: signature INVALID: ") {
		t.Errorf("stderr = %q, want the INVALID signature reported", stderr)
	}
}

func TestInspectBadTokenExitsOne(t *testing.T) {
	tests := []struct {
		name, stdin, token, want string
	}{
		{"garbage", "", "garbage", "tokenflow: a JWT has 3 dot-separated parts (header.claims.signature); this token has 1\n"},
		{"empty stdin", " \n", "-", "tokenflow: empty token\n"},
		{"huge stdin", strings.Repeat("x", 200_000), "-", "tokenflow: token is 131072 bytes; the limit is 65536\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.stdin, "inspect", tt.token)
			if code != 1 || stdout != "" || stderr != tt.want {
				t.Errorf("code %d, stdout %q, stderr %q; want 1, nothing, %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

func TestInspectJWKSProblemsExitOne(t *testing.T) {
	srv := jwksServer(t)
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"keys":[` + strings.Repeat(" ", maxJWKSSize) + `]}`))
	}))
	t.Cleanup(huge.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	notJWKS := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(notJWKS, []byte(`{"keys": 1}`), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, source, want string
	}{
		{"not found", srv.URL + "/nope", "404 Not Found"},
		{"too large", huge.URL, "is larger than 1048576 bytes"},
		{"server down", closed.URL + "/jwks.json", "fetch JWKS: Get"},
		{"missing file", filepath.Join(t.TempDir(), "absent.json"), "read JWKS: open"},
		{"not a JWKS", notJWKS, "jwtdebug: JWKS is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", "inspect", "--jwks", tt.source, fixtureToken(t))
			if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "tokenflow: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("code %d, stdout %q, stderr %q; want 1, nothing, a message containing %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

// --now lets a token from a simulated world be read at that world's time.
func TestInspectReadsTimesAtNowFlag(t *testing.T) {
	later := time.Date(2026, time.January, 12, 9, 0, 0, 0, time.UTC).Format(time.RFC3339)
	_, stdout, _ := run(t, "", "inspect", "--now", later, fixtureToken(t))
	if !strings.Contains(stdout, "expired 6d23h45m ago") {
		t.Errorf("stdout does not read the token at --now:\n%s", stdout)
	}
}
