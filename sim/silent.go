package sim

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/url"

	"github.com/tokenflow/tokenflow/sim/issuer"
)

// silent is injected script running an authorization-code flow of its own
// (the browser-based-apps BCP §5.1.3, "acquisition and extraction of new
// tokens"): a hidden frame in alice's browser asks the issuer for a code
// with prompt=none, the app's client_id and redirect URI. The frame
// carries alice's cookies, so while her session at the issuer lives the
// issuer answers with a code at once; the frame lands on the app's
// callback, on the app's origin, where the script reads the code from its
// URL and redeems it with a PKCE verifier of its own. The tokens are new,
// the attacker's from the start, and where the app keeps its own
// (memory, localStorage, cookies) never came into it. With DPoP on, the
// script proves a key of its own, so the tokens are bound to a key the
// attacker holds. With no live session, the issuer answers
// login_required and the attacker gets nothing.
func (w *World) silent() {
	a, c := w.Attacker, w.Client
	verifier := randomString(w.attackRand, 32)
	state := randomString(w.attackRand, 12)
	if w.bffOn() {
		w.bffSilent(verifier, state)
		return
	}
	q := authorizationQuery(verifier, state)
	q.Set("prompt", "none")
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Text: "injected script opens a hidden frame at the issuer's authorization endpoint: " +
		"prompt=none, the app's client_id and redirect URI, and a PKCE challenge of its own"})
	authz := w.url(endpoint(c.meta.AuthorizationEndpoint, issuer.PathAuthorize)) + "?" + q.Encode()
	res, _ := c.do(c.browser, http.MethodGet, authz, nil, nil)
	loc, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound || err != nil || loc.Query().Get("state") != state {
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Text: "the hidden frame came back with nothing the script could use"})
		return
	}
	cb := loc.Query()
	if e := cb.Get("error"); e != "" {
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseSilentNone, Text: "the hidden frame came back with " + e +
			": alice has no live session at the issuer, so there was no code to take, and the script gets nothing"})
		return
	}
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Text: "the frame lands on the app's callback, on the app's origin: " +
		"the script reads the code from its URL and redeems it with its own verifier"})
	var p *prover
	if dpopOn(w.cfg.Policy) {
		p = a.dpop
	}
	tr, ok := c.tokenRequest(a.http, url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {cb.Get("code")},
		"redirect_uri":  {RedirectURI},
		"client_id":     {issuer.PublicClientID},
		"code_verifier": {verifier},
	}, endpoint(c.meta.TokenEndpoint, issuer.PathToken), p)
	if !ok {
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Text: "the script's token request was refused: it keeps nothing"})
		return
	}
	a.AccessToken = tr.AccessToken
	if tr.RefreshToken != "" {
		a.RefreshToken = tr.RefreshToken
	}
	cause, how := CauseSilentStolen, "its own silent login, with no need for what the app keeps in "+storagePhrase(w.cfg.Storage)
	if tr.TokenType == "DPoP" {
		cause, how = CauseSilentBound, how+", bound to the attacker's own DPoP key"
	}
	for _, t := range []struct {
		kind issuer.TokenKind
		tok  string
	}{{issuer.AccessToken, tr.AccessToken}, {issuer.RefreshToken, tr.RefreshToken}} {
		if t.tok != "" {
			w.emit(Event{Kind: KindStolen, Actor: ActorAttacker, TokenKind: t.kind, TokenID: tokenID(w, t.tok), Cause: cause,
				Text: "the attacker now holds the " + string(t.kind) + " token " + tokenID(w, t.tok) + " (" + how + ")"})
		}
	}
}

// randomString draws n bytes from r, base64url-encoded.
func randomString(r io.Reader, n int) string {
	b := make([]byte, n)
	_, _ = io.ReadFull(r, b) // a ChaCha8 stream never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
