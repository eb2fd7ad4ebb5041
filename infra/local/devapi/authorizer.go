package devapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/coreos/go-oidc/v3/oidc"
)

// JWTConfig describes an HTTP API JWT authorizer, as its JwtConfiguration and
// IdentitySource do in the template.
type JWTConfig struct {
	Issuer   string   // the iss every token must carry
	Audience []string // aud (or client_id, when a token has no aud) must be one of these
	// IdentitySource is where the token is, "$request.header.Authorization" when
	// empty (the only kind of source a JWT authorizer takes).
	IdentitySource string
	// JWKSURL is where the issuer's signing keys are. Empty: read from the issuer's
	// /.well-known/openid-configuration, as API Gateway does. The local stack sets
	// it because moto serves a pool's keys but not its discovery document.
	JWKSURL string
	Now     func() time.Time // the clock; time.Now when nil (tests move it)
}

// JWTAuthorizer checks the bearer tokens of the routes that use it the way API
// Gateway's JWT authorizer does: signature against the issuer's keys (RSA only),
// issuer, audience, expiry and not-before, then the route's scopes. Signatures
// and the registered claims are checked by go-oidc; the keys are fetched once
// and again only when a token names a key not seen yet.
type JWTAuthorizer struct {
	cfg    JWTConfig
	header string

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier // built on first use when keys come from discovery
}

// NewJWTAuthorizer returns an authorizer for cfg; it fetches nothing yet.
func NewJWTAuthorizer(cfg JWTConfig) (*JWTAuthorizer, error) {
	if cfg.Issuer == "" || len(cfg.Audience) == 0 {
		return nil, errors.New("devapi: a JWT authorizer needs an issuer and an audience")
	}
	src := cfg.IdentitySource
	if src == "" {
		src = "$request.header.Authorization"
	}
	header, ok := strings.CutPrefix(src, "$request.header.")
	if !ok || header == "" {
		return nil, fmt.Errorf("devapi: JWT identity source %q is not a request header", src)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	a := &JWTAuthorizer{cfg: cfg, header: header}
	if cfg.JWKSURL != "" {
		a.verifier = oidc.NewVerifier(cfg.Issuer, oidc.NewRemoteKeySet(context.Background(), cfg.JWKSURL), a.oidcConfig())
	}
	return a, nil
}

func (a *JWTAuthorizer) oidcConfig() *oidc.Config {
	return &oidc.Config{
		// The audience rule is API Gateway's (aud, else client_id), checked below;
		// go-oidc knows only aud.
		SkipClientIDCheck:    true,
		SupportedSigningAlgs: []string{oidc.RS256, oidc.RS384, oidc.RS512},
		Now:                  a.cfg.Now,
	}
}

func (a *JWTAuthorizer) getVerifier(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.verifier == nil {
		p, err := oidc.NewProvider(context.WithoutCancel(ctx), a.cfg.Issuer)
		if err != nil {
			return nil, fmt.Errorf("discover the keys of %s: %w", a.cfg.Issuer, err)
		}
		a.verifier = p.Verifier(a.oidcConfig())
	}
	return a.verifier, nil
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
	v, err := a.getVerifier(r.Context())
	if err != nil {
		return nil, &denial{status: http.StatusInternalServerError, cause: err}
	}
	idt, err := v.Verify(r.Context(), token)
	if err != nil {
		d := deny(scopes, a.describe(token, err))
		d.cause = err
		return nil, d
	}
	var raw json.RawMessage
	if err := idt.Claims(&raw); err != nil {
		return nil, &denial{status: http.StatusUnauthorized, challenge: "Bearer", cause: err}
	}
	claims, err := decodeClaims(raw)
	if err != nil {
		return nil, &denial{status: http.StatusUnauthorized, challenge: "Bearer", cause: err}
	}
	if !slices.Contains(a.cfg.Audience, audienceOf(claims)) {
		return nil, deny(scopes, "the token does not have a valid audience")
	}
	granted := grantedScopes(claims)
	if len(scopes) > 0 && !slices.ContainsFunc(scopes, func(s string) bool { return slices.Contains(granted, s) }) {
		return nil, &denial{
			status: http.StatusForbidden,
			challenge: fmt.Sprintf(`Bearer scope=%q error="insufficient_scope" error_description="the token does not have the required scope"`,
				strings.Join(scopes, " ")),
		}
	}
	out := make(map[string]string, len(claims))
	for k, v := range claims {
		out[k] = renderClaim(v)
	}
	return &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: out, Scopes: granted},
	}, nil
}

// describe names what is wrong with a token go-oidc refused. go-oidc checks the
// signature before any claim, so a token whose issuer and not-before are right
// was refused for its form, algorithm or signature. The unverified claims read
// here only choose the words; the decision was go-oidc's.
func (a *JWTAuthorizer) describe(token string, err error) string {
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return "the token has expired"
	}
	var c struct {
		Iss string          `json:"iss"`
		Nbf json.RawMessage `json:"nbf"`
	}
	parts := strings.Split(token, ".")
	if len(parts) == 3 {
		if b, derr := base64.RawURLEncoding.DecodeString(parts[1]); derr == nil {
			_ = json.Unmarshal(b, &c)
		}
	}
	var nbf float64
	switch {
	case c.Iss != "" && c.Iss != a.cfg.Issuer:
		return "the token does not have a valid issuer"
	case json.Unmarshal(c.Nbf, &nbf) == nil && a.cfg.Now().Add(5*time.Minute).Before(time.Unix(int64(nbf), 0)):
		return "the token is not valid yet"
	default:
		return "the token does not have a valid signature"
	}
}

// audienceOf is aud, or client_id when there is no aud (Cognito's access tokens).
func audienceOf(claims map[string]any) string {
	switch aud := claims["aud"].(type) {
	case string:
		return aud
	case []any:
		if len(aud) == 1 { // go-oidc accepts a list; API Gateway one value
			return fmt.Sprint(aud[0])
		}
		return ""
	}
	id, _ := claims["client_id"].(string)
	return id
}

// grantedScopes are the token's scope (or scp) claim, nil when it has none.
func grantedScopes(claims map[string]any) []string {
	for _, name := range []string{"scope", "scp"} {
		switch s := claims[name].(type) {
		case string:
			return strings.Fields(s)
		case []any:
			out := make([]string, len(s))
			for i, e := range s {
				out[i] = fmt.Sprint(e)
			}
			return out
		}
	}
	return nil
}

func decodeClaims(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep exp and friends as written, not as floats
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil {
		return nil, fmt.Errorf("decode claims: %w", err)
	}
	return claims, nil
}

// renderClaim writes a claim as payload 2.0's map of strings does: numbers as
// written, arrays as [a b] (so cognito:groups arrives as "[staff supervisor]").
func renderClaim(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = renderClaim(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ":" + renderClaim(v[k])
		}
		return "map[" + strings.Join(parts, " ") + "]"
	default:
		return fmt.Sprint(v)
	}
}
