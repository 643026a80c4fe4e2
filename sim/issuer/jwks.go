package issuer

import "net/http"

// handleJWKS publishes the public signing keys (RFC 7517 §5) so that any
// resource server can verify access tokens without asking the issuer.
func (iss *Issuer) handleJWKS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, oauthErr(ErrInvalidRequest, "use GET"))
		return
	}
	iss.mu.Lock()
	keys := iss.keys.publicJWKs()
	iss.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}
