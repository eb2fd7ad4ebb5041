package dynamostore

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// The staff console's items (package console): its sessions, and the sign-in
// failures it counts to slow password guessing. The console names both by
// digests, so the table holds no session id, user name or address, and seals
// a session's tokens under a key only its cookie gives.
const (
	attrSealed      = "sealed"
	attrFailures    = "failures"
	attrLastFailure = "lastFailure"

	typeSession  = "session"
	typeFailures = "signin-failures"
)

func sessionKey(key string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str("SESSION#" + key)}
}

func failuresKey(key string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str("SIGNIN#" + key)}
}

// PutSession stores a console session, sealed, under key until expires, when
// the table's TTL removes it; it replaces a session of the same key.
func (s *Store) PutSession(ctx context.Context, key string, sealed []byte, expires time.Time) (err error) {
	defer apperr.Wrap(&err, "dynamostore.PutSession")
	item := sessionKey(key)
	item[attrType], item[attrSealed], item[attrExpiresAt] = str(typeSession), &types.AttributeValueMemberB{Value: sealed}, num(expires.Unix())
	if _, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item}); err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

// Session returns the sealed session stored under key; apperr.ErrNotFound when
// there is none, or it expired and TTL has not removed it yet.
func (s *Store) Session(ctx context.Context, key string) (_ []byte, err error) {
	defer apperr.Wrap(&err, "dynamostore.Session")
	item, err := s.getItem(ctx, sessionKey(key))
	if err != nil {
		return nil, err
	}
	sealed, ok := item[attrSealed].(*types.AttributeValueMemberB)
	if !ok || expired(item, s.now()) {
		return nil, apperr.ErrNotFound
	}
	return sealed.Value, nil
}

// DeleteSession removes the session stored under key, if any.
func (s *Store) DeleteSession(ctx context.Context, key string) (err error) {
	defer apperr.Wrap(&err, "dynamostore.DeleteSession")
	if _, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table), Key: sessionKey(key)}); err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

// Failures returns how many sign-in failures are counted under key, and when
// the last was; none once the count lapsed.
func (s *Store) Failures(ctx context.Context, key string) (_ int, _ time.Time, err error) {
	defer apperr.Wrap(&err, "dynamostore.Failures")
	item, err := s.getItem(ctx, failuresKey(key))
	if errors.Is(err, apperr.ErrNotFound) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	n, _ := item[attrFailures].(*types.AttributeValueMemberN)
	last, _ := item[attrLastFailure].(*types.AttributeValueMemberS)
	if n == nil || last == nil || expired(item, s.now()) {
		return 0, time.Time{}, nil
	}
	count, err := strconv.Atoi(n.Value)
	if err != nil {
		return 0, time.Time{}, err
	}
	at, err := time.Parse(timeLayout, last.Value)
	if err != nil {
		return 0, time.Time{}, err
	}
	return count, at, nil
}

// AddFailure counts one more sign-in failure under key, at at, in one atomic
// update; the count lapses at forget (the table's TTL then removes it), which
// each failure moves on. A count that lapsed but is not removed yet starts
// again from one.
func (s *Store) AddFailure(ctx context.Context, key string, at, forget time.Time) (err error) {
	defer apperr.Wrap(&err, "dynamostore.AddFailure")
	values := map[string]types.AttributeValue{":one": num(1), ":last": str(formatTime(at)), ":exp": num(forget.Unix()), ":type": str(typeFailures)}
	update := func(expr string, cond *string) error {
		_, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String(s.table),
			Key:                       failuresKey(key),
			UpdateExpression:          aws.String(expr),
			ConditionExpression:       cond,
			ExpressionAttributeNames:  map[string]string{"#n": attrFailures, "#last": attrLastFailure, "#exp": attrExpiresAt, "#type": attrType},
			ExpressionAttributeValues: values,
		})
		return err
	}
	values[":now"] = num(at.Unix())
	err = update("ADD #n :one SET #last = :last, #exp = :exp, #type = :type", aws.String("attribute_not_exists(#exp) OR #exp > :now"))
	var lapsed *types.ConditionalCheckFailedException
	if errors.As(err, &lapsed) {
		delete(values, ":now")
		err = update("SET #n = :one, #last = :last, #exp = :exp, #type = :type", nil)
	}
	if err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

// ForgetFailures drops the sign-in failures counted under key.
func (s *Store) ForgetFailures(ctx context.Context, key string) (err error) {
	defer apperr.Wrap(&err, "dynamostore.ForgetFailures")
	if _, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table), Key: failuresKey(key)}); err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

// expired reports whether an item's expiresAt has passed: TTL removes expired
// items only eventually, so a reader must not take one for current.
func expired(item map[string]types.AttributeValue, now time.Time) bool {
	exp, ok := item[attrExpiresAt].(*types.AttributeValueMemberN)
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(exp.Value, 10, 64)
	return err != nil || now.Unix() >= n
}
