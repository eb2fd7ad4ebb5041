package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// honeypotField is a text box hidden from people; bots that fill in every box
// fill it in too.
const honeypotField = "website"

func (p *pages) blankForm(ctx context.Context, r request, kind forms.Kind) events.APIGatewayV2HTTPResponse {
	v := newFormView(kind, r.lang, url.Values{}, nil, "")
	return p.render(ctx, r, http.StatusOK, "form", "/"+string(kind), v.Title, v)
}

// postForm takes one step of a form: check the answers (the form's button),
// go back to change one (a change link), or send them (the check page's button).
// Every step validates on the server with the forms parser.
func (p *pages) postForm(ctx context.Context, r request, kind forms.Kind) events.APIGatewayV2HTTPResponse {
	values, ok, resp := p.readPost(ctx, r)
	if !ok {
		return resp
	}
	answers := answersOf(kind, values)
	switch {
	case values.Get("edit") != "":
		v := newFormView(kind, r.lang, answers, nil, values.Get("edit"))
		return p.render(ctx, r, http.StatusOK, "form", "/"+string(kind), v.Title, v)
	case values.Get("step") == "send":
		return p.send(ctx, r, kind, answers, values.Get(idempotencyField))
	}
	body, err := forms.Body(kind, answers)
	if err == nil {
		_, err = p.parser.Parse(kind, body, r.lang)
	}
	if err != nil {
		return p.failed(ctx, r, kind, answers, "", err)
	}
	return p.render(ctx, r, http.StatusOK, "check", "/"+string(kind), text("check.title", r.lang), newCheckView(kind, r.lang, answers))
}

// send submits the answers as the JSON API's body through the intake service.
func (p *pages) send(ctx context.Context, r request, kind forms.Kind, answers url.Values, key string) events.APIGatewayV2HTTPResponse {
	if !validKey(key) {
		key = "" // a tampered key: send without one rather than refuse
	}
	body, err := forms.Body(kind, answers)
	if err != nil {
		return p.failed(ctx, r, kind, answers, key, err)
	}
	receipt, err := p.svc.Submit(ctx, intake.SubmitRequest{
		Kind: kind, Body: body, Lang: r.lang, IdempotencyKey: key, CorrelationID: r.ev.RequestContext.RequestID,
	})
	if err != nil {
		return p.failed(ctx, r, kind, answers, key, err)
	}
	logging.From(ctx).WithFields(logrus.Fields{"reference": receipt.Reference, "replayed": receipt.Replayed}).Info("web submission sent")
	a, _ := agency.Lookup(receipt.Agency)
	v := confirmationView{
		Reference:  receipt.Reference,
		Token:      receipt.StatusToken,
		AgencyLine: strings.ReplaceAll(text("done.agency", r.lang), "{agency}", a.Name(string(r.lang))),
		Mailed:     p.mails,
	}
	return p.render(ctx, r, http.StatusOK, "confirmation", "/"+string(kind), text("done.title", r.lang), v)
}

type confirmationView struct {
	Reference  string
	Token      string
	AgencyLine string
	Mailed     bool
}

// failed answers a step that did not go through: field errors re-render the form
// with everything kept; a passing failure keeps the check page so the firm can
// press send again (with the same idempotency key, so never twice).
func (p *pages) failed(ctx context.Context, r request, kind forms.Kind, answers url.Values, key string, err error) events.APIGatewayV2HTTPResponse {
	log := logging.From(ctx).WithError(err)
	var invalid *apperr.InvalidError
	switch {
	case errors.As(err, &invalid):
		log.WithField("fieldCodes", forms.FieldCodes(invalid.Fields)).Info("form refused")
		v := newFormView(kind, r.lang, answers, invalid, "")
		return p.render(ctx, r, http.StatusUnprocessableEntity, "form", "/"+string(kind), v.Title, v)
	case errors.Is(err, apperr.ErrUnavailable):
		log.Warn("dependency unavailable")
		v := newCheckView(kind, r.lang, answers)
		v.Retry = true
		if key != "" {
			v.Idempotency = key
		}
		return p.render(ctx, r, http.StatusServiceUnavailable, "check", "/"+string(kind), text("check.title", r.lang), v)
	case errors.Is(err, apperr.ErrConflict):
		log.Info("idempotency key reused with other answers")
		return p.errorPage(ctx, r, http.StatusConflict, "err.bad")
	}
	log.Error("internal error")
	return p.errorPage(ctx, r, http.StatusInternalServerError, "err.internal")
}

// readPost reads a form post and refuses it when its CSRF token does not match
// or its honeypot is filled in.
func (p *pages) readPost(ctx context.Context, r request) (url.Values, bool, events.APIGatewayV2HTTPResponse) {
	log := logging.From(ctx)
	values, err := r.form()
	switch {
	case errors.Is(err, errTooLarge):
		return nil, false, p.errorPage(ctx, r, http.StatusRequestEntityTooLarge, "err.large")
	case err != nil:
		return nil, false, p.errorPage(ctx, r, http.StatusBadRequest, "err.bad")
	case !csrfValid(r, values.Get(csrfField)):
		log.Info("csrf token missing or wrong; post refused")
		return nil, false, p.errorPage(ctx, r, http.StatusForbidden, "err.csrf")
	case values.Get(honeypotField) != "":
		log.Info("honeypot filled in; post dropped")
		return nil, false, p.errorPage(ctx, r, http.StatusBadRequest, "err.bot")
	}
	return values, true, events.APIGatewayV2HTTPResponse{}
}

// answersOf keeps the form's own fields of a post, and records consent with the
// wording this site shows, whatever the post claims.
func answersOf(kind forms.Kind, values url.Values) url.Values {
	leaves, _ := leafFields(kind)
	out := url.Values{}
	for _, f := range leaves {
		if vs, ok := values[f.Path]; ok {
			out[f.Path] = vs
		}
	}
	out.Set("consent.version", ConsentVersion)
	return out
}

// validKey checks an idempotency key as the JSON API does: 1-64 printable ASCII.
func validKey(key string) bool {
	if key == "" || len(key) > 64 {
		return false
	}
	for i := range len(key) {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}
