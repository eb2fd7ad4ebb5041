package httpapi

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
)

// shanghai is the day an export's from and to name: the agencies' calendar.
var shanghai = time.FixedZone("CST", 8*3600)

// export answers GET /v1/staff/export.csv?from=&to=: the agency's submissions
// sent from the first day to the last (Shanghai days, both included), one row
// each, the form's answers in words under the catalog's labels in the
// request's language. Every exported submission's audit trail records it.
func (s staffAPI) export(ctx context.Context, r httpedge.Request, by intake.Actor) (events.APIGatewayV2HTTPResponse, error) {
	q := r.Event.QueryStringParameters
	from, err := exportDay(r, "from", q["from"])
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	to, err := exportDay(r, "to", q["to"])
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	subs, err := s.desk.Export(ctx, by, from, to.AddDate(0, 0, 1))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	body, err := exportCSV(subs, r.Lang)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	resp := httpedge.Response(http.StatusOK, "text/csv; charset=utf-8", body)
	resp.Headers["Content-Disposition"] = `attachment; filename="` + string(by.Agency) + "-" + q["from"] + "-" + q["to"] + `.csv"`
	return resp, nil
}

func exportDay(r httpedge.Request, field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, fieldError(r.Lang, apperr.FieldError{Field: field, Code: forms.CodeRequired})
	}
	d, err := time.ParseInLocation(time.DateOnly, v, shanghai)
	if err != nil {
		return time.Time{}, fieldError(r.Lang, apperr.FieldError{Field: field, Code: forms.CodeInvalidFormat})
	}
	return d, nil
}

// exportColumns are an export's form columns: every field of either form,
// sections left out, in the catalog's order.
func exportColumns() []forms.Field {
	var cols []forms.Field
	seen := map[string]bool{}
	for _, kind := range []forms.Kind{forms.KindConsultation, forms.KindTraining} {
		fields := forms.Fields(kind)
		for _, f := range fields {
			section := false
			for _, g := range fields {
				section = section || strings.HasPrefix(g.Path, f.Path+".")
			}
			if !section && !seen[f.Path] {
				seen[f.Path] = true
				cols = append(cols, f)
			}
		}
	}
	return cols
}

var exportHead = []forms.Text{
	{ZH: "编号", EN: "Reference"}, {ZH: "类型", EN: "Kind"}, {ZH: "状态", EN: "Status"}, {ZH: "紧急", EN: "Urgent"},
	{ZH: "提交时间", EN: "Submitted"}, {ZH: "最近办理", EN: "Last activity"}, {ZH: "首次答复", EN: "First answered"},
}

// exportCSV writes the rows. It starts with a byte order mark, so spreadsheet
// programs read the UTF-8 as such, and a cell that a spreadsheet would take
// for a formula is quoted as text.
func exportCSV(subs []*intake.Submission, lang forms.Lang) (string, error) {
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	cols := exportColumns()
	head := make([]string, 0, len(exportHead)+len(cols))
	for _, h := range exportHead {
		head = append(head, h.In(lang))
	}
	for _, c := range cols {
		head = append(head, c.Label.In(lang))
	}
	if err := w.Write(head); err != nil {
		return "", err
	}
	for _, sub := range subs {
		answers, err := formAnswers(sub, lang) // none for a stub past its retention period
		if err != nil {
			return "", err
		}
		byPath := make(map[string]string, len(answers))
		for _, a := range answers {
			byPath[a.Path] = a.Text
		}
		answered := ""
		if sub.AnsweredAt != nil {
			answered = sub.AnsweredAt.Format(time.RFC3339)
		}
		row := []string{sub.Reference, string(sub.Kind), sub.Status.Name().In(lang), strconv.FormatBool(sub.Urgent),
			sub.SubmittedAt.Format(time.RFC3339), sub.UpdatedAt.Format(time.RFC3339), answered}
		for _, c := range cols {
			row = append(row, cell(byPath[c.Path]))
		}
		if err := w.Write(row); err != nil {
			return "", err
		}
	}
	w.Flush()
	return b.String(), w.Error()
}

// cell keeps a spreadsheet from reading text as a formula (CSV injection).
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
