package dynamostore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// AddAudit puts one audit entry. Its key holds a random part, so that two
// entries of the same instant both stay; the put never overwrites.
func (s *Store) AddAudit(ctx context.Context, e intake.AuditEntry) (err error) {
	defer apperr.Wrap(&err, "dynamostore.AddAudit(%q)", e.Reference)
	put, err := s.auditPut(e)
	if err != nil {
		return err
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: put.TableName, Item: put.Item,
		ConditionExpression: put.ConditionExpression, ExpressionAttributeNames: put.ExpressionAttributeNames,
	})
	if err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

func (s *Store) auditPut(e intake.AuditEntry) (*types.Put, error) {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	// A fixed-width time first, so that the index's range key sorts by time.
	at := orderedTime(e.At) + "#" + hex.EncodeToString(id[:])
	put := &types.Put{
		TableName: aws.String(s.table),
		Item: map[string]types.AttributeValue{
			attrPK:          str(prefixAudit + e.Reference + "#" + at),
			attrType:        str(typeAudit),
			attrAuditOf:     str(e.Reference),
			attrAuditAt:     str(at),
			attrAuditAgency: str(string(e.Agency)),
			attrAuditActor:  str(e.Actor),
			attrAuditAction: str(e.Action),
			attrAuditTime:   timeValue(e.At),
		},
		ConditionExpression:      aws.String("attribute_not_exists(#pk)"),
		ExpressionAttributeNames: map[string]string{"#pk": attrPK},
	}
	if e.Reason != "" {
		put.Item[attrAuditReason] = str(e.Reason)
	}
	return put, nil
}

// AuditTrail reads a submission's audit entries from the "audit" index, in
// time order.
func (s *Store) AuditTrail(ctx context.Context, reference string) (_ []intake.AuditEntry, err error) {
	defer apperr.Wrap(&err, "dynamostore.AuditTrail(%q)", reference)
	var out []intake.AuditEntry
	in := &dynamodb.QueryInput{
		TableName:                 aws.String(s.table),
		IndexName:                 aws.String(indexAudit),
		KeyConditionExpression:    aws.String("#of = :ref"),
		ExpressionAttributeNames:  map[string]string{"#of": attrAuditOf},
		ExpressionAttributeValues: map[string]types.AttributeValue{":ref": str(reference)},
	}
	for {
		page, err := s.db.Query(ctx, in)
		if err != nil {
			return nil, apperr.Unavailable(err)
		}
		for _, item := range page.Items {
			r := &reader{m: item}
			e := intake.AuditEntry{
				Reference: r.str(attrAuditOf),
				Agency:    agency.Code(r.str(attrAuditAgency)),
				Actor:     r.str(attrAuditActor),
				Action:    r.str(attrAuditAction),
				At:        r.time(attrAuditTime),
				Reason:    r.str(attrAuditReason),
			}
			if r.err != nil {
				return nil, fmt.Errorf("audit entry: %w", r.err)
			}
			out = append(out, e)
		}
		if len(page.LastEvaluatedKey) == 0 {
			return out, nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}

// updateWith writes a submission's update and other writes (its audit entry)
// in one transaction, so that none is stored without the others. It returns
// what update does: when the update's condition fails, the item as it was.
func (s *Store) updateWith(ctx context.Context, in *dynamodb.UpdateItemInput, reference string, also ...types.TransactWriteItem) (applied bool, old map[string]types.AttributeValue, err error) {
	tx := &dynamodb.TransactWriteItemsInput{TransactItems: append([]types.TransactWriteItem{
		{Update: &types.Update{
			TableName:                           aws.String(s.table),
			Key:                                 submissionKey(reference),
			UpdateExpression:                    in.UpdateExpression,
			ConditionExpression:                 in.ConditionExpression,
			ExpressionAttributeNames:            in.ExpressionAttributeNames,
			ExpressionAttributeValues:           in.ExpressionAttributeValues,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}},
	}, also...)}
	for attempt := 1; ; attempt++ {
		tx.ClientRequestToken = nil // a new request each time; see Create
		_, err = s.db.TransactWriteItems(ctx, tx)
		var cancelled *types.TransactionCanceledException
		if !errors.As(err, &cancelled) {
			if err != nil {
				return false, nil, apperr.Unavailable(err)
			}
			return true, nil, nil
		}
		reasons := cancelled.CancellationReasons
		switch {
		case len(reasons) > 0 && aws.ToString(reasons[0].Code) == "ConditionalCheckFailed":
			if len(reasons[0].Item) == 0 {
				return false, nil, nil
			}
			return false, reasons[0].Item, nil
		case attempt < conflictAttempts && hasConflict(reasons):
			if err := sleep(ctx, attempt); err != nil {
				return false, nil, apperr.Unavailable(err)
			}
		default:
			return false, nil, apperr.Unavailable(err)
		}
	}
}

func hasConflict(reasons []types.CancellationReason) bool {
	for _, r := range reasons {
		if aws.ToString(r.Code) == "TransactionConflict" {
			return true
		}
	}
	return false
}

func stringOf(v types.AttributeValue) string {
	s, _ := v.(*types.AttributeValueMemberS)
	if s == nil {
		return ""
	}
	return s.Value
}
