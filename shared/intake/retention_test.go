package intake_test

import (
	"context"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
	"github.com/putuo-compliance/intake/shared/routing"
)

// act makes staff member "staff-li" of the submission's agency take the
// commands, one after another, at at, as the staff API will.
func act(t *testing.T, store *intaketest.Store, ref string, at time.Time, cmds ...intake.Command) {
	t.Helper()
	for _, c := range cmds {
		sub, err := store.Get(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		c.By, c.At = intake.Staff("staff-li", sub.Agency, false), at
		ch, err := sub.Apply(c)
		if err != nil {
			t.Fatalf("%s: %v", c.Action, err)
		}
		if err := store.Update(context.Background(), ch); err != nil {
			t.Fatal(err)
		}
	}
}

// A closed or rejected submission keeps its personal data for the retention
// period after it ended, then only its stub: on a clock, day 179 removes
// nothing, day 181 removes the ended ones' data and leaves the open one alone.
// The firm can still look its status up.
func TestRetention(t *testing.T) {
	ctx := context.Background()
	clock := now
	store, queue := intaketest.NewStore(), intaketest.NewQueue()
	svc := &intake.Service{Store: store, Queue: queue, Parser: formparse.New(func() time.Time { return now }), Rules: routing.Default(),
		Now: func() time.Time { return clock }, Keys: intaketest.Keys}
	submit := func() intake.Receipt {
		r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	closed, rejected, open := submit(), submit(), submit()
	ended := now.Add(48 * time.Hour)
	act(t, store, closed.Reference, ended,
		intake.Command{Action: intake.ActionClaim},
		intake.Command{Action: intake.ActionAnswer, Answer: &intake.Answer{Public: "请张三尽快报警。", Internal: "13812345678"}},
		intake.Command{Action: intake.ActionClose, Note: "张三已确认"})
	act(t, store, rejected.Reference, ended,
		intake.Command{Action: intake.ActionClaim},
		intake.Command{Action: intake.ActionReject, Note: "与张三沟通后，不属于受理范围"})
	act(t, store, open.Reference, ended, intake.Command{Action: intake.ActionClaim})

	const period = 180 * 24 * time.Hour
	retain := func(day int) int {
		t.Helper()
		clock = ended.Add(time.Duration(day) * 24 * time.Hour)
		n, err := svc.Retain(ctx, clock.Add(-period), 100)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := retain(179); n != 0 {
		t.Fatalf("day 179 redacted %d, want none", n)
	}
	if n := retain(181); n != 2 {
		t.Fatalf("day 181 redacted %d, want the closed and the rejected one", n)
	}
	if n := retain(182); n != 0 {
		t.Fatalf("day 182 redacted %d again", n)
	}
	for _, r := range []intake.Receipt{closed, rejected} {
		sub, err := svc.Status(ctx, r.Reference, r.StatusToken)
		if err != nil {
			t.Fatalf("status of a stub: %v", err)
		}
		if len(sub.Form) != 0 || sub.Answer != nil || sub.Claim != nil || sub.RedactedAt == nil ||
			!sub.UpdatedAt.Equal(ended) || !sub.SubmittedAt.Equal(now) || sub.Agency != r.Agency || sub.Kind != forms.KindConsultation ||
			sub.Consent == nil || sub.Consent.Version != "2026-11" {
			t.Errorf("stub %+v", sub)
		}
		for _, e := range sub.History {
			if e.Actor != "" || e.Note != "" || e.Internal != "" {
				t.Errorf("stub event %+v keeps who or what", e)
			}
		}
	}
	if sub, _ := store.Get(ctx, closed.Reference); sub.Status != intake.StatusClosed {
		t.Errorf("the stub's outcome is %s", sub.Status)
	}
	if sub, _ := store.Get(ctx, open.Reference); len(sub.Form) == 0 || sub.RedactedAt != nil || sub.Claim == nil {
		t.Errorf("the open submission lost its data: %+v", sub)
	}
}

// listingAll is a store whose Ended lists every submission it holds, ended
// or not, redacted or not, recent or not: Retain keeps to the rule itself.
type listingAll struct{ *intaketest.Store }

func (s listingAll) Ended(ctx context.Context, _ time.Time, limit int) ([]*intake.Submission, error) {
	all, _, err := s.Activity(ctx, intake.ActivityQuery{Agency: agency.PublicSecurity, Limit: limit})
	if err != nil {
		return nil, err
	}
	var out []*intake.Submission
	for _, a := range all {
		sub, err := s.Get(ctx, a.Reference)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, nil
}

// Retain redacts only what ended before the time it is given and still holds
// its personal data, whatever the store lists.
func TestRetainKeepsToTheRule(t *testing.T) {
	ctx := context.Background()
	store := intaketest.NewStore()
	stored := func(status intake.Status, updated time.Time, redacted bool) *intake.Submission {
		sub := storetest.NewSubmission(storetest.NewRef(), now.Add(-400*24*time.Hour))
		sub.Status, sub.UpdatedAt = status, updated
		if redacted {
			sub.RedactedAt = &updated
		}
		if err := store.Create(ctx, sub, nil); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	endedBefore := now.Add(-180 * 24 * time.Hour)
	due := stored(intake.StatusClosed, endedBefore.Add(-time.Hour), false)
	open := stored(intake.StatusInReview, endedBefore.Add(-time.Hour), false)
	stub := stored(intake.StatusRejected, endedBefore.Add(-time.Hour), true)
	recent := stored(intake.StatusClosed, endedBefore, false)
	svc := &intake.Service{Store: listingAll{store}, Now: func() time.Time { return now }}
	n, err := svc.Retain(ctx, endedBefore, 100)
	if err != nil || n != 1 {
		t.Fatalf("Retain = %d, %v; want 1", n, err)
	}
	for _, tt := range []struct {
		sub  *intake.Submission
		want bool
	}{{due, true}, {open, false}, {stub, false}, {recent, false}} {
		got, _ := store.Get(ctx, tt.sub.Reference)
		if redacted := len(got.Form) == 0; redacted != tt.want || got.Version != tt.sub.Version && !tt.want {
			t.Errorf("%s (%s, updated %v): redacted %v, want %v", got.Reference, got.Status, tt.sub.UpdatedAt, redacted, tt.want)
		}
	}
}
