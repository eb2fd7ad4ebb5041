// Package console serves the staff console: the pages on which agency staff
// sign in, work their agency's worklist, read a submission, make their moves
// on it and export their submissions. It is a face of the same domain as the
// staff API (intake.Desk: no rule of its own), held to the firm pages'
// standard: rendered on the server, working without JavaScript, zh-CN first
// with English, accessible, under the same strict Content-Security-Policy and
// CSRF guard (package web's Renderer and response, httpedge.CSRF).
//
// Staff sign in with their user name and password, which the server checks
// with the Cognito user pool (package cognito), or, where the stack trusts
// another issuer, through that OIDC provider (single sign-on: oidc.go). Either
// way, the agency and groups come from the claims the staff API reads
// (httpedge.StaffClaims). The session is a server-side
// record (sealed under a key only its cookie gives) that holds the tokens;
// the browser holds only a random id, in an HttpOnly, SameSite=Strict cookie,
// __Host- prefixed and Secure over HTTPS. Every request verifies the session's
// ID token as the API's JWT authorizer does (package jwtauth) and takes the
// staff member and their agency from it alone (httpedge.StaffClaims.Actor).
package console

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/cognito"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/jwtauth"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/web"
)

// Pool is the user pool staff sign in to (package cognito).
type Pool interface {
	SignIn(ctx context.Context, username, password string) (cognito.Result, error)
	SetNewPassword(ctx context.Context, username, password, session string) (cognito.Result, error)
	SignOut(ctx context.Context, accessToken string) error
}

var _ Pool = (*cognito.Pool)(nil)

// Store keeps the sessions (dynamostore.Store), sealed, by a digest of their
// ids.
type Store interface {
	PutSession(ctx context.Context, key string, sealed []byte, expires time.Time) error
	Session(ctx context.Context, key string) ([]byte, error) // apperr.ErrNotFound when none
	DeleteSession(ctx context.Context, key string) error
}

// Verifier checks a session's ID token as the API's JWT authorizer does
// (jwtauth.Verifier).
type Verifier interface {
	Verify(ctx context.Context, raw string) (jwtauth.Token, error)
}

var _ Verifier = (*jwtauth.Verifier)(nil)

// Config is what the console is built from.
type Config struct {
	// Desk is the staff API's desk: the console is another face of it, with
	// no interface between, so that the two cannot differ.
	Desk *intake.Desk
	Pool Pool // nil: no password sign-in (the stack trusts another issuer)
	SSO  *SSO // nil: no single sign-on through another OIDC provider (oidc.go)
	// Claims name the claims of the staff member's agency and groups, as the
	// staff API reads them (httpedge.StaffClaims).
	Claims   httpedge.StaffClaims
	Store    Store
	Verifier Verifier
	// Counter counts sign-in attempts and failures (throttle.go), in the
	// table's budgets as the abuse limits do (intake.Limiter).
	Counter intake.Counter
	// Keys gives the server's keys (keyring.Keyring): the forms' CSRF key
	// (httpedge.NewCSRF), and the key that names the sign-in budgets.
	Keys intake.Keys
	Now  func() time.Time // time.Now when nil
}

// templates and assets: the console's own, beside the firm pages' stylesheet
// and script (web.NewRendererWithFirmAssets).
//
//go:embed templates/*.html static
var files embed.FS

var pageNames = []string{"signin", "overview", "item", "export", "error"}

// console holds the handler's dependencies.
type console struct {
	Config
	csrf *httpedge.CSRF // this request's guard (New's handler sets it)
	view *web.Renderer
}

// request is a signed-in staff member's request.
type request struct {
	httpedge.Request
	by   staff
	form url.Values // a post's fields, its CSRF token checked; nil for a GET
}

// New returns the ConsoleFunction handler.
func New(cfg Config, log *logrus.Logger) httpedge.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &console{
		Config: cfg,
		view:   web.NewRendererWithFirmAssets(files, "/staff/static/", pageNames...),
	}
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, r := httpedge.Start(ctx, log, ev)
		if ev.RouteKey == "GET /staff/static/{file}" {
			return c.view.Static(r.Event.PathParameters["file"], r.Event.QueryStringParameters["v"]), nil
		}
		key, err := c.Keys.Key(ctx, csrfPurpose)
		if err != nil {
			// No page can carry a token, and no post can be checked.
			return c.problem(ctx, r, nil, err), nil
		}
		rc := *c
		rc.csrf = httpedge.NewCSRF(csrfCookie, key)
		return rc.route(ctx, r), nil
	}
}

// The pages open to anyone, and those of a signed-in staff member, by the
// route key API Gateway matched (template.yaml).
var (
	openPages = map[string]func(*console, context.Context, httpedge.Request) events.APIGatewayV2HTTPResponse{
		"GET /staff/login":         (*console).loginPage,
		"POST /staff/login":        (*console).signIn,
		"POST /staff/password":     (*console).newPassword,
		"POST /staff/logout":       (*console).signOut,
		"GET /staff/oidc/login":    (*console).oidcLogin,
		"GET /staff/oidc/callback": (*console).oidcCallback,
	}
	staffPages = map[string]func(*console, context.Context, request) events.APIGatewayV2HTTPResponse{
		"GET /staff":                    (*console).overview,
		"POST /staff/take":              (*console).takeNext,
		"GET /staff/items/{reference}":  (*console).item,
		"POST /staff/items/{reference}": (*console).act,
		"GET /staff/export":             (*console).exportForm,
		"POST /staff/export":            (*console).export,
	}
)

func (c *console) route(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	if h, ok := openPages[r.Event.RouteKey]; ok {
		return h(c, ctx, r)
	}
	h, ok := staffPages[r.Event.RouteKey]
	if !ok {
		return c.problem(ctx, r, nil, fmt.Errorf("%w: no such page", apperr.ErrNotFound))
	}
	q := request{Request: r}
	var err error
	if strings.HasPrefix(r.Event.RouteKey, "POST ") {
		// The token first: a forged post learns nothing, not even whether its
		// victim is signed in.
		if q.form, err = c.posted(r); err != nil {
			return c.problem(ctx, r, nil, err)
		}
	}
	if q.by, err = c.signedIn(ctx, r); err != nil {
		return c.problem(ctx, r, nil, err)
	}
	// The subject and the agency, never a name (as the staff API logs).
	ctx, _ = logging.With(ctx, logrus.Fields{"staff": q.by.ID, "agency": q.by.Agency})
	return h(c, ctx, q)
}

// posted reads a form post and checks its CSRF token.
func (c *console) posted(r httpedge.Request) (url.Values, error) {
	values, err := r.Form()
	if err != nil {
		return nil, err
	}
	if err := c.csrf.Check(r, values.Get(csrfField)); err != nil {
		return nil, err
	}
	return values, nil
}

// render answers with a page, setting the CSRF cookie when the browser has
// none.
func (c *console) render(ctx context.Context, r httpedge.Request, status int, name string, p page) events.APIGatewayV2HTTPResponse {
	var token, cookie string
	if c.csrf != nil { // nil when the key could not be had: a page without forms
		token, cookie = c.csrf.Token(r)
	}
	p.Lang, p.CSRF, p.view = r.Lang, token, c.view
	body, err := c.view.Render(name, p)
	if err != nil {
		httpedge.Report(ctx, err)
		return web.PlainResponse(http.StatusInternalServerError)
	}
	resp := web.HTMLResponse(status, body, r.Lang)
	if cookie != "" {
		resp.Cookies = append(resp.Cookies, cookie)
	}
	return resp
}

// redirect answers a post (or a page that needs a session) with 303 to a
// page of ours in the request's language.
func redirect(r httpedge.Request, to string, cookies ...string) events.APIGatewayV2HTTPResponse {
	resp := httpedge.Response(http.StatusSeeOther, "text/plain; charset=utf-8", "")
	resp.Headers["Location"] = web.Localized(to, r.Lang)
	resp.Cookies = cookies
	return resp
}

// problem answers err: no session sends the browser to sign in, anything else
// is the error page in the pages' status for it (httpedge's table), with
// cookies set. by is nil before the staff member is known.
func (c *console) problem(ctx context.Context, r httpedge.Request, by *staff, err error, cookies ...string) events.APIGatewayV2HTTPResponse {
	pr := httpedge.Report(ctx, err)
	if pr.Kind == apperr.KindUnauthorized {
		clear := c.clearSession(r)
		if len(clear) > 0 { // there was a session, and it ended
			return redirect(r, "/staff/login?ended=1", append(clear, cookies...)...)
		}
		return redirect(r, "/staff/login", cookies...)
	}
	key := map[apperr.Kind]string{
		apperr.KindNotFound:    "err.notfound",
		apperr.KindForbidden:   "err.forbidden",
		apperr.KindUnavailable: "err.busy",
		apperr.KindInvalid:     "err.bad", // a query no page of ours links to: a bad status or cursor
		apperr.KindMalformed:   "err.bad",
		apperr.KindMediaType:   "err.bad",
		apperr.KindTooLarge:    "err.large",
	}[pr.Kind]
	switch {
	case errors.Is(err, httpedge.ErrCrossSite), errors.Is(err, httpedge.ErrCSRFToken):
		key = "err.csrf"
	case errors.Is(err, httpedge.ErrNoAgency):
		key = "err.noagency"
	case key == "":
		key = "err.internal"
	}
	p := page{Title: text("err.title", r.Lang), PageLang: web.PageLang{Self: "/staff"}, Content: text(key, r.Lang)}
	if by != nil {
		p.Staff = by.view(r.Lang)
	}
	resp := c.render(ctx, r, pr.PageStatus, "error", p)
	resp.Cookies = append(resp.Cookies, cookies...)
	if pr.RetryAfter != "" {
		resp.Headers["Retry-After"] = pr.RetryAfter
	}
	return resp
}
