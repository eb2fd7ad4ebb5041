package console

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/exportcsv"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/web"
)

type exportView struct {
	Action string
	Fields []fieldView // from, to
}

// exportForm answers GET /staff/export: the period's first and last day, this
// month so far by default.
func (c *console) exportForm(ctx context.Context, q request) events.APIGatewayV2HTTPResponse {
	today := c.Now().In(shanghai)
	first := today.AddDate(0, 0, 1-today.Day())
	return c.exportPage(ctx, q, http.StatusOK, first.Format("2006-01-02"), today.Format("2006-01-02"), nil)
}

func (c *console) exportPage(ctx context.Context, q request, status int, from, to string, faults map[string]string) events.APIGatewayV2HTTPResponse {
	v := exportView{Action: web.Localized("/staff/export", q.Lang)}
	p := page{Title: text("export.title", q.Lang), PageLang: web.PageLang{Self: "/staff/export"}, Staff: q.by.view(q.Lang), Content: &v}
	for _, f := range []struct{ name, value string }{{"from", from}, {"to", to}} {
		fv := field("export-"+f.name, f.name, "text", q.Lang)
		fv.Value, fv.Error, fv.Narrow = f.value, faults[f.name], true
		fv.Label, fv.Hint = text("field.export."+f.name, q.Lang), text("hint.export.day", q.Lang)
		v.Fields = append(v.Fields, fv)
		if fv.Error != "" {
			if p.Errors == nil {
				p.Errors = &errorSummary{Title: text("errors.title", q.Lang)}
			}
			p.Errors.Links = append(p.Errors.Links, errorLink{Href: "#" + fv.ID, Message: fv.Error})
		}
	}
	return c.render(ctx, q.Request, status, "export", p)
}

// export answers POST /staff/export: the agency's submissions sent in those
// days as CSV (package exportcsv, as the staff API's export), each one's
// export recorded in its audit trail before the file is sent.
func (c *console) export(ctx context.Context, q request) events.APIGatewayV2HTTPResponse {
	first, last := q.form.Get("from"), q.form.Get("to")
	from, to, faults := exportcsv.Range(first, last)
	marked := map[string]string{}
	for _, f := range faults {
		marked[f.Field] = faultText("export", f.Field, f.Code, q.Lang)
	}
	var subs []*intake.Submission
	var err error
	if len(marked) == 0 {
		subs, err = c.Desk.Export(ctx, q.by.Actor, from, to)
	}
	var bad *intake.InputError
	if errors.As(err, &bad) {
		marked[bad.Field] = faultText("export", bad.Field, bad.Code, q.Lang)
	} else if err != nil {
		return c.problem(ctx, q.Request, &q.by, err)
	}
	if len(marked) > 0 {
		return c.exportPage(ctx, q, http.StatusUnprocessableEntity, first, last, marked)
	}
	body, err := exportcsv.Write(subs, q.Lang)
	if err != nil {
		return c.problem(ctx, q.Request, &q.by, err)
	}
	logging.From(ctx).WithField("rows", len(subs)).Info("submissions exported")
	resp := httpedge.Response(http.StatusOK, exportcsv.ContentType, body)
	resp.Headers["Content-Disposition"] = `attachment; filename="` + exportcsv.Filename(q.by.Agency, first, last) + `"`
	return resp
}
