// Package jwtauth verifies a JWT the way API Gateway's HTTP API JWT authorizer
// does: the signature against the issuer's keys (RSA only), the issuer, the
// audience (aud, or client_id when a token has none), expiry and not-before;
// and it gives the claims as the authorizer hands them to a function, every
// value a string. The local API's authorizer (infra/local/devapi) and the staff
// console, which checks its own session on every request, both verify with it,
// so the two cannot differ.
package jwtauth

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// Config says which tokens a Verifier accepts, as an authorizer's
// JwtConfiguration does in the template.
type Config struct {
	Issuer   string   // the iss every token must carry
	Audience []string // aud (or client_id, when a token has no aud) must be one of these
	// KeysURL is where the issuer's signing keys (its JWKS) are. Empty: read from
	// the issuer's /.well-known/openid-configuration, as API Gateway does.
	KeysURL string
	Now     func() time.Time // the clock; time.Now when nil (tests move it)
}

// Verifier checks tokens against one Config. The keys are fetched on first use
// and again only when a token names a key not seen yet. It is safe for
// concurrent use.
type Verifier struct {
	cfg Config

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier // built on first use when keys come from discovery
}

// New returns a Verifier for cfg; it fetches nothing yet.
func New(cfg Config) (*Verifier, error) {
	if cfg.Issuer == "" || len(cfg.Audience) == 0 {
		return nil, errors.New("jwtauth: a verifier needs an issuer and an audience")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	v := &Verifier{cfg: cfg}
	if cfg.KeysURL != "" {
		v.verifier = oidc.NewVerifier(cfg.Issuer, oidc.NewRemoteKeySet(context.Background(), cfg.KeysURL), v.oidcConfig())
	}
	return v, nil
}

// CognitoKeysURL is where a Cognito user pool whose tokens carry issuer keeps
// its keys: <issuer>/.well-known/jwks.json, read without the discovery
// document. An emulator at endpoint (AWS_ENDPOINT_URL, "" for AWS) serves them
// below itself, at the issuer's path, as moto does.
func CognitoKeysURL(issuer, endpoint string) string {
	if u, err := url.Parse(issuer); err == nil && endpoint != "" {
		issuer = strings.TrimSuffix(endpoint, "/") + u.Path
	}
	return issuer + "/.well-known/jwks.json"
}

func (v *Verifier) oidcConfig() *oidc.Config {
	return &oidc.Config{
		// The audience rule is API Gateway's (aud, else client_id), checked in
		// Verify; go-oidc knows only aud.
		SkipClientIDCheck:    true,
		SupportedSigningAlgs: []string{oidc.RS256, oidc.RS384, oidc.RS512},
		Now:                  v.cfg.Now,
	}
}

func (v *Verifier) getVerifier(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.verifier == nil {
		p, err := oidc.NewProvider(context.WithoutCancel(ctx), v.cfg.Issuer)
		if err != nil {
			return nil, apperr.Unavailable(fmt.Errorf("discover the keys of %s: %w", v.cfg.Issuer, err))
		}
		v.verifier = p.Verifier(v.oidcConfig())
	}
	return v.verifier, nil
}

// Token is a verified token as the authorizer hands it over: its claims, every
// value a string (numbers as written, lists as "[a b]"), and its scopes.
type Token struct {
	Claims map[string]string
	Scopes []string // the scope (or scp) claim; nil when it has none
}

// RefusedError is a token the authorizer would refuse. It is an
// apperr.ErrUnauthorized.
type RefusedError struct {
	// Description is API Gateway's error_description for it, e.g. "the token
	// has expired".
	Description string
	Cause       error // for the log; never shown
}

func (e *RefusedError) Error() string {
	if e.Cause != nil {
		return "token refused: " + e.Description + ": " + e.Cause.Error()
	}
	return "token refused: " + e.Description
}

func (e *RefusedError) Unwrap() error { return e.Cause }

// Is makes errors.Is(err, apperr.ErrUnauthorized) true.
func (e *RefusedError) Is(target error) bool { return target == apperr.ErrUnauthorized }

// Verify checks raw. It fails with a *RefusedError for a token the authorizer
// would refuse, and with an apperr.ErrUnavailable when the keys cannot be had.
func (v *Verifier) Verify(ctx context.Context, raw string) (Token, error) {
	ov, err := v.getVerifier(ctx)
	if err != nil {
		return Token{}, err
	}
	idt, err := ov.Verify(ctx, raw)
	if err != nil {
		return Token{}, &RefusedError{Description: v.describe(raw, err), Cause: err}
	}
	var msg json.RawMessage
	if err := idt.Claims(&msg); err != nil {
		return Token{}, &RefusedError{Description: "the token does not have valid claims", Cause: err}
	}
	claims, err := decodeClaims(msg)
	if err != nil {
		return Token{}, &RefusedError{Description: "the token does not have valid claims", Cause: err}
	}
	if !slices.Contains(v.cfg.Audience, audienceOf(claims)) {
		return Token{}, &RefusedError{Description: "the token does not have a valid audience"}
	}
	out := make(map[string]string, len(claims))
	for k, c := range claims {
		out[k] = renderClaim(c)
	}
	return Token{Claims: out, Scopes: grantedScopes(claims)}, nil
}

// describe names what is wrong with a token go-oidc refused, in API Gateway's
// words. go-oidc checks the signature before any claim, so a token whose
// issuer and not-before are right was refused for its form, algorithm or
// signature. The unverified claims read here only choose the words; the
// decision was go-oidc's.
func (v *Verifier) describe(token string, err error) string {
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
	case c.Iss != "" && c.Iss != v.cfg.Issuer:
		return "the token does not have a valid issuer"
	case json.Unmarshal(c.Nbf, &nbf) == nil && v.cfg.Now().Add(5*time.Minute).Before(time.Unix(int64(nbf), 0)):
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
