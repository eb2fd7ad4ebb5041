// Command console is ConsoleFunction's cold-start floor (make
// build-FloorConsole): DynamoDB, SQS and SES (the staff desk it shares with
// StaffFunction), Secrets Manager (the server secret, the SMTP and single
// sign-on client secrets) and Cognito identity provider (sign-in) clients, the
// operations the function calls, logrus, and html/template running one
// template, as WebFunction's floor. No validator: the console takes in no
// firm's form. The OIDC and OAuth 2 libraries of single sign-on are left out:
// they are the function's choices, not libraries the task fixes, so their cost
// counts as ours.
package main

import (
	"context"
	"html/template"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	db, q, mail := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg), sesv2.NewFromConfig(cfg)
	secrets, pool := secretsmanager.NewFromConfig(cfg), cognitoidentityprovider.NewFromConfig(cfg)
	page := template.Must(template.New("floor").Parse(`<p>{{.}}</p>`))
	if err := page.Execute(io.Discard, "floor"); err != nil {
		panic(err)
	}
	awsfloor.Start(func(ctx context.Context) {
		db.GetItem(ctx, nil)
		db.PutItem(ctx, nil)
		db.DeleteItem(ctx, nil)
		db.Query(ctx, nil)
		db.UpdateItem(ctx, nil)
		db.TransactWriteItems(ctx, nil)
		q.SendMessage(ctx, nil)
		mail.SendEmail(ctx, nil)
		secrets.GetSecretValue(ctx, nil)
		pool.InitiateAuth(ctx, nil)
		pool.RespondToAuthChallenge(ctx, nil)
		pool.GlobalSignOut(ctx, nil)
	}, awsfloor.Logger(), page)
}
