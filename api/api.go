// Package api holds the public contract, api/openapi.yaml, embedded, and serves it
// as JSON at GET /v1/openapi.json. The function that serves it embeds the same
// document that the tests check the handlers against, so what clients download is
// what is tested.
//
// It imports no forms, validator or template package, nor a YAML parser:
// StatusFunction, which serves the document, must stay small for its cold start.
package api

import (
	"context"
	_ "embed"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

// RouteKey is the route that serves the document, as in template.yaml.
const RouteKey = "GET /v1/openapi.json"

// YAML is the OpenAPI document as written.
//
//go:embed openapi.yaml
var YAML []byte

// JSON is the document as served: openapi.yaml converted to JSON when it is
// written, not at run time, so that StatusFunction links no YAML parser (whose
// package init was a third of the function's own, BENCHMARKS.md). `go generate
// ./api` writes it; TestJSONIsTheYAML fails while it lags openapi.yaml.
//
//go:generate go test -run TestJSONIsTheYAML -update .
//go:embed openapi.json
var JSON []byte

// Handler serves GET /v1/openapi.json.
func Handler(_ context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers: map[string]string{
			"Content-Type": "application/json; charset=utf-8",
			// It changes only with a deployment; an hour keeps tools fast and a
			// new version visible soon enough.
			"Cache-Control":          "public, max-age=3600",
			"X-Content-Type-Options": "nosniff",
		},
		Body: string(JSON),
	}, nil
}
