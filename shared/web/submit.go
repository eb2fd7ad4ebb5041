package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// honeypotField is a text box hidden from people; bots that fill in every box
// fill it in too. A post with it filled in is answered as any other (a decoy
// receipt for a send, see intake.Service.Decoy): the bot must not learn why it
// got nowhere.
const honeypotField = "website"

// byBot reports whether a post filled in the honeypot: any of its values, since
// a post may repeat a field and url.Values.Get sees only the first.
func byBot(values url.Values) bool {
	return slices.ContainsFunc(values[honeypotField], func(v string) bool { return v != "" })
}

func (p *pages) blankForm(ctx context.Context, r httpedge.Request, kind forms.Kind) events.APIGatewayV2HTTPResponse {
	v := newFormView(kind, r.Lang, url.Values{}, nil, "")
	return p.render(ctx, r, http.StatusOK, "form", "/"+string(kind), v.Title, v)
}

// postForm takes one step of a form: check the answers (the form's button),
// go back to change one (a change link), or send them (the check page's button).
// Every step validates on the server with the forms parser.
func (p *pages) postForm(ctx context.Context, r httpedge.Request, kind forms.Kind) events.APIGatewayV2HTTPResponse {
	values, ok, resp := p.readPost(ctx, r)
	if !ok {
		return resp
	}
	answers := answersOf(kind, values)
	switch {
	case values.Get("edit") != "":
		v := newFormView(kind, r.Lang, answers, nil, values.Get("edit"))
		return p.render(ctx, r, http.StatusOK, "form", "/"+string(kind), v.Title, v)
	case values.Get("step") == "send":
		return p.send(ctx, r, kind, answers, values.Get(idempotencyField), byBot(values))
	}
	body, err := forms.Body(kind, answers)
	if err == nil {
		_, err = p.parser.Parse(kind, body, r.Lang)
	}
	if err != nil {
		return p.failed(ctx, r, kind, answers, "", err)
	}
	return p.render(ctx, r, http.StatusOK, "check", "/"+string(kind), text("check.title", r.Lang), newCheckView(kind, r.Lang, answers))
}

// send submits the answers as the JSON API's body through the intake service;
// a bot's answers get a decoy receipt instead, and nothing is stored.
func (p *pages) send(ctx context.Context, r httpedge.Request, kind forms.Kind, answers url.Values, key string, bot bool) events.APIGatewayV2HTTPResponse {
	if !httpedge.ValidIdempotencyKey(key) {
		key = "" // a tampered key: send without one rather than refuse
	}
	body, err := forms.Body(kind, answers)
	if err != nil {
		return p.failed(ctx, r, kind, answers, key, err)
	}
	submit := p.svc.Submit
	if bot {
		submit = p.svc.Decoy
	}
	receipt, err := submit(ctx, intake.SubmitRequest{
		Kind: kind, Body: body, Lang: r.Lang, IdempotencyKey: key, CorrelationID: r.CorrelationID, Client: r.Client(),
	})
	if err != nil {
		return p.failed(ctx, r, kind, answers, key, err)
	}
	if !bot {
		logging.From(ctx).WithFields(logrus.Fields{"reference": receipt.Reference, "replayed": receipt.Replayed}).Info("web submission sent")
	}
	v := confirmationView{
		Reference:  receipt.Reference,
		Token:      receipt.StatusToken,
		AgencyLine: strings.ReplaceAll(text("done.agency", r.Lang), "{agency}", httpedge.AgencyOf(receipt.Agency, r.Lang).Name),
		Mail:       p.mailLine(receipt),
	}
	return p.render(ctx, r, http.StatusOK, "confirmation", "/"+string(kind), text("done.title", r.Lang), v)
}

type confirmationView struct {
	Reference  string
	Token      string
	AgencyLine string
	Mail       string // the text key of what the page says of the e-mail, "" for nothing
}

// mailLine is what the confirmation says of the e-mail, and only what is
// true: sent when the transport (SES or the SMTP server) accepted it; not sent
// when it did not (a refused address, the service down, an SMTP server without
// STARTTLS), so that the firm keeps this page; nothing when the pages
// send no e-mail, or for a replay, whose mail went out, or not, the first time.
func (p *pages) mailLine(receipt intake.Receipt) string {
	switch {
	case receipt.Mailed:
		return "done.mail"
	case p.mails && !receipt.Replayed:
		return "done.nomail"
	}
	return ""
}

// failed answers a step that did not go through, in the pages' status for its
// error: field errors re-render the form with everything kept; a passing failure
// keeps the check page so the firm can press send again (with the same
// idempotency key, so never twice).
func (p *pages) failed(ctx context.Context, r httpedge.Request, kind forms.Kind, answers url.Values, key string, err error) events.APIGatewayV2HTTPResponse {
	pr := httpedge.Report(ctx, err)
	var invalid *apperr.InvalidError
	switch {
	case errors.As(err, &invalid):
		v := newFormView(kind, r.Lang, answers, invalid, "")
		return p.render(ctx, r, pr.PageStatus, "form", "/"+string(kind), v.Title, v)
	case pr.Kind == apperr.KindUnavailable:
		v := newCheckView(kind, r.Lang, answers)
		v.Retry = true
		if key != "" {
			v.Idempotency = key
		}
		return p.render(ctx, r, pr.PageStatus, "check", "/"+string(kind), text("check.title", r.Lang), v)
	case pr.Kind == apperr.KindLimited:
		// Too many forms from this network: the answers stay on the check page,
		// which says how long to wait, so nothing typed is lost.
		v := newCheckView(kind, r.Lang, answers)
		v.Limited = limitedLine(pr.RetryAfter, r.Lang)
		if key != "" {
			v.Idempotency = key
		}
		resp := p.render(ctx, r, pr.PageStatus, "check", "/"+string(kind), text("check.title", r.Lang), v)
		resp.Headers["Retry-After"] = pr.RetryAfter
		return resp
	case pr.Kind == apperr.KindConflict: // the idempotency key was reused with other answers
		return p.errorPage(ctx, r, pr, "err.bad")
	}
	return p.errorPage(ctx, r, pr, "err.internal")
}

// limitedLine tells a person how long to wait, in whole minutes (rounded up),
// from the Retry-After seconds.
func limitedLine(retryAfter string, lang forms.Lang) string {
	secs, _ := strconv.Atoi(retryAfter)
	minutes := max(1, (secs+59)/60)
	return strings.ReplaceAll(text("check.limited", lang), "{minutes}", strconv.Itoa(minutes))
}

// readPost reads a form post and refuses it when it is not from our own
// origin or its CSRF token is not the browser's (httpedge.CSRF.Check).
func (p *pages) readPost(ctx context.Context, r httpedge.Request) (url.Values, bool, events.APIGatewayV2HTTPResponse) {
	values, err := r.Form()
	if err == nil {
		err = p.csrf.Check(r, values.Get(csrfField))
	}
	switch {
	case errors.Is(err, apperr.ErrTooLarge):
		return nil, false, p.errorPage(ctx, r, httpedge.Report(ctx, err), "err.large")
	case errors.Is(err, apperr.ErrForbidden):
		return nil, false, p.errorPage(ctx, r, httpedge.Report(ctx, err), "err.csrf")
	case err != nil:
		return nil, false, p.errorPage(ctx, r, httpedge.Report(ctx, err), "err.bad")
	}
	return values, true, events.APIGatewayV2HTTPResponse{}
}

// answersOf keeps the form's own fields of a post, and records consent with the
// wording this site shows (the current one), whatever the post claims.
func answersOf(kind forms.Kind, values url.Values) url.Values {
	leaves, _ := leafFields(kind)
	out := url.Values{}
	for _, f := range leaves {
		if vs, ok := values[f.Path]; ok {
			out[f.Path] = vs
		}
	}
	out.Set("consent.version", forms.CurrentConsent().Version)
	return out
}
