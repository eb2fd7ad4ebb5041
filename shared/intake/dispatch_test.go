package intake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

// updateFails is the fake store whose lifecycle writes fail.
type updateFails struct{ *intaketest.Store }

func (updateFails) Update(context.Context, intake.Change) error {
	return apperr.Unavailable(errors.New("dynamodb throttled"))
}

// A message on the queue whose record could not be marked is still a receipt
// (the message went out); the warning says the re-dispatch may send it again.
func TestDispatchSentNotMarked(t *testing.T) {
	tests := []struct {
		name       string
		failUpdate bool
		wantStatus intake.Status
		wantWarn   []string
	}{
		{"marked", false, intake.StatusQueued, nil},
		{"not marked", true, intake.StatusReceived, []string{"message queued but not marked; re-dispatch may send it again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store, queue := newService()
			if tt.failUpdate {
				svc.Store = updateFails{store}
			}
			ctx, messages := logged()
			r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH})
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.wantStatus || queue.Count() != 1 {
				t.Errorf("receipt %s, sent %d; want %s, 1", r.Status, queue.Count(), tt.wantStatus)
			}
			if got := messages("warning"); !equalStrings(got, tt.wantWarn) {
				t.Errorf("warnings %q, want %q", got, tt.wantWarn)
			}
		})
	}
}
