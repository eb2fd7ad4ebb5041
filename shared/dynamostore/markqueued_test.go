package dynamostore_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

func TestMarkQueued(t *testing.T) {
	submitted := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	queuedAt := submitted.Add(3 * time.Second)
	ev := intake.Event{At: queuedAt, Actor: intake.ActorSystem, From: intake.StatusReceived, To: intake.StatusQueued, Public: true}
	tests := []struct {
		name        string
		give        func(*intake.Submission) // nil: no submission stored
		times       int                      // how often MarkQueued is called
		want        error
		wantStatus  intake.Status
		wantHistory int // events after the call(s)
		wantUpdated time.Time
	}{
		{"received", func(*intake.Submission) {}, 1, nil, intake.StatusQueued, 2, queuedAt},
		{"twice changes nothing more", func(*intake.Submission) {}, 2, nil, intake.StatusQueued, 2, queuedAt},
		{"already queued at create", func(s *intake.Submission) {
			s.Queued, s.Status = true, intake.StatusQueued
		}, 1, nil, intake.StatusQueued, 1, submitted},
		// Staff acted before the message went out: only the flag changes.
		{"in review, not queued", func(s *intake.Submission) {
			s.Status = intake.StatusInReview
		}, 1, nil, intake.StatusInReview, 1, queuedAt},
		{"missing", nil, 1, apperr.ErrNotFound, "", 0, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := newStore()
			sub := newSubmission(newRef(), submitted)
			if tt.give != nil {
				tt.give(sub)
				if err := store.Create(ctx, sub, nil); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			for range tt.times {
				if err = store.MarkQueued(ctx, sub.Reference, ev); err != nil {
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
			if !got.Queued || got.Status != tt.wantStatus || len(got.History) != tt.wantHistory || !got.UpdatedAt.Equal(tt.wantUpdated) {
				t.Errorf("after MarkQueued: queued %v, status %q, %d events, updated %v; want true, %q, %d, %v",
					got.Queued, got.Status, len(got.History), got.UpdatedAt, tt.wantStatus, tt.wantHistory, tt.wantUpdated)
			}
			if tt.wantHistory == 2 {
				last := got.History[1]
				if !last.At.Equal(ev.At) || last.From != ev.From || last.To != ev.To || last.Actor != ev.Actor || !last.Public {
					t.Errorf("appended event = %+v, want %+v", last, ev)
				}
			}
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
