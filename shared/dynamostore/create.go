package dynamostore

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// conflictAttempts bounds how often Create retries a transaction that DynamoDB
// cancelled because another transaction touched the same item (a concurrent
// duplicate submission). Nothing was written, so retrying is safe, and the retry
// turns the race into a clean ErrKeyTaken once the other transaction has landed.
const conflictAttempts = 4

// Create writes s and, when idem is not nil, its idempotency record in one
// transaction: both or neither.
func (s *Store) Create(ctx context.Context, sub *intake.Submission, idem *intake.Idempotency) (err error) {
	defer apperr.Wrap(&err, "dynamostore.Create(%q)", sub.Reference)
	in, err := s.createInput(sub, idem)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		// The SDK fills in a ClientRequestToken and keeps it across its own
		// retries; a retry after a cancellation is a new request and needs a new
		// token, not the one that DynamoDB saw cancelled.
		in.ClientRequestToken = nil
		_, err = s.client.TransactWriteItems(ctx, in)
		var cancelled *types.TransactionCanceledException
		if !errors.As(err, &cancelled) {
			if err != nil {
				return apperr.Unavailable(err)
			}
			return nil
		}
		conflict, retry := cancellation(cancelled)
		if !retry {
			return conflict
		}
		if attempt == conflictAttempts {
			return apperr.Unavailable(err)
		}
		if err := sleep(ctx, attempt); err != nil {
			return apperr.Unavailable(err)
		}
	}
}

func (s *Store) createInput(sub *intake.Submission, idem *intake.Idempotency) (*dynamodb.TransactWriteItemsInput, error) {
	item, err := marshalSubmission(sub)
	if err != nil {
		return nil, err
	}
	names := map[string]string{"#pk": attrPK}
	// The order of the items is the order of the cancellation reasons: index 0 is
	// the submission, index 1 the idempotency record (see cancellation).
	writes := []types.TransactWriteItem{{Put: &types.Put{
		TableName:                aws.String(s.table),
		Item:                     item,
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: names,
	}}}
	if idem != nil {
		rec := marshalIdempotency(idem)
		// TTL deletes expired items only eventually (typically within days), so a
		// record past its expiry may still be there and is fair to overwrite.
		writes = append(writes, types.TransactWriteItem{Put: &types.Put{
			TableName:                 aws.String(s.table),
			Item:                      rec,
			ConditionExpression:       aws.String("attribute_not_exists(#pk) OR #exp < :now"),
			ExpressionAttributeNames:  map[string]string{"#pk": attrPK, "#exp": attrExpiresAt},
			ExpressionAttributeValues: map[string]types.AttributeValue{":now": num(s.now().Unix())},
		}})
	}
	return &dynamodb.TransactWriteItemsInput{TransactItems: writes}, nil
}

// cancellation maps a cancelled Create transaction to the domain's conflicts, or
// says it is worth retrying. When both items exist the key wins: a caller that
// picked a fresh reference would only run into the key next.
func cancellation(e *types.TransactionCanceledException) (conflict error, retry bool) {
	code := func(i int) string {
		if i < len(e.CancellationReasons) {
			return aws.ToString(e.CancellationReasons[i].Code)
		}
		return ""
	}
	switch {
	case code(1) == "ConditionalCheckFailed":
		return intake.ErrKeyTaken, false
	case code(0) == "ConditionalCheckFailed":
		return intake.ErrReferenceTaken, false
	case code(0) == "TransactionConflict" || code(1) == "TransactionConflict":
		return nil, true
	}
	return apperr.Unavailable(e), false
}

// sleep waits a jittered, growing pause before the next attempt.
func sleep(ctx context.Context, attempt int) error {
	d := time.Duration(attempt) * 20 * time.Millisecond
	d += rand.N(d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
