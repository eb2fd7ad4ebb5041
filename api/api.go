// Package api holds the public contract, api/openapi.yaml, embedded, and serves it
// as JSON at GET /v1/openapi.json. The function that serves it embeds the same
// file that the tests check the handlers against, so what clients download is
// what is tested.
//
// It imports no forms, validator or template package: StatusFunction, which
// serves the document, must stay small for its cold start.
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"gopkg.in/yaml.v3"
)

// RouteKey is the route that serves the document, as in template.yaml.
const RouteKey = "GET /v1/openapi.json"

// YAML is the OpenAPI document as written.
//
//go:embed openapi.yaml
var YAML []byte

// JSON returns the document as JSON. It is converted once, on first use, not at
// init: most invocations of the function that serves it never ask for it.
func JSON() ([]byte, error) { return toJSON() }

var toJSON = sync.OnceValues(func() ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(YAML, &doc); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	plain, err := jsonValue(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	return json.Marshal(plain)
})

// jsonValue turns what yaml.v3 decodes into values encoding/json can write:
// mappings with non-string keys (an unquoted 201, say) come as map[any]any.
func jsonValue(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			v[k] = j
		}
		return v, nil
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = j
		}
		return m, nil
	case []any:
		for i, e := range v {
			j, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			v[i] = j
		}
		return v, nil
	case string, bool, int, int64, uint64, float64, nil:
		return v, nil
	}
	// A YAML timestamp or binary would change meaning on the way to JSON: quote it
	// in openapi.yaml instead.
	return nil, fmt.Errorf("value %v of type %T has no JSON form; quote it", v, v)
}

// Handler serves GET /v1/openapi.json.
func Handler(_ context.Context, _ events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	body, err := JSON()
	if err != nil {
		// Only a broken embedded file gets here, and the tests load that file.
		return events.APIGatewayV2HTTPResponse{
			StatusCode: http.StatusInternalServerError,
			Headers:    map[string]string{"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"},
			Body:       `{"error":{"code":"internal","message":"internal error"}}`,
		}, nil
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers: map[string]string{
			"Content-Type": "application/json; charset=utf-8",
			// It changes only with a deployment; an hour keeps tools fast and a
			// new version visible soon enough.
			"Cache-Control":          "public, max-age=3600",
			"X-Content-Type-Options": "nosniff",
		},
		Body: string(body),
	}, nil
}
