package issuer_test

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// TestAccessTokenExpiresExactlyAtExp pins RFC 7519 §4.1.4 at the API and
// at introspection: valid one second before exp, expired at exp.
func TestAccessTokenExpiresExactlyAtExp(t *testing.T) {
	tests := []struct {
		at     time.Duration
		status int
		active bool
	}{
		{15*time.Minute - time.Second, http.StatusOK, true},
		{15 * time.Minute, http.StatusUnauthorized, false},
		{15*time.Minute + time.Second, http.StatusUnauthorized, false},
	}
	for _, tt := range tests {
		t.Run(tt.at.String(), func(t *testing.T) {
			e := newEnv(t, nil)
			tr := e.login()
			e.clock.Advance(tt.at)
			if rec := e.apiCall(tr.AccessToken); rec.Code != tt.status {
				t.Errorf("API at iat+%v: status %d, want %d (%s)", tt.at, rec.Code, tt.status, rec.Body)
			}
			if got := body(e.introspect(tr.AccessToken)) != inactive; got != tt.active {
				t.Errorf("introspection at iat+%v: active %v, want %v", tt.at, got, tt.active)
			}
		})
	}
}

func TestLeewayExtendsAccessTokenValidity(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.Leeway = 30 * time.Second })
	tr := e.login()
	e.clock.Advance(15*time.Minute + 29*time.Second)
	if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusOK {
		t.Fatalf("inside the leeway: status %d", rec.Code)
	}
	e.clock.Advance(time.Second)
	if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusUnauthorized {
		t.Fatalf("at exp+leeway: status %d", rec.Code)
	}
}

func TestRefreshTokenExpiresExactlyAtExp(t *testing.T) {
	for _, tt := range []struct {
		at time.Duration
		ok bool
	}{{time.Hour - time.Second, true}, {time.Hour, false}} {
		t.Run(tt.at.String(), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.RefreshTTL = time.Hour })
			tr := e.login()
			e.clock.Advance(tt.at)
			rec := e.refresh(tr.RefreshToken)
			if tt.ok {
				e.mustToken(rec)
				return
			}
			expectError(t, rec, http.StatusBadRequest, issuer.ErrInvalidGrant)
		})
	}
}

func TestRefreshTTLCountsFromEachTokensIssue(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.RefreshTTL = time.Hour })
	rt := e.login().RefreshToken
	// Every 50 minutes for five hours: each token is younger than an hour
	// when used, although the login is far older.
	for i := 0; i < 6; i++ {
		e.clock.Advance(50 * time.Minute)
		tr := e.mustToken(e.refresh(rt))
		info, _ := e.iss.RefreshInfo(tr.RefreshToken)
		if want := e.clock.Now().Add(time.Hour); !info.Expires.Equal(want) {
			t.Fatalf("generation %d expires %v, want issue+1h = %v", info.Generation, info.Expires, want)
		}
		rt = tr.RefreshToken
	}
}

func TestFamilyLifetimeIsNeverExtendedByRotation(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) {
		p.RefreshTTL = time.Hour
		p.FamilyLifetime = 2 * time.Hour
	})
	rt := e.login().RefreshToken
	for _, step := range []time.Duration{50 * time.Minute, 50 * time.Minute} {
		e.clock.Advance(step)
		rt = e.mustToken(e.refresh(rt)).RefreshToken
	}
	// Issued at +1h40 with a 1h TTL, but the login ends at +2h.
	info, _ := e.iss.RefreshInfo(rt)
	if want := t0.Add(2 * time.Hour); !info.Expires.Equal(want) {
		t.Fatalf("the newest token expires %v, want the family's end %v", info.Expires, want)
	}
	e.clock.Advance(20*time.Minute - time.Second) // +1h59m59s
	rt = e.mustToken(e.refresh(rt)).RefreshToken
	e.clock.Advance(time.Second) // exactly +2h
	expectError(t, e.refresh(rt), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

func TestRotationOnIssuesANewRefreshTokenEachTime(t *testing.T) {
	e := newEnv(t, nil)
	first := e.login()
	mark := e.mark()
	second := e.mustToken(e.refresh(first.RefreshToken))
	if second.RefreshToken == "" || second.RefreshToken == first.RefreshToken {
		t.Fatal("rotation on: the refresh token was not replaced")
	}
	if !hasKind(e.kinds(mark), issuer.EventRotated) {
		t.Error("no rotated event")
	}
	info, _ := e.iss.RefreshInfo(first.RefreshToken)
	if info.State != issuer.StateRotated || info.Generation != 1 {
		t.Errorf("the used token: %+v, want generation 1 rotated-out", info)
	}
	info, _ = e.iss.RefreshInfo(second.RefreshToken)
	if info.State != issuer.StateActive || info.Generation != 2 {
		t.Errorf("its successor: %+v, want generation 2 valid", info)
	}
}

func TestRotationOffKeepsTheSameRefreshToken(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.Rotation = false })
	tr := e.login()
	mark := e.mark()
	for i := 0; i < 3; i++ {
		e.clock.Advance(15 * time.Minute)
		next := e.mustToken(e.refresh(tr.RefreshToken))
		if next.RefreshToken != tr.RefreshToken {
			t.Fatalf("refresh %d: rotation off returned another refresh token", i)
		}
		if rec := e.apiCall(next.AccessToken); rec.Code != http.StatusOK {
			t.Fatalf("the new access token is refused: %d", rec.Code)
		}
	}
	k := e.kinds(mark)
	if hasKind(k, issuer.EventRotated) || hasKind(k, issuer.EventReuseDetected) {
		t.Errorf("rotation off emitted %v", k)
	}
}

// TestRefreshReuseRevokesFamily replays a rotated-out refresh token in both
// orders (RFC 9700 §4.14.2). On the wire the two orders look the same,
// which is the point: the issuer cannot tell thief from victim, so
// whoever comes second kills the family and neither party can refresh.
func TestRefreshReuseRevokesFamily(t *testing.T) {
	for _, attackerFirst := range []bool{true, false} {
		name := "client first"
		if attackerFirst {
			name = "attacker first"
		}
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, nil)
			clientRT := e.login().RefreshToken
			attackerRT := clientRT // stolen: a copy of the same token
			first, second := &clientRT, &attackerRT
			if attackerFirst {
				first, second = second, first
			}
			*first = e.mustToken(e.refresh(*first)).RefreshToken
			mark := e.mark()
			expectError(t, e.refresh(*second), http.StatusBadRequest, issuer.ErrInvalidGrant)
			k := e.kinds(mark)
			if !hasKind(k, issuer.EventReuseDetected) || !hasKind(k, issuer.EventFamilyRevoked) {
				t.Fatalf("reuse emitted %v, want reuse-detected and family-revoked", k)
			}
			for who, rt := range map[string]string{"client": clientRT, "attacker": attackerRT} {
				expectError(t, e.refresh(rt), http.StatusBadRequest, issuer.ErrInvalidGrant)
				if info, _ := e.iss.RefreshInfo(rt); info.State != issuer.StateRevoked {
					t.Errorf("the %s's refresh token is %s, want revoked", who, info.State)
				}
			}
		})
	}
}

// TestRefreshTokenStateIsCheckedBeforeTheRestOfTheRequest pins RFC 9700
// §4.14.2: a rotated-out or revoked refresh token is recognised whatever
// else the request gets wrong, so a replay cannot dodge reuse detection by
// asking for a scope it knows will be refused.
func TestRefreshTokenStateIsCheckedBeforeTheRestOfTheRequest(t *testing.T) {
	e := newEnv(t, nil)
	old := e.login().RefreshToken
	next := e.mustToken(e.refresh(old)).RefreshToken
	replay := refreshForm(old)
	replay.Set("scope", "bogus")
	mark := e.mark()
	expectError(t, e.post(issuer.PathToken, replay), http.StatusBadRequest, issuer.ErrInvalidGrant)
	if k := e.kinds(mark); !hasKind(k, issuer.EventReuseDetected) || !hasKind(k, issuer.EventFamilyRevoked) {
		t.Fatalf("a replay with scope=bogus emitted %v, want reuse-detected and family-revoked", k)
	}
	if info, _ := e.iss.RefreshInfo(next); info.State != issuer.StateRevoked {
		t.Errorf("the newest refresh token is %s, want revoked", info.State)
	}
	// The revoked family answers invalid_grant too, not invalid_scope.
	after := refreshForm(next)
	after.Set("scope", "bogus")
	expectError(t, e.post(issuer.PathToken, after), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

func TestReuseDetectionOffRefusesWithoutRevoking(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.ReuseDetection = false })
	old := e.login().RefreshToken
	next := e.mustToken(e.refresh(old))
	mark := e.mark()
	expectError(t, e.refresh(old), http.StatusBadRequest, issuer.ErrInvalidGrant)
	if k := e.kinds(mark); hasKind(k, issuer.EventFamilyRevoked) || hasKind(k, issuer.EventReuseDetected) {
		t.Fatalf("reuse detection off emitted %v", k)
	}
	e.mustToken(e.refresh(next.RefreshToken))
}

func TestReuseGraceCoversOnlyTheImmediateParentInsideTheWindow(t *testing.T) {
	grace := func(p *issuer.Policy) { p.ReuseGrace = 30 * time.Second }

	t.Run("parent inside the window", func(t *testing.T) {
		e := newEnv(t, grace)
		parent := e.login().RefreshToken
		child := e.mustToken(e.refresh(parent))
		e.clock.Advance(29 * time.Second)
		mark := e.mark()
		retry := e.mustToken(e.refresh(parent))
		if retry.RefreshToken != child.RefreshToken {
			t.Errorf("a grace retry answered refresh token %q, want the child already issued %q", retry.RefreshToken, child.RefreshToken)
		}
		if !hasKind(e.kinds(mark), issuer.EventGraceUsed) {
			t.Error("no grace-used event")
		}
		if rec := e.apiCall(retry.AccessToken); rec.Code != http.StatusOK {
			t.Errorf("the grace access token is refused: %d", rec.Code)
		}
		e.mustToken(e.refresh(retry.RefreshToken)) // the family lives on, from the child
	})
	t.Run("the successor is kept sealed, not in the clear", func(t *testing.T) {
		e := newEnv(t, grace)
		parent := e.login().RefreshToken
		child := e.mustToken(e.refresh(parent))
		if e.iss.HoldsInTheClear(child.RefreshToken) {
			t.Fatal("the issuer keeps the live child refresh token readable")
		}
	})
	t.Run("grace works with reuse detection off", func(t *testing.T) {
		e := newEnv(t, func(p *issuer.Policy) { grace(p); p.ReuseDetection = false })
		parent := e.login().RefreshToken
		child := e.mustToken(e.refresh(parent))
		if retry := e.mustToken(e.refresh(parent)); retry.RefreshToken != child.RefreshToken {
			t.Errorf("a retry with reuse detection off got %q, want the child", retry.RefreshToken)
		}
	})
	t.Run("a window is the one in force at rotation", func(t *testing.T) {
		e := newEnv(t, grace)
		parent := e.login().RefreshToken
		e.mustToken(e.refresh(parent))
		p := e.iss.Policy()
		p.ReuseGrace = time.Hour
		if err := e.iss.SetPolicy(p); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
		mark := e.mark()
		expectError(t, e.refresh(parent), http.StatusBadRequest, issuer.ErrInvalidGrant)
		if !hasKind(e.kinds(mark), issuer.EventReuseDetected) {
			t.Error("raising the grace period reopened a closed window")
		}
	})
	t.Run("parent inside the window with a scope never granted", func(t *testing.T) {
		e := newEnv(t, grace)
		parent := e.login().RefreshToken
		child := e.mustToken(e.refresh(parent))
		expectError(t, e.post(issuer.PathToken, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {parent},
			"client_id": {issuer.PublicClientID}, "scope": {"admin"}}), http.StatusBadRequest, issuer.ErrInvalidScope)
		e.mustToken(e.refresh(child.RefreshToken)) // a refused retry revokes nothing
	})
	t.Run("parent again after its child was used", func(t *testing.T) {
		e := newEnv(t, grace)
		parent := e.login().RefreshToken
		child := e.mustToken(e.refresh(parent))
		e.mustToken(e.refresh(child.RefreshToken))
		mark := e.mark()
		expectError(t, e.refresh(parent), http.StatusBadRequest, issuer.ErrInvalidGrant)
		if !hasKind(e.kinds(mark), issuer.EventReuseDetected) {
			t.Errorf("a parent whose child is used emitted %v, want reuse-detected", e.kinds(mark))
		}
	})
	t.Run("grace switched on after the rotation", func(t *testing.T) {
		// The issuer kept no successor for a rotation made without grace,
		// so it has no answer to repeat: the retry is reuse.
		e := newEnv(t, nil)
		parent := e.login().RefreshToken
		e.mustToken(e.refresh(parent))
		if err := e.iss.SetPolicy(func() issuer.Policy { p := e.iss.Policy(); p.ReuseGrace = 30 * time.Second; return p }()); err != nil {
			t.Fatal(err)
		}
		expectError(t, e.refresh(parent), http.StatusBadRequest, issuer.ErrInvalidGrant)
	})
	t.Run("parent at the end of the window", func(t *testing.T) {
		e := newEnv(t, grace)
		parent := e.login().RefreshToken
		child := e.mustToken(e.refresh(parent))
		e.clock.Advance(30 * time.Second)
		expectError(t, e.refresh(parent), http.StatusBadRequest, issuer.ErrInvalidGrant)
		expectError(t, e.refresh(child.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
	})
	t.Run("grandparent inside the window", func(t *testing.T) {
		e := newEnv(t, grace)
		grandparent := e.login().RefreshToken
		parent := e.mustToken(e.refresh(grandparent)).RefreshToken
		child := e.mustToken(e.refresh(parent)).RefreshToken
		mark := e.mark()
		expectError(t, e.refresh(grandparent), http.StatusBadRequest, issuer.ErrInvalidGrant)
		if !hasKind(e.kinds(mark), issuer.EventReuseDetected) {
			t.Errorf("grandparent replay emitted %v, want reuse-detected", e.kinds(mark))
		}
		expectError(t, e.refresh(child), http.StatusBadRequest, issuer.ErrInvalidGrant)
	})
}

func TestDenylistOffLetsARevokedFamilysAccessTokenLiveUntilExp(t *testing.T) {
	e := newEnv(t, nil)
	tr := e.login()
	e.post(issuer.PathRevoke, url.Values{"token": {tr.RefreshToken}, "client_id": {issuer.PublicClientID}})
	if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusOK {
		t.Fatalf("denylist off: the API refused a revoked family's access token (%d); it validates locally", rec.Code)
	}
	if got := body(e.introspect(tr.AccessToken)); got != inactive {
		t.Fatalf("introspection says %s; the issuer knows the family is revoked", got)
	}
	e.clock.Advance(15 * time.Minute)
	if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusUnauthorized {
		t.Fatalf("at exp: status %d", rec.Code)
	}
}

func TestDenylistOnRefusesARevokedFamilysAccessToken(t *testing.T) {
	for _, how := range []string{"logout", "reuse", "revoke access"} {
		t.Run(how, func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.Denylist = true })
			tr := e.login()
			mark := e.mark()
			switch how {
			case "logout":
				e.post(issuer.PathRevoke, url.Values{"token": {tr.RefreshToken}, "client_id": {issuer.PublicClientID}})
			case "reuse":
				e.mustToken(e.refresh(tr.RefreshToken))
				e.refresh(tr.RefreshToken)
			case "revoke access":
				e.post(issuer.PathRevoke, url.Values{"token": {tr.AccessToken}, "client_id": {issuer.PublicClientID}})
			}
			if !hasKind(e.kinds(mark), issuer.EventDenylisted) {
				t.Errorf("no denylisted event in %v", e.kinds(mark))
			}
			rec := e.apiCall(tr.AccessToken)
			if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Header().Get("WWW-Authenticate"), `error="invalid_token"`) {
				t.Fatalf("denylist on: status %d, challenge %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
			}
		})
	}
}

func TestEveryAlgorithmIssuesTokensTheAPIAccepts(t *testing.T) {
	for _, alg := range []issuer.Alg{issuer.ES256, issuer.RS256, issuer.HS256} {
		t.Run(string(alg), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.Alg = alg })
			tr := e.login()
			if rec := e.apiCall(tr.AccessToken); rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if !strings.HasPrefix(tr.AccessToken, headerPrefix(alg)) {
				t.Errorf("token not signed with %s", alg)
			}
			for _, k := range e.jwks() {
				if k["kty"] == "oct" || k["k"] != "" || k["alg"] == string(issuer.HS256) {
					t.Errorf("the JWKS publishes a shared secret: %v", k)
				}
			}
		})
	}
}

// headerPrefix is how a compact JWT starts for a header beginning with alg.
func headerPrefix(alg issuer.Alg) string {
	switch alg {
	case issuer.ES256:
		return "eyJhbGciOiJFUzI1NiIs"
	case issuer.RS256:
		return "eyJhbGciOiJSUzI1NiIs"
	}
	return "eyJhbGciOiJIUzI1NiIs"
}

func TestSwitchingAlgorithmRefusesTokensOfTheOldOne(t *testing.T) {
	e := newEnv(t, nil)
	es := e.login().AccessToken
	e.setPolicy(func(p *issuer.Policy) { p.Alg = issuer.HS256 })
	if rec := e.apiCall(es); rec.Code != http.StatusUnauthorized {
		t.Errorf("an ES256 token after switching to HS256: status %d", rec.Code)
	}
	if rec := e.apiCall(e.login().AccessToken); rec.Code != http.StatusOK {
		t.Errorf("an HS256 token: status %d", rec.Code)
	}
}

// TestStatelessRefreshTokenSurvivesLogout shows the naive design: the
// server keeps no record, so revoking the JWT refresh token does nothing
// and it works until its exp.
func TestStatelessRefreshTokenSurvivesLogout(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) {
		p.RefreshFormat = issuer.RefreshStateless
		p.RefreshTTL = 24 * time.Hour
	})
	tr := e.login()
	if strings.Count(tr.RefreshToken, ".") != 2 {
		t.Fatalf("stateless refresh token %q is not a JWT", tr.RefreshToken)
	}
	mark := e.mark()
	rec := e.post(issuer.PathRevoke, url.Values{"token": {tr.RefreshToken}, "token_type_hint": {"refresh_token"},
		"client_id": {issuer.PublicClientID}})
	// The honest answer of a server that cannot revoke a token type (RFC 7009 §2.2.1).
	expectError(t, rec, http.StatusBadRequest, issuer.ErrUnsupportedTokenType)
	if !hasKind(e.kinds(mark), issuer.EventRevokeNoop) {
		t.Errorf("revocation emitted %v, want revoke-noop", e.kinds(mark))
	}
	for i := 0; i < 3; i++ {
		e.clock.Advance(time.Hour)
		next := e.mustToken(e.refresh(tr.RefreshToken))
		if rec := e.apiCall(next.AccessToken); rec.Code != http.StatusOK {
			t.Fatalf("access token from a stateless refresh: %d", rec.Code)
		}
	}
	e.clock.Advance(21*time.Hour - time.Second) // exp - 1s
	e.mustToken(e.refresh(tr.RefreshToken))
	e.clock.Advance(time.Second) // exp
	expectError(t, e.refresh(tr.RefreshToken), http.StatusBadRequest, issuer.ErrInvalidGrant)
}

func TestStatelessRefreshTokenIsNoAccessToken(t *testing.T) {
	e := newEnv(t, func(p *issuer.Policy) { p.RefreshFormat = issuer.RefreshStateless })
	tr := e.login()
	if rec := e.apiCall(tr.RefreshToken); rec.Code != http.StatusUnauthorized {
		t.Errorf("the API accepted a refresh JWT as an access token: %d", rec.Code)
	}
}

func TestSameSeedGivesByteIdenticalTokens(t *testing.T) {
	run := func(seed uint64) []string {
		e := newSeededEnv(t, seed, nil)
		tr := e.login()
		e.clock.Advance(15 * time.Minute)
		next := e.mustToken(e.refresh(tr.RefreshToken))
		return []string{tr.AccessToken, tr.RefreshToken, next.AccessToken, next.RefreshToken}
	}
	a, b, c := run(7), run(7), run(8)
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("token %d differs between two issuers with seed 7:\n%s\n%s", i, a[i], b[i])
		}
		if a[i] == c[i] {
			t.Errorf("token %d is the same under seeds 7 and 8", i)
		}
	}
}

func TestPolicyValidation(t *testing.T) {
	bad := []func(*issuer.Policy){
		func(p *issuer.Policy) { p.AccessTTL = 0 },
		func(p *issuer.Policy) { p.RefreshTTL = -time.Second },
		func(p *issuer.Policy) { p.FamilyLifetime = 0 },
		func(p *issuer.Policy) { p.ReuseGrace = -time.Second },
		func(p *issuer.Policy) { p.Leeway = -time.Second },
		func(p *issuer.Policy) { p.Alg = "none" },
		func(p *issuer.Policy) { p.RefreshFormat = "jwe" },
	}
	for i, edit := range bad {
		p := issuer.DefaultPolicy()
		edit(&p)
		if p.Validate() == nil {
			t.Errorf("case %d: %+v validated", i, p)
		}
		e := newEnv(t, nil)
		if e.iss.SetPolicy(p) == nil {
			t.Errorf("case %d: SetPolicy accepted %+v", i, p)
		}
	}
}

// TestAlgorithmConfusionWithPublishedKeysIsRefused plays RFC 8725 §2.1's
// attack against the real issuer: an HS256 token whose "secret" is a
// public key anyone can fetch from the JWKS, in every encoding an
// HMAC-confused verifier might use, under every published kid. Whatever
// algorithm the API expects, none of them is accepted.
func TestAlgorithmConfusionWithPublishedKeysIsRefused(t *testing.T) {
	for _, alg := range []issuer.Alg{issuer.ES256, issuer.RS256, issuer.HS256} {
		t.Run(string(alg), func(t *testing.T) {
			e := newEnv(t, func(p *issuer.Policy) { p.Alg = alg })
			e.setPolicy(func(p *issuer.Policy) { p.Alg = issuer.RS256 }) // publish the RSA key too
			e.setPolicy(func(p *issuer.Policy) { p.Alg = alg })
			genuine := e.login().AccessToken
			_, payload, _ := strings.Cut(genuine, ".")
			payload, _, _ = strings.Cut(payload, ".")
			for _, k := range e.jwks() {
				pub := publicKey(t, k)
				der, err := x509.MarshalPKIXPublicKey(pub)
				if err != nil {
					t.Fatal(err)
				}
				secrets := map[string][]byte{
					"PEM": pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}),
					"DER": der,
				}
				if ec, ok := pub.(*ecdsa.PublicKey); ok {
					raw, _ := ec.Bytes()
					secrets["raw point"] = raw
				}
				for _, kid := range []string{k["kid"], "hs-" + k["kid"]} {
					for enc, secret := range secrets {
						header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","kid":"` + kid + `","typ":"at+jwt"}`))
						mac := hmac.New(sha256.New, secret)
						mac.Write([]byte(header + "." + payload))
						forged := header + "." + payload + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
						if rec := e.apiCall(forged); rec.Code != http.StatusUnauthorized {
							t.Errorf("HS256 keyed with the %s key's %s under kid %s: status %d", k["kty"], enc, kid, rec.Code)
						}
					}
				}
			}
		})
	}
}

// TestSigningFailureIsTheServersError: when the issuer cannot sign, the
// answer is 500 server_error (RFC 6749 §4.1.2.1 names it), not a 400 that
// tells the client its request was wrong.
func TestSigningFailureIsTheServersError(t *testing.T) {
	e := newEnv(t, nil)
	rt := e.login().RefreshToken
	e.iss.BreakSigning()
	expectError(t, e.refresh(rt), http.StatusInternalServerError, issuer.ErrServerError)
}

// TestAFailedRefreshChangesNothing: a refresh the issuer could not answer
// must not have rotated the token, or the client's retry would be reuse.
func TestAFailedRefreshChangesNothing(t *testing.T) {
	e := newEnv(t, nil)
	rt := e.login().RefreshToken
	p := e.iss.Policy()
	e.iss.BreakSigning()
	expectError(t, e.refresh(rt), http.StatusInternalServerError, issuer.ErrServerError)
	if err := e.iss.SetPolicy(p); err != nil {
		t.Fatal(err)
	}
	if info, _ := e.iss.RefreshInfo(rt); info.State != issuer.StateActive {
		t.Fatalf("after a failed refresh the token is %s, want still active", info.State)
	}
	e.mustToken(e.refresh(rt))
}
