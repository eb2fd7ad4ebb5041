package intaketest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

// The fake queue and notifier record what they are given, and nothing once
// told to fail: the domain's tests read "not sent" from them.
func TestQueueAndNotifierFail(t *testing.T) {
	errDown := errors.New("down")
	tests := []struct {
		name     string
		fail     error
		wantSent int
	}{
		{"up", nil, 1},
		{"down", errDown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			q := intaketest.NewQueue()
			q.Fail = tt.fail
			if err := q.Send(ctx, agency.Cyberspace, intake.Message{Reference: "C-2222-2222"}); !errors.Is(err, tt.fail) || tt.fail == nil && err != nil {
				t.Errorf("Send = %v, want %v", err, tt.fail)
			}
			if q.Count() != tt.wantSent || len(q.Sent[agency.Cyberspace]) != tt.wantSent {
				t.Errorf("queue holds %d, want %d", q.Count(), tt.wantSent)
			}
			n := &intaketest.Notifier{Fail: tt.fail}
			if err := n.Received(ctx, intake.Notice{Reference: "C-2222-2222"}); !errors.Is(err, tt.fail) || tt.fail == nil && err != nil {
				t.Errorf("Received = %v, want %v", err, tt.fail)
			}
			if len(n.Sent) != tt.wantSent {
				t.Errorf("notifier holds %d, want %d", len(n.Sent), tt.wantSent)
			}
		})
	}
}
