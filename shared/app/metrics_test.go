package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics/metricstest"
)

// wantNamespace is the namespace template.yaml's Globals give the functions of
// the test's stack.
func wantNamespace() string { return "ComplianceIntake/" + stack.Name }

// logged builds a function as its main does, logging (and so measuring) into the
// returned buffer.
func logged(t *testing.T, fn string, overrides ...string) (func(events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse, *bytes.Buffer, func(string) string) {
	t.Helper()
	var out bytes.Buffer
	h, getenv := handlerLogging(t, fn, logging.New(&out, "info"), overrides...)
	return h, &out, getenv
}

// logLines returns the lines of out that are not EMF documents.
func logLines(t *testing.T, out *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out.Bytes()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("not a JSON line: %q", sc.Text())
		}
		if _, emf := line["_aws"]; !emf {
			lines = append(lines, line)
		}
	}
	return lines
}

// A submit writes its EMF lines to the function's stdout, with the request's
// correlation id, which also reaches every log line and the queue message.
func TestSubmitWritesMetrics(t *testing.T) {
	tests := []struct {
		event      string
		corr       string
		wantDims   map[string]string
		wantFields []map[string]string
		wantLag    bool
	}{
		{event: "submit-consultation.json", corr: "e2e-accepted", wantLag: true,
			wantDims: map[string]string{"Kind": "consultation", "Agency": "public-security", "Outcome": "accepted"}},
		{event: "submit-consultation-invalid.json", corr: "e2e-invalid",
			wantDims: map[string]string{"Kind": "consultation", "Agency": "none", "Outcome": "invalid"},
			wantFields: []map[string]string{
				{"Field": "company.creditCode", "Code": "credit-code-check"},
				{"Field": "contact.mobile", "Code": "invalid-format"},
				{"Field": "incident.urgencyReason", "Code": "required"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			submit, out, getenv := logged(t, "SubmitFunction")
			req := event(t, tt.event)
			req.Headers["x-correlation-id"] = tt.corr
			resp := submit(req)
			if resp.Headers["X-Correlation-Id"] != tt.corr {
				t.Errorf("X-Correlation-Id %q, want %q", resp.Headers["X-Correlation-Id"], tt.corr)
			}
			docs := metricstest.Docs(t, out.Bytes())
			for _, d := range docs {
				if d.Namespace != wantNamespace() || d.Root["correlationId"] != tt.corr {
					t.Errorf("EMF line in %q for %v, want %q for %q", d.Namespace, d.Root["correlationId"], wantNamespace(), tt.corr)
				}
			}
			subs := metricstest.Find(docs, intake.MetricSubmissions, nil)
			if len(subs) != 1 || !reflect.DeepEqual(subs[0].Dimensions, tt.wantDims) {
				t.Fatalf("Submissions lines %+v, want one with %v", subs, tt.wantDims)
			}
			for _, f := range tt.wantFields {
				if len(metricstest.Find(docs, intake.MetricValidationFailures, f)) != 1 {
					t.Errorf("no ValidationFailures line for %v", f)
				}
			}
			lags := metricstest.Find(docs, intake.MetricDispatchLag, map[string]string{"Agency": tt.wantDims["Agency"]})
			if tt.wantLag != (len(lags) == 1) {
				t.Errorf("%d DispatchLag lines, want lag %v", len(lags), tt.wantLag)
			}
			for _, l := range logLines(t, out) {
				if l["correlationId"] != tt.corr {
					t.Errorf("log line without the correlation id: %v", l)
				}
			}
			if tt.wantLag {
				ref := decode[receipt](t, resp).Reference
				if lags[0].Root["reference"] != ref {
					t.Errorf("DispatchLag reference %v, want %s", lags[0].Root["reference"], ref)
				}
				_, q := clients(getenv)
				msgs := receiveFor(t, q, queueURL(getenv, tt.wantDims["Agency"]), ref)
				if len(msgs) != 1 {
					t.Fatalf("%d messages, want 1", len(msgs))
				}
				var m intake.Message
				if err := json.Unmarshal([]byte(msgs[0]), &m); err != nil || m.CorrelationID != tt.corr {
					t.Errorf("message %s, want correlation id %s", msgs[0], tt.corr)
				}
			}
		})
	}
}

// With SQS down the submit reports a queue send failure; the re-dispatch then
// queues the submission and reports it, under the correlation id stored with it.
func TestRedispatchWritesMetrics(t *testing.T) {
	submit, out, _ := logged(t, "SubmitFunction", "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1")
	req := event(t, "submit-training.json")
	req.Headers["x-correlation-id"] = "e2e-redispatch"
	ref := decode[receipt](t, submit(req)).Reference
	docs := metricstest.Docs(t, out.Bytes())
	if len(metricstest.Find(docs, intake.MetricQueueSendFailures, map[string]string{"Agency": "cyberspace"})) != 1 {
		t.Fatalf("no QueueSendFailures line in %s", out)
	}

	fnEnv, err := stack.FunctionEnv("RedispatchFunction")
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	redispatch, err := app.ScheduledFunctions["RedispatchFunction"](envFor(fnEnv, "REDISPATCH_GRACE", "0s"), logging.New(out, "info"))
	if err != nil {
		t.Fatal(err)
	}
	if err := redispatch(context.Background(), events.EventBridgeEvent{}); err != nil {
		t.Fatalf("re-dispatch: %v", err)
	}
	docs = metricstest.Docs(t, out.Bytes())
	queued := 0.0
	for _, d := range metricstest.Find(docs, intake.MetricRedispatched, nil) {
		queued += d.Values[intake.MetricRedispatched]
		if d.Namespace != wantNamespace() || len(d.Dimensions) != 0 || d.Values[intake.MetricRedispatchPending] != 0 {
			t.Errorf("re-dispatch line %v", d.Root)
		}
	}
	if queued < 1 {
		t.Errorf("re-dispatched %v, want at least our submission", queued)
	}
	var lag *metricstest.Doc
	for _, d := range metricstest.Find(docs, intake.MetricDispatchLag, map[string]string{"Agency": "cyberspace"}) {
		if d.Root["reference"] == ref {
			lag = &d
		}
	}
	if lag == nil || lag.Root["correlationId"] != "e2e-redispatch" {
		t.Fatalf("DispatchLag line for %s: %+v, want one under e2e-redispatch", ref, lag)
	}
	for _, l := range logLines(t, out) {
		if l["reference"] == ref && l["correlationId"] != "e2e-redispatch" {
			t.Errorf("re-dispatch log line without the stored correlation id: %v", l)
		}
	}
}
