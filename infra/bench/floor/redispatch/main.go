// Command redispatch is RedispatchFunction's cold-start floor (make
// build-FloorRedispatch): DynamoDB and SQS clients, the operations the
// function links, and logrus. No validator: the function takes in no forms.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	db, q := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	awsfloor.Start(func(ctx context.Context) {
		db.Query(ctx, nil)
		db.BatchGetItem(ctx, nil)
		db.UpdateItem(ctx, nil)
		db.TransactWriteItems(ctx, nil)
		q.SendMessage(ctx, nil)
	}, awsfloor.Logger())
}
