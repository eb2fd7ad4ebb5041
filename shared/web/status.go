package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
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
	// Schedule is when (Beijing time) and where the training is held.
	Schedule string
	History  []historyRow
	Errors   []errorLink
	Fields   []fieldView
}

type historyRow struct {
	At     string
	Status string
	Note   string
	Agency string // a transfer's new agency
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

func (p *pages) statusForm(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	v := statusView{Fields: statusFields(r.Lang, "", false)}
	return p.render(ctx, r, http.StatusOK, "status", "/status", text("status.title", r.Lang), v)
}

func (p *pages) postStatus(ctx context.Context, r httpedge.Request) events.APIGatewayV2HTTPResponse {
	values, ok, resp := p.readPost(ctx, r)
	if !ok {
		return resp
	}
	reference, token := strings.TrimSpace(values.Get("reference")), strings.TrimSpace(values.Get("token"))
	if byBot(values) {
		token = "" // looked up as any wrong token is: the same work, the same not-found
	}
	sub, err := p.svc.Status(ctx, reference, token)
	if err != nil {
		pr := httpedge.Report(ctx, err)
		switch pr.Kind {
		case apperr.KindNotFound: // the form again, the reference kept and marked
			v := statusView{Fields: statusFields(r.Lang, reference, true)}
			v.Errors = []errorLink{{Href: "#f-reference", Message: text("status.none", r.Lang)}}
			return p.render(ctx, r, pr.PageStatus, "status", "/status", text("status.title", r.Lang), v)
		case apperr.KindUnavailable:
			return p.errorPage(ctx, r, pr, "err.busy")
		}
		return p.errorPage(ctx, r, pr, "err.internal")
	}
	logging.From(ctx).WithField("reference", sub.Reference).Info("status shown")
	v := statusPage(httpedge.PublicView(sub, r.Lang), r.Lang)
	return p.render(ctx, r, http.StatusOK, "status", "/status", v.Heading, v)
}

// statusPage puts the firm's view of its submission (httpedge.PublicView) to
// people: names instead of codes, times in Shanghai's.
func statusPage(sub httpedge.Submission, lang forms.Lang) statusView {
	v := statusView{
		Found:   true,
		Heading: strings.ReplaceAll(text("status.result", lang), "{ref}", sub.Reference),
		Status:  intake.Status(sub.Status).Name().In(lang),
		Agency:  sub.Agency.Name,
		Kind:    text("kind."+string(sub.Kind), lang),
	}
	if sub.Answer != nil {
		v.Answer = *sub.Answer
	}
	if sc := sub.Schedule; sc != nil {
		v.Schedule = strings.TrimSuffix(sc.At.In(shanghai).Format("2006-01-02 15:04")+" · "+sc.Place, " · ")
	}
	for _, e := range sub.History {
		row := historyRow{At: e.At.In(shanghai).Format("2006-01-02 15:04"), Status: intake.Status(e.Status).Name().In(lang), Note: e.Note}
		if e.Agency != nil {
			row.Agency = e.Agency.Name
		}
		v.History = append(v.History, row)
	}
	return v
}
