package console

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/sirupsen/logrus"
	"golang.org/x/oauth2"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/logging"
)

// SSO is sign-in through another OpenID Connect provider (the template's
// StaffIssuer): the authorization-code flow with PKCE. The provider's ID
// token is verified as every session's is (Config.Verifier: signature,
// issuer, audience, expiry), and its nonce against the one this browser was
// given; then the session is the password path's.
type SSO struct {
	Issuer   string
	ClientID string // the console's client at the provider, StaffAudience
	// Secret gives the client secret (Secrets Manager, read at first use and
	// kept); nil for a public client, which PKCE alone protects.
	Secret ClientSecret

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use
}

// ClientSecret is where the console's client secret at the provider comes
// from (a secrets.Secret). It is forgotten when the provider refuses the
// client, so that the next sign-in reads it again: the operator may have
// rotated it.
type ClientSecret interface {
	Value(ctx context.Context) (string, error)
	Forget()
}

// oidcCallback is the path the provider sends the browser back to; the full
// redirect URL is the request's own origin with it, the API's URL in the
// cloud (the stack's StaffOidcRedirectUrl output), which the provider must
// have registered.
const oidcCallback = "/staff/oidc/callback"

// flowCookie holds a sign-in's state, nonce and PKCE verifier between the
// redirect to the provider and the way back: SameSite=Lax, since the way back
// is a top-level navigation from the provider's site, which a Strict cookie
// would not come with.
const (
	flowCookie  = "intake_staff_oidc"
	flowPurpose = "console-oidc-flow" // its key among the server's (keyring)
	flowTTL     = 10 * time.Minute
)

// flow is what the flow cookie holds, sealed under the server's key.
type flow struct {
	State    string     `json:"s"`
	Nonce    string     `json:"n"`
	Verifier string     `json:"v"`
	Expires  time.Time  `json:"e"`
	Lang     forms.Lang `json:"l"` // the sign-in page's: the way back has none
}

// errFlow is a way back without the flow it should end: no cookie, another
// browser's state, or one too old. The browser starts again.
var errFlow = fmt.Errorf("%w: no sign-in under way", apperr.ErrUnauthorized)

func (s *SSO) discover(ctx context.Context) (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider == nil {
		p, err := oidc.NewProvider(context.WithoutCancel(ctx), s.Issuer)
		if err != nil {
			return nil, apperr.Unavailable(fmt.Errorf("discover %s: %w", s.Issuer, err))
		}
		s.provider = p
	}
	return s.provider, nil
}

func (s *SSO) oauth2(ctx context.Context, r httpedge.Request) (*oauth2.Config, *oidc.Provider, error) {
	p, err := s.discover(ctx)
	if err != nil {
		return nil, nil, err
	}
	cfg := &oauth2.Config{ClientID: s.ClientID, Endpoint: p.Endpoint(), RedirectURL: r.Origin() + oidcCallback,
		Scopes: []string{oidc.ScopeOpenID}}
	if s.Secret != nil {
		if cfg.ClientSecret, err = s.Secret.Value(ctx); err != nil {
			return nil, nil, err
		}
	}
	return cfg, p, nil
}

// oidcLogin answers GET /staff/oidc/login: the browser goes to the provider
// with a new state, nonce and PKCE challenge, whose secrets stay in the
// sealed flow cookie.
func (c *console) oidcLogin(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	if c.SSO == nil {
		return c.problem(ctx, r, nil, fmt.Errorf("%w: no single sign-on", apperr.ErrNotFound))
	}
	cfg, _, err := c.SSO.oauth2(ctx, r)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	f := flow{State: randomID(), Nonce: randomID(), Verifier: oauth2.GenerateVerifier(), Expires: c.Now().Add(flowTTL),
		Lang: r.Lang}
	cookie, err := c.flowCookie(ctx, r, f)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	resp := httpedge.Response(http.StatusSeeOther, "text/plain; charset=utf-8", "")
	resp.Headers["Location"] = cfg.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	resp.Cookies = []string{cookie}
	return resp
}

// oidcCallback answers GET /staff/oidc/callback: the code is exchanged with
// the verifier, the ID token verified and its nonce checked, and the staff
// member enters as from the password path. An account whose token names no
// agency gets a page saying so.
func (c *console) oidcCallback(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	if c.SSO == nil {
		return c.problem(ctx, r, nil, fmt.Errorf("%w: no single sign-on", apperr.ErrNotFound))
	}
	f, err := c.openFlow(ctx, r)
	if err != nil {
		return c.problem(ctx, r, nil, err)
	}
	r.Lang = f.Lang
	q := r.Event.QueryStringParameters
	if subtle.ConstantTimeCompare([]byte(q["state"]), []byte(f.State)) != 1 {
		return c.problem(ctx, r, nil, errFlow)
	}
	done := c.clearFlow(r) // one way back per flow, whatever comes of it
	if q["error"] != "" {
		// The provider refused (the user cancelled, or may not use the client).
		logging.From(ctx).WithField("error", q["error"]).Info("single sign-on refused by the provider")
		return c.problem(ctx, r, nil, fmt.Errorf("%w: the provider refused: %s", apperr.ErrForbidden, q["error"]), done...)
	}
	cfg, _, err := c.SSO.oauth2(ctx, r)
	if err != nil {
		return c.problem(ctx, r, nil, err, done...)
	}
	tok, err := cfg.Exchange(ctx, q["code"], oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) {
			return c.problem(ctx, r, nil, apperr.Unavailable(err), done...)
		}
		if re.ErrorCode == "invalid_client" && c.SSO.Secret != nil {
			c.SSO.Secret.Forget() // rotated, perhaps: the next sign-in reads it again
		}
		// A code refused (used, expired, or not ours), or the client: the
		// browser starts again.
		return c.problem(ctx, r, nil, fmt.Errorf("%w: %v", errFlow, err), done...)
	}
	raw, _ := tok.Extra("id_token").(string)
	verified, err := c.Verifier.Verify(ctx, raw)
	if err != nil {
		return c.problem(ctx, r, nil, err, done...)
	}
	if subtle.ConstantTimeCompare([]byte(verified.Claims["nonce"]), []byte(f.Nonce)) != 1 {
		return c.problem(ctx, r, nil, fmt.Errorf("%w: the ID token's nonce is not this sign-in's", apperr.ErrUnauthorized), done...)
	}
	return c.start(ctx, r, session{Stage: stageSignedIn, IDToken: raw, SSO: true}, verified.Claims, done...)
}

// endSession is where the browser goes after a single sign-on's session ends
// here: the provider's end_session_endpoint, if it has one, so that it too
// forgets the sign-in, and back to our sign-in page.
func (c *console) endSession(ctx context.Context, r httpedge.Request, idToken string) string {
	p, err := c.SSO.discover(ctx)
	if err != nil {
		return ""
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if p.Claims(&meta) != nil || meta.EndSession == "" {
		return ""
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", idToken)
	q.Set("client_id", c.SSO.ClientID)
	q.Set("post_logout_redirect_uri", r.Origin()+"/staff/login?out=1")
	u.RawQuery = q.Encode()
	return u.String()
}

func (c *console) flowCipher(ctx context.Context) (cipher.AEAD, error) {
	key, err := c.Keys.Key(ctx, flowPurpose)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(derive(key, "intake.console.oidc-flow.v1"))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// flowCookie seals f into the Set-Cookie value of the flow cookie.
func (c *console) flowCookie(ctx context.Context, r httpedge.Request, f flow) (string, error) {
	gcm, err := c.flowCipher(ctx)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	value := base64.RawURLEncoding.EncodeToString(gcm.Seal(nonce, nonce, plain, []byte(flowCookie)))
	cookie := &http.Cookie{Name: r.CookieName(flowCookie), Value: value, Path: "/", MaxAge: int(flowTTL.Seconds()),
		HttpOnly: true, Secure: r.Secure(), SameSite: http.SameSiteLaxMode}
	return cookie.String(), nil
}

// openFlow is the flow the browser's cookie holds, if it opens and is
// current; errFlow otherwise.
func (c *console) openFlow(ctx context.Context, r httpedge.Request) (flow, error) {
	gcm, err := c.flowCipher(ctx)
	if err != nil {
		return flow{}, err
	}
	for _, v := range r.Cookies(r.CookieName(flowCookie)) {
		sealed, err := base64.RawURLEncoding.DecodeString(v)
		if err != nil || len(sealed) < gcm.NonceSize() {
			continue
		}
		plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], []byte(flowCookie))
		if err != nil {
			continue
		}
		var f flow
		if json.Unmarshal(plain, &f) == nil && c.Now().Before(f.Expires) {
			return f, nil
		}
	}
	return flow{}, errFlow
}

func (c *console) clearFlow(r httpedge.Request) []string {
	cookie := &http.Cookie{Name: r.CookieName(flowCookie), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.Secure(), SameSite: http.SameSiteLaxMode}
	return []string{cookie.String()}
}

// logSignIn records a sign-in by subject and agency, never a name.
func logSignIn(ctx context.Context, by staff, how string) {
	logging.From(ctx).WithFields(logrus.Fields{"staff": by.ID, "agency": by.Agency, "via": how}).Info("staff signed in")
}
