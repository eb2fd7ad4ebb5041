package intake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
)

// MarkQueued, the domain's side: a received submission takes the dispatch
// transition with its event and one more version; one staff reached first
// only gets its flag, with no new version; one already queued is not written
// again.
func TestMarkQueued(t *testing.T) {
	queuedAt := actedAt.Add(time.Minute)
	tests := []struct {
		name        string
		give        func(*intake.Submission)
		wantStatus  intake.Status
		wantEvents  int
		wantVersion int64
	}{
		{"received", func(s *intake.Submission) { s.Status, s.Queued, s.Claim = intake.StatusReceived, false, nil }, intake.StatusQueued, 2, 5},
		{"in review before its message went out", func(s *intake.Submission) { s.Queued = false }, intake.StatusInReview, 1, 4},
		{"transferred, waiting for its new message", func(s *intake.Submission) {
			s.Status, s.Agency, s.Queued, s.Claim = intake.StatusQueued, agency.Cyberspace, false, nil
		}, intake.StatusQueued, 1, 4},
		{"already queued", func(*intake.Submission) {}, intake.StatusInReview, 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := intaketest.NewStore()
			sub := submissionAt(intake.StatusInReview)
			tt.give(sub)
			if err := store.Create(ctx, sub, nil); err != nil {
				t.Fatal(err)
			}
			if err := intake.MarkQueued(ctx, store, sub, queuedAt); err != nil {
				t.Fatalf("MarkQueued: %v", err)
			}
			got, err := store.Get(ctx, sub.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Queued || got.Status != tt.wantStatus || len(got.History) != tt.wantEvents || got.Version != tt.wantVersion {
				t.Errorf("stored queued %v, %s, %d events, version %d; want true, %s, %d, %d",
					got.Queued, got.Status, len(got.History), got.Version, tt.wantStatus, tt.wantEvents, tt.wantVersion)
			}
			if !sub.Queued || sub.Version != got.Version || len(sub.History) != len(got.History) {
				t.Errorf("the caller's copy is not the stored one: %+v", sub)
			}
		})
	}
}

// A write over a submission that moved on is refused as a precondition
// failure (the edge's 412), carrying what the store holds now.
func TestUpdateStale(t *testing.T) {
	ctx := context.Background()
	store := intaketest.NewStore()
	sub := submissionAt(intake.StatusQueued)
	if err := store.Create(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}
	read := sub.Clone()
	ch, err := read.Apply(validCommand(intake.ActionClaim))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Update(ctx, ch); err != nil {
		t.Fatalf("first claim: %v", err)
	}
	again := sub.Clone() // read before the first claim was written
	ch, err = again.Apply(intake.Command{Action: intake.ActionClaim, By: holder, At: actedAt})
	if err != nil {
		t.Fatal(err)
	}
	err = store.Update(ctx, ch)
	var stale *intake.StaleError
	if !errors.Is(err, apperr.ErrPrecondition) || !errors.As(err, &stale) {
		t.Fatalf("second claim: %v, want a *StaleError that is ErrPrecondition", err)
	}
	if errors.Is(err, apperr.ErrConflict) || apperr.KindOf(err) != apperr.KindPrecondition {
		t.Errorf("kind %s, want %s", apperr.KindOf(err), apperr.KindPrecondition)
	}
	if stale.Current.Claim == nil || stale.Current.Claim.By != colleague.ID || stale.Current.Version != 5 {
		t.Errorf("current %+v, want the colleague's claim at version 5", stale.Current)
	}
}

// A message sent to the queue of the agency a submission had when it was read
// does not mark it queued once it has been transferred meanwhile: the
// transfer's own message, to the new agency, is what must be on a queue, and
// until it is the re-dispatch must still find it.
func TestMarkQueuedLeavesATransferredSubmission(t *testing.T) {
	ctx := context.Background()
	store := intaketest.NewStore()
	stored := submissionAt(intake.StatusQueued)
	stored.Agency, stored.Queued, stored.Claim = agency.Cyberspace, false, nil
	if err := store.Create(ctx, stored, nil); err != nil {
		t.Fatal(err)
	}
	read := stored.Clone()
	read.Agency = agency.Procuratorate
	if err := intake.MarkQueued(ctx, store, read, actedAt.Add(time.Minute)); err != nil {
		t.Fatalf("MarkQueued: %v", err)
	}
	got, err := store.Get(ctx, stored.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got.Queued || got.Agency != agency.Cyberspace {
		t.Errorf("stored queued %v at %s; want not queued, at %s", got.Queued, got.Agency, agency.Cyberspace)
	}
}
