package dynamostore_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
)

func TestCreateGet(t *testing.T) {
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
		{"no history no form", func(s *intake.Submission) { s.History, s.Form = nil, nil }},
		{"training, normal", func(s *intake.Submission) { s.Kind, s.Urgent = "training", false }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := newStore()
			want := newSubmission(newRef(), at)
			tt.give(want)
			if err := store.Create(ctx, want, nil); err != nil {
				t.Fatal(err)
			}
			got, err := store.Get(ctx, want.Reference)
			if err != nil {
				t.Fatal(err)
			}
			assertSubmission(t, got, want)
		})
	}
}

func assertSubmission(t *testing.T, got, want *intake.Submission) {
	t.Helper()
	if got.Reference != want.Reference || got.Kind != want.Kind || got.Status != want.Status ||
		got.Agency != want.Agency || got.Urgent != want.Urgent || got.Language != want.Language ||
		got.CorrelationID != want.CorrelationID || got.Queued != want.Queued {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if !bytes.Equal(got.TokenHash, want.TokenHash) {
		t.Errorf("TokenHash = %x, want %x", got.TokenHash, want.TokenHash)
	}
	if !got.SubmittedAt.Equal(want.SubmittedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("times = %v, %v, want %v, %v", got.SubmittedAt, got.UpdatedAt, want.SubmittedAt, want.UpdatedAt)
	}
	if len(want.Form) == 0 {
		if len(got.Form) != 0 {
			t.Errorf("form = %s, want none", got.Form)
		}
	} else {
		assertSameJSON(t, got.Form, want.Form)
	}
	if len(got.History) != len(want.History) {
		t.Fatalf("history = %+v, want %+v", got.History, want.History)
	}
	for i := range want.History {
		g, w := got.History[i], want.History[i]
		if !g.At.Equal(w.At) || g.Actor != w.Actor || g.From != w.From || g.To != w.To || g.Note != w.Note || g.Public != w.Public {
			t.Errorf("history[%d] = %+v, want %+v", i, g, w)
		}
	}
	if (got.Answer == nil) != (want.Answer == nil) || got.Answer != nil && *got.Answer != *want.Answer {
		t.Errorf("answer = %+v, want %+v", got.Answer, want.Answer)
	}
}

func TestGetMissing(t *testing.T) {
	_, err := newStore().Get(context.Background(), "C-NONE-0000")
	if !errors.Is(err, apperr.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestCreateConflicts(t *testing.T) {
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
			store := newStore()
			first := newSubmission(newRef(), now)
			key := "key-" + first.Reference
			if err := store.Create(ctx, first, newIdempotency(key, first.Reference, tt.give.firstExpires)); err != nil {
				t.Fatal(err)
			}
			second := newSubmission(newRef(), now)
			key2 := "key-" + second.Reference
			if tt.give.sameRef {
				second.Reference = first.Reference
			}
			second.CorrelationID = "second"
			if tt.give.sameKey {
				key2 = key
			}
			err := store.Create(ctx, second, newIdempotency(key2, second.Reference, now.Add(time.Hour)))
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

func TestGetIdempotency(t *testing.T) {
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
			store := newStore()
			sub := newSubmission(newRef(), now)
			key := "idem-" + sub.Reference
			var want *intake.Idempotency
			if !tt.expires.IsZero() {
				want = newIdempotency(key, sub.Reference, tt.expires)
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

// Concurrent duplicate submissions (a double click, a client retrying too soon):
// exactly one Create wins the key; the rest see ErrKeyTaken and store nothing.
//
// The Creates run concurrently on our side, but reach moto one at a time: moto
// does not isolate concurrent transactions (see oneAtATime), while DynamoDB
// serializes them, which is the guarantee Create relies on.
func TestCreateConcurrentSameKey(t *testing.T) {
	ctx := context.Background()
	store := dynamostore.New(dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		o.HTTPClient = &http.Client{Transport: &oneAtATime{next: http.DefaultTransport}}
	}), table)
	const n = 20
	now := time.Now()
	key := "race-" + newRef()
	subs := make([]*intake.Submission, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		subs[i] = newSubmission(newRef(), now)
		wg.Go(func() {
			errs[i] = store.Create(ctx, subs[i], newIdempotency(key, subs[i].Reference, now.Add(time.Hour)))
		})
	}
	wg.Wait()
	var winners []int
	for i, err := range errs {
		switch {
		case err == nil:
			winners = append(winners, i)
		case !errors.Is(err, intake.ErrKeyTaken):
			t.Errorf("Create %d = %v, want nil or ErrKeyTaken", i, err)
		}
	}
	if len(winners) != 1 {
		t.Fatalf("%d Creates succeeded (%v), want exactly 1", len(winners), winners)
	}
	winner := winners[0]
	idem, err := store.GetIdempotency(ctx, key)
	if err != nil || idem.Reference != subs[winner].Reference {
		t.Fatalf("GetIdempotency = %+v, %v, want the winner's reference", idem, err)
	}
	for i, s := range subs {
		_, err := store.Get(ctx, s.Reference)
		if i == winner && err != nil {
			t.Errorf("Get(winner) = %v", err)
		}
		if i != winner && !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Get(loser %d) = %v, want ErrNotFound", i, err)
		}
	}
}

// oneAtATime passes one request at a time to moto. moto's TransactWriteItems
// deep-copies the whole table before it starts and puts the copy back when the
// transaction is cancelled, without any lock: run concurrently, a cancelled
// transaction brings back another's partial write or erases a committed one, two
// transactions can both "win" a key, and the copy itself fails with HTTP 500
// ("dictionary changed size during iteration"). moto has finished a request when
// its response headers arrive, so the lock is held until then only.
type oneAtATime struct {
	mu   sync.Mutex
	next http.RoundTripper
}

func (o *oneAtATime) RoundTrip(r *http.Request) (*http.Response, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.next.RoundTrip(r)
}
