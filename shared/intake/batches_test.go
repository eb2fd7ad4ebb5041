package intake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/intake"
)

func TestInBatches(t *testing.T) {
	failed := errors.New("store down")
	tests := []struct {
		name      string
		give      []int // what each batch returns, in turn
		failAt    int   // the batch (1-based) that fails; 0 for none
		wantTotal int
		wantRuns  int
		wantErr   error
	}{
		{"one short batch", []int{3}, 0, 3, 1, nil},
		{"full batches, then a short one", []int{10, 10, 4}, 0, 24, 3, nil},
		{"full, then empty", []int{10, 0}, 0, 10, 2, nil},
		{"a failed batch stops the run with what was done", []int{10, 7, 10}, 2, 17, 2, failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := 0
			total, err := intake.InBatches(context.Background(), 10, time.Second, func(_ context.Context, size int) (int, error) {
				if size != 10 {
					t.Errorf("batch size %d, want 10", size)
				}
				n := tt.give[runs]
				runs++
				if runs == tt.failAt {
					return n, failed
				}
				return n, nil
			})
			if total != tt.wantTotal || runs != tt.wantRuns || !errors.Is(err, tt.wantErr) {
				t.Errorf("total %d after %d runs, err %v; want %d after %d, %v", total, runs, err, tt.wantTotal, tt.wantRuns, tt.wantErr)
			}
		})
	}
}

// A run stops between batches once less than spare is left, even while batches
// come back full: the function must answer before its timeout.
func TestInBatchesStopsBeforeTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	runs := 0
	total, err := intake.InBatches(ctx, 10, 2*time.Minute, func(context.Context, int) (int, error) {
		runs++
		return 10, nil
	})
	if err != nil || runs != 1 || total != 10 {
		t.Errorf("runs %d, total %d, err %v; want one full batch and a stop", runs, total, err)
	}
}
