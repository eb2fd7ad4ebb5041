package dynamostore

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Ended lists up to limit closed or rejected submissions last changed before
// the given time and not yet redacted. It scans the table, filtered: the job
// runs once a day over a table of some thousands of submissions, where a scan
// costs cents and needs no index (and no attribute that every way of closing a
// submission must remember to set). Were the table to grow large, a sparse
// index of ended submissions would take its place behind this same method.
func (s *Store) Ended(ctx context.Context, before time.Time, limit int) (_ []*intake.Submission, err error) {
	defer apperr.Wrap(&err, "dynamostore.Ended(%s, %d)", before.Format(time.RFC3339), limit)
	in := &dynamodb.ScanInput{
		TableName: aws.String(s.table),
		FilterExpression: aws.String("#type = :submission AND #status IN (:closed, :rejected) AND #updatedAt < :before" +
			" AND attribute_not_exists(#redactedAt)"),
		ExpressionAttributeNames: map[string]string{
			"#type": attrType, "#status": attrStatus, "#updatedAt": attrUpdatedAt, "#redactedAt": attrRedactedAt,
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":submission": str(typeSubmission),
			":closed":     str(string(intake.StatusClosed)),
			":rejected":   str(string(intake.StatusRejected)),
			":before":     timeValue(before),
		},
	}
	var subs []*intake.Submission
	for len(subs) < limit {
		out, err := s.db.Scan(ctx, in)
		if err != nil {
			return nil, apperr.Unavailable(err)
		}
		for _, item := range out.Items {
			if len(subs) == limit {
				break
			}
			sub, err := unmarshalSubmission(item)
			if err != nil {
				return nil, err
			}
			subs = append(subs, sub)
		}
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	return subs, nil
}

// Redact writes r in one conditional UpdateItem, if the item is still at the
// status and version r expects (the same condition as Update's): the personal
// attributes are removed, the stub's status, last change, history, version and
// redactedAt set, and the index keys follow the status as Update's do, with
// the stub on no worklist and no longer pending. An audit entry, and the
// deletion of the idempotency record while it still names the submission,
// join it in one transaction.
func (s *Store) Redact(ctx context.Context, r intake.Redaction) (err error) {
	defer apperr.Wrap(&err, "dynamostore.Redact(%s)", intake.LoggedReference(r.Reference))
	var e expression
	history := &types.AttributeValueMemberL{Value: make([]types.AttributeValue, 0, len(r.History))}
	for _, ev := range r.History {
		history.Value = append(history.Value, eventValue(ev))
	}
	e.set(attrStatus, str(string(r.Status)))
	e.set(attrUpdatedAt, timeValue(r.UpdatedAt))
	e.set(attrHistory, history)
	e.set(attrVersion, num(r.Version))
	e.set(attrRedactedAt, timeValue(r.RedactedAt))
	keys := staffKeys(r.Agency, r.Status, false)
	for _, name := range slices.Sorted(maps.Keys(keys)) {
		if v := keys[name]; v == nil {
			e.remove(name)
		} else {
			e.set(name, v)
		}
	}
	// What intake.Submission.Redact removes, and the pending mark: a stub is
	// handed to no agency.
	for _, gone := range []string{attrForm, attrAnswer, attrSchedule, attrClaim, attrIdempotencyRecord, attrDispatch} {
		e.remove(gone)
	}
	// Queued stays as it was: without the pending mark, a stub never queued
	// says so apart.
	if !r.Queued {
		e.set(attrNotQueued, boolean(true))
	}
	cond := e.condition(r.Expect)
	in := &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET " + strings.Join(e.sets, ", ") + " REMOVE " + strings.Join(e.removes, ", ")),
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeNames:  e.names,
		ExpressionAttributeValues: e.values,
		TableName:                 aws.String(s.table),
		Key:                       submissionKey(r.Reference),
		// As Update's: a failed condition brings the item as it was.
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}
	var also []types.TransactWriteItem
	if r.Audit != nil {
		put, err := s.auditPut(*r.Audit)
		if err != nil {
			return err
		}
		also = append(also, types.TransactWriteItem{Put: put})
	}
	if r.Record != "" {
		del, err := s.recordDelete(ctx, r.Record, r.Reference)
		if err != nil {
			return err
		}
		if del != nil {
			also = append(also, types.TransactWriteItem{Delete: del})
		}
	}
	var applied bool
	var old map[string]types.AttributeValue
	if len(also) == 0 {
		applied, old, err = s.update(ctx, in)
	} else {
		applied, old, err = s.updateWith(ctx, in, r.Reference, also...)
	}
	return outcome(r.Reference, applied, old, err, func(*intake.Submission) intake.Expect { return r.Expect })
}

// recordDelete is the deletion of the idempotency record named key if it
// names reference, nil if there is none to delete: gone already (its TTL), or
// taken over by the same firm's later submission once it had expired, which
// must keep it. It reads the record first, since a failed condition inside
// the transaction would cancel the redaction itself; the deletion's own
// condition covers a takeover in between, which then cancels it (a 503 to
// try again) rather than deleting another submission's record.
func (s *Store) recordDelete(ctx context.Context, key, reference string) (*types.Delete, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:                aws.String(s.table),
		Key:                      idempotencyKey(key),
		ProjectionExpression:     aws.String("#of"),
		ExpressionAttributeNames: map[string]string{"#of": attrIdemRef},
		ConsistentRead:           aws.Bool(true),
	})
	if err != nil {
		return nil, apperr.Unavailable(err)
	}
	if stringOf(out.Item[attrIdemRef]) != reference {
		return nil, nil
	}
	return &types.Delete{
		TableName:                 aws.String(s.table),
		Key:                       idempotencyKey(key),
		ConditionExpression:       aws.String("#of = :ref"),
		ExpressionAttributeNames:  map[string]string{"#of": attrIdemRef},
		ExpressionAttributeValues: map[string]types.AttributeValue{":ref": str(reference)},
	}, nil
}
