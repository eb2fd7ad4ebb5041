// Command submit is SubmitFunction's cold-start floor (make build-FloorSubmit):
// DynamoDB, SQS and Secrets Manager (the server secret) clients, the
// operations the function calls, logrus, and validator/v10 with nothing
// registered - the library's own cost, not our rules'.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	db, q, secrets := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg), secretsmanager.NewFromConfig(cfg)
	awsfloor.Start(func(ctx context.Context) {
		db.GetItem(ctx, nil)
		db.PutItem(ctx, nil)
		db.UpdateItem(ctx, nil)
		db.TransactWriteItems(ctx, nil)
		q.SendMessage(ctx, nil)
		secrets.GetSecretValue(ctx, nil)
	}, awsfloor.Logger(), validator.New())
}
