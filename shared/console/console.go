// Package console serves the staff console: the pages on which agency staff
// sign in, work their agency's worklist, read a submission, make their moves
// on it and export their submissions. It is a face of the same domain as the
// staff API (intake.Desk: no rule of its own), held to the firm pages'
// standard: rendered on the server, working without JavaScript, zh-CN first
// with English, accessible, under the same strict Content-Security-Policy and
// CSRF guard (package web's Renderer and response, httpedge.CSRF).
//
// Staff sign in with their user name and password, which the server checks
// with the Cognito user pool (package cognito). The session is a server-side
// record (sealed under a key only its cookie gives) that holds the tokens;
// the browser holds only a random id, in an HttpOnly, SameSite=Strict cookie,
// __Host- prefixed and Secure over HTTPS. Every request verifies the session's
// ID token as the API's JWT authorizer does (package jwtauth) and takes the
// staff member and their agency from it alone (httpedge.StaffOf).
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

// Store keeps the sessions and the counts of sign-in failures
// (dynamostore.Store). Keys are digests; a session is sealed.
type Store interface {
	PutSession(ctx context.Context, key string, sealed []byte, expires time.Time) error
	Session(ctx context.Context, key string) ([]byte, error) // apperr.ErrNotFound when none
	DeleteSession(ctx context.Context, key string) error
	Failures(ctx context.Context, key string) (n int, last time.Time, err error)
	AddFailure(ctx context.Context, key string, at, forget time.Time) error
	ForgetFailures(ctx context.Context, key string) error
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
	Desk     *intake.Desk
	Pool     Pool // nil: the stack trusts another issuer, and the console cannot sign anyone in
	Store    Store
	Verifier Verifier
	// Key makes the forms' CSRF tokens (httpedge.NewCSRF) and names the counts
	// of sign-in failures; the same in every instance, 32 bytes or more.
	Key []byte
	Now func() time.Time // time.Now when nil
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
	csrf  *httpedge.CSRF
	names []byte // the key of the failure counts' names
	view  *web.Renderer
}

// request is a signed-in staff member's request.
type request struct {
	httpedge.Request
	by   staff
	form url.Values // a post's fields, its CSRF token checked; nil for a GET
}

// route is a page of a signed-in staff member.
type route func(ctx context.Context, q request) events.APIGatewayV2HTTPResponse

// New returns the ConsoleFunction handler.
func New(cfg Config, log *logrus.Logger) httpedge.Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &console{
		Config: cfg,
		csrf:   httpedge.NewCSRF(csrfCookie, cfg.Key),
		names:  derive(cfg.Key, "intake.console.signin-names.v1"),
		view:   web.NewRendererWithFirmAssets(files, "/staff/static/", pageNames...),
	}
	open := map[string]func(context.Context, httpedge.Request) events.APIGatewayV2HTTPResponse{
		"GET /staff/login":     c.loginPage,
		"POST /staff/login":    c.signIn,
		"POST /staff/password": c.newPassword,
		"POST /staff/logout":   c.signOut,
		"GET /staff/static/{file}": func(_ context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
			return c.view.Static(r.Event.PathParameters["file"], r.Event.QueryStringParameters["v"])
		},
	}
	signedIn := map[string]route{
		"GET /staff":                    c.overview,
		"POST /staff/take":              c.takeNext,
		"GET /staff/items/{reference}":  c.item,
		"POST /staff/items/{reference}": c.act,
		"GET /staff/export":             c.exportForm,
		"POST /staff/export":            c.export,
	}
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, r := httpedge.Start(ctx, log, ev)
		if h, ok := open[ev.RouteKey]; ok {
			return h(ctx, r), nil
		}
		h, ok := signedIn[ev.RouteKey]
		if !ok {
			return c.problem(ctx, r, nil, fmt.Errorf("%w: no such page", apperr.ErrNotFound)), nil
		}
		q := request{Request: r}
		var err error
		if strings.HasPrefix(ev.RouteKey, "POST ") {
			// The token first: a forged post learns nothing, not even whether
			// its victim is signed in.
			if q.form, err = c.posted(r); err != nil {
				return c.problem(ctx, r, nil, err), nil
			}
		}
		if q.by, err = c.signedIn(ctx, r); err != nil {
			return c.problem(ctx, r, nil, err), nil
		}
		// The subject and the agency, never a name (as the staff API logs).
		ctx, _ = logging.With(ctx, logrus.Fields{"staff": q.by.ID, "agency": q.by.Agency})
		return h(ctx, q), nil
	}
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
	token, cookie := c.csrf.Token(r)
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
// is the error page in the pages' status for it (httpedge's table). by is nil
// before the staff member is known.
func (c *console) problem(ctx context.Context, r httpedge.Request, by *staff, err error) events.APIGatewayV2HTTPResponse {
	pr := httpedge.Report(ctx, err)
	if pr.Kind == apperr.KindUnauthorized {
		clear := c.clearSession(r)
		if len(clear) > 0 { // there was a session, and it ended
			return redirect(r, "/staff/login?ended=1", clear...)
		}
		return redirect(r, "/staff/login")
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
	case key == "":
		key = "err.internal"
	}
	p := page{Title: text("err.title", r.Lang), PageLang: web.PageLang{Self: "/staff"}, Content: text(key, r.Lang)}
	if by != nil {
		p.Staff = by.view(r.Lang)
	}
	resp := c.render(ctx, r, pr.PageStatus, "error", p)
	if pr.RetryAfter != "" {
		resp.Headers["Retry-After"] = pr.RetryAfter
	}
	return resp
}
