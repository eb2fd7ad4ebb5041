package httpapi

import (
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
)

// A submission past its retention period is a stub without a form: the staff
// view shows it, with no answers, rather than fail on it (the export's the
// same: package exportcsv).
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
}
