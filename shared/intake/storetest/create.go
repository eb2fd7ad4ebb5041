package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Create then Get gives back what was stored, in every shape a submission takes.
func testCreateGet(t *testing.T, store intake.Store) {
	at := time.Date(2026, 11, 5, 9, 30, 0, 120_000_000, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name string
		give func(*intake.Submission)
	}{
		{"received", func(*intake.Submission) {}},
		{"queued", func(s *intake.Submission) { s.Queued, s.Status = true, intake.StatusQueued }},
		{"with answer", func(s *intake.Submission) {
			s.Answer = &intake.Answer{Public: "已收到", Internal: "staff only"}
		}},
		{"claimed and scheduled", func(s *intake.Submission) {
			s.Kind, s.Status, s.Queued = "training", intake.StatusScheduled, true
			s.Claim = &intake.Claim{By: "staff-1", Since: at.Add(time.Hour)}
			s.Schedule = &intake.Schedule{At: at.Add(240 * time.Hour), Place: "普陀区人民检察院 3 楼"}
			s.History = append(s.History, intake.Event{At: at.Add(time.Hour), Actor: "staff-1", Action: intake.ActionTransfer,
				From: intake.StatusInReview, To: intake.StatusQueued, Agency: agency.Cyberspace, Internal: "why", Public: true})
			s.Version = 7
		}},
		{"without a version (written before versions)", func(s *intake.Submission) { s.Version = 0 }},
		{"no history no form", func(s *intake.Submission) { s.History, s.Form = nil, nil }},
		{"training, normal", func(s *intake.Submission) { s.Kind, s.Urgent = "training", false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			want := NewSubmission(NewRef(), at)
			tt.give(want)
			if err := store.Create(ctx, want, nil); err != nil {
				t.Fatal(err)
			}
			got, err := store.Get(ctx, want.Reference)
			if err != nil {
				t.Fatal(err)
			}
			AssertSubmission(t, got, want)
		})
	}
}

func testGetMissing(t *testing.T, store intake.Store) {
	_, err := store.Get(context.Background(), "C-NONE-0000")
	if !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

// A Create that conflicts stores nothing of its own: submission and key are
// written both or neither.
func testCreateConflicts(t *testing.T, store intake.Store) {
	now := time.Now()
	type attempt struct {
		sameRef, sameKey bool
		firstExpires     time.Time
	}
	tests := []struct {
		name string
		give attempt
		want error
	}{
		{"same reference", attempt{sameRef: true, firstExpires: now.Add(time.Hour)}, intake.ErrReferenceTaken},
		{"same key", attempt{sameKey: true, firstExpires: now.Add(time.Hour)}, intake.ErrKeyTaken},
		{"same both", attempt{sameRef: true, sameKey: true, firstExpires: now.Add(time.Hour)}, intake.ErrKeyTaken},
		{"same key, expired", attempt{sameKey: true, firstExpires: now.Add(-time.Minute)}, nil},
		{"fresh", attempt{firstExpires: now.Add(time.Hour)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			first := NewSubmission(NewRef(), now)
			key := "key-" + first.Reference
			if err := store.Create(ctx, first, NewIdempotency(key, first.Reference, tt.give.firstExpires)); err != nil {
				t.Fatal(err)
			}
			second := NewSubmission(NewRef(), now)
			key2 := "key-" + second.Reference
			if tt.give.sameRef {
				second.Reference = first.Reference
			}
			second.CorrelationID = "second"
			if tt.give.sameKey {
				key2 = key
			}
			err := store.Create(ctx, second, NewIdempotency(key2, second.Reference, now.Add(time.Hour)))
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("second Create = %v, want %v", err, tt.want)
			}
			if tt.want != nil && !errors.Is(err, apperr.ErrConflict) {
				t.Errorf("err = %v, want an apperr.ErrConflict", err)
			}
			idem, idemErr := store.GetIdempotency(ctx, key2)
			got, getErr := store.Get(ctx, second.Reference)
			if tt.want == nil {
				// The second submission and its key are stored.
				if getErr != nil || got.CorrelationID != "second" || idemErr != nil || idem.Reference != second.Reference {
					t.Errorf("after Create: Get = %v, %v; GetIdempotency = %+v, %v", got, getErr, idem, idemErr)
				}
				return
			}
			// Atomicity: nothing of the second submission was stored.
			if !tt.give.sameRef && !errors.Is(getErr, apperr.ErrNotFound) {
				t.Errorf("Get(second) = %+v, %v, want ErrNotFound", got, getErr)
			}
			if tt.give.sameRef && (getErr != nil || got.CorrelationID == "second") {
				t.Errorf("Get(first) = %+v, %v: want the first submission untouched", got, getErr)
			}
			if !tt.give.sameKey && !errors.Is(idemErr, apperr.ErrNotFound) {
				t.Errorf("GetIdempotency(second key) = %+v, %v, want ErrNotFound", idem, idemErr)
			}
			if tt.give.sameKey && (idemErr != nil || idem.Reference != first.Reference) {
				t.Errorf("GetIdempotency(key) = %+v, %v: want the first record untouched", idem, idemErr)
			}
		})
	}
}

// A record past its expiry is gone, even before TTL deletes it.
func testGetIdempotency(t *testing.T, store intake.Store) {
	now := time.Now()
	tests := []struct {
		name    string
		expires time.Time // zero: no record
		want    error
	}{
		{"unexpired", now.Add(time.Hour), nil},
		{"expired, not yet deleted by TTL", now.Add(-2 * time.Second), apperr.ErrNotFound},
		{"missing", time.Time{}, apperr.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			sub := NewSubmission(NewRef(), now)
			key := "idem-" + sub.Reference
			var want *intake.Idempotency
			if !tt.expires.IsZero() {
				want = NewIdempotency(key, sub.Reference, tt.expires)
			}
			if err := store.Create(ctx, sub, want); err != nil {
				t.Fatal(err)
			}
			got, err := store.GetIdempotency(ctx, key)
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("GetIdempotency = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				return
			}
			if got.Key != want.Key || got.Reference != want.Reference || !bytes.Equal(got.BodyHash, want.BodyHash) ||
				!bytes.Equal(got.SealedToken, want.SealedToken) || got.ExpiresAt.Unix() != want.ExpiresAt.Unix() {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}
