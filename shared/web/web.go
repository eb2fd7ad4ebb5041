// Package web serves the firm-facing pages: a landing page, the two forms, the
// "check your answers" step, the confirmation and the status page, in zh-CN and
// English. The pages are rendered from the forms catalog and send what the firm
// entered through intake.Service as the JSON API's own body, so the API and the
// web cannot drift. They work without JavaScript.
package web

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// Service is what the pages need of the domain (intake.Service).
type Service interface {
	Submit(ctx context.Context, req intake.SubmitRequest) (intake.Receipt, error)
	Status(ctx context.Context, reference, token string) (*intake.Submission, error)
}

var _ Service = (*intake.Service)(nil)

// pages holds the handler's dependencies.
type pages struct {
	svc    Service
	parser intake.Parser // checks a form before the firm confirms it, storing nothing
	mails  bool          // svc confirms submissions by e-mail
}

// New returns the WebFunction handler. parser must be the one svc uses; mails
// says whether svc confirms each submission by e-mail, so that the confirmation
// page promises an e-mail only when one is sent.
func New(svc Service, parser intake.Parser, mails bool, log *logrus.Logger) httpapi.Handler {
	p := &pages{svc: svc, parser: parser, mails: mails}
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		ctx, _ = logging.Start(ctx, log, logrus.Fields{"correlationId": ev.RequestContext.RequestID, "route": ev.RouteKey})
		return p.route(ctx, newRequest(ev)), nil
	}
}

// route dispatches on the route key API Gateway matched (template.yaml).
func (p *pages) route(ctx context.Context, r request) events.APIGatewayV2HTTPResponse {
	switch r.ev.RouteKey {
	case "GET /":
		return p.render(ctx, r, http.StatusOK, "home", "/", text("home.title", r.lang), nil)
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
		return static(r)
	}
	return p.errorPage(ctx, r, http.StatusNotFound, "err.notfound")
}

// render answers with a page, setting the CSRF cookie when the browser has none.
func (p *pages) render(ctx context.Context, r request, status int, name, self, title string, content any) events.APIGatewayV2HTTPResponse {
	token, cookie := csrfToken(r)
	body, err := render(name, page{Lang: r.lang, Title: title, Self: self, CSRF: token, Content: content})
	if err != nil {
		logging.From(ctx).WithError(err).Error("page not rendered")
		return plainResponse(http.StatusInternalServerError)
	}
	resp := htmlResponse(status, body, r)
	if cookie != "" {
		resp.Cookies = []string{cookie}
	}
	return resp
}

func (p *pages) errorPage(ctx context.Context, r request, status int, key string) events.APIGatewayV2HTTPResponse {
	return p.render(ctx, r, status, "error", "/", text("err.title", r.lang), text(key, r.lang))
}
