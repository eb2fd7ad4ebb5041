package dynamostore

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
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
			":before":     str(formatTime(before)),
		},
	}
	var subs []*intake.Submission
	for len(subs) < limit {
		out, err := s.client.Scan(ctx, in)
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

// Redact writes r in one conditional UpdateItem: the personal attributes are
// removed, the stub's history, version and redactedAt set, if the item is
// still at the status and version r expects (the same condition as Update's).
func (s *Store) Redact(ctx context.Context, r intake.Redaction) (err error) {
	defer apperr.Wrap(&err, "dynamostore.Redact(%s)", intake.LoggedReference(r.Reference))
	var e expression
	history, err := attributevalue.MarshalWithOptions(r.History, encoderOptions)
	if err != nil {
		return err
	}
	if _, isList := history.(*types.AttributeValueMemberL); !isList {
		history = &types.AttributeValueMemberL{Value: []types.AttributeValue{}}
	}
	e.set(attrHistory, history)
	e.set(attrVersion, num(r.Version))
	e.set(attrRedactedAt, str(formatTime(r.RedactedAt)))
	for _, personal := range []string{attrForm, attrAnswer, attrSchedule, attrClaim} {
		e.remove(personal)
	}
	cond := e.condition(r.Expect)
	in := &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET " + strings.Join(e.sets, ", ") + " REMOVE " + strings.Join(e.removes, ", ")),
		ConditionExpression:       aws.String(cond),
		ExpressionAttributeNames:  e.names,
		ExpressionAttributeValues: e.values,
	}
	applied, old, err := s.update(ctx, in, r.Reference)
	switch {
	case err != nil || applied:
		return err
	case old == nil:
		return apperr.ErrNotFound
	}
	current, err := unmarshalSubmission(old)
	if err != nil {
		return err
	}
	return &intake.StaleError{Reference: r.Reference, Expect: r.Expect, Current: current}
}
