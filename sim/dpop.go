package sim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokenflow/tokenflow/sim/api"
	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/issuer"
)

// prover is a DPoP key pair and what goes with using it (RFC 9449): the
// issuer's last nonce and a stream for unique jti values. The app's is, in
// the browser model, a non-extractable WebCrypto key: script on the page
// can ask it to sign, but nothing can read it out.
type prover struct {
	key   *ecdsa.PrivateKey
	rand  io.Reader
	nonce string // the issuer's latest DPoP-Nonce
}

func newProver(r io.Reader) *prover { return &prover{key: drawKey(r), rand: r} }

// drawKey draws a P-256 key from r. A 32-byte draw is a valid scalar
// unless it is zero or at least the group order, which happens about once
// in 2³² draws: drawing again is enough.
func drawKey(r io.Reader) *ecdsa.PrivateKey {
	for {
		var seed [32]byte
		_, _ = io.ReadFull(r, seed[:]) // a ChaCha8 stream never fails
		if key, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), seed[:]); err == nil {
			return key
		}
	}
}

// thumbprint is the RFC 7638 thumbprint tokens bound to this key carry.
func (p *prover) thumbprint() string {
	jkt, _ := dpop.Thumbprint(dpop.PublicJWK(&p.key.PublicKey)) // an EC JWK always has one
	return jkt
}

// sign makes a proof for one request; accessToken, when set, is the token
// it goes with, whose hash the proof carries (ath). Signing is
// deterministic (RFC 6979), so a seeded world replays byte for byte.
func (p *prover) sign(method, target, accessToken string, at time.Time) string {
	var jti [12]byte
	_, _ = io.ReadFull(p.rand, jti[:])
	pr := dpop.Proof{JTI: base64.RawURLEncoding.EncodeToString(jti[:]), HTM: method, HTU: target, IAT: at, Nonce: p.nonce}
	if accessToken != "" {
		pr.ATH = dpop.ATH(accessToken)
	}
	s, _ := dpop.Sign(issuer.DeterministicES256, p.key, pr) // a P-256 key of our own making always signs
	return s
}

// heard keeps the nonce of a response, and reports whether the response
// asks for the request again with it (RFC 9449 §8).
func (p *prover) heard(res *http.Response, body []byte) bool {
	if n := res.Header.Get("DPoP-Nonce"); n != "" {
		p.nonce = n
	}
	var e struct {
		Error string `json:"error"`
	}
	return res.StatusCode == http.StatusBadRequest && json.Unmarshal(body, &e) == nil && e.Error == string(issuer.ErrUseDPoPNonce)
}

// boundTo reports the key thumbprint a token is bound to, "" for a bearer
// token: an opaque refresh token's binding is on record at the issuer, a
// JWT's is its cnf claim, read without verifying it, as a client or a
// thief can.
func (w *World) boundTo(tok string) string {
	if info, ok := w.Issuer.RefreshInfo(tok); ok {
		return info.BoundTo
	}
	claims, ok := w.peek(tok)
	if !ok {
		return ""
	}
	cnf, _ := claims["cnf"].(map[string]any)
	jkt, _ := cnf["jkt"].(string)
	return jkt
}

// attackerPresents is how the attacker sends its access token to target.
// A bearer token goes as it is. A bound one needs a proof from the key in
// its cnf.jkt, which the attacker never had: it replays a proof it
// captured with the token if it has one, and otherwise signs with its own
// key, hoping the API does not compare thumbprints.
func (w *World) attackerPresents(target string) http.Header {
	a := w.Attacker
	tok := a.AccessToken
	jkt := w.boundTo(tok)
	switch {
	case jkt == "":
		return bearer(tok)
	case jkt == a.dpop.thumbprint():
		// Its own token, from a refresh it made with its own key.
		return presentDPoP(tok, a.dpop.sign(http.MethodGet, target, tok, w.Clock.Now()))
	case a.capturedAPI.token == tok:
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker,
			Text: "the token is bound to the app's key: the attacker replays the DPoP proof it captured on the wire with it"})
		return presentDPoP(tok, a.capturedAPI.proof)
	}
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker,
		Text: "the token is bound to the app's key (cnf.jkt), which the attacker never had: it signs a DPoP proof with a key of its own"})
	return presentDPoP(tok, a.dpop.sign(http.MethodGet, target, tok, w.Clock.Now()))
}

// attackerRefresh redeems the attacker's refresh token: with a proof it
// captured with that token if it has one, else with a proof of its own
// key when DPoP is in play, else as a plain request.
func (w *World) attackerRefresh() (issuer.TokenResponse, bool) {
	a := w.Attacker
	form := refreshForm(a.RefreshToken)
	if info, ok := w.Issuer.RefreshInfo(a.RefreshToken); ok && info.ClientID == issuer.BFFClientID {
		// The token names its client, and the attacker presents it as
		// that client's; the secret that should go with it, it lacks.
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker,
			Text: "the refresh token belongs to the app's backend, a confidential client: the attacker presents it without the backend's secret"})
		form.Set("client_id", issuer.BFFClientID)
		return w.Client.tokenRequest(a.http, form, issuer.PathToken, nil)
	}
	if a.capturedRefresh.token == a.RefreshToken {
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker,
			Text: "the attacker replays the DPoP proof it captured on the wire with this refresh token"})
		res, body := w.Client.do(a.http, http.MethodPost, w.url(issuer.PathToken), form, http.Header{"Dpop": {a.capturedRefresh.proof}})
		return parseTokenResponse(res, body)
	}
	var p *prover
	switch jkt := w.boundTo(a.RefreshToken); {
	case jkt == a.dpop.thumbprint(), jkt == "" && dpopOn(w.cfg.Policy):
		// Its own key's token, from a flow it ran itself, or a bearer one.
		p = a.dpop
	case jkt != "":
		w.emit(Event{Kind: KindNote, Actor: ActorAttacker,
			Text: "the refresh token is bound to the app's key, which the attacker never had: it signs a DPoP proof with a key of its own"})
		p = a.dpop
	}
	return w.Client.tokenRequest(a.http, form, issuer.PathToken, p)
}

// captureProofs keeps the DPoP proofs of one clear-text exchange, with the
// token each went with: a sniffer copies them as easily as the tokens.
func (w *World) captureProofs(x *Exchange) {
	proof := x.ReqHeader.Get("Dpop")
	if proof == "" {
		return
	}
	if tok, ok := strings.CutPrefix(x.ReqHeader.Get("Authorization"), "DPoP "); ok {
		w.Attacker.capturedAPI = capture{token: tok, proof: proof}
	}
	if f, err := url.ParseQuery(x.ReqBody); err == nil && f.Get("refresh_token") != "" {
		w.Attacker.capturedRefresh = capture{token: f.Get("refresh_token"), proof: proof}
	}
}

// rideThePage is injected script using the app's key without taking it:
// WebCrypto keeps a non-extractable key out of reach of script, but any
// script on the page may ask it to sign, so while the page is open the
// attacker makes the app's own kind of request, bound token and fresh
// proof, and the API cannot tell it from the app.
func (w *World) rideThePage() {
	c := w.Client
	w.emit(Event{Kind: KindNote, Actor: ActorAttacker, Cause: CauseXSSDPoP,
		Text: "the app's DPoP key is non-extractable, so the script cannot copy it, but it can use it: " +
			"it has the page sign a proof and calls the API with the app's token"})
	target := w.url(api.PathProfile)
	w.viaPage = true
	c.do(c.http, http.MethodGet, target, nil, c.present(target))
	w.viaPage = false
}
