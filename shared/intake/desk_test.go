package intake_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/metrics/metricstest"
)

var (
	proc       = intake.Staff("staff-proc", agency.Procuratorate, false)
	procOther  = intake.Staff("staff-proc-2", agency.Procuratorate, false)
	procSuper  = intake.Staff("super-proc", agency.Procuratorate, true)
	cyber      = intake.Staff("staff-cyber", agency.Cyberspace, false)
	cyberSuper = intake.Staff("super-cyber", agency.Cyberspace, true)
)

type desk struct {
	*intake.Desk
	store    *intaketest.Store
	queue    *intaketest.Queue
	notifier *intaketest.Notifier
	clock    *time.Time
}

func newDesk() desk {
	clock := now
	d := desk{store: intaketest.NewStore(), queue: intaketest.NewQueue(), notifier: &intaketest.Notifier{}, clock: &clock}
	d.Desk = &intake.Desk{Store: d.store, Queue: d.queue, Notifier: d.notifier, Now: func() time.Time { return *d.clock }}
	return d
}

// waiting stores a submission of the procuratorate waiting on its worklist,
// submitted ago before now.
func (d desk) waiting(t *testing.T, urgent bool, ago time.Duration) *intake.Submission {
	t.Helper()
	s := storetest.NewSubmission(storetest.NewRef(), now.Add(-ago))
	s.Agency, s.Urgent = agency.Procuratorate, urgent
	s.Status, s.Queued, s.Listed, s.Version = intake.StatusQueued, true, true, 3
	if err := d.store.Create(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func (d desk) claimed(t *testing.T, by intake.Actor) *intake.Submission {
	t.Helper()
	d.waiting(t, false, time.Hour)
	sub, err := d.Claim(context.Background(), by)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestClaimTakesTheWorklistInOrder(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	old := d.waiting(t, false, 3*time.Hour)
	urgent := d.waiting(t, true, time.Hour)
	newer := d.waiting(t, false, 2*time.Hour)
	var got []string
	for range 3 {
		sub, err := d.Claim(ctx, proc)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Status != intake.StatusInReview || sub.Claim == nil || sub.Claim.By != proc.ID || !sub.Claim.Since.Equal(now) {
			t.Errorf("claimed %+v", sub)
		}
		got = append(got, sub.Reference)
	}
	if want := []string{urgent.Reference, old.Reference, newer.Reference}; !slices.Equal(got, want) {
		t.Errorf("claimed %v, want %v (urgent first, then oldest)", got, want)
	}
	if _, err := d.Claim(ctx, proc); !errors.Is(err, intake.ErrNothingWaiting) {
		t.Errorf("an empty worklist: %v, want ErrNothingWaiting", err)
	}
	trail, _ := d.store.AuditTrail(ctx, urgent.Reference)
	if len(trail) != 1 || trail[0].Action != "claim" || trail[0].Actor != proc.ID {
		t.Errorf("audit of a claim: %+v", trail)
	}
	if len(d.notifier.Changes) != 3 || d.notifier.Changes[0].Status != intake.StatusInReview || d.notifier.Changes[0].To != "legal@example.com" {
		t.Errorf("notices %+v, want one per claim", d.notifier.Changes)
	}
}

func TestWaitingListsTheWorklistInClaimOrder(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	d.claimed(t, procOther) // in review: no longer waiting
	old := d.waiting(t, false, 3*time.Hour)
	urgent := d.waiting(t, true, time.Hour)
	newer := d.waiting(t, false, 2*time.Hour)
	var got []string
	list, err := d.Waiting(ctx, proc, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		got = append(got, s.Reference)
	}
	if want := []string{urgent.Reference, old.Reference, newer.Reference}; !slices.Equal(got, want) {
		t.Errorf("waiting %v, want %v (urgent first, then oldest)", got, want)
	}
	if theirs, err := d.Waiting(ctx, cyber, 10); err != nil || len(theirs) != 0 {
		t.Errorf("another agency sees %v, %v", theirs, err)
	}
}

func TestClaimIsolatesAgencies(t *testing.T) {
	d := newDesk()
	d.waiting(t, false, time.Hour)
	if _, err := d.Claim(context.Background(), cyber); !errors.Is(err, intake.ErrNothingWaiting) {
		t.Errorf("another agency's claim: %v, want ErrNothingWaiting", err)
	}
}

func TestConcurrentClaimsTakeEachItemOnce(t *testing.T) {
	d := newDesk()
	for range 5 {
		d.waiting(t, false, time.Hour)
	}
	var mu sync.Mutex
	var claimed []string
	none := 0
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			sub, err := d.Claim(context.Background(), intake.Staff("staff-"+string(rune('a'+i)), agency.Procuratorate, false))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, intake.ErrNothingWaiting):
				none++
			case err != nil:
				t.Error(err)
			default:
				claimed = append(claimed, sub.Reference)
			}
		})
	}
	wg.Wait()
	slices.Sort(claimed)
	if len(slices.Compact(slices.Clone(claimed))) != 5 || len(claimed) != 5 || none != 15 {
		t.Errorf("claimed %v and %d found none; want 5 distinct and 15", claimed, none)
	}
}

func TestReadIsAuditedAndIsolated(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	got, err := d.Read(ctx, proc, sub.Reference)
	if err != nil || got.Reference != sub.Reference || len(got.Form) == 0 {
		t.Fatalf("Read = %+v, %v", got, err)
	}
	for _, tt := range []struct {
		name string
		by   intake.Actor
		ref  string
	}{
		{"another agency", cyberSuper, sub.Reference},
		{"unknown", proc, storetest.NewRef()},
		{"malformed", proc, "x"},
		{"no agency", intake.Staff("nobody", "", false), sub.Reference},
	} {
		if _, err := d.Read(ctx, tt.by, tt.ref); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", tt.name, err)
		}
	}
	trail, _ := d.store.AuditTrail(ctx, sub.Reference)
	if len(trail) != 1 || trail[0].Action != intake.AuditRead || trail[0].Actor != proc.ID || !trail[0].At.Equal(now) {
		t.Errorf("trail %+v, want the one read that showed the submission", trail)
	}
	d.store.Fail = apperr.Unavailable(errors.New("down"))
	if _, err := d.Read(ctx, proc, sub.Reference); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("store down: %v", err)
	}
}

func TestReadNotShownWhenNotAudited(t *testing.T) {
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	failing := &failingAudit{Store: d.store}
	d.Desk.Store = failing
	if got, err := d.Read(context.Background(), proc, sub.Reference); !errors.Is(err, apperr.ErrUnavailable) || got != nil {
		t.Errorf("Read = %v, %v; want nothing shown", got, err)
	}
}

type failingAudit struct{ *intaketest.Store }

func (f *failingAudit) AddAudit(context.Context, intake.AuditEntry) error {
	return apperr.Unavailable(errors.New("audit down"))
}

func TestAct(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		by         intake.Actor
		cmd        intake.Command
		stale      bool
		want       error
		wantStatus intake.Status
		notified   bool
	}{
		{"answer", proc, intake.Command{Action: intake.ActionAnswer, Answer: &intake.Answer{Public: "建议报案"}}, false, nil, intake.StatusAnswered, true},
		{"note is internal", proc, intake.Command{Action: intake.ActionNote, Note: "called them"}, false, nil, intake.StatusInReview, false},
		{"reject", proc, intake.Command{Action: intake.ActionReject, Note: "out of scope"}, false, nil, intake.StatusRejected, true},
		{"release by a supervisor", procSuper, intake.Command{Action: intake.ActionRelease}, false, nil, intake.StatusQueued, true},
		{"stale version", proc, intake.Command{Action: intake.ActionNote, Note: "x"}, true, apperr.ErrPrecondition, intake.StatusInReview, false},
		{"not the holder", procOther, intake.Command{Action: intake.ActionAnswer, Answer: &intake.Answer{Public: "x"}}, false, apperr.ErrForbidden, intake.StatusInReview, false},
		{"another agency", cyberSuper, intake.Command{Action: intake.ActionRelease}, false, apperr.ErrNotFound, intake.StatusInReview, false},
		{"invalid transition", proc, intake.Command{Action: intake.ActionClose}, false, apperr.ErrConflict, intake.StatusInReview, false},
		{"missing input", proc, intake.Command{Action: intake.ActionReject}, false, apperr.ErrInvalid, intake.StatusInReview, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDesk()
			sub := d.claimed(t, proc)
			d.notifier.Changes = nil
			*d.clock = now.Add(time.Minute)
			version := sub.Version
			if tt.stale {
				version--
			}
			got, err := d.Act(ctx, tt.by, sub.Reference, version, tt.cmd)
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Fatalf("Act = %v, want %v", err, tt.want)
			}
			stored, _ := d.store.Get(ctx, sub.Reference)
			if stored.Status != tt.wantStatus {
				t.Errorf("stored status %s, want %s", stored.Status, tt.wantStatus)
			}
			if err == nil && (got.Version != sub.Version+1 || got.Status != tt.wantStatus) {
				t.Errorf("returned %s at version %d", got.Status, got.Version)
			}
			if notified := len(d.notifier.Changes) == 1; notified != tt.notified {
				t.Errorf("notified: %v, want %v", notified, tt.notified)
			}
			trail, _ := d.store.AuditTrail(ctx, sub.Reference)
			if moved := len(trail) == 2; moved != (tt.want == nil) {
				t.Errorf("audit trail %+v", trail)
			}
		})
	}
}

// The same version acted on twice: the second finds it changed.
func TestActTwiceOnOneVersion(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.claimed(t, proc)
	if _, err := d.Act(ctx, proc, sub.Reference, sub.Version, intake.Command{Action: intake.ActionNote, Note: "first"}); err != nil {
		t.Fatal(err)
	}
	_, err := d.Act(ctx, procSuper, sub.Reference, sub.Version, intake.Command{Action: intake.ActionRelease})
	var stale *intake.StaleError
	if !errors.As(err, &stale) || stale.Current.Version != sub.Version+1 {
		t.Fatalf("second = %v, want a StaleError with the current version", err)
	}
}

// A transfer is stored, then queued to the new agency; the old agency loses
// access, and the new one claims it once its inbox listed it.
func TestTransfer(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.claimed(t, proc)
	got, err := d.Act(ctx, proc, sub.Reference, sub.Version, intake.Command{Action: intake.ActionTransfer, Agency: agency.Cyberspace, Note: "data protection"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Agency != agency.Cyberspace || got.Status != intake.StatusQueued || !got.Queued || got.Listed {
		t.Errorf("after transfer: %+v", got)
	}
	sent := d.queue.Sent[agency.Cyberspace]
	if len(sent) != 1 || sent[0].Reference != sub.Reference || sent[0].Agency != agency.Cyberspace {
		t.Fatalf("sent %+v", d.queue.Sent)
	}
	if _, err := d.Read(ctx, proc, sub.Reference); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("old agency reads: %v, want ErrNotFound", err)
	}
	if _, err := d.Claim(ctx, cyber); !errors.Is(err, intake.ErrNothingWaiting) {
		t.Errorf("claimed before the inbox listed it: %v", err)
	}
	if err := intake.Enlist(ctx, d.store, sent[0], agency.Cyberspace, now); err != nil {
		t.Fatal(err)
	}
	claimed, err := d.Claim(ctx, cyber)
	if err != nil || claimed.Reference != sub.Reference {
		t.Fatalf("new agency's claim: %v, %v", claimed, err)
	}
	if n := d.notifier.Changes[len(d.notifier.Changes)-2]; n.Agency != agency.Cyberspace || n.Status != intake.StatusTransferred {
		t.Errorf("transfer notice %+v", n)
	}
}

// A transfer whose message cannot be sent stays stored, left for the re-dispatch.
func TestTransferWithQueueDown(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.claimed(t, proc)
	d.queue.Fail = apperr.Unavailable(errors.New("sqs down"))
	if _, err := d.Act(ctx, proc, sub.Reference, sub.Version, intake.Command{Action: intake.ActionTransfer, Agency: agency.Cyberspace, Note: "x"}); err != nil {
		t.Fatal(err)
	}
	pending, _ := d.store.Pending(ctx, now.Add(time.Hour), 10)
	if len(pending) != 1 || pending[0].Agency != agency.Cyberspace {
		t.Errorf("pending %+v, want the transferred submission", pending)
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	for i := range intake.PageSize + 3 {
		d.waiting(t, false, time.Duration(i)*time.Second)
	}
	first, err := d.List(ctx, proc, intake.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != intake.PageSize || first.Cursor == "" {
		t.Fatalf("first page: %d items, cursor %q", len(first.Items), first.Cursor)
	}
	second, err := d.List(ctx, proc, intake.ListQuery{Cursor: first.Cursor})
	if err != nil || len(second.Items) != 3 || second.Cursor != "" {
		t.Fatalf("second page: %+v, %v", second, err)
	}
	other, err := d.List(ctx, cyber, intake.ListQuery{Cursor: first.Cursor})
	if err != nil || len(other.Items) != 0 {
		t.Errorf("another agency with the cursor: %+v, %v", other, err)
	}
	for _, q := range []intake.ListQuery{{Cursor: "not-a-cursor"}, {Cursor: "eyJ0IjoiMjAyNi0xMS0yNlQxMDowMDowMFoiLCJyIjoiLi4vIn0"}, {Status: "lost"}} {
		var in *intake.InputError
		if _, err := d.List(ctx, proc, q); !errors.As(err, &in) || !errors.Is(err, apperr.ErrInvalid) {
			t.Errorf("List(%+v) = %v, want an InputError", q, err)
		}
	}
	queued, err := d.List(ctx, proc, intake.ListQuery{Status: intake.StatusQueued})
	if err != nil || len(queued.Items) != intake.PageSize {
		t.Errorf("by status: %d, %v", len(queued.Items), err)
	}
}

func TestFigures(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	for _, wait := range []time.Duration{time.Hour, 3 * time.Hour, 2 * time.Hour} {
		sub := d.claimed(t, proc)
		*d.clock = sub.SubmittedAt.Add(wait)
		if _, err := d.Act(ctx, proc, sub.Reference, sub.Version, intake.Command{Action: intake.ActionAnswer, Answer: &intake.Answer{Public: "a"}}); err != nil {
			t.Fatal(err)
		}
		*d.clock = now
	}
	d.waiting(t, true, time.Hour)
	d.waiting(t, false, 5*time.Hour) // the oldest waiting, though not first on the list
	f, err := d.Figures(ctx, proc)
	if err != nil {
		t.Fatal(err)
	}
	if f.Counts[intake.StatusQueued] != 2 || f.Counts[intake.StatusAnswered] != 3 || f.Counts[intake.StatusClosed] != 0 || len(f.Counts) != len(intake.Statuses()) {
		t.Errorf("counts %v", f.Counts)
	}
	if f.OldestWaiting == nil || !f.OldestWaiting.Equal(now.Add(-5*time.Hour)) {
		t.Errorf("oldest waiting %v", f.OldestWaiting)
	}
	if f.Answered != 3 || f.MedianFirstAnswer == nil || *f.MedianFirstAnswer != 2*time.Hour {
		t.Errorf("answered %d, median %v; want 3, 2h", f.Answered, f.MedianFirstAnswer)
	}
	empty, err := d.Figures(ctx, cyber)
	if err != nil || empty.OldestWaiting != nil || empty.MedianFirstAnswer != nil || empty.Counts[intake.StatusQueued] != 0 {
		t.Errorf("an agency with nothing: %+v, %v", empty, err)
	}
}

func TestAuditTrailForSupervisorsOnly(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.claimed(t, proc)
	if _, err := d.AuditTrail(ctx, proc, sub.Reference); !errors.Is(err, apperr.ErrForbidden) {
		t.Errorf("staff: %v, want ErrForbidden", err)
	}
	if _, err := d.AuditTrail(ctx, cyberSuper, sub.Reference); !errors.Is(err, apperr.ErrNotFound) {
		t.Errorf("another agency's supervisor: %v, want ErrNotFound", err)
	}
	trail, err := d.AuditTrail(ctx, procSuper, sub.Reference)
	if err != nil || len(trail) != 1 || trail[0].Action != "claim" {
		t.Errorf("trail %+v, %v", trail, err)
	}
}

func TestMeasureWorklists(t *testing.T) {
	d := newDesk()
	var out bytes.Buffer
	d.Metrics = metrics.New(&out, "test")
	d.waiting(t, false, 2*time.Hour)
	d.waiting(t, true, time.Hour)
	if err := d.MeasureWorklists(context.Background()); err != nil {
		t.Fatal(err)
	}
	docs := metricstest.Docs(t, out.Bytes())
	if len(docs) != len(agency.All) {
		t.Fatalf("%d lines, want one per agency", len(docs))
	}
	proc := metricstest.Find(docs, intake.MetricOldestWaitingAge, map[string]string{"Agency": "procuratorate"})
	if len(proc) != 1 || proc[0].Values[intake.MetricOldestWaitingAge] != 7200 || proc[0].Values[intake.MetricWaiting] != 2 {
		t.Errorf("procuratorate %+v", proc)
	}
	cyber := metricstest.Find(docs, intake.MetricWaiting, map[string]string{"Agency": "cyberspace"})
	if len(cyber) != 1 || cyber[0].Values[intake.MetricOldestWaitingAge] != 0 {
		t.Errorf("an empty worklist %+v", cyber)
	}
}

func TestEnlistRefusesUnusableMessages(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := storetest.NewSubmission(storetest.NewRef(), now)
	if err := d.store.Create(ctx, sub, nil); err != nil {
		t.Fatal(err)
	}
	good := intake.NewMessage(sub)
	tests := []struct {
		name string
		give func(*intake.Message)
		from agency.Code
		want error
	}{
		{"another schema", func(m *intake.Message) { m.Schema = "intake.submission.v2" }, sub.Agency, intake.ErrUnusableMessage},
		{"malformed reference", func(m *intake.Message) { m.Reference = "c-" + m.Reference[2:] }, sub.Agency, intake.ErrUnusableMessage},
		{"on another agency's queue", func(*intake.Message) {}, agency.Cyberspace, intake.ErrUnusableMessage},
		{"unknown reference", func(m *intake.Message) { m.Reference = storetest.NewRef() }, sub.Agency, apperr.ErrNotFound},
		{"good", func(*intake.Message) {}, sub.Agency, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := good
			tt.give(&m)
			err := intake.Enlist(ctx, d.store, m, tt.from, now)
			if !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Errorf("Enlist = %v, want %v", err, tt.want)
			}
		})
	}
	got, _ := d.store.Get(ctx, sub.Reference)
	if !got.Listed || got.Status != intake.StatusQueued || got.Kind != forms.KindConsultation {
		t.Errorf("after the good message: %+v", got)
	}
}

// An agency consuming its queue itself claims what its messages name, listed
// or not; nothing else.
func TestClaimReference(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	unlisted := d.waiting(t, false, time.Hour)
	unlisted.Listed = false
	ch := intake.Change{Reference: unlisted.Reference, Expect: intake.Expect{Status: intake.StatusQueued, Version: 3, Queued: true, Listed: true},
		Status: intake.StatusQueued, Agency: unlisted.Agency, Queued: true, Version: 4, UpdatedAt: now}
	if err := d.store.Update(ctx, ch); err != nil {
		t.Fatal(err)
	}
	got, err := d.ClaimReference(ctx, proc, unlisted.Reference)
	if err != nil || got.Status != intake.StatusInReview || got.Claim.By != proc.ID {
		t.Fatalf("ClaimReference = %+v, %v", got, err)
	}
	tests := []struct {
		name string
		by   intake.Actor
		ref  string
		want error
	}{
		{"claimed already", procOther, unlisted.Reference, apperr.ErrConflict},
		{"another agency's", cyber, d.waiting(t, false, time.Hour).Reference, apperr.ErrNotFound},
		{"unknown", proc, storetest.NewRef(), apperr.ErrNotFound},
	}
	for _, tt := range tests {
		if _, err := d.ClaimReference(ctx, tt.by, tt.ref); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

// An export holds the agency's submissions of the period, whole, and each
// one's audit trail says who exported it; another agency's are never in it.
func TestExport(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	old := d.waiting(t, false, 48*time.Hour)
	in := []*intake.Submission{d.waiting(t, false, 3*time.Hour), d.waiting(t, true, time.Hour)}
	theirs := d.waiting(t, false, 2*time.Hour)
	theirs.Agency = agency.Cyberspace
	moved := intake.Change{Reference: theirs.Reference, Expect: intake.Expect{Status: intake.StatusQueued, Version: 3, Queued: true, Listed: true},
		Status: intake.StatusQueued, Agency: agency.Cyberspace, Queued: true, Version: 4, UpdatedAt: now}
	if err := d.store.Update(ctx, moved); err != nil {
		t.Fatal(err)
	}
	got, err := d.Export(ctx, proc, now.Add(-24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, s := range got {
		refs = append(refs, s.Reference)
		if len(s.Form) == 0 {
			t.Errorf("%s exported without its form", s.Reference)
		}
	}
	if want := []string{in[0].Reference, in[1].Reference}; !slices.Equal(refs, want) {
		t.Errorf("exported %v, want %v (oldest first; not %s, before the period, nor another agency's)", refs, want, old.Reference)
	}
	for _, s := range in {
		trail, _ := d.store.AuditTrail(ctx, s.Reference)
		if len(trail) != 1 || trail[0].Action != intake.AuditExport || trail[0].Actor != proc.ID {
			t.Errorf("trail of %s: %+v", s.Reference, trail)
		}
	}
	if trail, _ := d.store.AuditTrail(ctx, old.Reference); len(trail) != 0 {
		t.Errorf("an unexported submission's trail: %+v", trail)
	}
	var in2 *intake.InputError
	if _, err := d.Export(ctx, proc, now, now); !errors.As(err, &in2) || in2.Code != intake.CodeDateRange {
		t.Errorf("an empty period: %v", err)
	}
}

// markFirst is a store on which a listing lands between a move's read and its
// write, once: the inbox's Enlist racing a staff member's request.
type markFirst struct {
	*intaketest.Store
	mark *intake.Mark
}

func (s *markFirst) Update(ctx context.Context, ch intake.Change) error {
	if m := s.mark; m != nil {
		s.mark = nil
		if err := s.Store.Mark(ctx, *m); err != nil {
			return err
		}
	}
	return s.Store.Update(ctx, ch)
}

func (s *markFirst) Redact(ctx context.Context, r intake.Redaction) error {
	if m := s.mark; m != nil {
		s.mark = nil
		if err := s.Store.Mark(ctx, *m); err != nil {
			return err
		}
	}
	return s.Store.Redact(ctx, r)
}

// A move that a listing overtook between its read and its write is made again
// on what is stored, not refused: no one acted on the submission meanwhile.
func TestActOvertakenByBookkeeping(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	sub.Status, sub.Listed = intake.StatusInReview, false
	sub.Claim = &intake.Claim{By: proc.ID, Since: now}
	ch := intake.Change{Reference: sub.Reference, Expect: intake.Expect{Status: intake.StatusQueued, Version: 3, Queued: true, Listed: true},
		Status: intake.StatusInReview, Agency: sub.Agency, Queued: true, Claim: sub.Claim, Version: 4, UpdatedAt: now}
	if err := d.store.Update(ctx, ch); err != nil {
		t.Fatal(err)
	}
	store := &markFirst{Store: d.store, mark: &intake.Mark{Reference: sub.Reference, Status: intake.StatusInReview, Agency: sub.Agency, Listed: true}}
	d.Desk.Store = store
	got, err := d.Act(ctx, proc, sub.Reference, 4, intake.Command{Action: intake.ActionRelease})
	if err != nil {
		t.Fatalf("release overtaken by a listing = %v", err)
	}
	if store.mark != nil || got.Version != 5 || got.Status != intake.StatusQueued || !got.Listed {
		t.Errorf("released: %+v", got)
	}
	waiting, err := d.Waiting(ctx, proc, 10)
	if err != nil || len(waiting) != 1 || waiting[0].Reference != sub.Reference {
		t.Errorf("worklist after the release = %+v, %v", waiting, err)
	}
}

// So is an erasure: a supervisor's request is not refused because the inbox
// listed the submission meanwhile.
func TestEraseOvertakenByBookkeeping(t *testing.T) {
	ctx := context.Background()
	d := newDesk()
	sub := d.waiting(t, false, time.Hour)
	sub.Claim = &intake.Claim{By: proc.ID, Since: now}
	ch := intake.Change{Reference: sub.Reference, Expect: intake.Expect{Status: intake.StatusQueued, Version: 3, Queued: true, Listed: true},
		Status: intake.StatusInReview, Agency: sub.Agency, Queued: true, Claim: sub.Claim, Version: 4, UpdatedAt: now}
	if err := d.store.Update(ctx, ch); err != nil {
		t.Fatal(err)
	}
	store := &markFirst{Store: d.store, mark: &intake.Mark{Reference: sub.Reference, Status: intake.StatusInReview, Agency: sub.Agency, Listed: true}}
	d.Desk.Store = store
	got, err := d.Erase(ctx, procSuper, sub.Reference, 4, "企业来函要求删除")
	if err != nil {
		t.Fatalf("erasure overtaken by a listing = %v", err)
	}
	if store.mark != nil || got.Status != intake.StatusErased || got.RedactedAt == nil {
		t.Errorf("erased: %+v", got)
	}
}
