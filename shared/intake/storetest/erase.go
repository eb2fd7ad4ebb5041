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

// Redact deletes the idempotency record that the submission names while it
// still names the submission; one that the same firm's later submission took
// over, once the first had expired, stays that one's.
func testRedactRecord(t *testing.T, store intake.Store) {
	ctx := context.Background()
	now := time.Now().UTC() // records expire by the wall clock
	named := func(at time.Time) *intake.Submission {
		s := NewSubmission(NewRef(), at)
		s.IdempotencyRecord = "record-" + s.Reference
		return s
	}
	create := func(s *intake.Submission, record string, expires time.Time) {
		t.Helper()
		if err := store.Create(ctx, s, NewIdempotency(record, s.Reference, expires)); err != nil {
			t.Fatal(err)
		}
	}
	sub := named(now)
	create(sub, sub.IdempotencyRecord, now.Add(time.Hour))
	old := named(now.Add(-48 * time.Hour))
	create(old, old.IdempotencyRecord, now.Add(-24*time.Hour))
	later := NewSubmission(NewRef(), now)
	later.IdempotencyRecord = old.IdempotencyRecord
	create(later, old.IdempotencyRecord, now.Add(time.Hour))

	got, err := store.Get(ctx, sub.Reference)
	if err != nil {
		t.Fatal(err)
	}
	AssertSubmission(t, got, sub)
	for _, s := range []*intake.Submission{sub, old} {
		stub := s.Clone()
		if err := store.Redact(ctx, stub.Redact(now)); err != nil {
			t.Fatal(err)
		}
		got, err := store.Get(ctx, s.Reference)
		if err != nil {
			t.Fatal(err)
		}
		AssertSubmission(t, got, stub)
	}
	if _, err := store.GetIdempotency(ctx, sub.IdempotencyRecord); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("the redacted submission's record: %v, want ErrNotFound", err)
	}
	if rec, err := store.GetIdempotency(ctx, old.IdempotencyRecord); err != nil || rec.Reference != later.Reference {
		t.Errorf("the record the later submission took over: %+v, %v; want it kept", rec, err)
	}
}

// An erasure on the store: the stub, erased, leaves the worklist and the
// pending list, counts and lists as erased, and without its claim; its audit
// entry, with the reason, is stored with it and only with it.
func testErase(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	a := agency.Procuratorate
	at := t0.Add(time.Hour)
	super := intake.Staff("super-1", a, true)
	const reason = "the firm's letter of 4 November"
	erase := func(sub *intake.Submission) (*intake.Submission, intake.Redaction) {
		t.Helper()
		stub := sub.Clone()
		r, err := stub.Erase(intake.Command{Action: intake.ActionErase, By: super, At: at, Note: reason})
		if err != nil {
			t.Fatal(err)
		}
		r.Audit = &intake.AuditEntry{Reference: sub.Reference, Agency: a, Actor: super.ID, Action: string(intake.ActionErase), At: at, Reason: reason}
		return stub, r
	}

	listed := waiting(t, store, a, false, t0)
	other := waiting(t, store, a, false, t0.Add(time.Minute))
	claimed := waiting(t, store, a, true, t0)
	claimed.Status, claimed.Claim = intake.StatusInReview, &intake.Claim{By: "staff-1", Since: t0}
	if err := store.Update(ctx, intake.Change{Reference: claimed.Reference, Expect: intake.Expect{Status: intake.StatusQueued, Version: 3, Queued: true, Listed: true},
		Status: intake.StatusInReview, Agency: a, Queued: true, Listed: true, Claim: claimed.Claim, Version: 4, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	claimed.Version = 4
	received := NewSubmission(NewRef(), t0)
	received.Agency = a
	if err := store.Create(ctx, received, nil); err != nil {
		t.Fatal(err)
	}

	for _, sub := range []*intake.Submission{listed, claimed, received} {
		stub, r := erase(sub)
		if err := store.Redact(ctx, r); err != nil {
			t.Fatalf("Redact: %v", err)
		}
		got, err := store.Get(ctx, sub.Reference)
		if err != nil {
			t.Fatal(err)
		}
		AssertSubmission(t, got, stub)
	}
	if got := worklist(t, store, intake.WorklistQuery{Agency: a}); !slices.Equal(got, []string{other.Reference}) {
		t.Errorf("worklist = %v, want only %s", got, other.Reference)
	}
	if pending, err := store.Pending(ctx, t0.Add(24*time.Hour), 100); err != nil || len(pending) != 0 {
		t.Errorf("Pending = %v, %v; want no stub", refsOfSubs(pending), err)
	}
	for st, want := range map[intake.Status]int{intake.StatusErased: 3, intake.StatusQueued: 1, intake.StatusInReview: 0, intake.StatusReceived: 0} {
		if n, err := store.Count(ctx, a, st); err != nil || n != want {
			t.Errorf("Count(%s) = %d, %v; want %d", st, n, err, want)
		}
	}
	items, _, err := store.Activity(ctx, intake.ActivityQuery{Agency: a, Status: intake.StatusErased, Limit: 50})
	if err != nil || len(items) != 3 {
		t.Fatalf("Activity(erased) = %v, %v", refsOf(items), err)
	}
	for _, s := range items {
		if s.Claim != nil || s.Status != intake.StatusErased || !s.UpdatedAt.Equal(at) {
			t.Errorf("summary %+v", s)
		}
	}

	_, r := erase(listed) // from the version it was at: stale now
	var stale *intake.StaleError
	if err := store.Redact(ctx, r); !errors.As(err, &stale) {
		t.Errorf("a stale erasure = %v, want a StaleError", err)
	}
	trail, err := store.AuditTrail(ctx, listed.Reference)
	if err != nil {
		t.Fatal(err)
	}
	want := intake.AuditEntry{Reference: listed.Reference, Agency: a, Actor: super.ID, Action: "erase", At: at, Reason: reason}
	if len(trail) != 1 || trail[0].Reference != want.Reference || trail[0].Agency != want.Agency || trail[0].Actor != want.Actor ||
		trail[0].Action != want.Action || !trail[0].At.Equal(at) || trail[0].Reason != reason {
		t.Errorf("audit trail %+v, want only %+v (the refused one left out)", trail, want)
	}
}

func refsOfSubs(subs []*intake.Submission) []string {
	var out []string
	for _, s := range subs {
		out = append(out, s.Reference)
	}
	return out
}
