package dynamostore_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

func TestCounterContract(t *testing.T) {
	storetest.RunCounter(t, func(*testing.T) intake.Counter { return newStore() })
}

// A counter is one item under its own prefix, with the TTL attribute set to the
// budget's end, so the table forgets it.
func TestCounterItem(t *testing.T) {
	ctx := context.Background()
	key := "client#" + storetest.NewRef()
	expires := time.Now().Add(time.Hour).Truncate(time.Second)
	for range 2 {
		if ok, err := newStore().Take(ctx, key, 5, expires); !ok || err != nil {
			t.Fatalf("Take = %v, %v", ok, err)
		}
	}
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(table),
		Key:       dynamostore.CounterKey(key),
	})
	if err != nil {
		t.Fatal(err)
	}
	count, _ := out.Item[dynamostore.AttrCount].(*types.AttributeValueMemberN)
	exp, _ := out.Item[dynamostore.AttrExpiresAt].(*types.AttributeValueMemberN)
	if count == nil || count.Value != "2" || exp == nil || exp.Value != expiresUnix(expires) {
		t.Fatalf("item %v, want count 2 and expiresAt %s", out.Item, expiresUnix(expires))
	}
}

func expiresUnix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
