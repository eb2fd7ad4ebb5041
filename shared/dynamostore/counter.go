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
	"github.com/putuo-compliance/intake/shared/intake"
)

var _ intake.Counter = (*Store)(nil)

// Take counts one use of the budget key, in one conditional UpdateItem: ADD
// one to its count if the count is below limit. The item (pk "LIMIT#<key>")
// expires through the table's TTL.
func (s *Store) Take(ctx context.Context, key string, limit int, expires time.Time) (_ bool, err error) {
	defer apperr.Wrap(&err, "dynamostore.Take")
	_, err = s.db.UpdateItem(ctx, TakeInput(s.table, key, limit, expires))
	var failed *types.ConditionalCheckFailedException
	switch {
	case errors.As(err, &failed):
		return false, nil
	case err != nil:
		return false, apperr.Unavailable(err)
	}
	return true, nil
}

// TakeInput is the UpdateItem that Take makes on table. The bench sends it as
// the raw call beside the handler's (BENCHMARKS.md, "Overhead").
func TakeInput(table, key string, limit int, expires time.Time) *dynamodb.UpdateItemInput {
	return &dynamodb.UpdateItemInput{
		TableName:           aws.String(table),
		Key:                 counterKey(key),
		UpdateExpression:    aws.String("ADD #n :one SET #exp = :exp, #type = :type"),
		ConditionExpression: aws.String("attribute_not_exists(#n) OR #n < :limit"),
		ExpressionAttributeNames: map[string]string{
			"#n": attrCount, "#exp": attrExpiresAt, "#type": attrType,
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":one":   num(1),
			":limit": num(int64(limit)),
			":exp":   num(expires.Unix()),
			":type":  str(typeCounter),
		},
	}
}

func counterKey(key string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(prefixCounter + key)}
}

// Used reads the count of the budget key, consistently (a count just taken
// is read): 0 for one never taken. An expired budget TTL has not yet deleted
// is never read, since callers name each window's budget afresh.
func (s *Store) Used(ctx context.Context, key string) (_ int, err error) {
	defer apperr.Wrap(&err, "dynamostore.Used")
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:                aws.String(s.table),
		Key:                      counterKey(key),
		ConsistentRead:           aws.Bool(true),
		ProjectionExpression:     aws.String("#n"),
		ExpressionAttributeNames: map[string]string{"#n": attrCount},
	})
	if err != nil {
		return 0, apperr.Unavailable(err)
	}
	n, ok := out.Item[attrCount].(*types.AttributeValueMemberN)
	if !ok {
		return 0, nil
	}
	return strconv.Atoi(n.Value)
}
