package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// ended stores a submission that ended (or not) with its last change at.
func ended(t *testing.T, store intake.Store, status intake.Status, at time.Time) *intake.Submission {
	t.Helper()
	s := NewSubmission(NewRef(), at.Add(-24*time.Hour))
	s.Status, s.Queued, s.UpdatedAt = status, true, at
	s.Answer = &intake.Answer{Public: "请报警。", Internal: "联系人张三很着急"}
	s.Claim = &intake.Claim{By: "staff-li", Since: at.Add(-time.Hour)}
	s.History = append(s.History, intake.Event{
		At: at, Actor: "staff-li", Action: intake.ActionReject, From: intake.StatusInReview, To: status,
		Note: "与张三电话沟通后不予受理", Internal: "13812345678", Public: true,
	})
	if err := store.Create(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// Ended lists the closed and rejected submissions whose last change is
// strictly before the given time and whose personal data is still stored,
// whole, up to limit.
func testEnded(t *testing.T, store intake.Store) {
	ctx := context.Background()
	t0 := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	a := ended(t, store, intake.StatusClosed, t0.Add(time.Hour))
	b := ended(t, store, intake.StatusRejected, t0.Add(2*time.Hour))
	ended(t, store, intake.StatusAnswered, t0)                      // not ended
	ended(t, store, intake.StatusClosed, t0.Add(10*time.Hour))      // ended later
	done := ended(t, store, intake.StatusClosed, t0.Add(time.Hour)) // already redacted
	if err := store.Redact(ctx, done.Redact(t0.Add(5*time.Hour))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		before time.Time
		limit  int
		want   []string
	}{
		{"ended before", t0.Add(5 * time.Hour), 100, []string{a.Reference, b.Reference}},
		{"before is exclusive", t0.Add(time.Hour), 100, nil},
		{"limit", t0.Add(5 * time.Hour), 1, nil}, // one of a and b
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subs, err := store.Ended(ctx, tt.before, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range subs {
				got = append(got, s.Reference)
				if len(s.Form) == 0 || s.Answer == nil || len(s.History) != 2 {
					t.Errorf("Ended returned %s without its full item", s.Reference)
				}
			}
			slices.Sort(got)
			if tt.name == "limit" {
				if len(got) != 1 || got[0] != a.Reference && got[0] != b.Reference {
					t.Errorf("Ended with limit 1 = %v, want a or b", got)
				}
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Ended = %v, want %v", got, tt.want)
			}
		})
	}
}

// Redact leaves the stub the domain made: no form, answer, claim, schedule or
// history text; the rest as it was. It refuses a submission that moved on, and
// one that does not exist.
func testRedact(t *testing.T, store intake.Store) {
	ctx := context.Background()
	at := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	sub := ended(t, store, intake.StatusRejected, at)
	stub := sub.Clone()
	r := stub.Redact(at.Add(181 * 24 * time.Hour))
	if err := store.Redact(ctx, r); err != nil {
		t.Fatalf("Redact: %v", err)
	}
	got, err := store.Get(ctx, sub.Reference)
	if err != nil {
		t.Fatal(err)
	}
	AssertSubmission(t, got, stub)
	if got.RedactedAt == nil || !got.RedactedAt.Equal(r.RedactedAt) || got.Answer != nil || got.Claim != nil {
		t.Errorf("stored %+v, want the stub", got)
	}
	for _, e := range got.History {
		if e.Actor != "" || e.Note != "" || e.Internal != "" {
			t.Errorf("an event keeps personal text: %+v", e)
		}
	}
	var stale *intake.StaleError
	if err := store.Redact(ctx, r); !errors.As(err, &stale) || !errors.Is(err, apperr.ErrPrecondition) || stale.Current.Version != r.Version {
		t.Errorf("Redact again = %v, want a StaleError with the stored version", err)
	}
	r.Reference = NewRef()
	if err := store.Redact(ctx, r); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("Redact of a missing submission = %v, want ErrNotFound", err)
	}
}
