package intake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// countingMarks counts the Marks a store is asked for.
type countingMarks struct {
	*intaketest.Store
	marks int
}

func (s *countingMarks) Mark(ctx context.Context, m intake.Mark) error {
	s.marks++
	return s.Store.Mark(ctx, m)
}

// The inbox lists a submission that may still wait (queued, under review; a
// received one takes the dispatch move with it, TestMarkQueued's side) and no
// other; a second message for one already listed writes nothing.
func TestEnlistWhileItMayWait(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		status     intake.Status
		wantListed bool
	}{
		{intake.StatusQueued, true},
		{intake.StatusInReview, true},
		{intake.StatusAnswered, false},
		{intake.StatusClosed, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			store := &countingMarks{Store: intaketest.NewStore()}
			sub := storetest.NewSubmission(storetest.NewRef(), now)
			sub.Agency, sub.Status, sub.Queued, sub.Version = agency.Procuratorate, tt.status, true, 3
			if err := store.Create(ctx, sub, nil); err != nil {
				t.Fatal(err)
			}
			m := intake.NewMessage(sub)
			for range 2 {
				if err := intake.Enlist(ctx, store, m, sub.Agency, now); err != nil {
					t.Fatalf("Enlist: %v", err)
				}
			}
			got, err := store.Get(ctx, sub.Reference)
			if err != nil {
				t.Fatal(err)
			}
			wantMarks := 0
			if tt.wantListed {
				wantMarks = 1
			}
			if got.Listed != tt.wantListed || store.marks != wantMarks || got.Version != 3 {
				t.Errorf("listed %v after %d marks at version %d; want %v, %d, 3", got.Listed, store.marks, got.Version, tt.wantListed, wantMarks)
			}
		})
	}
}

// transferFirst moves the submission to another agency before the first Mark
// it is asked for, as a staff transfer landing between the inbox's read and
// its write would.
type transferFirst struct {
	*intaketest.Store
	to   agency.Code
	done bool
}

func (s *transferFirst) Mark(ctx context.Context, m intake.Mark) error {
	if !s.done {
		s.done = true
		cur, err := s.Store.Get(ctx, m.Reference)
		if err != nil {
			return err
		}
		ch := intake.Change{Reference: m.Reference, Expect: intake.Expect{Status: cur.Status, Version: cur.Version, Queued: cur.Queued, Listed: cur.Listed},
			Status: intake.StatusQueued, Agency: s.to, Version: cur.Version + 1, UpdatedAt: now}
		if err := s.Store.Update(ctx, ch); err != nil {
			return err
		}
	}
	return s.Store.Mark(ctx, m)
}

// A message of the agency a submission left meanwhile lists it nowhere: the
// new agency's inbox lists it from the new agency's message.
func TestEnlistLeavesASubmissionTransferredMeanwhile(t *testing.T) {
	ctx := context.Background()
	store := &transferFirst{Store: intaketest.NewStore(), to: agency.Cyberspace}
	sub := storetest.NewSubmission(storetest.NewRef(), now)
	sub.Agency, sub.Status, sub.Queued, sub.Version = agency.Procuratorate, intake.StatusQueued, true, 3
	if err := store.Create(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}
	if err := intake.Enlist(ctx, store, intake.NewMessage(sub), agency.Procuratorate, now); err != nil {
		t.Fatalf("Enlist: %v", err)
	}
	got, err := store.Get(ctx, sub.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Listed || got.Agency != agency.Cyberspace {
		t.Errorf("listed %v at %s; want not listed, at %s", got.Listed, got.Agency, agency.Cyberspace)
	}
}

// alwaysOvertaken refuses every move as if a Mark had just landed: the same
// status and version, only the flags changed.
type alwaysOvertaken struct {
	*intaketest.Store
	updates int
}

func (s *alwaysOvertaken) Update(ctx context.Context, ch intake.Change) error {
	s.updates++
	cur, err := s.Store.Get(ctx, ch.Reference)
	if err != nil {
		return err
	}
	return &intake.StaleError{Reference: ch.Reference, Expect: ch.Expect, Current: cur}
}

// The desk makes a move overtaken by bookkeeping again a bounded number of
// times (three writes in all), then answers the refusal.
func TestActOvertakenAgainAndAgain(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	store := &alwaysOvertaken{Store: d.store}
	d.Desk.Store = store
	_, err := d.Act(ctx, proc, sub.Reference, sub.Version, intake.Command{Action: intake.ActionClaim})
	var stale *intake.StaleError
	if !errors.As(err, &stale) || store.updates != 3 {
		t.Errorf("after %d writes: %v; want 3 writes, then a *StaleError", store.updates, err)
	}
}
