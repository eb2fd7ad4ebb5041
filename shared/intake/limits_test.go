package intake_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/routing"
)

// limitedService is a service with limits, counting in its store, on a clock
// the test moves.
func limitedService(limits intake.Limits) (*intake.Service, *intaketest.Store, *intaketest.Queue, *intaketest.Notifier, *time.Time) {
	store, queue, mail := intaketest.NewStore(), intaketest.NewQueue(), &intaketest.Notifier{}
	clock := now.Add(20 * time.Minute) // 10:20 UTC: 40 minutes left in the client's hour
	return &intake.Service{
		Store: store, Queue: queue, Notifier: mail, Counter: store, Limits: limits,
		Parser: formparse.New(func() time.Time { return now }), Rules: routing.Default(),
		Now: func() time.Time { return clock }, Keys: intaketest.Keys,
	}, store, queue, mail, &clock
}

// A client over its hourly budget gets a 429 that says when to come back, and
// nothing is stored, queued or mailed; another client, and the same one's
// retries of what it already sent, are not affected; the next hour it may
// send again.
func TestClientLimit(t *testing.T) {
	svc, store, queue, mail, clock := limitedService(intake.Limits{SubmissionsPerClient: 2})
	ctx := context.Background()
	body := fixture(t, "consultation.json")
	submit := func(client, key string) (intake.Receipt, error) {
		return svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: body, Lang: forms.ZH, Client: client, IdempotencyKey: key})
	}
	first, err := submit("203.0.113.7", "a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := submit("203.0.113.7", "b"); err != nil {
		t.Fatal(err)
	}
	_, err = submit("203.0.113.7", "c")
	var limited *apperr.LimitedError
	if !errors.As(err, &limited) || limited.RetryAfter != 40*time.Minute {
		t.Fatalf("third submission: err = %v, want a LimitedError with 40m to wait", err)
	}
	if store.Len() != 2 || queue.Count() != 2 || len(mail.Sent) != 2 {
		t.Fatalf("stored %d, queued %d, mailed %d; want 2 of each", store.Len(), queue.Count(), len(mail.Sent))
	}
	if again, err := submit("203.0.113.7", "a"); err != nil || !again.Replayed || again.Reference != first.Reference {
		t.Fatalf("the client's retry over the limit = %+v, %v; want its first receipt", again, err)
	}
	if _, err := submit("198.51.100.9", "a"); err != nil {
		t.Fatalf("another client: %v", err)
	}
	*clock = clock.Add(40 * time.Minute)
	if _, err := submit("203.0.113.7", "c"); err != nil {
		t.Fatalf("the next hour: %v", err)
	}
}

// One address gets at most its day's confirmations, however many clients
// send forms naming it, in whatever case or with whatever +tag; its forms are
// still stored and queued. Another address is not affected.
func TestRecipientLimit(t *testing.T) {
	svc, store, queue, mail, clock := limitedService(intake.Limits{MailsPerRecipient: 3})
	ctx := context.Background()
	body := fixture(t, "consultation.json")
	for i, addr := range []string{"legal@example.com", "LEGAL@example.com", "legal+x@example.com", "legal+y@example.com", "legal@example.com"} {
		b := bytes.Replace(body, []byte("legal@example.com"), []byte(addr), 1)
		r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: b, Lang: forms.ZH, Client: "client-" + addr})
		if err != nil {
			t.Fatal(err)
		}
		if r.Mailed != (i < 3) {
			t.Errorf("submission %d to %s: mailed %v", i+1, addr, r.Mailed)
		}
	}
	if store.Len() != 5 || queue.Count() != 5 || len(mail.Sent) != 3 {
		t.Fatalf("stored %d, queued %d, mailed %d; want 5, 5, 3", store.Len(), queue.Count(), len(mail.Sent))
	}
	other := bytes.Replace(body, []byte("legal@example.com"), []byte("counsel@example.com"), 1)
	if r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: other, Lang: forms.ZH}); err != nil || !r.Mailed {
		t.Fatalf("another address: %+v, %v", r, err)
	}
	*clock = clock.Add(intake.RecipientWindow)
	if r, err := svc.Submit(ctx, intake.SubmitRequest{Kind: forms.KindConsultation, Body: body, Lang: forms.ZH}); err != nil || !r.Mailed {
		t.Fatalf("the next day: %+v, %v", r, err)
	}
}

// The limits' counters are named by keyed hashes: no source or e-mail address
// is kept in the table, and a failing counter holds the submission back (503)
// rather than let it through unlimited.
func TestLimitCounters(t *testing.T) {
	svc, store, _, _, _ := limitedService(intake.Limits{SubmissionsPerClient: 5, MailsPerRecipient: 5})
	counter := &recordingCounter{Counter: store}
	svc.Counter = counter
	if _, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH, Client: "203.0.113.7"}); err != nil {
		t.Fatal(err)
	}
	if len(counter.keys) != 2 {
		t.Fatalf("counted %v, want a client's and a recipient's budget", counter.keys)
	}
	for _, k := range counter.keys {
		if bytes.Contains([]byte(k), []byte("203.0.113.7")) || bytes.Contains([]byte(k), []byte("example.com")) {
			t.Errorf("counter key %q names an address", k)
		}
	}
	counter.fail = apperr.Unavailable(errors.New("throttled"))
	if _, err := svc.Submit(context.Background(), intake.SubmitRequest{Kind: forms.KindConsultation, Body: fixture(t, "consultation.json"), Lang: forms.ZH, Client: "203.0.113.7"}); !errors.Is(err, apperr.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
}

type recordingCounter struct {
	intake.Counter
	keys []string
	fail error
}

func (c *recordingCounter) Take(ctx context.Context, key string, limit int, expires time.Time) (bool, error) {
	if c.fail != nil {
		return false, c.fail
	}
	c.keys = append(c.keys, key)
	return c.Counter.Take(ctx, key, limit, expires)
}

// Spent reads a budget without counting: a budget is spent once Take counted
// its limit in the window, and not in the next window nor under another
// subject; no counter or no limit is never spent; a counter that fails says so.
func TestLimiterSpent(t *testing.T) {
	ctx := context.Background()
	store := intaketest.NewStore()
	clock := now
	l := intake.Limiter{Counter: store, Keys: intaketest.Keys, Now: func() time.Time { return clock }}
	spent := func(subject string, limit int) bool {
		t.Helper()
		s, retryAfter, err := l.Spent(ctx, "failures", subject, limit, time.Hour)
		if err != nil || limit > 0 && (retryAfter <= 0 || retryAfter > time.Hour) {
			t.Fatalf("Spent = %v, %v, %v", s, retryAfter, err)
		}
		return s
	}
	for i := range 3 {
		if spent("a", 3) {
			t.Fatalf("spent after %d of 3", i)
		}
		if ok, _, err := l.Take(ctx, "failures", "a", 3, time.Hour); !ok || err != nil {
			t.Fatalf("Take = %v, %v", ok, err)
		}
	}
	if !spent("a", 3) || spent("b", 3) || spent("a", 4) || spent("a", 0) {
		t.Errorf("after 3 of 3: a spent %v, b %v, a of 4 %v, a without a limit %v; want true, false, false, false",
			spent("a", 3), spent("b", 3), spent("a", 4), spent("a", 0))
	}
	if !spent("a", 3) {
		t.Error("reading counted a use")
	}
	clock = clock.Add(time.Hour)
	if spent("a", 3) {
		t.Error("spent in the next window")
	}
	if s, _, err := (intake.Limiter{Keys: intaketest.Keys, Now: l.Now}).Spent(ctx, "failures", "a", 3, time.Hour); s || err != nil {
		t.Errorf("without a counter: %v, %v", s, err)
	}
	store.Fail = apperr.Unavailable(errors.New("down"))
	if _, _, err := l.Spent(ctx, "failures", "a", 3, time.Hour); !errors.Is(err, apperr.ErrUnavailable) {
		t.Errorf("a failing counter: %v", err)
	}
}
