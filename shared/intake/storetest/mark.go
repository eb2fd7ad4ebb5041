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

// A Mark sets delivery flags and nothing else, and only on the submission as
// it was read: a staff move in between (another status, another agency) or a
// flag already set refuses it, and a move decided before a Mark is refused in
// turn, so that neither undoes the other.
func testMark(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	a := agency.PublicSecurity
	holder := intake.Staff("staff-1", a, false)
	stored := func(t *testing.T, give func(*intake.Submission)) *intake.Submission {
		t.Helper()
		s := NewSubmission(NewRef(), t0)
		s.Status, s.Queued, s.Version = intake.StatusQueued, true, 2
		give(s)
		if err := store.Create(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		return s
	}
	get := func(t *testing.T, ref string) *intake.Submission {
		t.Helper()
		got, err := store.Get(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	t.Run("sets the flags only", func(t *testing.T) {
		for _, status := range []intake.Status{intake.StatusQueued, intake.StatusInReview} {
			sub := stored(t, func(s *intake.Submission) {
				s.Status, s.Queued = status, false
				if status == intake.StatusInReview {
					s.Claim = &intake.Claim{By: holder.ID, Since: t0}
				}
			})
			if err := store.Mark(ctx, intake.Mark{Reference: sub.Reference, Status: status, Agency: a, Queued: true, Listed: true}); err != nil {
				t.Fatalf("Mark = %v", err)
			}
			want := sub.Clone()
			want.Queued, want.Listed = true, true
			AssertSubmission(t, get(t, sub.Reference), want)
			onList := slices.Contains(worklist(t, store, intake.WorklistQuery{Agency: a}), sub.Reference)
			if onList != (status == intake.StatusQueued) {
				t.Errorf("%s and listed: on the worklist %v", status, onList)
			}
			pending, err := store.Pending(ctx, t0.Add(time.Second), 1000)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(pending, func(p *intake.Submission) bool { return p.Reference == sub.Reference }) {
				t.Errorf("%s and queued: still listed by Pending", status)
			}
			items, _, err := store.Activity(ctx, intake.ActivityQuery{Agency: a, Status: status, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(items, func(s intake.Summary) bool { return s.Reference == sub.Reference })
			if i < 0 || !items[i].UpdatedAt.Equal(t0) || items[i].Version != sub.Version {
				t.Errorf("%s: the staff list's entry moved: %+v", status, items)
			}
		}
	})

	refused := []struct {
		name string
		give func(*intake.Submission)
		mark intake.Mark // its Reference is filled in
	}{
		{"claimed since it was read", func(s *intake.Submission) {
			s.Status, s.Claim, s.Version = intake.StatusInReview, &intake.Claim{By: holder.ID, Since: t0}, 3
		}, intake.Mark{Status: intake.StatusQueued, Agency: a, Listed: true}},
		{"transferred since it was read", func(s *intake.Submission) {
			s.Agency, s.Queued, s.Version = agency.Cyberspace, false, 4
		}, intake.Mark{Status: intake.StatusQueued, Agency: a, Queued: true, Listed: true}},
		{"listed already", func(s *intake.Submission) { s.Listed = true },
			intake.Mark{Status: intake.StatusQueued, Agency: a, Listed: true}},
		{"queued already", func(*intake.Submission) {},
			intake.Mark{Status: intake.StatusQueued, Agency: a, Queued: true}},
	}
	for _, tt := range refused {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			sub := stored(t, tt.give)
			m := tt.mark
			m.Reference = sub.Reference
			err := store.Mark(ctx, m)
			var stale *intake.StaleError
			if !errors.As(err, &stale) || !errors.Is(err, apperr.ErrPrecondition) {
				t.Fatalf("Mark = %v, want a *intake.StaleError", err)
			}
			AssertSubmission(t, stale.Current, sub)
			AssertSubmission(t, get(t, sub.Reference), sub)
		})
	}
	t.Run("missing", func(t *testing.T) {
		err := store.Mark(ctx, intake.Mark{Reference: NewRef(), Status: intake.StatusQueued, Agency: a, Listed: true})
		if !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Mark = %v, want ErrNotFound", err)
		}
	})

	// A release decided on the submission before its listing would write it
	// unlisted, off the worklist: it is refused, and made again on what is
	// stored it puts the submission on the worklist.
	t.Run("a move decided before a Mark", func(t *testing.T) {
		sub := stored(t, func(s *intake.Submission) {
			s.Status, s.Claim, s.Version = intake.StatusInReview, &intake.Claim{By: holder.ID, Since: t0}, 3
		})
		read := sub.Clone()
		if err := store.Mark(ctx, intake.Mark{Reference: sub.Reference, Status: intake.StatusInReview, Agency: a, Listed: true}); err != nil {
			t.Fatal(err)
		}
		ch, err := read.Apply(intake.Command{Action: intake.ActionRelease, By: holder, At: t0.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		err = store.Update(ctx, ch)
		var stale *intake.StaleError
		if !errors.As(err, &stale) || !stale.Current.Listed || stale.Current.Version != 3 {
			t.Fatalf("Update = %v, want a *intake.StaleError with the listed submission", err)
		}
		if ch, err = stale.Current.Apply(intake.Command{Action: intake.ActionRelease, By: holder, At: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := store.Update(ctx, ch); err != nil {
			t.Fatalf("Update on what is stored = %v", err)
		}
		if !slices.Contains(worklist(t, store, intake.WorklistQuery{Agency: a}), sub.Reference) {
			t.Errorf("released and listed, not on the worklist")
		}
	})
}

// What staff see does not move under them: a listing between a staff
// member's read and their move keeps their If-Match good; and a submission
// claimed by its reference before its agency's inbox listed it (directly, or
// at the agency it was transferred to) is on the worklist once released.
func testBookkeepingUnderStaff(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	clock := t0
	desk := &intake.Desk{Store: store, Queue: discard{}, Now: func() time.Time { clock = clock.Add(time.Minute); return clock }}
	proc := intake.Staff("staff-proc", agency.Procuratorate, false)
	cyber := intake.Staff("staff-cyber", agency.Cyberspace, false)
	onWorklist := func(t *testing.T, of agency.Code, ref string) bool {
		t.Helper()
		return slices.Contains(worklist(t, store, intake.WorklistQuery{Agency: of}), ref)
	}
	enlist := func(t *testing.T, sub *intake.Submission, at agency.Code) {
		t.Helper()
		m := intake.NewMessage(sub)
		m.Agency = at
		if err := intake.Enlist(ctx, store, m, at, clock); err != nil {
			t.Fatalf("Enlist = %v", err)
		}
	}

	t.Run("claimed by reference, then listed, then released", func(t *testing.T) {
		sub := NewSubmission(NewRef(), t0)
		sub.Agency, sub.Status, sub.Queued, sub.Version = agency.Procuratorate, intake.StatusQueued, true, 2
		if err := store.Create(ctx, sub, nil); err != nil {
			t.Fatal(err)
		}
		claimed, err := desk.ClaimReference(ctx, proc, sub.Reference)
		if err != nil {
			t.Fatal(err)
		}
		seen := claimed.Version // the staff member's ETag
		enlist(t, sub, agency.Procuratorate)
		if onWorklist(t, agency.Procuratorate, sub.Reference) {
			t.Errorf("claimed and listed: on the worklist")
		}
		released, err := desk.Act(ctx, proc, sub.Reference, seen, intake.Command{Action: intake.ActionRelease})
		if err != nil {
			t.Fatalf("release with If-Match from before the listing = %v", err)
		}
		if released.Version != seen+1 {
			t.Errorf("released at version %d, want %d", released.Version, seen+1)
		}
		if !onWorklist(t, agency.Procuratorate, sub.Reference) {
			t.Errorf("released after its listing: not on the worklist")
		}
	})

	t.Run("transferred, claimed by reference at the new agency, then listed there, then released", func(t *testing.T) {
		sub := waiting(t, store, agency.Procuratorate, false, t0)
		claimed, err := desk.ClaimReference(ctx, proc, sub.Reference)
		if err != nil {
			t.Fatal(err)
		}
		moved, err := desk.Act(ctx, proc, sub.Reference, claimed.Version,
			intake.Command{Action: intake.ActionTransfer, Agency: agency.Cyberspace, Note: "data protection"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := desk.ClaimReference(ctx, cyber, sub.Reference); err != nil {
			t.Fatal(err)
		}
		theirs, err := store.Get(ctx, sub.Reference)
		if err != nil {
			t.Fatal(err)
		}
		enlist(t, moved, agency.Cyberspace)
		if _, err := desk.Act(ctx, cyber, sub.Reference, theirs.Version, intake.Command{Action: intake.ActionRelease}); err != nil {
			t.Fatalf("release with If-Match from before the listing = %v", err)
		}
		if !onWorklist(t, agency.Cyberspace, sub.Reference) {
			t.Errorf("released at the new agency after its listing there: not on its worklist")
		}
		if onWorklist(t, agency.Procuratorate, sub.Reference) {
			t.Errorf("on the old agency's worklist")
		}
	})

	t.Run("a claim with If-Match from before the listing", func(t *testing.T) {
		sub := NewSubmission(NewRef(), t0)
		sub.Agency, sub.Status, sub.Queued, sub.Version = agency.Procuratorate, intake.StatusQueued, true, 2
		if err := store.Create(ctx, sub, nil); err != nil {
			t.Fatal(err)
		}
		seen := sub.Version // the staff member read it, then the inbox listed it
		enlist(t, sub, agency.Procuratorate)
		got, err := desk.Act(ctx, proc, sub.Reference, seen, intake.Command{Action: intake.ActionClaim})
		if err != nil {
			t.Fatalf("claim with If-Match from before the listing = %v", err)
		}
		stored, err := store.Get(ctx, sub.Reference)
		if err != nil {
			t.Fatal(err)
		}
		if !stored.Listed || stored.Status != intake.StatusInReview || stored.Version != seen+1 || got.Version != seen+1 {
			t.Errorf("after the claim: listed %v, %s, version %d", stored.Listed, stored.Status, stored.Version)
		}
		if onWorklist(t, agency.Procuratorate, sub.Reference) {
			t.Errorf("claimed: still on the worklist")
		}
	})
}

// discard is a queue that takes every message: the contract's transfers need
// one, and their messages are not what it checks.
type discard struct{}

func (discard) Send(context.Context, agency.Code, intake.Message) error { return nil }
