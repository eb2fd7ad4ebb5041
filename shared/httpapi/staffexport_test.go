package httpapi

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

func TestExportCSV(t *testing.T) {
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "C-2345-6789", Kind: forms.KindConsultation, Status: intake.StatusAnswered, SubmittedAt: at, UpdatedAt: at,
		Form: []byte(`{"company":{"name":"=HYPERLINK(\"x\")","industry":"gaming"},"contact":{"name":"张三","mobile":"+8613812345678"},` +
			`"incident":{"measures":["detention","arrest"],"reportedToPolice":true}}`),
	}
	out, err := exportCSV([]*intake.Submission{sub}, forms.EN)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || len(rows[0]) != len(rows[1]) {
		t.Fatalf("rows %v, %v", rows, err)
	}
	cellOf := func(label string) string {
		for i, h := range rows[0] {
			if h == label {
				return rows[1][i]
			}
		}
		t.Fatalf("no column %q in %v", label, rows[0])
		return ""
	}
	tests := []struct{ label, want string }{
		{"Reference", "C-2345-6789"},
		{"Status", "Answered"},
		{"Company name", `'=HYPERLINK("x")`}, // a formula stays text
		{"Mobile number", "'+8613812345678"},
		{"Contact name", "张三"},
		{"Industry", "Gaming"},
		{"Main topic", ""}, // a training field, empty for a consultation
	}
	for _, tt := range tests {
		if got := cellOf(tt.label); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.label, got, tt.want)
		}
	}
	if !strings.HasPrefix(out, "\ufeff") {
		t.Error("no byte order mark")
	}
}

// A submission past its retention period is a stub without a form: the staff
// view and the export show it, with no answers, rather than fail on it.
func TestRedactedStubHasNoForm(t *testing.T) {
	at := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	sub := &intake.Submission{
		Reference: "C-2345-6789", Kind: forms.KindConsultation, Status: intake.StatusClosed, SubmittedAt: at, UpdatedAt: at,
		Form:    []byte(`{"contact":{"name":"张三"}}`),
		History: []intake.Event{{At: at, Actor: "staff-li", Action: intake.ActionClose, From: intake.StatusAnswered, To: intake.StatusClosed, Note: "张三"}},
		Version: 4,
	}
	sub.Redact(at.Add(181 * 24 * time.Hour))
	v, err := submissionView(sub, forms.EN)
	if err != nil {
		t.Fatalf("view of a stub: %v", err)
	}
	if v.RedactedAt == nil || len(v.Form) != 0 || v.History[0].Actor != "" || v.History[0].Note != "" {
		t.Errorf("view of a stub = %+v", v)
	}
	out, err := exportCSV([]*intake.Submission{sub}, forms.EN)
	if err != nil {
		t.Fatalf("export of a stub: %v", err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "C-2345-6789" || strings.Contains(out, "张三") {
		t.Errorf("export of a stub: %v, %v", rows, err)
	}
}
