package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// intake.MarkQueued on this store: the queued flag is set once, and only a
// received submission moves, with its event, one more version and the time of
// the move; setting the flag alone (a Mark) changes neither.
func testMarkQueued(t *testing.T, store intake.Store) {
	submitted := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	queuedAt := submitted.Add(3 * time.Second)
	ev := intake.Event{At: queuedAt, Actor: intake.ActorSystem, Action: intake.ActionDispatch,
		From: intake.StatusReceived, To: intake.StatusQueued, Public: true}
	tests := []struct {
		name string
		give func(*intake.Submission) // nil: no submission stored
		// read returns the caller's copy, as read before the store changed
		// under it; nil: the stored submission itself.
		read        func(stored *intake.Submission) *intake.Submission
		times       int // how often MarkQueued is called
		want        error
		wantStatus  intake.Status
		wantHistory int // events after the call(s)
		wantUpdated time.Time
		wantVersion int64
	}{
		{"received", func(*intake.Submission) {}, nil, 1, nil, intake.StatusQueued, 2, queuedAt, 2},
		{"twice changes nothing more", func(*intake.Submission) {}, nil, 2, nil, intake.StatusQueued, 2, queuedAt, 2},
		{"already queued at create", func(s *intake.Submission) {
			s.Queued, s.Status = true, intake.StatusQueued
		}, nil, 1, nil, intake.StatusQueued, 1, submitted, 1},
		{"already queued, read before", func(s *intake.Submission) {
			s.Queued, s.Status, s.Version = true, intake.StatusQueued, 2
		}, func(s *intake.Submission) *intake.Submission {
			c := s.Clone()
			c.Queued, c.Status, c.Version = false, intake.StatusReceived, 1
			return c
		}, 1, nil, intake.StatusQueued, 1, submitted, 2},
		// Staff acted before the message went out: only the flag changes.
		{"in review, not queued", func(s *intake.Submission) {
			s.Status = intake.StatusInReview
		}, nil, 1, nil, intake.StatusInReview, 1, submitted, 1},
		{"in review, read while received", func(s *intake.Submission) {
			s.Status, s.Version = intake.StatusInReview, 2
		}, func(s *intake.Submission) *intake.Submission {
			c := s.Clone()
			c.Status, c.Version = intake.StatusReceived, 1
			return c
		}, 1, nil, intake.StatusInReview, 1, submitted, 2},
		{"transferred, waiting for its new message", func(s *intake.Submission) {
			s.Status, s.Agency, s.Version = intake.StatusQueued, agency.Cyberspace, 5
		}, nil, 1, nil, intake.StatusQueued, 1, submitted, 5},
		{"transferred, flag set twice", func(s *intake.Submission) {
			s.Status, s.Agency, s.Version = intake.StatusQueued, agency.Cyberspace, 5
		}, nil, 2, nil, intake.StatusQueued, 1, submitted, 5},
		{"written before versions", func(s *intake.Submission) { s.Version = 0 }, nil, 1, nil, intake.StatusQueued, 2, queuedAt, 1},
		{"missing", nil, nil, 1, apperr.ErrNotFound, "", 0, time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			sub := NewSubmission(NewRef(), submitted)
			if tt.give != nil {
				tt.give(sub)
				if err := store.Create(ctx, sub, nil); err != nil {
					t.Fatal(err)
				}
			}
			caller := sub.Clone()
			if tt.read != nil {
				caller = tt.read(sub)
			}
			var err error
			for range tt.times {
				if err = intake.MarkQueued(ctx, store, caller, queuedAt); err != nil {
					break
				}
			}
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("MarkQueued = %v, want %v", err, tt.want)
			}
			if tt.give == nil {
				return
			}
			got, err := store.Get(ctx, sub.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Queued || got.Status != tt.wantStatus || len(got.History) != tt.wantHistory ||
				!got.UpdatedAt.Equal(tt.wantUpdated) || got.Version != tt.wantVersion {
				t.Errorf("after MarkQueued: queued %v, status %q, %d events, updated %v, version %d; want true, %q, %d, %v, %d",
					got.Queued, got.Status, len(got.History), got.UpdatedAt, got.Version,
					tt.wantStatus, tt.wantHistory, tt.wantUpdated, tt.wantVersion)
			}
			if tt.wantHistory == 2 && !sameEvent(got.History[1], ev) {
				t.Errorf("appended event = %+v, want %+v", got.History[1], ev)
			}
			// The caller's copy is brought up to date with the store.
			AssertSubmission(t, caller, got)
			pending, err := store.Pending(ctx, submitted.Add(time.Second), 1000)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(pending, func(p *intake.Submission) bool { return p.Reference == sub.Reference }) {
				t.Errorf("queued submission still listed by Pending")
			}
		})
	}
}
