// Package reader wires the functions that only read submissions
// (StatusFunction): the store, no queue, no mail, no pages.
//
// It is a package of its own, apart from package app, for the cold start: Go
// runs every imported package's initialisation before main, and the SQS and SES
// clients' generated schemas and the web pages are a large part of a function's
// init time and binary size. A function links only the wiring it uses.
package reader

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/api"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/forms"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/routing"
)

// Status builds the handler of StatusFunction.
func Status(getenv func(string) string, log *logrus.Logger) (httpapi.Handler, error) {
	svc, err := Service(getenv)
	if err != nil {
		return nil, err
	}
	status := httpapi.Status(svc, log)
	// StatusFunction also serves the OpenAPI document (template.yaml routes
	// GET /v1/openapi.json here): it is the lightest function and read-only.
	return func(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		if req.RouteKey == api.RouteKey {
			return api.Handler(ctx, req)
		}
		return status(ctx, req)
	}, nil
}

// Service builds the intake service without a queue.
// Nothing here does network I/O: clients connect on first use.
func Service(getenv func(string) string) (*intake.Service, error) {
	cfg, err := awsenv.Config(getenv)
	if err != nil {
		return nil, err
	}
	table := getenv("TABLE_NAME")
	if table == "" {
		return nil, errors.New("TABLE_NAME is not set")
	}
	return &intake.Service{
		Store:  dynamostore.New(dynamodb.NewFromConfig(cfg), table),
		Parser: forms.NewParser(time.Now),
		Rules:  routing.Default(),
		Now:    time.Now,
	}, nil
}
