package dynamostore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
)

// The store's errors are logged (as a 503's cause), so they never quote what a
// client chose: an Idempotency-Key, or a path segment that is no reference.
// A reference the service made is kept: it is how the logs are searched.
func TestErrorsQuoteNoClientText(t *testing.T) {
	const secret = "13812345678"
	down := dynamodb.NewFromConfig(env.ConfigAt(localtest.ClosedURL(t)), func(o *dynamodb.Options) {
		o.Retryer = aws.NopRetryer{}
	})
	store := dynamostore.New(down, table)
	tests := []struct {
		name string
		call func(context.Context) error
		want string // in the error, "" for nothing
	}{
		{"GetIdempotency", func(ctx context.Context) error { _, err := store.GetIdempotency(ctx, "key-"+secret); return err }, ""},
		{"Get", func(ctx context.Context) error { _, err := store.Get(ctx, secret); return err }, ""},
		{"Get of a reference", func(ctx context.Context) error { _, err := store.Get(ctx, "C-2345-6789"); return err }, "C-2345-6789"},
		{"TokenHash", func(ctx context.Context) error { _, err := store.TokenHash(ctx, secret); return err }, ""},
		{"Update", func(ctx context.Context) error {
			return store.Update(ctx, intake.Change{Reference: secret, Status: intake.StatusQueued, Version: 1, UpdatedAt: time.Now()})
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := tt.call(ctx)
			if err == nil {
				t.Fatal("no error from an unreachable DynamoDB")
			}
			if strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q", err)
			}
		})
	}
}
