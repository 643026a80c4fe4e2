package cmd

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/server"
)

// shutdownTimeout is how long in-flight requests get to finish after
// Ctrl+C; every handler answers in microseconds, so it is only ever
// reached by a client that stopped reading.
const shutdownTimeout = 5 * time.Second

// newServeCmd builds `tokenflow serve`: the issuer and API on real sockets.
func newServeCmd() *cobra.Command {
	var (
		o           serveOptions
		publicURL   string
		cfg         sim.Config
		keepEvents  int
		keepRecords int
		policy      = &policyFlags{}
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the authorization server and API on a real port, for your own OAuth client",
		Long: `Run tokenflow's authorization server and resource API on a real address,
so any OAuth client (curl, a browser, your own app) can log in, call the API,
refresh and get caught reusing a refresh token. Each exchange is logged as
one line.

The simulated clock starts at the current time (or --start) and follows the
wall clock at --speed. Anyone may read it; loopback clients move it:

  curl http://127.0.0.1:8080/sim/clock
  curl -d by=15m http://127.0.0.1:8080/sim/clock/advance
  curl -d speed=0 http://127.0.0.1:8080/sim/clock/speed

For a room, listen on every interface and name the address learners use
with --public-url: the metadata's issuer, every endpoint in it and every
token's iss and aud are built from it.

--preset NAME applies one issuer's refresh-token policy (auth0, okta,
keycloak, hydra, cognito, entra, rfc9700, naive; see sim/PRESETS.md), before
any other policy flag, whatever the order: --preset okta --grace 0s is Okta
without its grace period. --skew-issuer and --skew-api put the issuer's or
the API's clock off the simulated one (negative: behind), to watch what
clocks that disagree do to your client.

With --dpop on, a client that sends DPoP proofs (RFC 9449) gets tokens bound
to its key. The server checks each proof's iat against the simulated clock:
after an advance, a client that stamps proofs with its own wall clock is
refused for stale proofs, exactly as a client with a skewed clock would be.

Memory is bounded whatever clients send: serve keeps the most recent
--keep-events events (each exchange and what it caused) and at most
--keep-records issuer records, forgetting each login, token and code once
it can no longer matter, and idle logins first when full.

Keys and token values come from a random seed, printed at start. --seed N
fixes them for a reproducible demo; anyone who knows the seed can sign
tokens this server accepts, so never fix it on an address other machines
can reach.

Stop with Ctrl+C.`,
		Example: `  tokenflow serve
  tokenflow serve --addr 127.0.0.1:9000 --access-ttl 1m --speed 60
  tokenflow serve --rotation off --alg HS256
  tokenflow serve --preset okta --skew-api -2m
  tokenflow serve --addr 0.0.0.0:8080 --public-url http://192.168.1.20:8080 --start 2026-01-05T09:00:00Z`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			seed := serveSeed{value: seedFlag(cmd), fixed: cmd.Flags().Changed(seedFlagName)}
			if !seed.fixed {
				seed.value = randomSeed()
			}
			cfg.Seed = seed.value
			o.seed = seed
			if err := checkAddr(o.addr, "127.0.0.1:8080"); err != nil {
				return err
			}
			if publicURL != "" {
				u, err := parsePublicURL(publicURL)
				if err != nil {
					return &UsageError{Err: fmt.Errorf("invalid value %q for --public-url: %w", publicURL, err)}
				}
				o.publicURL = u
			}
			if cmd.Flags().Changed("start") && (o.start.Year() < 1970 || o.start.Year() > 9999) {
				return &UsageError{Err: fmt.Errorf("invalid value %q for --start: want a time from 1970 to 9999", cmd.Flags().Lookup("start").Value)}
			}
			if speed := o.speed; math.IsNaN(speed) || speed < 0 || speed > server.MaxSpeed {
				return &UsageError{Err: fmt.Errorf("invalid argument %q for \"--speed\" flag: want 0 (paused) to %g",
					cmd.Flags().Lookup("speed").Value, server.MaxSpeed)}
			}
			if keepEvents < 1 {
				return &UsageError{Err: fmt.Errorf("invalid argument %d for \"--keep-events\" flag: want at least 1", keepEvents)}
			}
			if keepRecords < issuer.MinRecords {
				return &UsageError{Err: fmt.Errorf("invalid argument %d for \"--keep-records\" flag: want at least %d",
					keepRecords, issuer.MinRecords)}
			}
			cfg.Limits = sim.Limits{Events: keepEvents, Issuer: issuer.Limits{Records: keepRecords}}
			cfg = policy.apply(cfg)
			return serve(cmd.Context(), o, cfg, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port); 0.0.0.0:8080 lets other machines in")
	f.StringVar(&publicURL, "public-url", "", "the URL other machines reach this server at, such as http://192.168.1.20:8080: the issuer identifier and the base of every endpoint (default: the listening address)")
	f.Var(timeValue{&o.start}, "start", "where the simulated clock starts, an RFC 3339 time such as 2026-01-05T09:00:00Z (default: the current time)")
	f.Float64Var(&o.speed, "speed", 1, fmt.Sprintf("simulated seconds per wall second, 0 (paused) to %g", server.MaxSpeed))
	f.IntVar(&keepEvents, "keep-events", server.DefaultLimits.Events, "most recent events (exchanges and what they caused) kept in memory")
	f.IntVar(&keepRecords, "keep-records", server.DefaultLimits.Issuer.Records,
		fmt.Sprintf("most issuer records (logins, tokens, codes) kept in memory, at least %d", issuer.MinRecords))
	policy.register(f)
	return cmd
}

// serveOptions are the flags of serve that are not world settings.
type serveOptions struct {
	addr string
	// publicURL is the checked --public-url, without a trailing slash;
	// empty means the listening address.
	publicURL string
	// start is --start; zero means the current time.
	start time.Time
	speed float64
	seed  serveSeed
}

// parsePublicURL checks a --public-url: an http or https URL of a host and
// an optional port, nothing else, since it becomes the issuer identifier
// (RFC 8414 §2: no query or fragment) and the endpoints are its paths.
func parsePublicURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", errors.New("not a URL: want one such as http://192.168.1.20:8080")
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("want an http:// or https:// URL, such as http://192.168.1.20:8080")
	case u.Host == "" || u.Hostname() == "":
		return "", errors.New("no host: want one such as http://192.168.1.20:8080")
	case u.User != nil:
		return "", errors.New("a user name or password does not belong in the issuer's URL")
	case u.RawQuery != "" || u.ForceQuery:
		return "", errors.New("an issuer identifier has no query string (RFC 8414 §2)")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", errors.New("an issuer identifier has no fragment (RFC 8414 §2)")
	case u.Path != "" && u.Path != "/":
		return "", errors.New("serve answers at the root of its address: give scheme://host:port with no path")
	}
	if port := u.Port(); port != "" {
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			return "", fmt.Errorf("port %q is not a number from 1 to 65535", port)
		}
	}
	return u.Scheme + "://" + u.Host, nil
}

// serveSeed is the seed serve's world is built from, and whether the user
// fixed it with --seed.
type serveSeed struct {
	value uint64
	fixed bool
}

// randomSeed draws a seed from the operating system's CSPRNG. serve must
// not use the shared default: the seed derives the signing keys and every
// token value, and the default is in the source for anyone to read.
func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails: crypto/rand crashes the program rather than return weak bytes
	return binary.BigEndian.Uint64(b[:])
}

// seedWarning is what serve says when a fixed seed meets a listener other
// machines can reach, or "" when there is nothing to say.
func seedWarning(seed serveSeed, a net.Addr) string {
	if !seed.fixed {
		return ""
	}
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("tokenflow serve: WARNING: --seed %d makes every signing key and token predictable, and %s "+
		"is reachable from other machines: anyone who knows the seed can sign access tokens this API accepts and "+
		"redeem refresh tokens it issued. Leave out --seed to get a random one, or listen on 127.0.0.1.\n", seed.value, a)
}

// serve listens on o.addr and serves a world built from cfg until ctx
// ends or Ctrl+C, then shuts down gracefully.
func serve(ctx context.Context, o serveOptions, cfg sim.Config, stdout, stderr io.Writer) error {
	surviveBrokenPipes()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	// The issuer identifier must be the URL clients really use, so the
	// world is built only once the port is known.
	cfg.BaseURL = o.publicURL
	if cfg.BaseURL == "" {
		cfg.BaseURL = serveBaseURL(ln.Addr())
	}
	cfg.Start = o.start
	if o.start.IsZero() {
		cfg.Start = time.Now()
	}
	w, err := sim.New(cfg)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv, err := server.New(server.Config{World: w, Wall: time.Now, Speed: o.speed, Log: stderr})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	printServeBanner(stdout, w, ln.Addr(), o)
	if warning := seedWarning(o.seed, ln.Addr()); warning != "" {
		fmt.Fprint(stderr, warning)
	}

	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    server.HTTPMaxHeaderBytes,
		ErrorLog:          log.New(stderr, "tokenflow serve: ", 0),
	}
	err = serveUntilStopped(ctx, shutdownTimeout,
		func() error {
			if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
		func(ctx context.Context) error {
			if err := hs.Shutdown(ctx); err != nil {
				hs.Close()
				return fmt.Errorf("shutting down: %w", err)
			}
			return nil
		})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// serveBaseURL is the base URL for a listener's address. A wildcard
// address (0.0.0.0, ::) is no place a client can go, so the base URL names
// the loopback interface instead.
func serveBaseURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	ip := tcp.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return "http://" + net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

// printServeBanner tells the person at the terminal where everything is.
// The first line carries the URL that reaches the server from this
// machine alone, for scripts and tests; the learners' line says which
// address the rest of the room uses.
func printServeBanner(out io.Writer, w *sim.World, addr net.Addr, o serveOptions) {
	local, issuerURL := serveBaseURL(addr), w.Config().BaseURL
	pace := fmt.Sprintf("×%g", o.speed)
	if o.speed == 0 {
		pace = "paused"
	}
	var policy []string
	for _, name := range servePolicies {
		policy = append(policy, name+" "+w.Config().SettingString(name))
	}
	fmt.Fprintf(out, "tokenflow serve: listening on %s\n", local)
	fmt.Fprintf(out, "  learners  %s\n", learnersLine(addr, o.publicURL))
	fmt.Fprintf(out, "  metadata  %s%s\n", issuerURL, issuer.PathMetadata)
	fmt.Fprintf(out, "  OpenID    %s%s (ID tokens, userinfo, logout)\n", issuerURL, issuer.PathOpenIDConfiguration)
	fmt.Fprintf(out, "  API       GET %s/api/profile\n", issuerURL)
	fmt.Fprintf(out, "  sign in   %s / %s\n", issuer.DemoUser, issuer.DemoPassword)
	fmt.Fprintf(out, "  client    %s (public, PKCE S256), redirect_uri http://127.0.0.1:PORT/callback\n", issuer.PublicClientID)
	fmt.Fprintf(out, "  API's own %s / %s (confidential client, HTTP Basic or form: for %s)\n", issuer.APIClientID, issuer.APIClientKey, issuer.PathIntrospect)
	fmt.Fprintf(out, "  clock     %s, %s (every answer's Date header; this machine only: GET %s%s, POST %s%s by=15m)\n",
		w.Now().Format(time.RFC3339), pace, local, server.PathClock, local, server.PathAdvance)
	fmt.Fprintf(out, "  policy    %s\n", strings.Join(policy, ", "))
	limits := w.Config().Limits
	fmt.Fprintf(out, "  memory    the last %d events, at most %d issuer records (--keep-events, --keep-records)\n",
		limits.Events, limits.Issuer.Records)
	if o.seed.fixed {
		fmt.Fprintf(out, "  seed      %d, fixed by --seed: keys and token values are predictable\n", o.seed.value)
	} else {
		fmt.Fprintf(out, "  seed      %d, random (it derives the signing keys: keep it private; --seed %d replays them)\n", o.seed.value, o.seed.value)
	}
	fmt.Fprintln(out, "Press Ctrl+C to stop.")
}

// learnersLine says where the room points its clients: the public URL,
// or why there is none yet. A public URL over a loopback listener reaches
// the server only from this machine, through a proxy on it: the line
// says so, since a room told that URL would find nothing.
func learnersLine(addr net.Addr, publicURL string) string {
	tcp, ok := addr.(*net.TCPAddr)
	port := "PORT"
	if ok {
		port = strconv.Itoa(tcp.Port)
	}
	switch {
	case publicURL != "" && ok && tcp.IP.IsLoopback():
		return publicURL + " (--public-url), but this server listens on " + tcp.IP.String() +
			" alone, which only this machine (or a proxy on it) reaches; for a room: --addr 0.0.0.0:" + port
	case publicURL != "":
		return publicURL + " (--public-url: the issuer identifier, in the metadata and every token)"
	case ok && tcp.IP.IsUnspecified():
		return "none yet: listening on every interface, but the issuer identifier names this machine's loopback address; " +
			"give --public-url http://ADDRESS:" + port + " with the address the room reaches"
	case ok && tcp.IP.IsLoopback():
		return "this machine only (for a room: --addr 0.0.0.0:" + port + " --public-url http://ADDRESS:" + port + ")"
	default:
		return serveBaseURL(addr)
	}
}
