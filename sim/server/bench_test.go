package server

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// BenchmarkRefreshLoopback is one refresh grant over a real loopback
// socket: net/http client and server, the server's recording and log, and
// the issuer. Compare it with sim's BenchmarkFloor.
func BenchmarkRefreshLoopback(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	w, err := sim.New(sim.Config{Seed: 1, BaseURL: base})
	if err != nil {
		b.Fatal(err)
	}
	wall := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	srv, err := New(Config{World: w, Wall: func() time.Time { return wall }, Speed: 1, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	defer hs.Close()

	// The first refresh token comes from an in-process login.
	if err := w.Apply(sim.Act("login")); err != nil {
		b.Fatal(err)
	}
	rt := w.Client.RefreshToken
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	for b.Loop() {
		res, err := client.PostForm(base+issuer.PathToken, url.Values{
			"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {issuer.PublicClientID}})
		if err != nil {
			b.Fatal(err)
		}
		var tr issuer.TokenResponse
		err = json.NewDecoder(res.Body).Decode(&tr)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || !strings.HasPrefix(tr.TokenType, "Bearer") {
			b.Fatalf("refresh: %d %v", res.StatusCode, err)
		}
		rt = tr.RefreshToken
	}
}
