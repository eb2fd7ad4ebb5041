package dynamostore

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

var _ intake.StaffStore = (*Store)(nil)

// Worklist queries the sparse "worklist" index of q.Agency in waitOrder:
// urgent ("0#...") before normal ("1#..."), each oldest first. Its items are
// summaries; the index lags the table a moment, which Desk.Claim allows for.
func (s *Store) Worklist(ctx context.Context, q intake.WorklistQuery) (_ []intake.Summary, err error) {
	defer apperr.Wrap(&err, "dynamostore.Worklist(%q)", q.Agency)
	if q.Limit <= 0 {
		return nil, nil
	}
	cond := "#w = :agency"
	values := map[string]types.AttributeValue{":agency": str(string(q.Agency))}
	names := map[string]string{"#w": attrWorklist}
	switch q.Urgency {
	case intake.UrgencyUrgent, intake.UrgencyNormal:
		cond += " AND begins_with(#o, :urgency)"
		names["#o"] = attrWaitOrder
		values[":urgency"] = str(map[intake.Urgency]string{intake.UrgencyUrgent: "0#", intake.UrgencyNormal: "1#"}[q.Urgency])
	}
	items, _, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:                 aws.String(indexWorklist),
		KeyConditionExpression:    aws.String(cond),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
		ScanIndexForward:          aws.Bool(true),
	}, q.Limit)
	if err != nil {
		return nil, err
	}
	// Every entry is a queued submission of q.Agency: the index projects
	// neither (nor a claim or an answer's time, which a queued one lacks).
	return summaries(items, intake.StatusQueued, q.Agency)
}

// Activity queries the "activity" index (every status) or the "by-status"
// index, newest updatedAt first. One more item than the page is asked for, so
// that the page knows whether another follows. The start of a page is built
// from q.After and q.Agency: a position names no agency of its own.
func (s *Store) Activity(ctx context.Context, q intake.ActivityQuery) (_ []intake.Summary, _ *intake.Position, err error) {
	defer apperr.Wrap(&err, "dynamostore.Activity(%q, %q)", q.Agency, q.Status)
	index, hashAttr, hash := indexActivity, attrAgency, string(q.Agency)
	if q.Status != "" {
		index, hashAttr, hash = indexByStatus, attrAgencyStatus, string(q.Agency)+"#"+string(q.Status)
	}
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String(index),
		KeyConditionExpression:    aws.String("#h = :h"),
		ExpressionAttributeNames:  map[string]string{"#h": hashAttr},
		ExpressionAttributeValues: map[string]types.AttributeValue{":h": str(hash)},
		ScanIndexForward:          aws.Bool(false),
	}
	if !q.Since.IsZero() {
		*in.KeyConditionExpression += " AND #at >= :since"
		in.ExpressionAttributeNames["#at"] = attrUpdatedAt
		in.ExpressionAttributeValues[":since"] = timeValue(q.Since)
	}
	if p := q.After; p != nil {
		in.ExclusiveStartKey = map[string]types.AttributeValue{
			attrPK:        submissionKey(p.Reference)[attrPK],
			hashAttr:      str(hash),
			attrUpdatedAt: timeValue(p.UpdatedAt),
		}
	}
	items, _, err := s.query(ctx, in, q.Limit+1)
	if err != nil {
		return nil, nil, err
	}
	// The "by-status" index projects neither status nor agency: its key holds
	// both, as asked; the "activity" index has the agency as its key.
	page, err := summaries(items, q.Status, q.Agency)
	if err != nil || len(page) <= q.Limit {
		return page, nil, err
	}
	page = page[:q.Limit]
	last := page[len(page)-1]
	return page, &intake.Position{UpdatedAt: last.UpdatedAt, Reference: last.Reference}, nil
}

// Count counts an agency's submissions in one status on the "by-status"
// index, reading keys only.
func (s *Store) Count(ctx context.Context, of agency.Code, status intake.Status) (_ int, err error) {
	defer apperr.Wrap(&err, "dynamostore.Count(%q, %q)", of, status)
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(indexByStatus),
		KeyConditionExpression:    aws.String("#h = :h"),
		ExpressionAttributeNames:  map[string]string{"#h": attrAgencyStatus},
		ExpressionAttributeValues: map[string]types.AttributeValue{":h": str(string(of) + "#" + string(status))},
		Select:                    types.SelectCount,
	}
	n := 0
	for {
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return 0, apperr.Unavailable(err)
		}
		n += int(out.Count)
		if len(out.LastEvaluatedKey) == 0 {
			return n, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// query runs in on the table, page after page, until it has limit items or
// there are no more; it returns where it stopped (nil at the end).
func (s *Store) query(ctx context.Context, in *dynamodb.QueryInput, limit int) ([]map[string]types.AttributeValue, map[string]types.AttributeValue, error) {
	in.TableName = aws.String(s.table)
	var items []map[string]types.AttributeValue
	for len(items) < limit {
		in.Limit = aws.Int32(int32(min(limit-len(items), 1000)))
		out, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, nil, apperr.Unavailable(err)
		}
		items = append(items, out.Items...)
		if len(out.LastEvaluatedKey) == 0 {
			return items, nil, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	return items, in.ExclusiveStartKey, nil
}

// summaries reads the projected attributes of index items: a submission's,
// without its form and history, which the submission's decoder reads. An
// index projects only what the staff lists read and its keys do not say:
// status and agency, when the query named them ("" when it did not), are
// the query's.
func summaries(items []map[string]types.AttributeValue, status intake.Status, of agency.Code) ([]intake.Summary, error) {
	out := make([]intake.Summary, 0, len(items))
	for _, item := range items {
		s, err := unmarshalSubmission(item)
		if err != nil {
			return nil, err
		}
		if status != "" {
			s.Status = status
		}
		s.Agency = of
		out = append(out, intake.Summary{
			Reference: s.Reference, Kind: s.Kind, Status: s.Status, Agency: s.Agency, Urgent: s.Urgent,
			SubmittedAt: s.SubmittedAt, UpdatedAt: s.UpdatedAt, AnsweredAt: s.AnsweredAt, Claim: s.Claim, Version: s.Version,
		})
	}
	return out, nil
}
