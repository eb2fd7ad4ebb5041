package devapi

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/jwtauth"
)

// JWTConfig describes an HTTP API JWT authorizer, as its JwtConfiguration and
// IdentitySource do in the template. The local stack sets the Config's
// KeysURL, because moto serves a pool's keys but not its discovery document.
type JWTConfig struct {
	jwtauth.Config
	// IdentitySource is where the token is, "$request.header.Authorization" when
	// empty (the only kind of source a JWT authorizer takes).
	IdentitySource string
}

// JWTAuthorizer checks the bearer tokens of the routes that use it the way API
// Gateway's JWT authorizer does: the token's checks are package jwtauth's (the
// staff console verifies its sessions with the same), then the route's scopes.
type JWTAuthorizer struct {
	verifier *jwtauth.Verifier
	header   string
}

// NewJWTAuthorizer returns an authorizer for cfg; it fetches nothing yet.
func NewJWTAuthorizer(cfg JWTConfig) (*JWTAuthorizer, error) {
	src := cfg.IdentitySource
	if src == "" {
		src = "$request.header.Authorization"
	}
	header, ok := strings.CutPrefix(src, "$request.header.")
	if !ok || header == "" {
		return nil, fmt.Errorf("devapi: JWT identity source %q is not a request header", src)
	}
	v, err := jwtauth.New(cfg.Config)
	if err != nil {
		return nil, fmt.Errorf("devapi: %w", err)
	}
	return &JWTAuthorizer{verifier: v, header: header}, nil
}

// denial is a refused request: its status and www-authenticate value.
type denial struct {
	status    int
	challenge string
	cause     error // for the log; never sent
}

// deny builds the challenge API Gateway sends. Its documented example is
// `Bearer scope="" error="invalid_token" error_description="the token does not
// have a valid audience"`; the other descriptions follow its wording.
func deny(scopes []string, description string) *denial {
	return &denial{
		status:    http.StatusUnauthorized,
		challenge: fmt.Sprintf(`Bearer scope=%q error="invalid_token" error_description=%q`, strings.Join(scopes, " "), description),
	}
}

// authorize returns what API Gateway puts at requestContext.authorizer, or why
// the request is refused.
func (a *JWTAuthorizer) authorize(r *http.Request, scopes []string) (*events.APIGatewayV2HTTPRequestContextAuthorizerDescription, *denial) {
	token := strings.TrimSpace(r.Header.Get(a.header))
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	if token == "" {
		// No identity source: refused before any token check.
		return nil, &denial{status: http.StatusUnauthorized, challenge: "Bearer"}
	}
	tok, err := a.verifier.Verify(r.Context(), token)
	var refused *jwtauth.RefusedError
	switch {
	case errors.As(err, &refused):
		d := deny(scopes, refused.Description)
		d.cause = err
		return nil, d
	case err != nil:
		return nil, &denial{status: http.StatusInternalServerError, cause: err}
	}
	if len(scopes) > 0 && !slices.ContainsFunc(scopes, func(s string) bool { return slices.Contains(tok.Scopes, s) }) {
		return nil, &denial{
			status: http.StatusForbidden,
			challenge: fmt.Sprintf(`Bearer scope=%q error="insufficient_scope" error_description="the token does not have the required scope"`,
				strings.Join(scopes, " ")),
		}
	}
	return &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: tok.Claims, Scopes: tok.Scopes},
	}, nil
}
