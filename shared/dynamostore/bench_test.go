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
	"github.com/putuo-compliance/intake/shared/intake/storetest"
)

// BenchmarkCreate measures a Create with an idempotency record, for comparison
// with the raw TransactWriteItems it makes.
//
// It uses a table of its own and deletes what each Create wrote, untimed: moto
// deep-copies the whole table for every transaction, so its latency grows with
// the table's size, and a growing table would measure moto, not us. A raw-SDK
// baseline must be taken the same way.
func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	tbl, err := deployTable(ctx)
	if err != nil {
		b.Fatal(err)
	}
	store := dynamostore.New(client, tbl)
	now := time.Now()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s := storetest.NewSubmission("C-BENCH-"+strconv.Itoa(i), now)
		key := "bench-" + s.Reference
		if err := store.Create(ctx, s, storetest.NewIdempotency(key, s.Reference, now.Add(time.Hour))); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		for _, k := range []map[string]types.AttributeValue{dynamostore.SubmissionKey(s.Reference), dynamostore.IdempotencyKey(key)} {
			if _, err := client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(tbl), Key: k}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
}
