package dynamostore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// A DynamoDB that cannot be reached is a passing failure (503 at the edge), never
// an internal error, whichever method meets it.
func TestUnavailable(t *testing.T) {
	down := dynamodb.NewFromConfig(env.ConfigAt(localtest.ClosedURL(t)), func(o *dynamodb.Options) {
		o.Retryer = aws.NopRetryer{} // fail fast; production keeps the SDK's retries
	})
	store := dynamostore.New(down, table)
	now := time.Now()
	sub := storetest.NewSubmission(storetest.NewRef(), now)
	tests := []struct {
		name string
		call func(context.Context) error
	}{
		{"Create", func(ctx context.Context) error {
			return store.Create(ctx, sub, storetest.NewIdempotency("k", sub.Reference, now.Add(time.Hour)))
		}},
		{"Get", func(ctx context.Context) error { _, err := store.Get(ctx, sub.Reference); return err }},
		{"GetIdempotency", func(ctx context.Context) error { _, err := store.GetIdempotency(ctx, "k"); return err }},
		{"Update", func(ctx context.Context) error {
			return store.Update(ctx, intake.Change{Reference: sub.Reference, Status: intake.StatusQueued, Version: 1, UpdatedAt: now})
		}},
		{"Pending", func(ctx context.Context) error { _, err := store.Pending(ctx, now, 10); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := tt.call(ctx); !errors.Is(err, apperr.ErrUnavailable) {
				t.Fatalf("err = %v, want ErrUnavailable", err)
			}
		})
	}
}
