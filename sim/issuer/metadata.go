package issuer

import (
	"net/http"

	"github.com/tokenflow/tokenflow/sim/dpop"
)

// Metadata is the RFC 8414 authorization-server metadata document.
type Metadata struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	IntrospectionEndpoint             string   `json:"introspection_endpoint"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	// UserinfoEndpoint and EndSessionEndpoint are OpenID Connect's
	// (Discovery §3, RP-Initiated Logout 1.0 §2.1), registered as
	// authorization-server metadata too (RFC 8414 §7.1.2).
	UserinfoEndpoint   string `json:"userinfo_endpoint"`
	EndSessionEndpoint string `json:"end_session_endpoint"`

	RevocationEndpointAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported"`
	IntrospectionEndpointAuthMethodsSupported []string `json:"introspection_endpoint_auth_methods_supported"`
	// DPoPSigningAlgValuesSupported is there only while the issuer binds
	// tokens to keys (RFC 9449 §5.1).
	DPoPSigningAlgValuesSupported []string `json:"dpop_signing_alg_values_supported,omitempty"`
}

// Metadata returns the document served at PathMetadata.
func (iss *Issuer) Metadata() Metadata {
	m := Metadata{
		Issuer:                            iss.url,
		AuthorizationEndpoint:             iss.url + PathAuthorize,
		TokenEndpoint:                     iss.url + PathToken,
		JWKSURI:                           iss.url + PathJWKS,
		RevocationEndpoint:                iss.url + PathRevoke,
		IntrospectionEndpoint:             iss.url + PathIntrospect,
		GrantTypesSupported:               []string{"authorization_code", "refresh_token"},
		ResponseTypesSupported:            []string{"code"},
		CodeChallengeMethodsSupported:     []string{"S256"},
		TokenEndpointAuthMethodsSupported: []string{"none", "client_secret_basic", "client_secret_post"},
		ScopesSupported:                   Scopes,
		UserinfoEndpoint:                  iss.url + PathUserinfo,
		EndSessionEndpoint:                iss.url + PathEndSession,
		// RFC 8414 §2: without these a client must assume client_secret_basic,
		// and the public client could not revoke.
		RevocationEndpointAuthMethodsSupported:    []string{"none", "client_secret_basic", "client_secret_post"},
		IntrospectionEndpointAuthMethodsSupported: []string{"client_secret_basic", "client_secret_post"},
	}
	if iss.Policy().dpopEnabled() {
		m.DPoPSigningAlgValuesSupported = dpop.Algs
	}
	return m
}

func (iss *Issuer) handleMetadata(w http.ResponseWriter, r *http.Request) {
	serveDocument(w, r, iss.Metadata())
}

// OpenIDConfiguration is the OpenID Provider Metadata of OpenID Connect
// Discovery 1.0 §3: the RFC 8414 document and what a relying party needs
// beyond it.
type OpenIDConfiguration struct {
	Metadata
	SubjectTypesSupported []string `json:"subject_types_supported"`
	// IDTokenSigningAlgValuesSupported must hold RS256 (Discovery §3).
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
	ClaimsSupported                  []string `json:"claims_supported"`
	ResponseModesSupported           []string `json:"response_modes_supported"`
	// RequestURIParameterSupported defaults to true when left out
	// (Discovery §3), and this issuer takes no request_uri.
	RequestURIParameterSupported bool `json:"request_uri_parameter_supported"`
}

// OpenIDConfiguration returns the document served at
// PathOpenIDConfiguration. Listing RS256 derives no RSA key, which costs
// tens of milliseconds: the list says what the issuer can sign ID tokens
// with, and the key is derived only once the policy selects RS256.
func (iss *Issuer) OpenIDConfiguration() OpenIDConfiguration {
	return OpenIDConfiguration{
		Metadata:                         iss.Metadata(),
		SubjectTypesSupported:            []string{"public"},
		IDTokenSigningAlgValuesSupported: []string{string(RS256), string(ES256)},
		ClaimsSupported: []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid",
			"name", "email", "email_verified"},
		ResponseModesSupported: []string{"query"},
	}
}

func (iss *Issuer) handleOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	serveDocument(w, r, iss.OpenIDConfiguration())
}

// serveDocument answers GET or HEAD with a discovery document.
func serveDocument(w http.ResponseWriter, r *http.Request, doc any) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, oauthErr(ErrInvalidRequest, "use GET"))
		return
	}
	writeJSON(w, http.StatusOK, doc)
}
