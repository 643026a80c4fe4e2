package inspector

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/issuer"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// content is every line of the inspector at width w.
func (p *Pane) content(w int) []string {
	st, world := p.c.Styles, p.sc.World
	if p.target.label != "" {
		if p.target.token == "" {
			return common.WrapStyled(st.Muted.Render, "Nobody holds "+p.target.label+" any more.", w)
		}
		proof := ""
		if p.target.token == world.Client.AccessToken {
			proof = world.Client.LastProof()
		}
		return tokenLines(st, world, p.target.token, proof, w)
	}
	e := p.target.event
	if x := e.Exchange; x != nil {
		return exchangeLines(st, world, x, w)
	}
	var lines []string
	lines = append(lines, st.Bold.Render(fmt.Sprintf("%s · %s · %s", e.At.Format("Mon 2 Jan 15:04:05"), e.Actor, e.Kind)), "")
	lines = append(lines, common.Wrap(e.Text, w)...)
	if e.TokenID != "" {
		lines = append(lines, "", st.Muted.Render(fmt.Sprintf("token %s %s", e.TokenKind, e.TokenID)))
	}
	if e.FamilyID != "" {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("family %s, generation %d", e.FamilyID, e.Generation)))
	}
	if !e.Expires.IsZero() {
		lines = append(lines, st.Muted.Render("expires "+relTime(e.Expires, world.Now())))
	}
	if e.Cause != "" {
		lines = append(lines, "")
		lines = append(lines, common.WrapStyled(st.Accent.Render, "Why: "+common.Why(e.Cause), w)...)
	}
	return lines
}

// endpointWhy says what an exchange is for, citing the standard.
func endpointWhy(x *sim.Exchange) string {
	why := endpointPurpose(x)
	if why == "" || x.ReqHeader.Get("Dpop") == "" || x.Path() != issuer.PathToken {
		return why
	}
	if x.ErrorCode() == "use_dpop_nonce" {
		return why + " The issuer refused this proof for want of its nonce and handed one over in the DPoP-Nonce header " +
			"(RFC 9449 §8): the app signs a new proof with it and sends the request again."
	}
	return why + " The DPoP header carries a proof signed by the app's key, to which the issuer binds what it issues (RFC 9449 §5)."
}

// endpointPurpose is what a request to x's endpoint is for.
func endpointPurpose(x *sim.Exchange) string {
	if x.ToApp() {
		return bffWhy[x.Path()]
	}
	switch path := x.Path(); {
	case path == issuer.PathMetadata:
		return "Discovery (RFC 8414): the app reads the issuer's metadata to find its endpoints."
	case path == issuer.PathOpenIDConfiguration:
		return "Discovery (OpenID Connect Discovery §4): the app reads the issuer's configuration to find its endpoints and keys."
	case path == issuer.PathAuthorize && x.Method == http.MethodGet:
		return "The login page (RFC 6749 §4.1.1). The query carries the PKCE code_challenge, a hash of a secret only the app knows (RFC 7636 §4.3)."
	case path == issuer.PathAuthorize:
		return "alice types her password into the issuer's page, never into the app; the issuer answers with a redirect carrying a one-time code."
	case path == issuer.PathToken && strings.Contains(x.ReqBody, "grant_type=authorization_code"):
		return "The app redeems the code together with the PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5): a stolen code alone is useless."
	case path == issuer.PathToken:
		return "A refresh (RFC 6749 §6): the refresh token buys a new access token, with no password and no user in sight."
	case path == issuer.PathRevoke:
		return "Revocation (RFC 7009): the token stops working at the issuer. Which related tokens go with it is the issuer's " +
			"policy (§2.1), but one that can revoke access tokens SHOULD revoke the grant's. Here a refresh token takes its " +
			"whole family, and its access tokens are marked revoked: this API sees that only by introspection or the denylist."
	case path == issuer.PathIntrospect:
		return "Introspection (RFC 7662): the API asks the issuer whether a token is still active."
	case path == issuer.PathJWKS:
		return "The issuer's public keys (RFC 7517), which anyone can use to check a signature."
	case path == issuer.PathUserinfo:
		return "Userinfo (OpenID Connect Core §5.3): the app presents an access token, and the issuer answers with the claims " +
			"about its user that the token's scope allows."
	case path == issuer.PathEndSession:
		return "Logout at the issuer (OpenID Connect RP-Initiated Logout §2): the browser brings the ID token as a hint, and " +
			"the issuer ends alice's session there, so the next login asks for her password."
	case strings.HasPrefix(path, "/api/") && strings.HasPrefix(x.ReqHeader.Get("Authorization"), "DPoP "):
		return "A call to the resource API with a DPoP-bound access token and a fresh proof signed by the key it is bound to " +
			"(RFC 9449 §7). The API checks the JWT locally, then the proof against the token's cnf.jkt."
	case strings.HasPrefix(path, "/api/"):
		return "A call to the resource API with the access token as a Bearer credential (RFC 6750). The API checks the JWT locally."
	}
	return ""
}

// bffWhy says what each request to the app's backend-for-frontend is for
// (browser-based-apps BCP §6.1).
var bffWhy = map[string]string{
	"/bff/login": "The page asks its backend to sign alice in. The backend, a confidential client, makes the PKCE verifier, " +
		"state and nonce, keeps them, and sends the browser on to the issuer with its own client_id.",
	"/bff/callback": "The issuer's redirect lands at the backend, not the page. The backend checks that this browser started " +
		"the login, redeems the code with its own secret and keeps the tokens; the browser gets an HttpOnly session cookie.",
	"/bff/api/profile": "The page asks its backend for the profile, with the session cookie the browser attaches. The backend " +
		"calls the API with the access token it keeps: the token never reaches the browser.",
	"/bff/logout": "The page signs out at its backend, which revokes the refresh token, forgets the tokens and clears the " +
		"session cookie.",
}

// relTime is "09:15:00 (in 11m48s)" or "(3m ago)", against the simulated clock.
func relTime(t, now time.Time) string {
	abs := t.Format("Mon 2 Jan 15:04:05")
	switch d := t.Sub(now); {
	case d > 0:
		return abs + " (in " + common.Short(d) + ")"
	case d < 0:
		return abs + " (" + common.Short(-d) + " ago)"
	}
	return abs + " (now)"
}

func section(st *styles.Styles, name string) string {
	return st.PaneTitle.Render("── " + name + " ──")
}

// tokenLines shows a token: what the world says of it and what it is
// for, then the decoded JWT (or, for an opaque refresh token, what only
// the issuer knows), the DPoP proof that went with it when there is one,
// then the raw value.
func tokenLines(st *styles.Styles, w *sim.World, tok, proof string, width int) []string {
	now := w.Now()
	c := w.Client
	var holders []string
	switch {
	case tok != c.AccessToken && tok != c.RefreshToken && tok != c.IDToken:
	case w.Config().Storage == sim.StorageBFF:
		holders = append(holders, "the app's backend (BFF), not the browser")
	default:
		holders = append(holders, "the client")
	}
	if tok == w.Attacker.AccessToken || tok == w.Attacker.RefreshToken {
		holders = append(holders, st.Attack.Render("☠ the attacker"))
	}
	idToken := common.IsIDToken(tok)
	state := common.StateLabel(st, w.TokenState(tok), false)
	if idToken {
		state = st.Muted.Render("for the app, not for APIs")
	}
	lines := []string{st.Bold.Render(common.TokenName(w, tok)) + "  " + state}
	if len(holders) > 0 {
		lines = append(lines, st.Muted.Render("held by ")+strings.Join(holders, " and "))
	}
	if iat, exp, ok := w.TokenLifetime(tok); ok {
		lines = append(lines, st.Muted.Render("issued  ")+relTime(iat, now), st.Muted.Render("expires ")+relTime(exp, now))
	}
	if idToken {
		lines = append(lines, common.WrapStyled(st.Accent.Render, idTokenWhy(tok), width)...)
	}
	lines = append(lines, bindingLines(st, w, tok, width)...)
	lines = append(lines, "")
	if strings.Count(tok, ".") == 2 {
		lines = append(lines, decodedLines(st, w, tok, width)...)
	} else if info, ok := w.Issuer.RefreshInfo(tok); ok {
		lines = append(lines, section(st, "Opaque refresh token"))
		lines = append(lines, common.Wrap("A random string: the client cannot read anything from it. The issuer stores only its SHA-256 hash and knows this:", width)...)
		lines = append(lines,
			fmt.Sprintf("  family      %s", info.FamilyID),
			fmt.Sprintf("  generation  %d", info.Generation),
			fmt.Sprintf("  state       %s", common.StateLabel(st, info.State, false)),
			fmt.Sprintf("  issued      %s", relTime(info.IssuedAt, now)),
			fmt.Sprintf("  expires     %s", relTime(info.Expires, now)))
		if !info.UsedAt.IsZero() {
			lines = append(lines, fmt.Sprintf("  used        %s", relTime(info.UsedAt, now)))
		}
	}
	if proof != "" {
		lines = append(lines, "", section(st, "DPoP proof the app sent with its latest API call"))
		lines = append(lines, common.WrapStyled(st.Muted.Render, "A proof is a JWT the app signs for one request with the "+
			"key the token is bound to (RFC 9449 §4.2); the API checks each line below.", width)...)
		lines = append(lines, proofLines(st, proof, proofFor{token: tok, jkt: jktOf(w, tok)}, now, width)...)
	}
	lines = append(lines, "", section(st, "Raw value"))
	lines = append(lines, common.HardWrap(tok, width)...)
	return lines
}

// idTokenWhy says what an ID token is, from its own claims: for the app,
// never an API.
func idTokenWhy(tok string) string {
	aud := "the app's client_id"
	if d, err := jwtdebug.Decode(tok, jwtdebug.Options{}); err == nil {
		if a, ok := d.Claims["aud"].(string); ok {
			aud = "the app's client_id, " + a
		}
	}
	return "An ID token (OpenID Connect Core §2): it tells the app who signed in and when, and is for no API. " +
		"Its aud is " + aud + ", and its typ is JWT, not at+jwt, so an API that checks audience and type refuses it " +
		"(RFC 9068 §4, RFC 8725 §3.11)."
}

// decodedLines decodes a JWT like jwt.io, checking its signature with the
// keys this world's API trusts.
func decodedLines(st *styles.Styles, w *sim.World, tok string, width int) []string {
	d, err := jwtdebug.Decode(tok, verifyKeys(w, tok))
	if err != nil {
		return common.WrapStyled(st.Bad.Render, err.Error(), width)
	}
	var lines []string
	lines = append(lines, section(st, "Decoded JWT"))
	for _, l := range strings.Split(strings.TrimRight(d.Format(w.Now()), "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "Signature: valid"):
			l = st.OK.Render("✓ " + l)
		case strings.HasPrefix(l, "Signature: INVALID"):
			l = st.Bad.Render("✗ " + l)
		case strings.HasSuffix(l, ":") && !strings.HasPrefix(l, " "):
			l = st.Bold.Render(l)
		}
		lines = append(lines, common.Wrap(l, width)...)
	}
	return lines
}

// verifyKeys gathers what the world's API verifies with: the issuer's
// JWKS, read from its own handler (no exchange is logged: the learner did
// not ask for it), and for HS256 the secret the issuer shares with the API.
func verifyKeys(w *sim.World, tok string) jwtdebug.Options {
	var opts jwtdebug.Options
	if d, err := jwtdebug.Decode(tok, jwtdebug.Options{}); err == nil {
		alg, _ := d.Header["alg"].(string)
		kid, _ := d.Header["kid"].(string)
		if alg == string(issuer.HS256) {
			if key, err := w.Issuer.VerificationKey(alg, kid); err == nil {
				opts.Secret, _ = key.([]byte)
			}
			return opts
		}
	}
	rec := httptest.NewRecorder()
	w.Issuer.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, w.Issuer.URL()+issuer.PathJWKS, nil))
	if ks, err := jwtdebug.ParseJWKS(rec.Body.Bytes()); err == nil {
		opts.JWKS = ks
	}
	return opts
}

// exchangeLines shows one exchange as it went over the wire, then any
// token it carried, decoded.
func exchangeLines(st *styles.Styles, w *sim.World, x *sim.Exchange, width int) []string {
	from, to := common.LanesOf(x)
	wire, wireStyle := "over HTTPS: an eavesdropper sees only the host and the sizes", st.OK
	if x.Plaintext() {
		wire, wireStyle = "over plain HTTP: anyone on the network reads every byte below", st.Warn
	}
	lines := []string{
		st.Bold.Render(fmt.Sprintf("#%d  %s → %s  %s %s", x.ID, common.LaneNames[from], common.LaneNames[to], x.Method, x.Path())) + "  " + common.StatusLabel(st, x.Status),
	}
	sent := "at " + x.At.Format("Mon 2 Jan 15:04:05") + ", sent by " + string(x.Actor) + ", "
	if ansi.StringWidth(sent+wire) <= width {
		lines = append(lines, st.Muted.Render(sent)+wireStyle.Render(wire))
	} else {
		// Wrapped, not cut: what an eavesdropper sees is the point.
		lines = append(lines, st.Muted.Render(sent))
		lines = append(lines, common.WrapStyled(wireStyle.Render, wire, width)...)
	}
	if text := endpointWhy(x); text != "" {
		lines = append(lines, common.WrapStyled(st.Accent.Render, text, width)...)
	}
	lines = append(lines, "", section(st, "Request"))
	lines = append(lines, httpLines(x.RawRequest(), width)...)
	lines = append(lines, "", section(st, "Response"))
	lines = append(lines, httpLines(x.RawResponse(), width)...)
	if proof := x.ReqHeader.Get("Dpop"); proof != "" {
		lines = append(lines, "", section(st, "DPoP proof sent"))
		lines = append(lines, proofLines(st, proof, proofOf(w, x), w.Now(), width)...)
	}
	for _, t := range carriedTokens(x) {
		lines = append(lines, "", section(st, t.what))
		lines = append(lines, tokenLines(st, w, t.token, "", width)...)
	}
	return lines
}

// proofOf is what the proof of x is checked against: the DPoP-bound
// access token it carried, or the bound refresh token in its form.
func proofOf(w *sim.World, x *sim.Exchange) proofFor {
	if tok, ok := strings.CutPrefix(x.ReqHeader.Get("Authorization"), "DPoP "); ok {
		return proofFor{token: tok, jkt: jktOf(w, tok)}
	}
	if f, err := url.ParseQuery(x.ReqBody); err == nil && f.Get("refresh_token") != "" {
		return proofFor{jkt: jktOf(w, f.Get("refresh_token"))}
	}
	return proofFor{}
}

// httpLines splits a raw HTTP message into lines, indenting a JSON body
// and hard-wrapping long values such as tokens.
func httpLines(raw string, width int) []string {
	head, body, _ := strings.Cut(strings.ReplaceAll(raw, "\r\n", "\n"), "\n\n")
	var lines []string
	for _, l := range strings.Split(head, "\n") {
		lines = append(lines, common.HardWrap(l, width)...)
	}
	if body == "" {
		return lines
	}
	lines = append(lines, "")
	var pretty bytes.Buffer
	if json.Indent(&pretty, []byte(body), "", "  ") == nil {
		body = pretty.String()
	}
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		lines = append(lines, common.HardWrap(l, width)...)
	}
	return lines
}

type carried struct{ what, token string }

// carriedTokens finds the tokens an exchange carried: a bearer token in
// the request, a refresh token in the form, and tokens in the response.
func carriedTokens(x *sim.Exchange) []carried {
	var out []carried
	h := x.ReqHeader.Get("Authorization")
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		out = append(out, carried{"Bearer token sent", tok})
	}
	if tok, ok := strings.CutPrefix(h, "DPoP "); ok {
		out = append(out, carried{"DPoP-bound token sent", tok})
	}
	if f, err := url.ParseQuery(x.ReqBody); err == nil && f.Get("refresh_token") != "" {
		out = append(out, carried{"Refresh token sent", f.Get("refresh_token")})
	}
	var tr issuer.TokenResponse
	if json.Unmarshal([]byte(x.RespBody), &tr) == nil {
		if tr.AccessToken != "" {
			out = append(out, carried{"Access token received", tr.AccessToken})
		}
		if tr.RefreshToken != "" {
			out = append(out, carried{"Refresh token received", tr.RefreshToken})
		}
		if tr.IDToken != "" {
			out = append(out, carried{"ID token received", tr.IDToken})
		}
	}
	return out
}
