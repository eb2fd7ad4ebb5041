// Package web serves the firm-facing pages: a landing page, the two forms, the
// "check your answers" step, the confirmation and the status page, in zh-CN and
// English. The pages are rendered from the forms catalog and send what the firm
// entered through intake.Service as the JSON API's own body, so the API and the
// web cannot drift. They read requests and classify errors through
// shared/httpedge, as the JSON API does. They work without JavaScript.
package web

import (
	"context"
	"fmt"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Service is what the pages need of the domain (intake.Service).
type Service interface {
	Submit(ctx context.Context, req intake.SubmitRequest) (intake.Receipt, error)
	Decoy(ctx context.Context, req intake.SubmitRequest) (intake.Receipt, error)
	Status(ctx context.Context, reference, token string) (*intake.Submission, error)
}

var _ Service = (*intake.Service)(nil)

// Keys gives the server-side keys (keyring.Keyring), from a secret kept out of
// the table and the template's parameters.
type Keys interface {
	Key(ctx context.Context, purpose string) ([]byte, error)
}

// csrfPurpose names the CSRF key among the server's keys.
const csrfPurpose = "csrf"

// pages holds the handler's dependencies.
type pages struct {
	svc    Service
	parser intake.Parser // checks a form before the firm confirms it, storing nothing
	mails  bool          // svc has a Notifier: it tries to confirm each submission by e-mail
	keys   Keys
	csrf   *httpedge.CSRF // this request's guard; nil when the key could not be had
	view   *Renderer
}

// New returns the WebFunction handler. parser must be the one svc uses; mails
// says whether svc confirms each submission by e-mail, so that the confirmation
// page can say when one could not be sent (receipt.Mailed says when it was).
// keys gives the key of the forms' CSRF tokens (httpedge.NewCSRF): it must be
// the same in every instance, or a form served by one is refused by another.
func New(svc Service, parser intake.Parser, mails bool, keys Keys, log *logrus.Logger) httpedge.Handler {
	p := &pages{svc: svc, parser: parser, mails: mails, keys: keys, view: NewRenderer(firmFiles, pageNames...)}
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, r := httpedge.Start(ctx, log, ev)
		key, err := p.keys.Key(ctx, csrfPurpose)
		if err != nil {
			// No page can carry a token, and no post can be checked: say so,
			// on a page without forms.
			pr := httpedge.Report(ctx, err)
			return p.errorPage(ctx, r, pr, map[bool]string{true: "err.busy", false: "err.internal"}[pr.Kind == apperr.KindUnavailable]), nil
		}
		rp := *p
		rp.csrf = httpedge.NewCSRF(csrfCookie, key)
		return rp.route(ctx, r), nil
	}
}

var errNoPage = fmt.Errorf("%w: no such page", apperr.ErrNotFound)

// route dispatches on the route key API Gateway matched (template.yaml).
func (p *pages) route(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	switch r.Event.RouteKey {
	case "GET /":
		return p.render(ctx, r, http.StatusOK, "home", "/", text("home.title", r.Lang), nil)
	case "GET /consultation":
		return p.blankForm(ctx, r, forms.KindConsultation)
	case "GET /training":
		return p.blankForm(ctx, r, forms.KindTraining)
	case "POST /consultation":
		return p.postForm(ctx, r, forms.KindConsultation)
	case "POST /training":
		return p.postForm(ctx, r, forms.KindTraining)
	case "GET /status":
		return p.statusForm(ctx, r)
	case "POST /status":
		return p.postStatus(ctx, r)
	case "GET /static/{file}":
		return p.view.Static(r.Event.PathParameters["file"], r.Event.QueryStringParameters["v"])
	}
	return p.errorPage(ctx, r, httpedge.Report(ctx, errNoPage), "err.notfound")
}

// render answers with a page, setting the CSRF cookie when the browser has none.
func (p *pages) render(ctx context.Context, r httpedge.Request, status int, name, self, title string, content any) events.APIGatewayV2HTTPResponse {
	var token, cookie string
	if p.csrf != nil {
		token, cookie = p.csrf.Token(r)
	}
	body, err := p.view.Render(name, page{PageLang: PageLang{Lang: r.Lang, Self: self}, Title: title, CSRF: token, Content: content, view: p.view})
	if err != nil {
		httpedge.Report(ctx, err)
		return PlainResponse(http.StatusInternalServerError)
	}
	resp := HTMLResponse(status, body, r.Lang)
	if cookie != "" {
		resp.Cookies = []string{cookie}
	}
	return resp
}

// errorPage answers a problem (httpedge.Report's) with the error page in the
// pages' status for it; key is the page's own wording for what went wrong.
func (p *pages) errorPage(ctx context.Context, r httpedge.Request, pr httpedge.Problem, key string) events.APIGatewayV2HTTPResponse {
	return p.render(ctx, r, pr.PageStatus, "error", "/", text("err.title", r.Lang), text(key, r.Lang))
}
