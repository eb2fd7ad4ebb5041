package intaketest_test

import (
	"context"
	"errors"
	"testing"
	"time"

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

// The fake's counters read back what they counted, and answer a failure when
// told to fail, as the console's sign-in budgets need to see.
func TestCounterUsed(t *testing.T) {
	ctx := context.Background()
	s := intaketest.NewStore()
	for range 2 {
		if ok, err := s.Take(ctx, "k", 5, time.Time{}); !ok || err != nil {
			t.Fatalf("Take = %v, %v", ok, err)
		}
	}
	if n, err := s.Used(ctx, "k"); n != 2 || err != nil {
		t.Errorf("Used = %d, %v; want 2", n, err)
	}
	if n, err := s.Used(ctx, "never"); n != 0 || err != nil {
		t.Errorf("Used of a budget never taken = %d, %v", n, err)
	}
	errDown := errors.New("down")
	s.Fail = errDown
	if _, err := s.Used(ctx, "k"); !errors.Is(err, errDown) {
		t.Errorf("Used of a failing store = %v", err)
	}
}
