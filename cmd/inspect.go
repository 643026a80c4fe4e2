package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
	"github.com/tokenflow/tokenflow/sim/termsafe"
)

const (
	// jwksTimeout bounds the whole JWKS fetch, so a dead issuer costs
	// seconds, not a hung terminal.
	jwksTimeout = 5 * time.Second
	// maxJWKSSize is far above any real key set (a few KiB) and far below
	// what would hurt to hold in memory.
	maxJWKSSize = 1 << 20
	// maxStdinToken leaves room for whitespace around a token of the
	// largest size jwtdebug accepts; anything longer is rejected by size.
	maxStdinToken = 2 * jwtdebug.MaxTokenSize
)

// newInspectCmd builds `tokenflow inspect`, a jwt.io for the terminal.
func newInspectCmd() *cobra.Command {
	var (
		jwksSource string
		secret     string
		serverURL  string
		now        time.Time
	)
	cmd := &cobra.Command{
		Use:   "inspect TOKEN|-",
		Short: "Decode a JWT and check its signature, like jwt.io",
		Long: `Decode a JWT: show its header and claims, when it was issued and when it
expires (relative to now), and whether its signature is valid.

The signature is checked only when a key is given: --jwks for ES256/RS256
tokens (a URL such as an issuer's jwks_uri, a file:// URL or a file path), or
--secret for HS256 tokens. A public key never verifies an HS256 token, and
alg "none" is never accepted.

--server reads a token from a running 'tokenflow serve': the signature is
checked with its keys (GET /jwks.json) and the times are judged on its
simulated clock, which dates every answer (the Date header). Only the URL
given is contacted.

Exits 1 if the token cannot be decoded or its signature is INVALID.`,
		Example: `  tokenflow inspect eyJhbGciOi...
  pbpaste | tokenflow inspect -
  tokenflow inspect --jwks http://127.0.0.1:8080/jwks.json "$TOKEN"
  tokenflow inspect --server http://127.0.0.1:8080 "$TOKEN"
  tokenflow inspect --secret tutorial-secret --now 2026-01-05T09:20:00Z "$TOKEN"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if serverURL != "" {
				for _, other := range []string{"jwks", "now"} {
					if cmd.Flags().Changed(other) {
						return &UsageError{Err: fmt.Errorf("--server and --%s cannot be used together: the server gives the %s", other, map[string]string{"jwks": "keys", "now": "time"}[other])}
					}
				}
				base, err := parsePublicURL(serverURL)
				if err != nil {
					return &UsageError{Err: fmt.Errorf("invalid value %q for --server: %w", serverURL, err)}
				}
				serverURL = base
			}
			token := args[0]
			if token == "-" {
				in, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), maxStdinToken))
				if err != nil {
					return fmt.Errorf("read token from stdin: %w", err)
				}
				token = strings.TrimSpace(string(in))
			}

			opts := jwtdebug.Options{Secret: []byte(secret)}
			var judged string
			if serverURL != "" {
				var err error
				if now, opts.JWKS, err = readServer(cmd.Context(), serverURL); err != nil {
					return &ExitError{Code: exitFailure, Err: err}
				}
				judged = fmt.Sprintf("Judged at %s, the simulated time of %s.\n\n", now.Format(time.RFC3339), serverURL)
			}
			if jwksSource != "" {
				data, err := loadJWKS(cmd.Context(), jwksSource)
				if err != nil {
					return err
				}
				if opts.JWKS, err = jwtdebug.ParseJWKS(data); err != nil {
					return fmt.Errorf("%s: %w", jwksSource, err)
				}
			}

			d, err := jwtdebug.Decode(token, opts)
			if err != nil {
				return &ExitError{Code: exitFailure, Err: err}
			}
			if now.IsZero() {
				now = time.Now()
			}
			// Every claim is the token author's text.
			fmt.Fprint(cmd.OutOrStdout(), judged+termsafe.Escape(d.Format(now)))
			if d.Signature.State == jwtdebug.Invalid {
				return &ExitError{Code: exitFailure, Err: errors.New("signature " + d.Signature.String())}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&jwksSource, "jwks", "", "verify with the keys of this JWKS (http(s):// URL, file:// URL or file path)")
	f.StringVar(&secret, "secret", "", "verify an HS256/HS384/HS512 token with this shared secret")
	f.StringVar(&serverURL, "server", "", "the URL of a running tokenflow serve: judge times on its simulated clock and check the signature with its keys")
	f.Var(timeValue{&now}, "now", "read iat/nbf/exp relative to this RFC 3339 time, e.g. a simulated clock's (default: the current time)")
	return cmd
}

// loadJWKS reads a JWKS document from an http(s) URL, a file:// URL or a
// plain file path, the last two for working offline.
func loadJWKS(ctx context.Context, source string) ([]byte, error) {
	u, err := url.Parse(source)
	switch {
	case err == nil && (u.Scheme == "http" || u.Scheme == "https"):
		return fetchJWKS(ctx, source)
	case err == nil && u.Scheme == "file":
		return readJWKSFile(u.Path)
	default:
		return readJWKSFile(source)
	}
}

// fetchJWKS GETs a JWKS from an issuer.
func fetchJWKS(ctx context.Context, source string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, jwksTimeout)
	defer cancel()
	return getBounded(ctx, http.DefaultClient, source, "JWKS", jwksAccept, maxJWKSSize)
}

// jwksAccept is the Accept header of a JWKS request (RFC 7517 §8.5.1).
const jwksAccept = "application/jwk-set+json, application/json"

// getBounded GETs url with client and returns the body of a 200 answer,
// of at most limit bytes. what names the document in errors ("JWKS").
func getBounded(ctx context.Context, client *http.Client, url, what, accept string, limit int64) ([]byte, error) {
	data, _, err := getBoundedHeader(ctx, client, url, what, accept, limit)
	return data, err
}

// getBoundedHeader is getBounded that also returns the answer's header.
func getBoundedHeader(ctx context.Context, client *http.Client, url, what, accept string, limit int64) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("fetch %s: %w", what, err)
	}
	req.Header.Set("Accept", accept)
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("fetch %s: %w", what, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("fetch %s %s: %s", what, url, resp.Status)
	}
	data, err := readBounded(resp.Body, what, url, limit)
	return data, resp.Header, err
}

// readJWKSFile reads a JWKS from disk.
func readJWKSFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read JWKS: %w", err)
	}
	defer f.Close()
	return readBounded(f, "JWKS", path, maxJWKSSize)
}

// readBounded reads a document of at most limit bytes from r; what and
// source name it in errors ("JWKS", the URL or path).
func readBounded(r io.Reader, what, source string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, source, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s %s is larger than %d bytes", what, source, limit)
	}
	return data, nil
}

// timeValue is a flag.Value holding an RFC 3339 instant. A bad value is a
// flag error, and so a usage error.
type timeValue struct{ t *time.Time }

// String returns the instant as RFC 3339, or "" when unset.
func (v timeValue) String() string {
	if v.t == nil || v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.RFC3339Nano)
}

// Set parses an RFC 3339 instant.
func (v timeValue) Set(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return errors.New("want an RFC 3339 time such as 2026-01-05T09:00:00Z")
	}
	*v.t = t
	return nil
}

// Type names the value in help output.
func (v timeValue) Type() string { return "time" }
