package issuer

import (
	"encoding/json"
	"net/http"
)

// ErrorCode is an OAuth 2.0 error code (RFC 6749 §4.1.2.1 and §5.2, RFC
// 7009 §2.2.1), as the error member of an error response carries it.
type ErrorCode string

// OAuth 2.0 error codes.
const (
	ErrInvalidRequest          ErrorCode = "invalid_request"
	ErrInvalidClient           ErrorCode = "invalid_client"
	ErrInvalidGrant            ErrorCode = "invalid_grant"
	ErrUnauthorizedClient      ErrorCode = "unauthorized_client"
	ErrUnsupportedGrantType    ErrorCode = "unsupported_grant_type"
	ErrInvalidScope            ErrorCode = "invalid_scope"
	ErrUnsupportedResponseType ErrorCode = "unsupported_response_type"
	ErrAccessDenied            ErrorCode = "access_denied"
	ErrUnsupportedTokenType    ErrorCode = "unsupported_token_type"
	ErrInvalidDPoPProof        ErrorCode = "invalid_dpop_proof" // RFC 9449 §5
	ErrUseDPoPNonce            ErrorCode = "use_dpop_nonce"     // RFC 9449 §8
	// ErrLoginRequired answers prompt=none when the user would have to
	// sign in (OIDC Core §3.1.2.6).
	ErrLoginRequired ErrorCode = "login_required"
	// ErrServerError is the issuer's own failure, never the client's:
	// RFC 6749 §4.1.2.1 names it, and the token endpoint answers it 500.
	ErrServerError ErrorCode = "server_error"
	// ErrTemporarilyUnavailable is RFC 6749 §4.1.2.1's, for a revocation
	// the issuer cannot record now (RFC 7009 §2.2.1 answers it 503).
	ErrTemporarilyUnavailable ErrorCode = "temporarily_unavailable"
)

// Reason says which of the many faults behind one RFC 6749 code a refusal
// was: invalid_grant alone covers an expired, revoked, rotated-out, unknown
// or foreign refresh token (§5.2), and a learner needs to know which. It is
// the issuer's own record, like a real issuer's audit log; it is never sent.
type Reason string

// Reasons a refresh grant is refused; other refusals carry no reason.
const (
	ReasonRefreshExpired Reason = "refresh-expired" // the token's own lifetime ended
	ReasonLoginEnded     Reason = "login-ended"     // the family's absolute lifetime ended
	ReasonRefreshRevoked Reason = "refresh-revoked" // the family was revoked
	ReasonRefreshUsed    Reason = "refresh-used"    // rotated out, and reuse detection is off
	ReasonRefreshUnknown Reason = "refresh-unknown" // no such token on record
	ReasonOtherClient    Reason = "other-client"    // issued to another client
	ReasonClientAuth     Reason = "client-auth"     // a confidential client without its secret
	ReasonRefreshInvalid Reason = "refresh-invalid" // a stateless refresh JWT that does not verify
)

// Reasons on events rather than refusals.
const (
	ReasonGraceOver  Reason = "grace-over"  // reuse of the immediate parent after its grace period closed
	ReasonGraceSpent Reason = "grace-spent" // reuse of the immediate parent inside its window, past the grace count
	ReasonReuse      Reason = "reuse"       // a family revoked by reuse detection, not by a revocation
	// ReasonReuseSession is a family revoked because reuse was detected in
	// another login of the same issuer session (ReuseClient).
	ReasonReuseSession Reason = "reuse-session"
	// ReasonGraceSibling marks a grace-used event whose answer was a new
	// sibling rather than the child already issued.
	ReasonGraceSibling Reason = "grace-sibling"
)

// Reasons a DPoP proof at the token endpoint is refused (RFC 9449).
const (
	ReasonDPoPProof    Reason = "token-bad-proof"      // the proof fails a check of §4.3
	ReasonDPoPNonce    Reason = "dpop-nonce"           // the proof lacks the server's current nonce: routine, retry with it
	ReasonDPoPBinding  Reason = "refresh-wrong-key"    // a bound refresh token without its key's proof
	ReasonDPoPRequired Reason = "dpop-required"        // no proof where the policy demands one
	ReasonDPoPReplay   Reason = "token-proof-replayed" // a proof already used
	ReasonDPoPBusy     Reason = "dpop-busy"            // too many fresh proofs on record to take another
)

// dpopErr is a refusal of a DPoP proof, with its reason.
func dpopErr(r Reason, desc string) *Error {
	e := oauthErr(ErrInvalidDPoPProof, desc)
	e.Reason = r
	return e
}

// Error is an OAuth 2.0 error response: the RFC 6749 code, a description
// for the developer, and the HTTP status it is sent with.
type Error struct {
	Code        ErrorCode `json:"error"`
	Description string    `json:"error_description,omitempty"`
	Status      int       `json:"-"`
	Reason      Reason    `json:"-"`
	// Cause is the failure behind a server_error, for errors.Is and logs;
	// it is never sent.
	Cause error `json:"-"`
}

func (e *Error) Error() string { return "issuer: " + string(e.Code) + ": " + e.Description }

// Unwrap returns the failure behind a server_error.
func (e *Error) Unwrap() error { return e.Cause }

// serverErr is the issuer failing at its own work, such as signing: a 500
// with server_error, never a 400 that would blame the client.
func serverErr(desc string, cause error) *Error {
	return &Error{Code: ErrServerError, Description: desc, Status: http.StatusInternalServerError, Cause: cause}
}

// grantErr is an invalid_grant refusal of a refresh token, with its reason.
func grantErr(r Reason, desc string) *Error {
	e := oauthErr(ErrInvalidGrant, desc)
	e.Reason = r
	return e
}

func oauthErr(code ErrorCode, desc string) *Error {
	status := http.StatusBadRequest
	if code == ErrInvalidClient {
		status = http.StatusUnauthorized
	}
	return &Error{Code: code, Description: desc, Status: status}
}

// setNoStoreJSON marks a JSON answer no-store, as RFC 6749 §5.1 wants
// every token-endpoint answer, success or error: it may carry credentials.
func setNoStoreJSON(h http.Header) {
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
}

// writeJSON answers with a JSON body and the headers of setNoStoreJSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only our own types reach here; a marshal failure is a bug, but the
		// client still gets a well-formed OAuth error rather than a 500.
		status = http.StatusBadRequest
		body = []byte(`{"error":"invalid_request","error_description":"unencodable response"}`)
	}
	setNoStoreJSON(w.Header())
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, e *Error) {
	// A 401 must name a scheme to authenticate with (RFC 9110 §15.5.2);
	// for invalid_client it is HTTP Basic (RFC 6749 §5.2).
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="tokenflow"`)
	}
	writeJSON(w, e.Status, e)
}
