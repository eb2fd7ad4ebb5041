// Command status is StatusFunction's cold-start floor (make build-FloorStatus):
// a DynamoDB client, the operations the function links, and logrus. No
// validator: the function takes in no forms.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/putuo-compliance/intake/infra/bench/floor/awsfloor"
)

func main() {
	cfg := awsfloor.Config()
	db := dynamodb.NewFromConfig(cfg)
	awsfloor.Start(func(ctx context.Context) {
		db.GetItem(ctx, nil)
		db.Query(ctx, nil)
	}, awsfloor.Logger())
}
