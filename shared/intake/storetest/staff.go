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

// waiting stores a queued submission of agency a, listed on its worklist.
func waiting(t *testing.T, store intake.StaffStore, a agency.Code, urgent bool, at time.Time) *intake.Submission {
	t.Helper()
	s := NewSubmission(NewRef(), at)
	s.Agency, s.Urgent = a, urgent
	s.Status, s.Queued, s.Listed, s.Version = intake.StatusQueued, true, true, 3
	if err := store.Create(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func refsOf(items []intake.Summary) []string {
	var out []string
	for _, s := range items {
		out = append(out, s.Reference)
	}
	return out
}

func worklist(t *testing.T, store intake.StaffStore, q intake.WorklistQuery) []string {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	items, err := store.Worklist(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range items {
		if s.Agency != q.Agency || s.Status != intake.StatusQueued || s.SubmittedAt.IsZero() || s.Version == 0 {
			t.Errorf("worklist of %s gave %+v", q.Agency, s)
		}
	}
	return refsOf(items)
}

// The worklist holds an agency's queued, listed submissions, urgent first,
// then oldest first; nothing of another agency, nothing unlisted or claimed.
func testWorklist(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	a, other := agency.Procuratorate, agency.Cyberspace
	normalOld := waiting(t, store, a, false, t0)
	urgentNew := waiting(t, store, a, true, t0.Add(3*time.Hour))
	normalNew := waiting(t, store, a, false, t0.Add(2*time.Hour).In(time.FixedZone("CST", 8*3600)))
	urgentOld := waiting(t, store, a, true, t0.Add(time.Hour))
	waiting(t, store, other, true, t0)
	unlisted := NewSubmission(NewRef(), t0)
	unlisted.Agency, unlisted.Status, unlisted.Queued = a, intake.StatusQueued, true
	claimed := NewSubmission(NewRef(), t0)
	claimed.Agency, claimed.Status, claimed.Queued, claimed.Listed = a, intake.StatusInReview, true, true
	claimed.Claim = &intake.Claim{By: "staff-1", Since: t0}
	for _, s := range []*intake.Submission{unlisted, claimed} {
		if err := store.Create(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		q    intake.WorklistQuery
		want []string
	}{
		{"urgent first, then oldest", intake.WorklistQuery{Agency: a}, []string{urgentOld.Reference, urgentNew.Reference, normalOld.Reference, normalNew.Reference}},
		{"limit", intake.WorklistQuery{Agency: a, Limit: 2}, []string{urgentOld.Reference, urgentNew.Reference}},
		{"urgent only", intake.WorklistQuery{Agency: a, Urgency: intake.UrgencyUrgent}, []string{urgentOld.Reference, urgentNew.Reference}},
		{"normal only", intake.WorklistQuery{Agency: a, Urgency: intake.UrgencyNormal, Limit: 1}, []string{normalOld.Reference}},
		{"an agency with nothing waiting", intake.WorklistQuery{Agency: agency.ScienceTech}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := worklist(t, store, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("Worklist = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("summaries", func(t *testing.T) {
		items, err := store.Worklist(ctx, intake.WorklistQuery{Agency: a, Limit: 1})
		if err != nil || len(items) != 1 {
			t.Fatalf("%v, %v", items, err)
		}
		got, want := items[0], urgentOld
		if got.Reference != want.Reference || got.Kind != want.Kind || got.Status != intake.StatusQueued || got.Agency != a || !got.Urgent ||
			!got.SubmittedAt.Equal(want.SubmittedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) || got.Version != want.Version ||
			got.Claim != nil || got.AnsweredAt != nil {
			t.Errorf("summary %+v of %+v", got, want)
		}
	})
}

// Every move keeps the worklist in step with the submission: a claim takes it
// off, a release puts it back in its original place, a transfer takes it off
// until the new agency's inbox lists it.
func testWorklistFollowsMoves(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	a := agency.Procuratorate
	first := waiting(t, store, a, false, t0)
	second := waiting(t, store, a, false, t0.Add(time.Minute))
	holder := intake.Staff("staff-1", a, false)
	move := func(sub *intake.Submission, c intake.Command) {
		t.Helper()
		c.At = t0.Add(time.Hour)
		ch, err := sub.Apply(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := store.Update(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	both := []string{first.Reference, second.Reference}

	move(first, intake.Command{Action: intake.ActionClaim, By: holder})
	if got := worklist(t, store, intake.WorklistQuery{Agency: a}); !slices.Equal(got, []string{second.Reference}) {
		t.Errorf("after a claim: %v", got)
	}
	move(first, intake.Command{Action: intake.ActionRelease, By: holder})
	if got := worklist(t, store, intake.WorklistQuery{Agency: a}); !slices.Equal(got, both) {
		t.Errorf("after a release: %v, want %v (its original place)", got, both)
	}
	move(first, intake.Command{Action: intake.ActionClaim, By: holder})
	move(first, intake.Command{Action: intake.ActionTransfer, By: holder, Agency: agency.Cyberspace, Note: "data protection"})
	if got := worklist(t, store, intake.WorklistQuery{Agency: a}); !slices.Equal(got, []string{second.Reference}) {
		t.Errorf("old agency after a transfer: %v", got)
	}
	if got := worklist(t, store, intake.WorklistQuery{Agency: agency.Cyberspace}); got != nil {
		t.Errorf("new agency before its inbox listed it: %v", got)
	}
	stored, err := store.Get(ctx, first.Reference)
	if err != nil {
		t.Fatal(err)
	}
	AssertSubmission(t, stored, first)
}

// intake.Enlist on this store: a message's submission is listed once, with
// no new version (bookkeeping), and with the dispatch transition (a move, one
// more version) when it was still received. One that staff claimed by its
// reference first is listed too, off the worklist until a release.
func testEnlist(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	at := t0.Add(time.Second)
	tests := []struct {
		name        string
		give        func(*intake.Submission)
		times       int
		want        error
		wantListed  bool
		wantStatus  intake.Status
		wantVersion int64
	}{
		{"queued", func(s *intake.Submission) { s.Status, s.Queued, s.Version = intake.StatusQueued, true, 2 }, 1, nil, true, intake.StatusQueued, 2},
		{"delivered twice, written once", func(s *intake.Submission) { s.Status, s.Queued, s.Version = intake.StatusQueued, true, 2 }, 2, nil, true, intake.StatusQueued, 2},
		{"before its sender marked it queued", func(*intake.Submission) {}, 1, nil, true, intake.StatusQueued, 2},
		{"transferred here, before its sender marked it queued", func(s *intake.Submission) {
			s.Status, s.Queued, s.Version = intake.StatusQueued, false, 5
		}, 1, nil, true, intake.StatusQueued, 5},
		{"claimed already", func(s *intake.Submission) {
			s.Status, s.Queued, s.Listed, s.Version = intake.StatusInReview, true, false, 4
			s.Claim = &intake.Claim{By: "staff-1", Since: t0}
		}, 1, nil, true, intake.StatusInReview, 4},
		{"answered already", func(s *intake.Submission) {
			s.Status, s.Queued, s.Listed, s.Version = intake.StatusAnswered, true, false, 6
		}, 1, nil, false, intake.StatusAnswered, 6},
		{"moved to another agency", func(s *intake.Submission) {
			s.Status, s.Queued, s.Agency, s.Version = intake.StatusQueued, false, agency.Cyberspace, 5
		}, 1, intake.ErrUnusableMessage, false, intake.StatusQueued, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := NewSubmission(NewRef(), t0)
			tt.give(sub)
			if err := store.Create(ctx, sub, nil); err != nil {
				t.Fatal(err)
			}
			m := intake.NewMessage(sub)
			m.Agency = agency.PublicSecurity // the agency the message was sent to
			var err error
			for range tt.times {
				if err = intake.Enlist(ctx, store, m, agency.PublicSecurity, at); err != nil {
					break
				}
			}
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("Enlist = %v, want %v", err, tt.want)
			}
			got, err := store.Get(ctx, sub.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if got.Listed != tt.wantListed || got.Status != tt.wantStatus || got.Version != tt.wantVersion {
				t.Errorf("listed %v, status %s, version %d; want %v, %s, %d", got.Listed, got.Status, got.Version, tt.wantListed, tt.wantStatus, tt.wantVersion)
			}
			if tt.wantListed && !got.Queued {
				t.Errorf("listed but not queued: its message is on the queue")
			}
			// Only the dispatch move counts as a change; a listing keeps the time.
			if wantUpdated := map[bool]time.Time{true: at, false: t0}[tt.wantVersion != sub.Version]; !got.UpdatedAt.Equal(wantUpdated) {
				t.Errorf("updated %v, want %v", got.UpdatedAt, wantUpdated)
			}
			onList := slices.Contains(worklist(t, store, intake.WorklistQuery{Agency: agency.PublicSecurity}), sub.Reference)
			if onList != (tt.wantListed && tt.wantStatus == intake.StatusQueued) {
				t.Errorf("on the worklist: %v", onList)
			}
		})
	}
	t.Run("unknown reference", func(t *testing.T) {
		m := intake.NewMessage(NewSubmission(NewRef(), t0))
		if err := intake.Enlist(ctx, store, m, m.Agency, at); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Enlist = %v, want ErrNotFound", err)
		}
	})
}

// Activity lists an agency's submissions newest activity first, by status and
// since a time, a page at a time; a position from one agency's list shows
// another agency nothing of the first's.
func testActivity(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	a := agency.Procuratorate
	var subs []*intake.Submission // subs[i] last active at t0 + i hours
	for i, st := range []intake.Status{intake.StatusQueued, intake.StatusInReview, intake.StatusQueued, intake.StatusAnswered, intake.StatusQueued} {
		s := NewSubmission(NewRef(), t0)
		s.Agency, s.Status, s.Queued = a, st, true
		s.UpdatedAt = t0.Add(time.Duration(i) * time.Hour)
		if st == intake.StatusAnswered {
			answered := s.UpdatedAt
			s.AnsweredAt = &answered
			s.Claim = &intake.Claim{By: "staff-1", Since: t0}
		}
		if err := store.Create(ctx, s, nil); err != nil {
			t.Fatal(err)
		}
		subs = append(subs, s)
	}
	otherAgency := NewSubmission(NewRef(), t0)
	otherAgency.Agency, otherAgency.UpdatedAt = agency.Cyberspace, t0.Add(90*time.Minute)
	if err := store.Create(ctx, otherAgency, nil); err != nil {
		t.Fatal(err)
	}
	ref := func(i ...int) []string {
		var out []string
		for _, j := range i {
			out = append(out, subs[j].Reference)
		}
		return out
	}
	tests := []struct {
		name     string
		q        intake.ActivityQuery
		want     []string
		wantNext bool
	}{
		{"newest first", intake.ActivityQuery{Agency: a, Limit: 50}, ref(4, 3, 2, 1, 0), false},
		{"by status", intake.ActivityQuery{Agency: a, Status: intake.StatusQueued, Limit: 50}, ref(4, 2, 0), false},
		{"since", intake.ActivityQuery{Agency: a, Since: t0.Add(3 * time.Hour), Limit: 50}, ref(4, 3), false},
		{"a full page says there is more", intake.ActivityQuery{Agency: a, Limit: 2}, ref(4, 3), true},
		{"exactly the rest", intake.ActivityQuery{Agency: a, Limit: 5}, ref(4, 3, 2, 1, 0), false},
		{"after a position", intake.ActivityQuery{Agency: a, Limit: 2,
			After: &intake.Position{UpdatedAt: subs[3].UpdatedAt, Reference: subs[3].Reference}}, ref(2, 1), true},
		{"by status after a position", intake.ActivityQuery{Agency: a, Status: intake.StatusQueued, Limit: 50,
			After: &intake.Position{UpdatedAt: subs[4].UpdatedAt, Reference: subs[4].Reference}}, ref(2, 0), false},
		{"another agency's position", intake.ActivityQuery{Agency: a, Limit: 50,
			After: &intake.Position{UpdatedAt: otherAgency.UpdatedAt, Reference: otherAgency.Reference}}, ref(1, 0), false},
		{"the other agency", intake.ActivityQuery{Agency: agency.Cyberspace, Limit: 50}, []string{otherAgency.Reference}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, next, err := store.Activity(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := refsOf(items); !slices.Equal(got, tt.want) {
				t.Errorf("Activity = %v, want %v", got, tt.want)
			}
			if (next != nil) != tt.wantNext {
				t.Fatalf("next = %v, want one: %v", next, tt.wantNext)
			}
			if next != nil && (next.Reference != items[len(items)-1].Reference || !next.UpdatedAt.Equal(items[len(items)-1].UpdatedAt)) {
				t.Errorf("next = %+v, not the page's last", next)
			}
		})
	}
	t.Run("summaries", func(t *testing.T) {
		items, _, err := store.Activity(ctx, intake.ActivityQuery{Agency: a, Status: intake.StatusAnswered, Limit: 50})
		if err != nil || len(items) != 1 {
			t.Fatalf("%v, %v", items, err)
		}
		got, want := items[0], subs[3]
		if got.Kind != want.Kind || got.Status != intake.StatusAnswered || got.Agency != a || !got.Urgent || !got.SubmittedAt.Equal(want.SubmittedAt) ||
			got.Version != want.Version || got.AnsweredAt == nil || !got.AnsweredAt.Equal(*want.AnsweredAt) ||
			got.Claim == nil || got.Claim.By != "staff-1" || !got.Claim.Since.Equal(t0) {
			t.Errorf("summary %+v of %+v", got, want)
		}
	})
}

func testCount(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	for range 3 {
		waiting(t, store, agency.Procuratorate, false, t0)
	}
	waiting(t, store, agency.Cyberspace, false, t0)
	tests := []struct {
		agency agency.Code
		status intake.Status
		want   int
	}{
		{agency.Procuratorate, intake.StatusQueued, 3},
		{agency.Cyberspace, intake.StatusQueued, 1},
		{agency.Procuratorate, intake.StatusClosed, 0},
	}
	for _, tt := range tests {
		if got, err := store.Count(ctx, tt.agency, tt.status); err != nil || got != tt.want {
			t.Errorf("Count(%s, %s) = %d, %v; want %d", tt.agency, tt.status, got, err, tt.want)
		}
	}
}

// The audit trail keeps every entry added, oldest first, and the entry of an
// Update exactly when the Update is stored.
func testAudit(t *testing.T, store intake.StaffStore) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	sub := waiting(t, store, agency.Procuratorate, false, t0)
	read := intake.AuditEntry{Reference: sub.Reference, Agency: sub.Agency, Actor: "staff-1", Action: intake.AuditRead, At: t0.Add(2 * time.Minute)}
	readEarlier := read
	readEarlier.At, readEarlier.Actor = t0.Add(time.Minute), "staff-2"
	for _, e := range []intake.AuditEntry{read, readEarlier} {
		if err := store.AddAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	claim := func(by string, expect int64) error {
		c := sub.Clone()
		c.Version = expect
		ch, err := c.Apply(intake.Command{Action: intake.ActionClaim, By: intake.Staff(by, sub.Agency, false), At: t0.Add(3 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		ch.Audit = &intake.AuditEntry{Reference: sub.Reference, Agency: sub.Agency, Actor: by, Action: string(intake.ActionClaim), At: t0.Add(3 * time.Minute)}
		return store.Update(ctx, ch)
	}
	if err := claim("staff-3", sub.Version); err != nil {
		t.Fatal(err)
	}
	if err := claim("staff-4", sub.Version); !errors.Is(err, apperr.ErrPrecondition) {
		t.Fatalf("a second claim = %v, want ErrPrecondition", err)
	}
	got, err := store.AuditTrail(ctx, sub.Reference)
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, e := range got {
		who = append(who, e.Actor+" "+e.Action)
		if e.Reference != sub.Reference || e.Agency != sub.Agency || e.At.IsZero() {
			t.Errorf("entry %+v", e)
		}
	}
	if want := []string{"staff-2 read", "staff-1 read", "staff-3 claim"}; !slices.Equal(who, want) {
		t.Errorf("trail = %v, want %v (the refused claim left out)", who, want)
	}
	if none, err := store.AuditTrail(ctx, NewRef()); err != nil || len(none) != 0 {
		t.Errorf("trail of an unknown reference = %v, %v", none, err)
	}
}
