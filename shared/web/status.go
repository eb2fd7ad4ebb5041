package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
)

// shanghai is the time zone firms read times in.
var shanghai = time.FixedZone("CST", 8*3600)

type statusView struct {
	Found   bool
	Heading string
	Status  string
	Agency  string
	Kind    string
	Answer  string
	History []historyRow
	Errors  []errorLink
	Fields  []fieldView
}

type historyRow struct {
	At     string
	Status string
	Note   string
}

// The status form's fields. The token is posted, never put in a URL, so it
// stays out of browser history, Referer headers and access logs.
func statusFields(lang forms.Lang, reference string, notFound bool) []fieldView {
	field := func(name, label, hint string) fieldView {
		id := "f-" + name
		return fieldView{
			Path: name, ID: id, Widget: wText, Type: "text", Autocomplete: "off",
			Label: text(label, lang), Hint: text(hint, lang), HintID: id + "-hint", ErrorID: id + "-error",
			ErrorPrefix: text("error.prefix", lang),
		}
	}
	ref := field("reference", "status.ref", "status.ref.h")
	ref.Value = reference
	tok := field("token", "status.tok", "status.tok.h")
	if notFound {
		ref.Errors = []string{text("status.none", lang)}
	}
	return []fieldView{ref, tok}
}

func (p *pages) statusForm(ctx context.Context, r request) events.APIGatewayV2HTTPResponse {
	v := statusView{Fields: statusFields(r.lang, "", false)}
	return p.render(ctx, r, http.StatusOK, "status", "/status", text("status.title", r.lang), v)
}

func (p *pages) postStatus(ctx context.Context, r request) events.APIGatewayV2HTTPResponse {
	values, ok, resp := p.readPost(ctx, r)
	if !ok {
		return resp
	}
	reference := strings.TrimSpace(values.Get("reference"))
	sub, err := p.svc.Status(ctx, reference, strings.TrimSpace(values.Get("token")))
	switch {
	case errors.Is(err, apperr.ErrNotFound):
		logging.From(ctx).Info("status lookup matched nothing")
		v := statusView{Fields: statusFields(r.lang, reference, true)}
		v.Errors = []errorLink{{Href: "#f-reference", Message: text("status.none", r.lang)}}
		return p.render(ctx, r, http.StatusNotFound, "status", "/status", text("status.title", r.lang), v)
	case errors.Is(err, apperr.ErrUnavailable):
		logging.From(ctx).WithError(err).Warn("dependency unavailable")
		return p.errorPage(ctx, r, http.StatusServiceUnavailable, "err.busy")
	case err != nil:
		logging.From(ctx).WithError(err).Error("internal error")
		return p.errorPage(ctx, r, http.StatusInternalServerError, "err.internal")
	}
	logging.From(ctx).WithField("reference", sub.Reference).Info("status shown")
	v := publicView(sub, r.lang)
	return p.render(ctx, r, http.StatusOK, "status", "/status", v.Heading, v)
}

// publicView is what the firm may see: status, agency, public history and the
// public part of the answer; internal notes and actors stay out.
func publicView(sub *intake.Submission, lang forms.Lang) statusView {
	a, _ := agency.Lookup(sub.Agency)
	v := statusView{
		Found:   true,
		Heading: strings.ReplaceAll(text("status.result", lang), "{ref}", sub.Reference),
		Status:  statusNames[sub.Status].In(lang),
		Agency:  a.Name(string(lang)),
		Kind:    text("kind."+string(sub.Kind), lang),
	}
	if sub.Answer != nil {
		v.Answer = sub.Answer.Public
	}
	for _, e := range sub.PublicHistory() {
		v.History = append(v.History, historyRow{At: e.At.In(shanghai).Format("2006-01-02 15:04"), Status: statusNames[e.To].In(lang), Note: e.Note})
	}
	return v
}
