package intake_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/routing"
)

var now = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../forms/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newService() (*intake.Service, *intaketest.Store, *intaketest.Queue) {
	store, queue := intaketest.NewStore(), intaketest.NewQueue()
	clock := func() time.Time { return now }
	return &intake.Service{
		Store:  store,
		Queue:  queue,
		Parser: formparse.New(clock),
		Rules:  routing.Default(),
		Now:    clock,
		Keys:   intaketest.Keys,
	}, store, queue
}

var referencePattern = regexp.MustCompile(`^[CT]-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}$`)

func TestSubmit(t *testing.T) {
	tests := []struct {
		name       string
		kind       forms.Kind
		give       string
		wantAgency agency.Code
	}{
		{"unreported online fraud goes to the police", forms.KindConsultation, "consultation.json", agency.PublicSecurity},
		{"urgent consultation", forms.KindConsultation, "consultation-urgent.json", ""},
		{"training", forms.KindTraining, "training.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, store, queue := newService()
			r, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: tt.kind, Body: fixture(t, tt.give), Lang: forms.ZH, CorrelationID: "corr-1"})
			if err != nil {
				t.Fatalf("Submit: %v", err)
			}
			if !referencePattern.MatchString(r.Reference) || len(r.StatusToken) < 22 || r.Status != intake.StatusQueued || r.Kind != tt.kind {
				t.Fatalf("receipt %+v", r)
			}
			if tt.wantAgency != "" && r.Agency != tt.wantAgency {
				t.Errorf("agency %s, want %s", r.Agency, tt.wantAgency)
			}
			sub, err := store.Get(context.Background(), r.Reference)
			if err != nil {
				t.Fatal(err)
			}
			if !sub.Queued || sub.Status != intake.StatusQueued || len(sub.History) != 2 || string(sub.TokenHash) == r.StatusToken {
				t.Errorf("stored %+v", sub)
			}
			// PIPL: the record keeps which wording was agreed to, and when.
			if sub.Consent == nil || sub.Consent.Version != "2026-11" || !sub.Consent.At.Equal(now) {
				t.Errorf("stored consent %+v, want the fixture's version 2026-11 at %v", sub.Consent, now)
			}
			msgs := queue.Sent[r.Agency]
			if queue.Count() != 1 || len(msgs) != 1 {
				t.Fatalf("sent %v, want one message to %s", queue.Sent, r.Agency)
			}
			m := msgs[0]
			if m.Schema != intake.MessageSchema || m.Reference != r.Reference || m.CorrelationID != "corr-1" || m.Urgency != map[bool]string{true: "urgent", false: "normal"}[sub.Urgent] {
				t.Errorf("message %+v", m)
			}
		})
	}
}

func TestSubmitInvalidStoresNothing(t *testing.T) {
	svc, store, queue := newService()
	_, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: []byte(`{"company":{}}`), Lang: forms.EN})
	var invalid *apperr.InvalidError
	if !errors.As(err, &invalid) || len(invalid.Fields) == 0 {
		t.Fatalf("err = %v, want field errors", err)
	}
	if store.Len() != 0 || queue.Count() != 0 {
		t.Fatalf("stored %d, sent %d; want nothing", store.Len(), queue.Count())
	}
}

// Store first, queue second: with SQS down the submission is still accepted, kept
// pending, and the re-dispatch queues it once SQS is back.
func TestSubmitQueueDown(t *testing.T) {
	svc, store, queue := newService()
	queue.Fail = apperr.Unavailable(errors.New("sqs down"))
	r, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindTraining, Body: fixture(t, "training.json"), Lang: forms.ZH})
	if err != nil {
		t.Fatalf("Submit with queue down: %v", err)
	}
	if r.Status != intake.StatusReceived {
		t.Errorf("status %s, want received", r.Status)
	}
	pending, _ := store.Pending(context.Background(), now.Add(time.Minute), 10)
	if len(pending) != 1 || pending[0].Reference != r.Reference {
		t.Fatalf("pending %v, want the submission", pending)
	}

	n, err := svc.Redispatch(context.Background(), now.Add(time.Minute), 10)
	if err != nil || n != 0 {
		t.Fatalf("Redispatch while down = %d, %v; want 0, nil", n, err)
	}
	queue.Fail = nil
	n, err = svc.Redispatch(context.Background(), now.Add(time.Minute), 10)
	if err != nil || n != 1 {
		t.Fatalf("Redispatch = %d, %v; want 1, nil", n, err)
	}
	sub, _ := store.Get(context.Background(), r.Reference)
	if !sub.Queued || sub.Status != intake.StatusQueued || queue.Count() != 1 {
		t.Fatalf("after re-dispatch: %+v, sent %d", sub, queue.Count())
	}
}

func TestSubmitStoreDown(t *testing.T) {
	svc, store, queue := newService()
	store.Fail = apperr.Unavailable(errors.New("dynamodb down"))
	_, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindTraining, Body: fixture(t, "training.json"), Lang: forms.ZH, IdempotencyKey: "k"})
	if !errors.Is(err, apperr.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if queue.Count() != 0 {
		t.Fatal("queued a submission that was not stored")
	}
}

func TestSubmitIdempotent(t *testing.T) {
	svc, store, queue := newService()
	body := fixture(t, "consultation.json")
	req := intake.SubmitRequest{Kind: forms.KindConsultation, Body: body, Lang: forms.ZH, IdempotencyKey: "order-42"}
	first, err := svc.Submit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	again, err := svc.Submit(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if again.Reference != first.Reference || again.StatusToken != first.StatusToken || !again.Replayed || first.Replayed {
		t.Fatalf("replay %+v, first %+v", again, first)
	}
	if store.Len() != 1 || queue.Count() != 1 {
		t.Fatalf("stored %d, sent %d; want 1, 1", store.Len(), queue.Count())
	}
	// The replayed token works for the status page.
	if _, err := svc.Status(context.Background(), again.Reference, again.StatusToken); err != nil {
		t.Fatalf("status with replayed token: %v", err)
	}

	req.Body = append([]byte(" "), body...)
	if _, err := svc.Submit(context.Background(), req); !errors.Is(err, apperr.ErrConflict) {
		t.Fatalf("other body, same key: err = %v, want ErrConflict", err)
	}
}

func TestSubmitConcurrentDuplicates(t *testing.T) {
	svc, store, queue := newService()
	body := fixture(t, "training.json")
	const n = 20
	receipts := make([]intake.Receipt, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			receipts[i], errs[i] = svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindTraining, Body: body, Lang: forms.ZH, IdempotencyKey: "same"})
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		if receipts[i].Reference != receipts[0].Reference || receipts[i].StatusToken != receipts[0].StatusToken {
			t.Fatalf("request %d got %s, request 0 got %s", i, receipts[i].Reference, receipts[0].Reference)
		}
	}
	if store.Len() != 1 || queue.Count() != 1 {
		t.Fatalf("stored %d, sent %d; want 1, 1", store.Len(), queue.Count())
	}
}

func TestStatus(t *testing.T) {
	svc, _, _ := newService()
	r, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		give      string
		token     string
		wantFound bool
	}{
		{"exact", r.Reference, r.StatusToken, true},
		{"typed loosely", " " + toLowerNoDashes(r.Reference) + " ", r.StatusToken, true},
		{"wrong token", r.Reference, "AAAAAAAAAAAAAAAAAAAAAA", false},
		{"no token", r.Reference, "", false},
		{"unknown reference", "C-2222-2222", r.StatusToken, false},
		{"malformed reference", "../../etc", r.StatusToken, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub, err := svc.Status(context.Background(), tt.give, tt.token)
			if tt.wantFound {
				if err != nil || sub.Reference != r.Reference {
					t.Fatalf("Status = %v, %v", sub, err)
				}
				return
			}
			if !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
		})
	}
}

func toLowerNoDashes(s string) string {
	out := []byte{}
	for _, c := range []byte(s) {
		if c == '-' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}

// A re-dispatch run leaves time to answer: with its deadline nearly reached it
// sends nothing and still reports.
func TestRedispatchStopsBeforeDeadline(t *testing.T) {
	svc, _, queue := newService()
	queue.Fail = apperr.Unavailable(errors.New("sqs down"))
	if _, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindTraining, Body: fixture(t, "training.json"), Lang: forms.ZH}); err != nil {
		t.Fatal(err)
	}
	queue.Fail = nil
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, err := svc.Redispatch(ctx, now.Add(time.Minute), 10)
	if err != nil || n != 0 || queue.Count() != 0 {
		t.Fatalf("Redispatch near its deadline = %d, %v, sent %d; want nothing sent", n, err, queue.Count())
	}
}

// A slow queue does not hold up the receipt past the function's deadline: the
// send is cut short in time to answer, and the submission stays pending.
func TestSubmitSlowQueue(t *testing.T) {
	svc, store, _ := newService()
	svc.Queue = slowQueue{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second) // as Lambda's deadline
	defer cancel()
	r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindTraining, Body: fixture(t, "training.json"), Lang: forms.ZH})
	if err != nil || r.Status != intake.StatusReceived {
		t.Fatalf("Submit = %+v, %v; want a received receipt", r, err)
	}
	if ctx.Err() != nil {
		t.Fatal("the receipt came after the deadline")
	}
	if pending, _ := store.Pending(context.Background(), now.Add(time.Minute), 10); len(pending) != 1 {
		t.Fatalf("pending %d, want 1", len(pending))
	}
}

// slowQueue answers only when its caller gives up.
type slowQueue struct{}

func (slowQueue) Send(ctx context.Context, _ agency.Code, _ intake.Message) error {
	<-ctx.Done()
	return apperr.Unavailable(ctx.Err())
}

// otherFirm is the consultation fixture as another firm sends it.
func otherFirm(t *testing.T) []byte {
	t.Helper()
	b := fixture(t, "consultation.json")
	out := bytes.Replace(b, []byte("91310107MA1G8K3Q33"), []byte("91310107MA1FL5TB5K"), 1)
	if bytes.Equal(out, b) {
		t.Fatal("fixture has no credit code to replace")
	}
	return out
}

// Probing: a body that does not validate is refused before any record is
// looked up, so its answer (the field errors) is the same whether or not
// someone used its key - never a 409 that says they did.
func TestIdempotencyKeyCannotBeProbed(t *testing.T) {
	svc, _, _ := newService()
	ctx := context.Background()
	if _, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH, IdempotencyKey: "used"}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{`{}`, `{"company":`, `[1]`} {
		for _, key := range []string{"used", "fresh"} {
			_, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: []byte(body), Lang: forms.ZH, IdempotencyKey: key})
			var invalid *apperr.InvalidError
			if !errors.As(err, &invalid) || errors.Is(err, apperr.ErrConflict) {
				t.Errorf("body %s, key %s: err = %v, want the field errors", body, key, err)
			}
		}
	}
}

// Squatting: keys are scoped by form and credit code, so another firm that
// guessed (or chose first) a key neither blocks its owner nor gets its
// receipt; each firm's retries still replay its own.
func TestIdempotencyKeyScopedToFirmAndForm(t *testing.T) {
	svc, store, _ := newService()
	ctx := context.Background()
	submit := func(kind forms.Kind, body []byte) intake.Receipt {
		t.Helper()
		r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: kind, Body: body, Lang: forms.ZH, IdempotencyKey: "order-42"})
		if err != nil {
			t.Fatalf("Submit: %v", err)
		}
		return r
	}
	squatter := submit(forms.KindConsultation, otherFirm(t))
	owner := submit(forms.KindConsultation, fixture(t, "consultation.json"))
	if owner.Replayed || owner.Reference == squatter.Reference || owner.StatusToken == squatter.StatusToken {
		t.Fatalf("the owner got %+v after the squatter's %+v, want a receipt of its own", owner, squatter)
	}
	training := submit(forms.KindTraining, fixture(t, "training.json"))
	if training.Replayed || training.Reference == owner.Reference {
		t.Fatalf("the other form's request got %+v, want its own", training)
	}
	if again := submit(forms.KindConsultation, fixture(t, "consultation.json")); !again.Replayed || again.Reference != owner.Reference || again.StatusToken != owner.StatusToken {
		t.Errorf("the owner's retry got %+v, want its first receipt", again)
	}
	if again := submit(forms.KindConsultation, otherFirm(t)); !again.Replayed || again.Reference != squatter.Reference {
		t.Errorf("the squatter's retry got %+v, want its own first receipt", again)
	}
	if store.Len() != 3 {
		t.Errorf("stored %d, want 3", store.Len())
	}
}
