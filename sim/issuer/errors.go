package issuer

import (
	"encoding/json"
	"net/http"
)

// OAuth 2.0 error codes (RFC 6749 §4.1.2.1 and §5.2).
const (
	ErrInvalidRequest          = "invalid_request"
	ErrInvalidClient           = "invalid_client"
	ErrInvalidGrant            = "invalid_grant"
	ErrUnauthorizedClient      = "unauthorized_client"
	ErrUnsupportedGrantType    = "unsupported_grant_type"
	ErrInvalidScope            = "invalid_scope"
	ErrUnsupportedResponseType = "unsupported_response_type"
	ErrAccessDenied            = "access_denied"
	ErrUnsupportedTokenType    = "unsupported_token_type"
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
	ReasonRefreshInvalid Reason = "refresh-invalid" // a stateless refresh JWT that does not verify
)

// Reasons on events rather than refusals.
const (
	ReasonGraceOver Reason = "grace-over" // reuse of the immediate parent after its grace period closed
	ReasonReuse     Reason = "reuse"      // a family revoked by reuse detection, not by a revocation
)

// Error is an OAuth 2.0 error response: the RFC 6749 code, a description
// for the developer, and the HTTP status it is sent with.
type Error struct {
	Code        string `json:"error"`
	Description string `json:"error_description,omitempty"`
	Status      int    `json:"-"`
	Reason      Reason `json:"-"`
}

func (e *Error) Error() string { return "issuer: " + e.Code + ": " + e.Description }

// grantErr is an invalid_grant refusal of a refresh token, with its reason.
func grantErr(r Reason, desc string) *Error {
	e := oauthErr(ErrInvalidGrant, desc)
	e.Reason = r
	return e
}

func oauthErr(code, desc string) *Error {
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
