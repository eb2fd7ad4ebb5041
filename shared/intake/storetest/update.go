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

// An Update applied stores exactly the submission Apply made in memory.
func testUpdate(t *testing.T, store intake.Store) {
	submitted := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	at := submitted.Add(time.Hour)
	holder := intake.Staff("staff-1", agency.PublicSecurity, false)
	claimed := func(s *intake.Submission) {
		s.Status, s.Queued = intake.StatusInReview, true
		s.Claim = &intake.Claim{By: holder.ID, Since: submitted.Add(time.Minute)}
		s.Version = 3
	}
	tests := []struct {
		name        string
		give        func(*intake.Submission) // the stored submission
		cmd         intake.Command
		wantPending bool // listed by Pending afterwards
	}{
		{"dispatch", func(*intake.Submission) {}, intake.Command{Action: intake.ActionDispatch, By: intake.System()}, false},
		{"claim", func(s *intake.Submission) { s.Status, s.Queued = intake.StatusQueued, true },
			intake.Command{Action: intake.ActionClaim, By: holder}, false},
		{"answer", claimed, intake.Command{Action: intake.ActionAnswer, By: holder,
			Answer: &intake.Answer{Public: "建议报案", Internal: "staff only"}}, false},
		{"schedule", func(s *intake.Submission) { claimed(s); s.Kind = "training" },
			intake.Command{Action: intake.ActionSchedule, By: holder,
				Schedule: &intake.Schedule{At: at.Add(14 * 24 * time.Hour), Place: "online"}}, false},
		{"reject", claimed, intake.Command{Action: intake.ActionReject, By: holder, Note: "与本机关职能无关"}, false},
		{"release clears the claim", claimed, intake.Command{Action: intake.ActionRelease, By: holder, Note: "on leave"}, false},
		{"transfer waits for its message again", claimed,
			intake.Command{Action: intake.ActionTransfer, By: holder, Agency: agency.Cyberspace, Note: "data protection"}, true},
		{"note keeps the status", claimed, intake.Command{Action: intake.ActionNote, By: holder, Note: "called the firm"}, false},
		{"close keeps the answer", func(s *intake.Submission) {
			claimed(s)
			s.Status, s.Answer = intake.StatusAnswered, &intake.Answer{Public: "done"}
		}, intake.Command{Action: intake.ActionClose, By: holder}, false},
		{"an item without a version", func(s *intake.Submission) { claimed(s); s.Version = 0 },
			intake.Command{Action: intake.ActionNote, By: holder, Note: "legacy"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			sub := NewSubmission(NewRef(), submitted)
			tt.give(sub)
			if err := store.Create(ctx, sub, nil); err != nil {
				t.Fatal(err)
			}
			want := sub.Clone()
			tt.cmd.At = at
			ch, err := want.Apply(tt.cmd)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if err := store.Update(ctx, ch); err != nil {
				t.Fatalf("Update = %v", err)
			}
			got, err := store.Get(ctx, sub.Reference)
			if err != nil {
				t.Fatal(err)
			}
			AssertSubmission(t, got, want)
			pending, err := store.Pending(ctx, at, 1000)
			if err != nil {
				t.Fatal(err)
			}
			listed := slices.ContainsFunc(pending, func(p *intake.Submission) bool { return p.Reference == sub.Reference })
			if listed != tt.wantPending {
				t.Errorf("listed by Pending: %v, want %v", listed, tt.wantPending)
			}
		})
	}
}

// An Update whose expectation no longer holds changes nothing, and says why.
func testUpdateRefused(t *testing.T, store intake.Store) {
	at := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		give   func(*intake.Submission) // nil: nothing stored
		expect intake.Expect
		want   error
	}{
		{"stale version", func(s *intake.Submission) { s.Version = 2 }, intake.Expect{Status: intake.StatusReceived, Version: 1}, apperr.ErrPrecondition},
		{"stale status", func(*intake.Submission) {}, intake.Expect{Status: intake.StatusQueued, Version: 1}, apperr.ErrPrecondition},
		{"no version expected, one stored", func(*intake.Submission) {}, intake.Expect{Status: intake.StatusReceived}, apperr.ErrPrecondition},
		{"a version expected, none stored", func(s *intake.Submission) { s.Version = 0 }, intake.Expect{Status: intake.StatusReceived, Version: 1}, apperr.ErrPrecondition},
		{"missing", nil, intake.Expect{Status: intake.StatusReceived, Version: 1}, apperr.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			sub := NewSubmission(NewRef(), at)
			if tt.give != nil {
				tt.give(sub)
				if err := store.Create(ctx, sub, nil); err != nil {
					t.Fatal(err)
				}
			}
			ev := intake.Event{At: at.Add(time.Minute), Actor: intake.ActorSystem, Action: intake.ActionDispatch,
				From: intake.StatusReceived, To: intake.StatusQueued, Public: true}
			err := store.Update(ctx, intake.Change{Reference: sub.Reference, Expect: tt.expect, Status: intake.StatusQueued,
				Agency: sub.Agency, Queued: true, Version: tt.expect.Version + 1, UpdatedAt: ev.At, Event: &ev})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Update = %v, want %v", err, tt.want)
			}
			if tt.give == nil {
				if errors.Is(err, apperr.ErrPrecondition) {
					t.Errorf("Update of a missing submission = %v, want no ErrPrecondition", err)
				}
				return
			}
			var stale *intake.StaleError
			if !errors.As(err, &stale) {
				t.Fatalf("Update = %v, want a *intake.StaleError", err)
			}
			AssertSubmission(t, stale.Current, sub)
			got, err := store.Get(ctx, sub.Reference)
			if err != nil {
				t.Fatal(err)
			}
			AssertSubmission(t, got, sub)
		})
	}
}
