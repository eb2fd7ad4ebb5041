package dynamostore

import (
	"context"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
)

// The staff console's sessions (package console). The console names them by a
// digest of their ids, so the table holds no id a browser could present, and
// seals their tokens under a key only the cookie gives. Their attribute names
// are store.go's.
func sessionKey(key string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(prefixSession + key)}
}

// PutSession stores a console session, sealed, under key until expires, when
// the table's TTL removes it; it replaces a session of the same key.
func (s *Store) PutSession(ctx context.Context, key string, sealed []byte, expires time.Time) (err error) {
	defer apperr.Wrap(&err, "dynamostore.PutSession")
	item := sessionKey(key)
	item[attrType], item[attrSealed], item[attrExpiresAt] = str(typeSession), &types.AttributeValueMemberB{Value: sealed}, num(expires.Unix())
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item}); err != nil {
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
	if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.table), Key: sessionKey(key)}); err != nil {
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
