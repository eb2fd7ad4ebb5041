package dynamostore_test

import (
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
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

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
	key := "race-" + storetest.NewRef()
	subs := make([]*intake.Submission, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		subs[i] = storetest.NewSubmission(storetest.NewRef(), now)
		wg.Go(func() {
			errs[i] = store.Create(ctx, subs[i], storetest.NewIdempotency(key, subs[i].Reference, now.Add(time.Hour)))
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
