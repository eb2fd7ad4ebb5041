package intake_test

import (
	"context"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

func TestSubmitNotifies(t *testing.T) {
	tests := []struct {
		name     string
		fail     error
		wantSent int
	}{
		{"confirmed", nil, 1},
		{"mail down, submission stands", errors.New("ses down"), 0},
		{"address refused, submission stands", errors.New("ses: MessageRejected"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store, _ := newService()
			n := &intaketest.Notifier{Fail: tt.fail}
			svc.Notifier = n
			req := intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.EN, IdempotencyKey: "k-1"}
			r, err := svc.Submit(context.Background(), req)
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			if store.Len() != 1 || len(n.Sent) != tt.wantSent {
				t.Fatalf("stored %d, notified %d; want 1, %d", store.Len(), len(n.Sent), tt.wantSent)
			}
			if r.Mailed != (tt.wantSent == 1) {
				t.Errorf("receipt says mailed %v, want %v", r.Mailed, tt.wantSent == 1)
			}
			if tt.wantSent == 0 {
				return
			}
			got := n.Sent[0]
			want := intake.Notice{To: "legal@example.com", Lang: forms.ZH, Reference: r.Reference, Kind: r.Kind, Agency: r.Agency, SubmittedAt: r.SubmittedAt}
			if got != want {
				t.Errorf("notice %+v, want %+v", got, want)
			}
			again, err := svc.Submit(context.Background(), req)
			if err != nil || len(n.Sent) != 1 || again.Mailed {
				t.Errorf("replay: err %v, notified %d times, mailed %v; want once, and no claim of a mail", err, len(n.Sent), again.Mailed)
			}
		})
	}
}
