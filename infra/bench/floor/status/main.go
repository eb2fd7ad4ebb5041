// Command status is StatusFunction's cold-start floor (make build-FloorStatus):
// a DynamoDB client and logrus. No validator: the function takes in no forms.
package main

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	awsfloor.Start(awsfloor.Logger(), dynamodb.NewFromConfig(cfg))
}
