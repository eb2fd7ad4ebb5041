package dynamostore_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// A queued submission leaves the sparse "pending" index, and a transferred one
// enters it again: Pending filters what the index lags on, so the contract
// cannot see this, but an index that only grows costs reads.
func TestUpdateKeepsThePendingIndex(t *testing.T) {
	at := time.Date(2026, 11, 5, 1, 0, 0, 0, time.UTC)
	holder := intake.Staff("staff-1", agency.PublicSecurity, false)
	tests := []struct {
		name        string
		give        []intake.Command
		wantPending bool
	}{
		{"queued", []intake.Command{{Action: intake.ActionDispatch, By: intake.System()}}, false},
		{"transferred", []intake.Command{
			{Action: intake.ActionDispatch, By: intake.System()},
			{Action: intake.ActionClaim, By: holder},
			{Action: intake.ActionTransfer, By: holder, Agency: agency.Cyberspace, Note: "data protection"},
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := newStore()
			sub := storetest.NewSubmission(storetest.NewRef(), at)
			if err := store.Create(ctx, sub, nil); err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.give {
				c.At = at.Add(time.Minute)
				ch, err := sub.Apply(c)
				if err != nil {
					t.Fatal(err)
				}
				if err := store.Update(ctx, ch); err != nil {
					t.Fatal(err)
				}
			}
			out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true),
				Key: dynamostore.SubmissionKey(sub.Reference)})
			if err != nil {
				t.Fatal(err)
			}
			d, ok := out.Item[dynamostore.AttrDispatch].(*types.AttributeValueMemberS)
			if pending := ok && d.Value == "pending"; pending != tt.wantPending {
				t.Errorf("dispatch = %v, want pending: %v", out.Item[dynamostore.AttrDispatch], tt.wantPending)
			}
		})
	}
}
