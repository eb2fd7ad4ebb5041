package dynamostore

import (
	"bytes"
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
// transaction: both or neither. A submission alone is a conditional PutItem:
// a transaction bills each item twice, and one item needs none.
func (s *Store) Create(ctx context.Context, sub *intake.Submission, idem *intake.Idempotency) (err error) {
	defer apperr.Wrap(&err, "dynamostore.Create(%q)", sub.Reference)
	if idem == nil {
		return s.put(ctx, sub)
	}
	in, err := s.createInput(sub, idem)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		// The SDK fills in a ClientRequestToken and keeps it across its own
		// retries; a retry after a cancellation is a new request and needs a new
		// token, not the one that DynamoDB saw cancelled.
		in.ClientRequestToken = nil
		_, err = s.db.TransactWriteItems(ctx, in)
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

// put writes a new submission. The SDK retries a request whose answer was
// lost, and the retry then finds the item its first attempt wrote: an item
// equal to the one being written is that, not another submission's (every
// submission has a token hash and times of its own), so it is success. A
// transaction needs no such check, since DynamoDB itself recognises a retry
// by its ClientRequestToken.
func (s *Store) put(ctx context.Context, sub *intake.Submission) error {
	in, err := PutInput(s.table, sub)
	if err != nil {
		return err
	}
	_, err = s.db.PutItem(ctx, in)
	var taken *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &taken) && sameItem(taken.Item, in.Item):
		return nil
	case errors.As(err, &taken):
		return intake.ErrReferenceTaken
	case err != nil:
		return apperr.Unavailable(err)
	}
	return nil
}

// PutInput is the PutItem that Create makes for a submission without an
// idempotency record. The bench sends it as the raw call beside the handler's
// (BENCHMARKS.md, "Overhead").
func PutInput(table string, sub *intake.Submission) (*dynamodb.PutItemInput, error) {
	item, err := marshalSubmission(sub)
	if err != nil {
		return nil, err
	}
	return &dynamodb.PutItemInput{
		TableName:                           aws.String(table),
		Item:                                item,
		ConditionExpression:                 aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames:            map[string]string{"#pk": attrPK},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}, nil
}

// sameItem says whether two items hold the same attributes with the same
// values.
func sameItem(a, b map[string]types.AttributeValue) bool {
	if len(a) != len(b) {
		return false
	}
	for name, v := range a {
		if !sameValue(v, b[name]) {
			return false
		}
	}
	return true
}

func sameValue(a, b types.AttributeValue) bool {
	switch a := a.(type) {
	case *types.AttributeValueMemberS:
		b, ok := b.(*types.AttributeValueMemberS)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberN:
		b, ok := b.(*types.AttributeValueMemberN)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberB:
		b, ok := b.(*types.AttributeValueMemberB)
		return ok && bytes.Equal(a.Value, b.Value)
	case *types.AttributeValueMemberBOOL:
		b, ok := b.(*types.AttributeValueMemberBOOL)
		return ok && a.Value == b.Value
	case *types.AttributeValueMemberNULL:
		_, ok := b.(*types.AttributeValueMemberNULL)
		return ok
	case *types.AttributeValueMemberL:
		b, ok := b.(*types.AttributeValueMemberL)
		if !ok || len(a.Value) != len(b.Value) {
			return false
		}
		for i := range a.Value {
			if !sameValue(a.Value[i], b.Value[i]) {
				return false
			}
		}
		return true
	case *types.AttributeValueMemberM:
		b, ok := b.(*types.AttributeValueMemberM)
		return ok && sameItem(a.Value, b.Value)
	}
	return false // sets: a submission holds none
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
