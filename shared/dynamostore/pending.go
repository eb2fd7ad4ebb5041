package dynamostore

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// BatchGetItem takes at most 100 keys a request, and may hand back some of them
// unprocessed when throttled; those are asked for again a few times.
const (
	batchGetMax      = 100
	unprocessedTries = 5
)

// Pending lists up to limit submissions not yet queued and submitted before the
// given time, oldest first. The index holds keys only, so the items are read
// afterwards; a submission queued in between (the index lags the table) is left
// out.
func (s *Store) Pending(ctx context.Context, before time.Time, limit int) (_ []*intake.Submission, err error) {
	defer apperr.Wrap(&err, "dynamostore.Pending(%s, %d)", before.Format(time.RFC3339), limit)
	keys, err := s.pendingKeys(ctx, before, limit)
	if err != nil {
		return nil, err
	}
	items := make(map[string]map[string]types.AttributeValue, len(keys))
	for start := 0; start < len(keys); start += batchGetMax {
		if err := s.batchGet(ctx, keys[start:min(start+batchGetMax, len(keys))], items); err != nil {
			return nil, err
		}
	}
	subs := make([]*intake.Submission, 0, len(keys))
	for _, k := range keys {
		item, ok := items[pkOf(k)]
		if !ok {
			continue
		}
		sub, err := unmarshalSubmission(item)
		if err != nil {
			return nil, err
		}
		if !sub.Queued && sub.RedactedAt == nil {
			subs = append(subs, sub)
		}
	}
	return subs, nil
}

// pendingKeys queries the sparse index in submittedAt order.
func (s *Store) pendingKeys(ctx context.Context, before time.Time, limit int) ([]map[string]types.AttributeValue, error) {
	var keys []map[string]types.AttributeValue
	in := &dynamodb.QueryInput{
		TableName:                aws.String(s.table),
		IndexName:                aws.String(indexPending),
		KeyConditionExpression:   aws.String("#d = :pending AND #at < :before"),
		ExpressionAttributeNames: map[string]string{"#d": attrDispatch, "#at": attrSubmittedAt},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pending": str(dispatchPending), ":before": timeValue(before),
		},
		ScanIndexForward: aws.Bool(true),
	}
	for len(keys) < limit {
		in.Limit = aws.Int32(int32(min(limit-len(keys), 1000)))
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, apperr.Unavailable(err)
		}
		for _, item := range out.Items {
			keys = append(keys, map[string]types.AttributeValue{attrPK: item[attrPK]})
		}
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	return keys, nil
}

// batchGet reads keys consistently into items, by pk.
func (s *Store) batchGet(ctx context.Context, keys []map[string]types.AttributeValue, items map[string]map[string]types.AttributeValue) error {
	req := map[string]types.KeysAndAttributes{s.table: {Keys: keys, ConsistentRead: aws.Bool(true)}}
	for attempt := 1; len(req) > 0; attempt++ {
		if attempt > 1 {
			if attempt > unprocessedTries {
				return apperr.Unavailable(errors.New("batch get: keys left unprocessed"))
			}
			if err := sleep(ctx, attempt); err != nil {
				return apperr.Unavailable(err)
			}
		}
		out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return apperr.Unavailable(err)
		}
		for _, item := range out.Responses[s.table] {
			items[pkOf(item)] = item
		}
		req = out.UnprocessedKeys
	}
	return nil
}

func pkOf(item map[string]types.AttributeValue) string { return stringOf(item[attrPK]) }
