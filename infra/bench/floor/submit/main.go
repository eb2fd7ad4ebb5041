// Command submit is SubmitFunction's cold-start floor (make build-FloorSubmit):
// DynamoDB and SQS clients, logrus, and validator/v10 with nothing registered -
// the library's own cost, not our rules'.
package main

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/go-playground/validator/v10"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	awsfloor.Start(awsfloor.Logger(), dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg), validator.New())
}
