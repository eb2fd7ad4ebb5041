package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app/stafffn"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// racing is the store as staff claiming at the same moment leave it: right
// after the first read of the worklist, another desk claims every submission
// the read returned.
type racing struct {
	*dynamostore.Store
	other *intake.Desk
	t     *testing.T
	done  bool
}

func (r *racing) Worklist(ctx context.Context, q intake.WorklistQuery) ([]intake.Summary, error) {
	out, err := r.Store.Worklist(ctx, q)
	if err != nil || r.done {
		return out, err
	}
	r.done = true
	for _, s := range out {
		if _, err := r.other.ClaimReference(ctx, intake.Staff("other-ps", agency.PublicSecurity, false), s.Reference); err != nil {
			r.t.Fatal(err)
		}
	}
	return out, nil
}

// On DynamoDB, the staff function's desk: each of the 50 submissions of
// Claim's first read of the worklist is claimed by someone else before Claim
// writes; Claim reads the worklist again and takes the one behind them.
func TestClaimReadsOnWhenItsWindowIsTaken(t *testing.T) {
	ctx := context.Background()
	s, err := local.Deploy(ctx, "claim-window")
	if err != nil {
		t.Fatal(err)
	}
	fnEnv, err := s.FunctionEnv("StaffFunction")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stafffn.LoadConfig(envFor(fnEnv))
	if err != nil {
		t.Fatal(err)
	}
	store := dynamostore.New(dynamodb.NewFromConfig(cfg.AWS), cfg.Table)
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Millisecond)
	waiting := func(urgent bool) *intake.Submission {
		sub := storetest.NewSubmission(storetest.NewRef(), at)
		sub.Urgent, sub.Status, sub.Queued, sub.Listed = urgent, intake.StatusQueued, true, true
		if err := store.Create(ctx, sub, nil); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	for range 50 {
		waiting(true)
	}
	behind := waiting(false)
	desk := stafffn.Desk(cfg, store, quiet)
	desk.Store = &racing{Store: store, other: stafffn.Desk(cfg, store, quiet), t: t}
	got, err := desk.Claim(ctx, intake.Staff("staff-ps", agency.PublicSecurity, false))
	if err != nil {
		t.Fatalf("a submission behind 50 taken meanwhile: %v", err)
	}
	if got.Reference != behind.Reference || got.Status != intake.StatusInReview {
		t.Errorf("claimed %s (%s), want %s", got.Reference, got.Status, behind.Reference)
	}
}
