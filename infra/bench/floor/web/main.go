// Command web is WebFunction's cold-start floor (make build-FloorWeb):
// DynamoDB, SQS and SES clients, logrus, and validator/v10 with nothing
// registered. html/template is left out on purpose: rendering pages with it is
// the function's own choice, not a library the task fixes, so its cost counts
// as ours.
package main

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	awsfloor.Start(awsfloor.Logger(), dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg),
		sesv2.NewFromConfig(cfg), validator.New())
}
