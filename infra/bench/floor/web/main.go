// Command web is WebFunction's cold-start floor (make build-FloorWeb):
// DynamoDB, SQS, SES and Secrets Manager (the server secret, the SMTP
// password) clients, the operations the function calls, logrus, validator/v10
// with nothing registered, and html/template running one template: the
// libraries the function must link, not what it does with them.
package main

import (
	"context"
	"html/template"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	db, q, mail := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg), sesv2.NewFromConfig(cfg)
	secrets := secretsmanager.NewFromConfig(cfg)
	page := template.Must(template.New("floor").Parse(`<p>{{.}}</p>`))
	if err := page.Execute(io.Discard, "floor"); err != nil {
		panic(err)
	}
	awsfloor.Start(func(ctx context.Context) {
		db.GetItem(ctx, nil)
		db.PutItem(ctx, nil)
		db.UpdateItem(ctx, nil)
		db.TransactWriteItems(ctx, nil)
		q.SendMessage(ctx, nil)
		mail.SendEmail(ctx, nil)
		secrets.GetSecretValue(ctx, nil)
	}, awsfloor.Logger(), validator.New(), page)
}
