package dynamostore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// The store contract, each part on a table of its own: Pending sees every
// pending submission of its table.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) intake.StaffStore {
		tbl, err := deployTable(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return dynamostore.New(client, tbl)
	})
}

// A Create without an idempotency record is a plain conditional put. The SDK
// retries a put whose answer was lost, and that retry must find its own item
// as success, where another submission under the same reference is a conflict.
func TestCreateWithoutKey(t *testing.T) {
	ctx := context.Background()
	store := newStore()
	first := storetest.NewSubmission(storetest.NewRef(), time.Now())
	if err := store.Create(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	other := first.Clone()
	other.Form, other.CorrelationID = first.Form, "another request"
	tests := []struct {
		name string
		give *intake.Submission
		want error
	}{
		{"the same write again", first, nil},
		{"another submission, same reference", other, intake.ErrReferenceTaken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := store.Create(ctx, tt.give, nil); !errors.Is(err, tt.want) || tt.want == nil && err != nil {
				t.Errorf("Create = %v, want %v", err, tt.want)
			}
			got, err := store.Get(ctx, first.Reference)
			if err != nil {
				t.Fatal(err)
			}
			storetest.AssertSubmission(t, got, first)
		})
	}
}
