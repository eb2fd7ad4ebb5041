// Command staff is StaffFunction's cold-start floor (make build-FloorStaff):
// DynamoDB, SQS (a transfer queues to the new agency) and SES (the firm's
// change notices) clients, the operations the function links, and logrus. No
// validator: staff moves are checked by the lifecycle, not by the forms' rules.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	db, q, mail := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg), sesv2.NewFromConfig(cfg)
	awsfloor.Start(func(ctx context.Context) {
		db.GetItem(ctx, nil)
		db.PutItem(ctx, nil)
		db.Query(ctx, nil)
		db.UpdateItem(ctx, nil)
		db.TransactWriteItems(ctx, nil)
		q.SendMessage(ctx, nil)
		mail.SendEmail(ctx, nil)
	}, awsfloor.Logger())
}
