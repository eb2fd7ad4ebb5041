package api_test

// The handlers, built as the functions' mains build them (shared/app) and run
// against moto, keep the contract: every sample event in events/ that calls a
// JSON route, and a submission's whole public life, through apitest.Check.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/api"
	"github.com/putuo-compliance/intake/api/apitest"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/app"
)

var (
	// moto starts on the first contract test only: the document's own tests
	// need no AWS.
	motoOnce sync.Once
	motoEnv  *localtest.Env
	motoErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if motoEnv != nil {
		motoEnv.Stop()
	}
	os.Exit(code)
}

func local(t *testing.T) *localtest.Env {
	t.Helper()
	motoOnce.Do(func() {
		motoEnv, motoErr = localtest.Start(context.Background(), "../template.yaml", "contract-test")
	})
	if motoErr != nil {
		t.Fatalf("contract tests need moto_server (make setup installs it): %v", motoErr)
	}
	return motoEnv
}

type handlerFunc func(events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse

// function builds a template function as its main does, against moto, with
// overrides of its environment.
func function(t *testing.T, id string, overrides ...string) handlerFunc {
	t.Helper()
	env := local(t)
	fnEnv, err := env.Stack.FunctionEnv(id)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_ENDPOINT_URL": env.URL, "LOG_LEVEL": "panic",
	}
	for k, v := range fnEnv {
		vars[k] = v
	}
	for i := 0; i+1 < len(overrides); i += 2 {
		vars[overrides[i]] = overrides[i+1]
	}
	quiet := logrus.New()
	quiet.SetOutput(io.Discard)
	build, ok := app.HTTPFunctions[id]
	if !ok {
		t.Fatalf("app.HTTPFunctions has no %s", id)
	}
	h, err := build(func(k string) string { return vars[k] }, quiet)
	if err != nil {
		t.Fatalf("build %s: %v", id, err)
	}
	return func(req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
		resp, err := h(context.Background(), req)
		if err != nil {
			t.Fatalf("%s returned an error: %v", id, err)
		}
		return resp
	}
}

// functionOf is the template's function for a route key.
func functionOf(t *testing.T, routeKey string) string {
	t.Helper()
	tmpl, err := samtemplate.Load("../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tmpl.Routes() {
		if r.Key() == routeKey {
			return r.Function
		}
	}
	t.Fatalf("template.yaml does not route %q", routeKey)
	return ""
}

func TestSampleEventsKeepTheContract(t *testing.T) {
	doc := document(t)
	files, err := filepath.Glob("../events/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample events (%v)", err)
	}
	checked := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var req events.APIGatewayV2HTTPRequest
		if err := json.Unmarshal(raw, &req); err != nil || req.RouteKey == "" {
			continue // not an HTTP API event
		}
		method, path, _ := strings.Cut(req.RouteKey, " ")
		if item := doc.Paths.Value(path); item == nil || item.GetOperation(method) == nil {
			continue // an HTML page
		}
		checked++
		t.Run(filepath.Base(f), func(t *testing.T) {
			req.Body = localtest.CurrentDates(req.Body)
			resp := function(t, functionOf(t, req.RouteKey))(req)
			apitest.Check(t, req, resp)
		})
	}
	if checked < 5 {
		t.Errorf("only %d sample events call a JSON route", checked)
	}
}

// A submission's public life: receipt, replay, conflict, status, unknown, and
// the failures a client can cause or meet.
func TestSubmissionLifeKeepsTheContract(t *testing.T) {
	submit := function(t, functionOf(t, "POST /v1/consultations"))
	status := function(t, functionOf(t, "GET /v1/submissions/{reference}"))
	sample := sampleEvent(t, "submit-consultation.json")

	check := func(t *testing.T, h handlerFunc, req events.APIGatewayV2HTTPRequest, want int) events.APIGatewayV2HTTPResponse {
		t.Helper()
		resp := h(req)
		apitest.Check(t, req, resp)
		if resp.StatusCode != want {
			t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, resp.Body)
		}
		return resp
	}
	key := fmt.Sprintf("contract-%d", os.Getpid())
	withKey := withHeader(sample, "idempotency-key", key)

	first := check(t, submit, withKey, 201)
	var r struct{ Reference, StatusToken string }
	if err := json.Unmarshal([]byte(first.Body), &r); err != nil {
		t.Fatal(err)
	}
	t.Run("replay", func(t *testing.T) {
		if resp := check(t, submit, withKey, 201); resp.Headers["Idempotent-Replayed"] != "true" {
			t.Errorf("no Idempotent-Replayed: %v", resp.Headers)
		}
	})
	t.Run("same key, other body", func(t *testing.T) {
		var form map[string]any
		if err := json.Unmarshal([]byte(withKey.Body), &form); err != nil {
			t.Fatal(err)
		}
		form["incident"].(map[string]any)["questions"] = "another question"
		b, _ := json.Marshal(form)
		other := withKey
		other.Body = string(b)
		check(t, submit, other, 409)
	})
	t.Run("status", func(t *testing.T) {
		get := statusRequest(r.Reference, r.StatusToken)
		check(t, status, get, 200)
		check(t, status, withHeader(get, "accept-language", "en"), 200)
	})
	t.Run("wrong token", func(t *testing.T) {
		check(t, status, statusRequest(r.Reference, "wrong-token-wrong-token"), 404)
	})
	t.Run("too large", func(t *testing.T) {
		big := sample
		big.Body = `{"notes":"` + strings.Repeat("x", 70<<10) + `"}`
		check(t, submit, big, 413)
	})
	t.Run("not JSON", func(t *testing.T) {
		check(t, submit, withHeader(sample, "content-type", "text/plain"), 415)
	})
	t.Run("store down", func(t *testing.T) {
		down := function(t, functionOf(t, "POST /v1/consultations"), "AWS_ENDPOINT_URL_DYNAMODB", localtest.ClosedURL(t))
		check(t, down, sample, 503)
	})
	t.Run("over the client's limit", func(t *testing.T) {
		limited := function(t, functionOf(t, "POST /v1/consultations"), "SUBMISSIONS_PER_CLIENT_HOUR", "1")
		from := withHeader(sample, "idempotency-key", key+"-limit")
		from.RequestContext.HTTP.SourceIP = fmt.Sprintf("198.51.100.%d", os.Getpid()%250+1)
		check(t, limited, from, 201)
		check(t, limited, from, 201) // its own retry: replayed, not refused
		resp := check(t, limited, withHeader(from, "idempotency-key", key+"-limit-2"), 429)
		if resp.Headers["Retry-After"] == "" {
			t.Error("429 without Retry-After")
		}
	})
	t.Run("openapi.json", func(t *testing.T) {
		fn := function(t, functionOf(t, api.RouteKey))
		check(t, fn, events.APIGatewayV2HTTPRequest{RouteKey: api.RouteKey, RawPath: "/v1/openapi.json"}, 200)
	})
}

func sampleEvent(t *testing.T, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	raw, err := os.ReadFile("../events/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		t.Fatal(err)
	}
	req.Body = localtest.CurrentDates(req.Body)
	return req
}

// withHeader copies req with one header set; the sample's map stays as it was.
func withHeader(req events.APIGatewayV2HTTPRequest, name, value string) events.APIGatewayV2HTTPRequest {
	h := make(map[string]string, len(req.Headers)+1)
	for k, v := range req.Headers {
		h[k] = v
	}
	h[name] = value
	req.Headers = h
	return req
}

func statusRequest(reference, token string) events.APIGatewayV2HTTPRequest {
	const key = "GET /v1/submissions/{reference}"
	req := events.APIGatewayV2HTTPRequest{
		RouteKey:       key,
		RawPath:        "/v1/submissions/" + reference,
		Headers:        map[string]string{"x-status-token": token},
		PathParameters: map[string]string{"reference": reference},
	}
	req.RequestContext.RouteKey = key
	req.RequestContext.RequestID = "contract-test"
	return req
}
