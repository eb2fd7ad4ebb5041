package intake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

// A decoy receipt looks like Submit's and leads nowhere: nothing is stored,
// queued or mailed, and an invalid form gets Submit's field errors.
func TestDecoy(t *testing.T) {
	svc, store, queue := newService()
	n := &intaketest.Notifier{}
	svc.Notifier = n
	r, err := svc.Decoy(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH, IdempotencyKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if !referencePattern.MatchString(r.Reference) || len(r.StatusToken) != 22 || r.Agency != agency.PublicSecurity ||
		r.Status != intake.StatusQueued || !r.Mailed || r.Replayed {
		t.Errorf("receipt %+v", r)
	}
	if store.Len() != 0 || queue.Count() != 0 || len(n.Sent) != 0 {
		t.Fatalf("stored %d, queued %d, mailed %d", store.Len(), queue.Count(), len(n.Sent))
	}
	if _, err := svc.Status(context.Background(), r.Reference, r.StatusToken); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Status of the decoy: %v, want ErrNotFound", err)
	}
	_, err = svc.Decoy(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: []byte(`{}`), Lang: forms.ZH})
	if !errors.Is(err, apperr.ErrInvalid) {
		t.Errorf("invalid form: err = %v, want ErrInvalid", err)
	}
}
