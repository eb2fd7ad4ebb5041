package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

// An Idempotency-Key is remembered for IdempotencyTTL, 24 hours (the README's
// promise), from the submission.
func TestIdempotencyKeyRemembered24Hours(t *testing.T) {
	if intake.IdempotencyTTL.Hours() != 24 {
		t.Fatalf("IdempotencyTTL = %v, want 24h", intake.IdempotencyTTL)
	}
	svc, store, _ := newService()
	r, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH, IdempotencyKey: "order-42"})
	if err != nil {
		t.Fatal(err)
	}
	// The record is named by the key scoped to the form and the firm (the
	// fixture's credit code), under the server key.
	name, err := intake.RecordKey(context.Background(), intaketest.Keys, forms.KindConsultation, "91310107MA1G8K3Q33", "order-42")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := store.GetIdempotency(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if want := now.Add(24 * time.Hour); !rec.ExpiresAt.Equal(want) || rec.Reference != r.Reference {
		t.Errorf("record expires %v for %s, want %v for %s", rec.ExpiresAt, rec.Reference, want, r.Reference)
	}
}
