package dynamostore

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Get returns the submission with the given reference, or apperr.ErrNotFound.
func (s *Store) Get(ctx context.Context, reference string) (_ *intake.Submission, err error) {
	defer apperr.Wrap(&err, "dynamostore.Get(%s)", intake.LoggedReference(reference))
	item, err := s.getItem(ctx, submissionKey(reference))
	if err != nil {
		return nil, err
	}
	return unmarshalSubmission(item)
}

// TokenHash returns the hash of the status token of the submission with the
// given reference, or apperr.ErrNotFound. It projects that one attribute: a
// found item then comes back about as small as a missing one, and nothing else
// of it is decoded (intake.Store.TokenHash says why).
func (s *Store) TokenHash(ctx context.Context, reference string) (_ []byte, err error) {
	defer apperr.Wrap(&err, "dynamostore.TokenHash")
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:                aws.String(s.table),
		Key:                      submissionKey(reference),
		ConsistentRead:           aws.Bool(true),
		ProjectionExpression:     aws.String("#h"),
		ExpressionAttributeNames: map[string]string{"#h": attrTokenHash},
	})
	if err != nil {
		return nil, apperr.Unavailable(err)
	}
	hash, ok := out.Item[attrTokenHash].(*types.AttributeValueMemberB)
	if !ok {
		return nil, apperr.ErrNotFound
	}
	return hash.Value, nil
}

// GetIdempotency returns the unexpired idempotency record for key, or
// apperr.ErrNotFound. A record past its expiry that TTL has not deleted yet is
// treated as gone, as Create treats it.
func (s *Store) GetIdempotency(ctx context.Context, key string) (_ *intake.Idempotency, err error) {
	// Not the key: a client chose it, and it may be any text.
	defer apperr.Wrap(&err, "dynamostore.GetIdempotency")
	item, err := s.getItem(ctx, idempotencyKey(key))
	if err != nil {
		return nil, err
	}
	r, err := unmarshalIdempotency(item)
	if err != nil {
		return nil, err
	}
	if r.ExpiresAt.Unix() < s.now().Unix() {
		return nil, apperr.ErrNotFound
	}
	return r, nil
}

// getItem reads consistently: a Get right after Create (the receipt, a retried
// request) must see what Create wrote.
func (s *Store) getItem(ctx context.Context, key map[string]types.AttributeValue) (map[string]types.AttributeValue, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            key,
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, apperr.Unavailable(err)
	}
	if len(out.Item) == 0 {
		return nil, apperr.ErrNotFound
	}
	return out.Item, nil
}
