// Package statusfn wires StatusFunction, the status route: the submission store
// on DynamoDB and nothing else - and the OpenAPI document it serves; no queue, no form parser, no pages, no mail (see
// package app on why each function has a wiring of its own).
package statusfn

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/api"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Config is StatusFunction's configuration, read once from the environment.
type Config struct {
	AWS   aws.Config // AWS_REGION, credentials, AWS_ENDPOINT_URL[_<SERVICE>] (package awsenv)
	Table string     // TABLE_NAME: the submissions table
}

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{AWS: awsenv.Read(v), Table: v.Required("TABLE_NAME")}
	return c, v.Err()
}

// New builds the handler. Nothing here does network I/O: clients connect on
// first use.
func New(c Config, log *logrus.Logger) httpapi.Handler {
	svc := &intake.Service{
		Store: dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table),
		Now:   time.Now,
	}
	status := httpapi.Status(svc, log)
	// StatusFunction also serves the OpenAPI document (template.yaml routes
	// GET /v1/openapi.json here): it is the lightest function and read-only.
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		if req.RouteKey == api.RouteKey {
			return api.Handler(ctx, req)
		}
		return status(ctx, req)
	}
}
