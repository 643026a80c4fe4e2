package sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/plural"
)

// Attacker holds the newest token of each kind it managed to obtain.
type Attacker struct {
	AccessToken  string
	RefreshToken string
	http         *http.Client
	// dpop is the attacker's own key: it signs proofs as well as any, but
	// its thumbprint is not the one a stolen token is bound to.
	dpop *prover
	// captured are DPoP proofs read off a plain-HTTP wire, with the token
	// each went with, for replaying.
	capturedAPI, capturedRefresh capture
}

// capture is a proof seen on the wire and the token it was sent with.
type capture struct{ token, proof string }

func (w *World) loot(kind issuer.TokenKind, tok, how string, cause Cause) {
	if tok == "" {
		return
	}
	text := fmt.Sprintf("the attacker now holds the %s token %s (%s)", kind, tokenID(w, tok), how)
	if kind == issuer.AccessToken {
		w.Attacker.AccessToken = tok
	} else {
		w.Attacker.RefreshToken = tok
	}
	w.watchHeld(tok, kind)
	if w.stolenBound(kind, tok) {
		cause = CauseStolenBound
		text += ", but not the key it is bound to"
	}
	w.emit(Event{Kind: KindStolen, Actor: ActorAttacker, TokenKind: kind, TokenID: tokenID(w, tok), Cause: cause, Text: text})
}

// stolenBound reports whether a stolen token is bound to the app's key,
// which no theft of tokens carries away.
func (w *World) stolenBound(kind issuer.TokenKind, tok string) bool {
	if kind == issuer.AccessToken {
		return w.boundTo(tok) != ""
	}
	return tok == w.Client.RefreshToken && w.Client.refreshBound
}

func (w *World) steal(kind issuer.TokenKind) {
	tok := w.Client.AccessToken
	if kind == issuer.RefreshToken {
		tok = w.Client.RefreshToken
	}
	how := "copied from a stolen laptop or a leaked log"
	if w.bffOn() {
		how = "copied from a leak on the app's backend: a log, a memory dump"
	}
	w.loot(kind, tok, how, CauseStolenCopy)
}

func (w *World) attack(how string) {
	a := w.Attacker
	switch how {
	case "call":
		target := w.url(api.PathProfile)
		w.Client.do(a.http, http.MethodGet, target, nil, w.attackerPresents(target))
	case "refresh":
		tr, ok := w.attackerRefresh()
		if ok {
			a.AccessToken = tr.AccessToken
			if tr.RefreshToken != "" {
				a.RefreshToken = tr.RefreshToken
			}
			w.emit(Event{Kind: KindStolen, Actor: ActorAttacker, TokenKind: issuer.AccessToken,
				TokenID: tokenID(w, tr.AccessToken), Text: "the attacker minted itself a fresh access token"})
		}
	case "xss":
		w.xss()
	case "silent":
		w.silent()
	case "sniff":
		w.sniff()
	}
}

// xss is script injected into the app's page. Where the tokens live
// decides only what it can read at rest; while the page is open it can
// still act through the page whatever the storage, which is why the
// browser-based-apps BCP (§5.1) treats XSS as game over for tokens in the
// browser and why the notes say what remains possible.
func (w *World) xss() {
	c := w.Client
	if c.AccessToken == "" && c.RefreshToken == "" {
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseXSSEmpty,
			Text: "XSS ran, but nobody is logged in: the app holds no token, in " + storagePhrase(w.cfg.Storage) + " or anywhere"})
		return
	}
	bound := c.tokenType == "DPoP" && c.AccessToken != ""
	switch {
	case w.bffOn():
		w.bffXSS()
		return
	case w.cfg.Storage == StorageLocalStorage:
		w.loot(issuer.AccessToken, c.AccessToken, "read from localStorage by injected script", CauseStolenXSS)
		w.loot(issuer.RefreshToken, c.RefreshToken, "read from localStorage by injected script", CauseStolenXSS)
	case bound:
		// Nothing at rest to read; riding the page, below, is what is left.
	case w.cfg.Storage == StorageCookie:
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseXSSCookie,
			Text: "XSS carried no token away: HttpOnly cookies are invisible to script (document.cookie omits them). " +
				"While the page is open it can still send requests from it, and the browser attaches the cookies; " +
				"it can also start a login of its own in a hidden frame and take the tokens that flow returns."})
	default:
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseXSSMemory,
			Text: "XSS found no token at rest: they live in a variable, not in storage script can read later. " +
				"While the page is open it can still call the API through the app, wrap fetch to read the tokens as the app uses them, " +
				"or start a login of its own in a hidden frame and take the tokens that flow returns."})
	}
	if bound {
		w.rideThePage()
	}
}

// sniff reads every exchange the app sent in clear text. Over HTTPS an
// eavesdropper sees which host was contacted and how much data moved, but
// not a single header or body.
func (w *World) sniff() {
	var access, refresh string
	plain, encrypted := 0, 0
	for _, e := range w.Log.All() {
		x := e.Exchange
		if x == nil || (x.Actor != ActorClient && x.Actor != ActorTab2 && x.Actor != ActorBrowser) {
			continue
		}
		if !x.Plaintext() {
			encrypted++
			continue
		}
		plain++
		w.captureProofs(x)
		if scheme, tok, ok := strings.Cut(x.ReqHeader.Get("Authorization"), " "); ok && (scheme == "Bearer" || scheme == "DPoP") {
			access = tok
		}
		if f, err := url.ParseQuery(x.ReqBody); err == nil && f.Get("refresh_token") != "" {
			refresh = f.Get("refresh_token")
		}
		var tr issuer.TokenResponse
		if json.Unmarshal([]byte(x.RespBody), &tr) == nil && tr.AccessToken != "" {
			access = tr.AccessToken
			if tr.RefreshToken != "" {
				refresh = tr.RefreshToken
			}
		}
	}
	if access == "" && refresh == "" {
		cause := CauseSniffTLS
		switch {
		case plain > 0:
			cause = CauseSniffNoTokens
		case encrypted == 0:
			cause = CauseSniffNothing
		}
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: cause, Text: fmt.Sprintf(
			"sniffed the network: %s (TLS: only the host name and sizes show) and %d in clear text with no tokens in them",
			plural.Count(encrypted, "encrypted exchange"), plain)})
		return
	}
	w.loot(issuer.AccessToken, access, "read off the wire: "+plural.Count(plain, "exchange")+" went over plain HTTP", CauseStolenSniff)
	w.loot(issuer.RefreshToken, refresh, "read off the wire from a plain-HTTP token request", CauseStolenSniff)
}

// introspectTarget picks the token `introspect` asks about.
func (w *World) introspectTarget(which string) (string, error) {
	switch which {
	case "access":
		if w.Client.AccessToken == "" {
			return "", notNow("the client has no access token to introspect")
		}
		return w.Client.AccessToken, nil
	case "refresh":
		if w.Client.RefreshToken == "" {
			return "", notNow("the client has no refresh token to introspect")
		}
		return w.Client.RefreshToken, nil
	default:
		if w.Attacker.AccessToken != "" {
			return w.Attacker.AccessToken, nil
		}
		if w.Attacker.RefreshToken != "" {
			return w.Attacker.RefreshToken, nil
		}
		return "", notNow("the attacker holds no token to introspect")
	}
}

// introspect has the API ask the issuer about a token (RFC 7662), as a
// resource server does when it wants revocations to count at once.
func (w *World) introspect(which string) {
	tok, _ := w.introspectTarget(which)
	req, _ := http.NewRequest(http.MethodPost, w.cfg.BaseURL+issuer.PathIntrospect,
		strings.NewReader(url.Values{"token": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(issuer.APIClientID, issuer.APIClientKey)
	res, err := w.httpClient(ActorAPI).Do(req)
	if err != nil {
		return
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var in issuer.Introspection
	_ = json.Unmarshal(body, &in)
	verdict := "inactive"
	if in.Active {
		verdict = "active"
	}
	cause := CauseIntrospectInactive
	if in.Active {
		cause = CauseIntrospectActive
	}
	w.emit(Event{Kind: KindIntrospected, Actor: ActorAPI, TokenID: tokenID(w, tok), Cause: cause,
		Text: fmt.Sprintf("the issuer says the token is %s", verdict)})
}

// forge builds a counterfeit access token and presents it to the API.
func (w *World) forge(how string) error {
	now := w.Clock.Now()
	claims := jwt.MapClaims{
		"iss": w.Issuer.URL(), "sub": issuer.DemoUser, "aud": w.Issuer.Audience(),
		"client_id": issuer.PublicClientID, "scope": issuer.DefaultScope,
		"iat": now.Unix(), "exp": now.Add(24 * time.Hour).Unix(), "jti": "at-forged",
	}
	sample := w.Attacker.AccessToken
	if sample == "" {
		sample = w.Client.AccessToken
	}
	header := map[string]any{"typ": "at+jwt", "alg": issuer.ES256}
	if sample != "" {
		if parts := strings.Split(sample, "."); len(parts) == 3 {
			_ = decodeSegment(parts[0], &header)
			_ = decodeSegment(parts[1], &claims)
		}
	}
	var tok, text string
	switch how {
	case "none":
		// RFC 8725 §3.1: a verifier must never accept "none".
		header = map[string]any{"alg": "none", "typ": "at+jwt"}
		claims["exp"] = now.Add(24 * time.Hour).Unix()
		tok = encodeSegment(header) + "." + encodeSegment(claims) + "."
		text = `forged a token with alg "none" and no signature, valid for 24h`
	case "tamper":
		// check made sure there is a genuine token to start from.
		parts := strings.Split(sample, ".")
		claims["scope"] = "profile admin"
		claims["exp"] = now.Add(24 * time.Hour).Unix()
		tok = parts[0] + "." + encodeSegment(claims) + "." + parts[2]
		text = "took a genuine token, changed scope to \"profile admin\" and exp to +24h, kept the signature"
	case "wrong-key":
		key := drawKey(w.attackRand)
		t := jwt.NewWithClaims(issuer.DeterministicES256, claims)
		for k, v := range header {
			if k != "alg" {
				t.Header[k] = v // keeps the issuer's kid: the API must not trust it blindly
			}
		}
		var err error
		if tok, err = t.SignedString(key); err != nil {
			// A P-256 key of our own making always signs; this is a bug,
			// not a state the learner could change.
			return fmt.Errorf("sim: signing the forgery: %w", err)
		}
		text = "signed a well-formed token with the attacker's own ES256 key, reusing the issuer's kid"
	case "audience":
		t, err := w.Issuer.MintForAudience(issuer.DemoUser, "https://billing.tokenflow.test")
		if err != nil {
			return err
		}
		tok = t
		text = "replayed a genuine token the issuer minted for another API (aud https://billing.tokenflow.test), leaked by that API"
	}
	w.emit(Event{Kind: KindForged, Actor: ActorAttacker, TokenKind: issuer.AccessToken, Text: text})
	w.Client.do(w.Attacker.http, http.MethodGet, w.url(api.PathProfile), nil, bearer(tok))
	return nil
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func encodeSegment(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}
