package inspector

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tokenflow/tokenflow/sim"
	"github.com/tokenflow/tokenflow/sim/dpop"
	"github.com/tokenflow/tokenflow/sim/jwtdebug"
	"github.com/tokenflow/tokenflow/ui/common"
	"github.com/tokenflow/tokenflow/ui/styles"
)

// whose names the holder of the key a token is bound to.
var whose = map[sim.Binding]string{
	sim.BindingApp:      "the app's key",
	sim.BindingAttacker: "the attacker's key",
	sim.BindingOther:    "another client's key",
}

// jktOf is the thumbprint tok is bound to: an access token's cnf.jkt, or
// for an opaque refresh token what the issuer recorded; "" for a bearer
// token.
func jktOf(w *sim.World, tok string) string {
	if info, ok := w.Issuer.RefreshInfo(tok); ok {
		return info.BoundTo
	}
	d, err := jwtdebug.Decode(tok, jwtdebug.Options{})
	if err != nil {
		return ""
	}
	cnf, _ := d.Claims["cnf"].(map[string]any)
	jkt, _ := cnf["jkt"].(string)
	return jkt
}

// bindingLines says what a token's binding means, under its state: the
// thumbprint, whose key it is, and what a holder of the token without
// that key can do with it.
func bindingLines(st *styles.Styles, w *sim.World, tok string, width int) []string {
	jkt := jktOf(w, tok)
	if jkt == "" {
		return nil
	}
	who := whose[w.TokenBinding(tok)]
	var text string
	if info, ok := w.Issuer.RefreshInfo(tok); ok && info.BoundTo != "" {
		text = "Bound to " + who + " at the issuer, which recorded the key's thumbprint when it issued the token: a refresh " +
			"needs a DPoP proof signed by that key (RFC 9449 §5), so a copy of the token alone buys nothing."
	} else {
		text = "Bound to " + who + ": cnf.jkt is the SHA-256 thumbprint of its public key (RFC 7638), and the API accepts " +
			"the token only with a fresh DPoP proof signed by that key (RFC 9449 §6.1, §7.1). A copy without the key is useless."
	}
	lines := []string{st.Muted.Render("cnf.jkt ") + jkt}
	return append(lines, common.WrapStyled(st.Accent.Render, text, width)...)
}

// proofFor is what a proof is checked against: the access token it went
// with, if any, and the thumbprint that token or the refresh token in
// the request is bound to.
type proofFor struct {
	token string // the access token of an API request: ath must be its hash
	jkt   string // the thumbprint the proof's key must have, "" when nothing is bound yet
}

// proofLines decodes a DPoP proof (RFC 9449 §4.2) as the server checks
// it (§4.3): its type, algorithm and key, the key's thumbprint against
// the binding, and each claim against the request it was made for.
func proofLines(st *styles.Styles, proof string, p proofFor, now time.Time, width int) []string {
	d, err := jwtdebug.Decode(proof, proofKey(proof))
	if err != nil {
		return common.WrapStyled(st.Bad.Render, err.Error(), width)
	}
	var lines []string
	const indent = "       " // under the values, past the names
	// hang wraps a value under the values, its first line after head.
	hang := func(value, head string) {
		for i, l := range common.HardWrap(value, width-len(indent)) {
			if i == 0 {
				l = head + l
			} else {
				l = indent + l
			}
			lines = append(lines, l)
		}
	}
	field := func(name, value, note string) {
		head := fmt.Sprintf("%-6s ", name)
		if full := head + value + ": " + note; note != "" && len([]rune(full)) <= width {
			lines = append(lines, head+value+st.Muted.Render(": "+note))
			return
		}
		hang(value, head)
		if note != "" {
			for _, l := range common.Wrap(note, width-len(indent)) {
				lines = append(lines, indent+st.Muted.Render(l))
			}
		}
	}
	check := func(ok bool, good, bad string) {
		text, style := "✓ "+good, st.OK
		if !ok {
			text, style = "✗ "+bad, st.Bad
		}
		for _, l := range common.Wrap(text, width-len(indent)) {
			lines = append(lines, indent+style.Render(l))
		}
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }

	field("typ", str(d.Header, "typ"), "a proof of possession, which no API takes as a token")
	field("alg", str(d.Header, "alg"), "asymmetric, as §4.3 requires; checked with the key below")
	jwk, _ := d.Header["jwk"].(map[string]any)
	jkt, err := dpop.Thumbprint(jwk)
	if err != nil {
		field("jwk", "unreadable", err.Error())
	} else {
		field("jwk", fmt.Sprintf("%v %v public key, thumbprint %s", jwk["kty"], jwk["crv"], jkt), "")
		switch {
		case p.jkt != "":
			check(jkt == p.jkt, "the thumbprint the token is bound to (cnf.jkt)", "not the thumbprint the token is bound to: another key signed this proof")
		case p.token == "":
			lines = append(lines, indent+st.Muted.Render("the key the issuer binds the tokens it issues to (§5)"))
		}
	}
	field("jti", str(d.Claims, "jti"), "unique; this server refuses repeats (§11.1 allows)")
	field("htm", str(d.Claims, "htm"), "the method of the one request it was made for")
	field("htu", str(d.Claims, "htu"), "that request's URL, without query")
	for _, t := range d.Times {
		if t.Name == "iat" {
			field("iat", relTime(t.At, now), fmt.Sprintf("this server allows ±%s (§4.3)", common.Short(dpop.Window)))
		}
	}
	if ath := str(d.Claims, "ath"); ath != "" || p.token != "" {
		field("ath", ath, "")
		if p.token != "" {
			check(ath == dpop.ATH(p.token), "the hash of the access token sent with it: the proof goes with that token alone (§4.2)",
				"not the hash of the access token sent with it")
		}
	}
	if n := str(d.Claims, "nonce"); n != "" {
		field("nonce", n, "the issuer's, from its DPoP-Nonce header (§8)")
	}
	if d.Signature.State == jwtdebug.Valid {
		return append(lines, st.OK.Render("✓ Signature: valid, by the key in its header"))
	}
	return append(lines, common.WrapStyled(st.Bad.Render, "✗ Signature: "+d.Signature.String(), width)...)
}

// proofKey is the key a proof is verified with: the public key in its
// own header, as the server does (RFC 9449 §4.3), since proving
// possession of that key is the whole point.
func proofKey(proof string) jwtdebug.Options {
	d, err := jwtdebug.Decode(proof, jwtdebug.Options{})
	if err != nil {
		return jwtdebug.Options{}
	}
	jwk, err := json.Marshal(map[string]any{"keys": []any{d.Header["jwk"]}})
	if err != nil {
		return jwtdebug.Options{}
	}
	ks, err := jwtdebug.ParseJWKS(jwk)
	if err != nil {
		return jwtdebug.Options{}
	}
	return jwtdebug.Options{JWKS: ks}
}
