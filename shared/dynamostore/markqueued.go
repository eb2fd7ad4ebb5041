package dynamostore

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// MarkQueued records that the submission's message is on its agency queue.
//
// DynamoDB has no conditional SET, so the usual case, a received submission, is
// one conditional update that also moves the status and appends ev. Should that
// condition fail, the old item (returned with the failure) says why: gone
// (ErrNotFound), already queued (nothing to do), or, once staff can act on a
// submission before its message is out, a status other than received. Then only
// the queued flag is set and ev is not appended, since its received→queued
// step did not happen.
func (s *Store) MarkQueued(ctx context.Context, reference string, ev intake.Event) (err error) {
	defer apperr.Wrap(&err, "dynamostore.MarkQueued(%q)", reference)
	evAV, err := attributevalue.MarshalWithOptions(ev, encoderOptions)
	if err != nil {
		return err
	}
	at := ev.At
	if at.IsZero() {
		at = s.now()
	}
	applied, old, err := s.update(ctx, &dynamodb.UpdateItemInput{
		UpdateExpression:    aws.String("SET #q = :true, #s = :queued, #h = list_append(if_not_exists(#h, :empty), :ev), #u = :at REMOVE #d"),
		ConditionExpression: aws.String("attribute_exists(#pk) AND #q = :false AND #s = :received"),
		ExpressionAttributeNames: map[string]string{
			"#pk": attrPK, "#q": "queued", "#s": "status", "#h": "history", "#u": "updatedAt", "#d": attrDispatch,
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":true": boolean(true), ":false": boolean(false),
			":queued": str(string(intake.StatusQueued)), ":received": str(string(intake.StatusReceived)),
			":empty": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
			":ev":    &types.AttributeValueMemberL{Value: []types.AttributeValue{evAV}},
			":at":    str(formatTime(at)),
		},
	}, reference)
	switch {
	case err != nil || applied:
		return err
	case old == nil:
		return apperr.ErrNotFound
	case isQueued(old):
		return nil
	}
	applied, old, err = s.update(ctx, &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET #q = :true, #u = :at REMOVE #d"),
		ConditionExpression:       aws.String("attribute_exists(#pk) AND #q = :false"),
		ExpressionAttributeNames:  map[string]string{"#pk": attrPK, "#q": "queued", "#u": "updatedAt", "#d": attrDispatch},
		ExpressionAttributeValues: map[string]types.AttributeValue{":true": boolean(true), ":false": boolean(false), ":at": str(formatTime(at))},
	}, reference)
	if err == nil && !applied && old == nil {
		return apperr.ErrNotFound
	}
	return err // not applied with an item: a concurrent MarkQueued got there first
}

func isQueued(item map[string]types.AttributeValue) bool {
	q, ok := item["queued"].(*types.AttributeValueMemberBOOL)
	return ok && q.Value
}

// update runs one conditional UpdateItem on a submission. When the condition
// fails it returns the item as it was, nil if there was none.
func (s *Store) update(ctx context.Context, in *dynamodb.UpdateItemInput, reference string) (applied bool, old map[string]types.AttributeValue, err error) {
	in.TableName = aws.String(s.table)
	in.Key = submissionKey(reference)
	in.ReturnValuesOnConditionCheckFailure = types.ReturnValuesOnConditionCheckFailureAllOld
	_, err = s.client.UpdateItem(ctx, in)
	var failed *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &failed):
		if len(failed.Item) == 0 {
			return false, nil, nil
		}
		return false, failed.Item, nil
	case err != nil:
		return false, nil, apperr.Unavailable(err)
	}
	return true, nil, nil
}
