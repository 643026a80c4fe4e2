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
		ScopesSupported:                   []string{DefaultScope},
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
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, oauthErr(ErrInvalidRequest, "use GET"))
		return
	}
	writeJSON(w, http.StatusOK, iss.Metadata())
}
