package sim_test

import (
	"strings"
	"testing"

	"github.com/tokenflow/tokenflow/sim"
)

// TestXSSStealsOnlyFromLocalStorage: script injected into the page reads
// localStorage, but neither a closure's memory nor HttpOnly cookies.
func TestXSSStealsOnlyFromLocalStorage(t *testing.T) {
	tests := []struct {
		storage       sim.Storage
		stealsAccess  bool
		stealsRefresh bool
	}{
		{sim.StorageLocalStorage, true, true},
		{sim.StorageMemory, false, false},
		{sim.StorageCookie, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.storage), func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "set storage "+string(tt.storage), "login", "attacker xss")
			if got := w.Attacker.AccessToken == w.Client.AccessToken; got != tt.stealsAccess {
				t.Errorf("XSS with %s stole the access token: %v, want %v", tt.storage, got, tt.stealsAccess)
			}
			if got := w.Attacker.RefreshToken == w.Client.RefreshToken; got != tt.stealsRefresh {
				t.Errorf("XSS with %s stole the refresh token: %v, want %v", tt.storage, got, tt.stealsRefresh)
			}
			if got := hasKind(last(w), sim.KindStolen); got != tt.stealsAccess {
				t.Errorf("stolen event: %v, want %v", got, tt.stealsAccess)
			}
			if !tt.stealsAccess && (w.Attacker.AccessToken != "" || w.Attacker.RefreshToken != "") {
				t.Errorf("the attacker holds tokens after XSS against %s", tt.storage)
			}
			if tt.stealsRefresh {
				if got := status(t, w, "attacker refresh"); got != 200 {
					t.Errorf("the attacker cannot use the stolen refresh token: %d", got)
				}
			}
		})
	}
}

func TestXSSBeforeLoginFindsNothing(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set storage local-storage", "attacker xss")
	if w.Attacker.AccessToken != "" || hasKind(last(w), sim.KindStolen) {
		t.Fatal("XSS stole something before anyone logged in")
	}
}

// TestSniffReadsOnlyPlainHTTP: an eavesdropper on plain HTTP reads the
// tokens off the wire; over HTTPS it sees nothing but sizes.
func TestSniffReadsOnlyPlainHTTP(t *testing.T) {
	for _, tt := range []struct {
		transport sim.Transport
		steals    bool
	}{{sim.TransportHTTP, true}, {sim.TransportHTTPS, false}} {
		t.Run(string(tt.transport), func(t *testing.T) {
			w := newWorld(t, sim.Config{Seed: 1})
			apply(t, w, "set transport "+string(tt.transport), "login", "call", "refresh", "attacker sniff")
			stole := w.Attacker.AccessToken != "" || w.Attacker.RefreshToken != ""
			if stole != tt.steals {
				t.Fatalf("sniffing %s stole tokens: %v, want %v", tt.transport, stole, tt.steals)
			}
			if !tt.steals {
				if !strings.Contains(last(w)[len(last(w))-1].Text, "encrypted") {
					t.Errorf("sniffing HTTPS: %q", last(w)[len(last(w))-1].Text)
				}
				return
			}
			// What crossed the wire last is what the client holds now.
			if w.Attacker.AccessToken != w.Client.AccessToken || w.Attacker.RefreshToken != w.Client.RefreshToken {
				t.Error("the sniffed tokens are not the client's current ones")
			}
			if got := status(t, w, "attacker call"); got != 200 {
				t.Errorf("the sniffed access token is refused: %d", got)
			}
		})
	}
}

func TestHTTPTransportIsVisibleInTheExchange(t *testing.T) {
	w := newWorld(t, sim.Config{Seed: 1})
	apply(t, w, "set transport http", "login", "call")
	x := lastExchange(t, w)
	if !x.Plaintext() || !strings.HasPrefix(x.URL, "http://") {
		t.Errorf("exchange over %s is not marked plaintext", x.URL)
	}
	if raw := x.RawRequest(); !strings.Contains(raw, "Authorization: Bearer "+w.Client.AccessToken) {
		t.Errorf("raw request lacks the bearer token:\n%s", raw)
	}
}
