// Package exportcsv writes an agency's submissions as a CSV file that a
// spreadsheet opens as people expect: UTF-8 with a byte order mark (Excel reads
// Chinese right), RFC 4180 (CRLF line ends, quoted where needed), the form's
// answers in words under the forms catalog's labels, and no cell a
// spreadsheet would run as a formula. The staff API's export and the staff
// console's both write it, over intake.Desk.Export, which audits each row.
package exportcsv

import (
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// ContentType is an export's media type.
const ContentType = "text/csv; charset=utf-8"

// shanghai is the calendar an export's days are named in: the agencies'.
var shanghai = time.FixedZone("CST", 8*3600)

// Range reads an export's first and last day (YYYY-MM-DD, Shanghai days, both
// included) as the period [from, to) that intake.Desk.Export takes. Each day
// that is missing or malformed is a field error named "from" or "to", with
// forms.CodeRequired or forms.CodeInvalidFormat and no message: the caller
// words it.
func Range(first, last string) (from, to time.Time, faults []apperr.FieldError) {
	day := func(field, v string) time.Time {
		if v == "" {
			faults = append(faults, apperr.FieldError{Field: field, Code: forms.CodeRequired})
			return time.Time{}
		}
		d, err := time.ParseInLocation(time.DateOnly, v, shanghai)
		if err != nil {
			faults = append(faults, apperr.FieldError{Field: field, Code: forms.CodeInvalidFormat})
		}
		return d
	}
	from, to = day("from", first), day("to", last)
	return from, to.AddDate(0, 0, 1), faults
}

// Filename names an export of an agency's days first to last.
func Filename(of agency.Code, first, last string) string {
	return string(of) + "-" + first + "-" + last + ".csv"
}

// columns are an export's form columns: every field of either form, sections
// left out, in the catalog's order.
func columns() []forms.Field {
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

var head = []forms.Text{
	{ZH: "编号", EN: "Reference"}, {ZH: "类型", EN: "Kind"}, {ZH: "状态", EN: "Status"}, {ZH: "紧急", EN: "Urgent"},
	{ZH: "提交时间", EN: "Submitted"}, {ZH: "最近办理", EN: "Last activity"}, {ZH: "首次答复", EN: "First answered"},
}

// Write returns the CSV of subs in lang: a header row, then one row each.
func Write(subs []*intake.Submission, lang forms.Lang) (string, error) {
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	cols := columns()
	row := make([]string, 0, len(head)+len(cols))
	for _, h := range head {
		row = append(row, h.In(lang))
	}
	for _, c := range cols {
		row = append(row, c.Label.In(lang))
	}
	if err := write(w, row); err != nil {
		return "", err
	}
	for _, sub := range subs {
		answers, err := sub.Answers(lang) // none for a stub past its retention or erased
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
		row = append(row[:0], sub.Reference, string(sub.Kind), sub.Status.Name().In(lang), strconv.FormatBool(sub.Urgent),
			sub.SubmittedAt.Format(time.RFC3339), sub.UpdatedAt.Format(time.RFC3339), answered)
		for _, c := range cols {
			row = append(row, byPath[c.Path])
		}
		if err := write(w, row); err != nil {
			return "", err
		}
	}
	w.Flush()
	return b.String(), w.Error()
}

// write writes one row with every cell guarded.
func write(w *csv.Writer, row []string) error {
	for i, v := range row {
		row[i] = Cell(v)
	}
	return w.Write(row)
}

// Cell keeps a spreadsheet from reading text as a formula (CSV injection): a
// cell starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets take as "this is text" and do not show.
func Cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
