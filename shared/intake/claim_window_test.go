package intake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

// lagging is the store with a worklist index that still lists, ahead of
// what it lists now, submissions that already left it: the index lags the
// table. reads counts the worklist's reads.
type lagging struct {
	*intaketest.Store
	stale []intake.Summary
	reads int
}

func (l *lagging) Worklist(ctx context.Context, q intake.WorklistQuery) ([]intake.Summary, error) {
	l.reads++
	now, err := l.Store.Worklist(ctx, q)
	if err != nil {
		return nil, err
	}
	out := append(append([]intake.Summary(nil), l.stale...), now...)
	return out[:min(len(out), q.Limit)], nil
}

// staleAhead claims n waiting submissions for procOther and returns the
// worklist's entries of them as they were before: what a lagging index
// still lists.
func (d desk) staleAhead(t *testing.T, n int) []intake.Summary {
	t.Helper()
	for range n {
		d.waiting(t, true, time.Hour)
	}
	listed, err := d.Waiting(context.Background(), proc, n)
	if err != nil || len(listed) != n {
		t.Fatalf("listed %d, %v", len(listed), err)
	}
	for _, s := range listed {
		if _, err := d.ClaimReference(context.Background(), procOther, s.Reference); err != nil {
			t.Fatal(err)
		}
	}
	return listed
}

// More than a window of entries the index still lists though they were
// claimed, ahead of one that waits: Claim reads on and takes it; with none
// behind them, the worklist is read to its end and nothing is waiting.
func TestClaimReadsPastStaleEntries(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	stale := d.staleAhead(t, 60)
	l := &lagging{Store: d.store, stale: stale}
	d.Desk.Store = l
	if _, err := d.Claim(ctx, proc); !errors.Is(err, intake.ErrNothingWaiting) {
		t.Errorf("only stale entries: %v, want ErrNothingWaiting", err)
	}
	want := d.waiting(t, false, time.Hour)
	got, err := d.Claim(ctx, proc)
	if err != nil {
		t.Fatalf("a waiting submission behind 60 stale entries: %v", err)
	}
	if got.Reference != want.Reference || got.Claim == nil || got.Claim.By != proc.ID {
		t.Errorf("claimed %+v, want %s for %s", got, want.Reference, proc.ID)
	}
}

// racing is the store as staff claiming at the same moment leave it: right
// after Claim reads the worklist, others take every submission it read.
type racing struct {
	*intaketest.Store
	desk  *intake.Desk
	t     *testing.T
	first bool
}

func (r *racing) Worklist(ctx context.Context, q intake.WorklistQuery) ([]intake.Summary, error) {
	out, err := r.Store.Worklist(ctx, q)
	if err != nil || r.first {
		return out, err
	}
	r.first = true
	for _, s := range out {
		if _, err := r.desk.ClaimReference(ctx, procOther, s.Reference); err != nil {
			r.t.Fatal(err)
		}
	}
	return out, nil
}

// Every submission of Claim's first read is claimed by others before it
// writes: it reads again, and takes one that waits behind them.
func TestClaimReadsOnWhenItsWindowIsTaken(t *testing.T) {
	d := newDesk()
	for range 50 {
		d.waiting(t, true, time.Hour)
	}
	want := d.waiting(t, false, time.Hour)
	d.Desk.Store = &racing{Store: d.store, desk: &intake.Desk{Store: d.store, Now: d.Desk.Now}, t: t}
	got, err := d.Claim(context.Background(), proc)
	if err != nil {
		t.Fatalf("a submission behind 50 taken meanwhile: %v", err)
	}
	if got.Reference != want.Reference {
		t.Errorf("claimed %s, want %s", got.Reference, want.Reference)
	}
}

// Claim is bounded: past claimMost entries tried, or near the request's
// deadline, it answers that the service is busy (503), not that nothing is
// waiting, and leaves what it did not reach on the worklist.
func TestClaimIsBounded(t *testing.T) {
	t.Run("entries tried", func(t *testing.T) {
		d := newDesk()
		stale := d.staleAhead(t, 1000)
		behind := d.waiting(t, false, time.Hour)
		l := &lagging{Store: d.store, stale: stale}
		d.Desk.Store = l
		if _, err := d.Claim(context.Background(), proc); !errors.Is(err, apperr.ErrUnavailable) || errors.Is(err, intake.ErrNothingWaiting) {
			t.Errorf("1000 stale entries ahead: %v, want ErrUnavailable", err)
		}
		if l.reads != 6 {
			t.Errorf("%d reads of the worklist, want 6 (50, 100, 200, 400, 800, 1000)", l.reads)
		}
		if sub, _ := d.store.Get(context.Background(), behind.Reference); sub.Status != intake.StatusQueued {
			t.Errorf("the one behind: %s, want still queued", sub.Status)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		d := newDesk()
		sub := d.waiting(t, false, time.Hour)
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second/2))
		defer cancel()
		if _, err := d.Claim(ctx, proc); !errors.Is(err, apperr.ErrUnavailable) {
			t.Errorf("with less than a second left: %v, want ErrUnavailable", err)
		}
		if got, _ := d.store.Get(context.Background(), sub.Reference); got.Status != intake.StatusQueued {
			t.Errorf("status %s, want still queued", got.Status)
		}
	})
}
