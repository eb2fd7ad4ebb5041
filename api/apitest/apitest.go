// Package apitest holds the handlers to the public contract, api/openapi.yaml:
// Check validates an API Gateway event and the handler's response against the
// document with kin-openapi. Call it from any test that sends a request through
// the HTTP edge:
//
//	resp, err := handler(ctx, req)
//	apitest.Check(t, req, resp)
package apitest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/putuo-compliance/intake/api"
)

// Document returns the loaded and validated document, parsed once per test binary.
func Document() (*openapi3.T, error) { return loadDocument() }

var loadDocument = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(api.YAML)
	if err != nil {
		return nil, fmt.Errorf("api/openapi.yaml: load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("api/openapi.yaml: invalid: %w", err)
	}
	return doc, nil
})

// Check fails t unless req and resp keep the contract; see Validate.
func Check(t testing.TB, req events.APIGatewayV2HTTPRequest, resp events.APIGatewayV2HTTPResponse) {
	t.Helper()
	if err := Validate(req, resp); err != nil {
		t.Errorf("%v\nrequest body: %s\nresponse body: %s", err, clip(req.Body), clip(resp.Body))
	}
}

// Validate checks an HTTP API event (payload format 2.0) and the response a
// handler gave to it against api/openapi.yaml:
//   - the event's route must be one of the document's operations;
//   - the response's status must be one the operation declares, and never a 5xx
//     but 503 (the contract: nothing a client sends causes a 500);
//   - the response's headers and body must match what the document says of
//     that status;
//   - a 2xx response needs a request the document allows: a handler that
//     accepts what the contract refuses has drifted from it. A request answered
//     with a 4xx may break the document: refusing it is the point.
func Validate(req events.APIGatewayV2HTTPRequest, resp events.APIGatewayV2HTTPResponse) error {
	doc, err := Document()
	if err != nil {
		return err
	}
	routeKey := req.RouteKey
	if routeKey == "" {
		routeKey = req.RequestContext.RouteKey
	}
	route, err := findRoute(doc, routeKey)
	if err != nil {
		return err
	}
	where := fmt.Sprintf("api/openapi.yaml, %s -> %d", routeKey, resp.StatusCode)

	httpReq, err := toHTTPRequest(req, route.Method)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	reqOpts := &openapi3filter.Options{
		MultiError: true,
		// API Gateway's JWT authorizer checks the token before the handler
		// runs; here it is enough that one was sent.
		AuthenticationFunc: bearerSent,
	}
	reqOpts.WithCustomSchemaErrorFunc(schemaMessage)
	in := &openapi3filter.RequestValidationInput{
		Request:    httpReq,
		PathParams: req.PathParameters,
		Route:      route,
		Options:    reqOpts,
	}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)

	var problems []string
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
		problems = append(problems, "the contract allows no 5xx but 503")
	}
	body, err := responseBody(resp)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	respOpts := &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true}
	respOpts.WithCustomSchemaErrorFunc(schemaMessage)
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 responseHeader(resp),
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                respOpts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		problems = append(problems, "the response breaks the document:\n"+indent(err))
	}
	if reqErr != nil && resp.StatusCode < 300 {
		problems = append(problems, "the handler accepted a request that the document does not allow:\n"+indent(reqErr))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s", where, strings.Join(problems, "\n"))
	}
	return nil
}

// schemaMessage says where a value breaks its schema and why, without kin-openapi's
// dump of the whole schema, which buries the point.
func schemaMessage(e *openapi3.SchemaError) string {
	value, err := json.Marshal(e.Value)
	if err != nil || len(value) > 80 {
		value = []byte(fmt.Sprintf("%T", e.Value))
	}
	if path := e.JSONPointer(); len(path) > 0 {
		return fmt.Sprintf("at /%s: %s (value %s)", strings.Join(path, "/"), e.Reason, value)
	}
	return fmt.Sprintf("%s (value %s)", e.Reason, value)
}

// findRoute looks an API Gateway route key ("POST /v1/consultations") up among
// the document's operations.
func findRoute(doc *openapi3.T, routeKey string) (*routers.Route, error) {
	method, path, ok := strings.Cut(routeKey, " ")
	if !ok {
		return nil, fmt.Errorf("api/openapi.yaml: event has no route key (%q): set routeKey as API Gateway does", routeKey)
	}
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		return nil, fmt.Errorf("api/openapi.yaml: route %q is not in the document", routeKey)
	}
	return &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: item.GetOperation(method)}, nil
}

// toHTTPRequest rebuilds the HTTP request that API Gateway turned into req.
func toHTTPRequest(req events.APIGatewayV2HTTPRequest, method string) (*http.Request, error) {
	path := req.RawPath
	if path == "" {
		path = req.RequestContext.HTTP.Path
	}
	query := req.RawQueryString
	if query == "" && len(req.QueryStringParameters) > 0 {
		q := url.Values{}
		for k, v := range req.QueryStringParameters {
			q.Set(k, v)
		}
		query = q.Encode()
	}
	u := &url.URL{Scheme: "https", Host: "api.invalid", Path: path, RawQuery: query}
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		var err error
		if body, err = base64.StdEncoding.DecodeString(req.Body); err != nil {
			return nil, fmt.Errorf("request body is not base64: %w", err)
		}
	}
	r, err := http.NewRequest(method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, v := range req.Headers {
		r.Header.Set(k, v)
	}
	for _, c := range req.Cookies {
		r.Header.Add("Cookie", c)
	}
	return r, nil
}

func responseBody(resp events.APIGatewayV2HTTPResponse) ([]byte, error) {
	if !resp.IsBase64Encoded {
		return []byte(resp.Body), nil
	}
	b, err := base64.StdEncoding.DecodeString(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("response body is not base64: %w", err)
	}
	return b, nil
}

func responseHeader(resp events.APIGatewayV2HTTPResponse) http.Header {
	h := http.Header{}
	for k, vs := range resp.MultiValueHeaders {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	for k, v := range resp.Headers {
		h.Set(k, v)
	}
	return h
}

var errNoBearer = errors.New("no bearer token in the Authorization header")

func bearerSent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	auth := in.RequestValidationInput.Request.Header.Get("Authorization")
	if scheme, token, ok := strings.Cut(auth, " "); ok && strings.EqualFold(scheme, "bearer") && token != "" {
		return nil
	}
	return errNoBearer
}

// indent lists kin-openapi's errors one per line, so that a failure reads as a
// list of what is wrong.
func indent(err error) string {
	var errs openapi3.MultiError
	if errors.As(err, &errs) {
		var b strings.Builder
		for _, e := range errs {
			fmt.Fprintf(&b, "  - %s\n", oneLine(e.Error()))
		}
		return strings.TrimRight(b.String(), "\n")
	}
	return "  - " + oneLine(err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "..."
	}
	return s
}
