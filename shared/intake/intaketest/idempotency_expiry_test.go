package intaketest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// An idempotency record lives through the second it expires at, and is gone
// the second after, as in dynamostore (whose clock, like this one, reads whole
// seconds). The contract suite runs on the wall clock, so it cannot pin this
// down; the fake's own clock can.
func TestIdempotencyExpiryBoundary(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		expires time.Time
		want    error
	}{
		{"expires later", now.Add(time.Second), nil},
		{"expires this second", now, nil},
		{"expired a second ago", now.Add(-time.Second), apperr.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := intaketest.NewStore()
			s.Now = func() time.Time { return now }
			sub := storetest.NewSubmission("C-2222-2222", now)
			if err := s.Create(ctx, sub, storetest.NewIdempotency("k", sub.Reference, tt.expires)); err != nil {
				t.Fatal(err)
			}
			_, err := s.GetIdempotency(ctx, "k")
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("GetIdempotency = %v, want %v", err, tt.want)
			}
			// A live key cannot be taken again; an expired one can.
			other := storetest.NewSubmission("C-3333-3333", now)
			err = s.Create(ctx, other, storetest.NewIdempotency("k", other.Reference, now.Add(time.Hour)))
			if wantTaken := tt.want == nil; errors.Is(err, intake.ErrKeyTaken) != wantTaken {
				t.Errorf("Create with the same key = %v, want taken %v", err, wantTaken)
			}
		})
	}
}
