package httpapi_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/forms/formparse"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/httpedge"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/intaketest"
	"github.com/putuo-compliance/intake/shared/routing"
)

func loadEvent(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	b, err := os.ReadFile("../../events/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	req.Body = localtest.CurrentDates(req.Body)
	return req
}

type env struct {
	store  *intaketest.Store
	queue  *intaketest.Queue
	submit httpapi.Handler
	status httpapi.Handler
	logs   *bytes.Buffer
}

func newEnv() env {
	store, queue := intaketest.NewStore(), intaketest.NewQueue()
	clock := time.Now
	svc := &intake.Service{Store: store, Queue: queue, Parser: formparse.New(clock), Rules: routing.Default(), Now: clock, Keys: intaketest.Keys}
	var logs bytes.Buffer
	log := logrus.New()
	log.SetOutput(&logs)
	log.SetFormatter(&logrus.JSONFormatter{})
	return env{store, queue, httpapi.Submit(svc, log), httpapi.Status(svc, log), &logs}
}

type errorBody struct {
	Error struct {
		Code    string
		Message string
		Fields  []apperr.FieldError
	}
}

func decode[T any](t *testing.T, resp events.APIGatewayV2HTTPResponse) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(resp.Body), &v); err != nil {
		t.Fatalf("body %q: %v", resp.Body, err)
	}
	return v
}

func TestSubmitEvents(t *testing.T) {
	tests := []struct {
		give       string
		edit       func(*events.APIGatewayV2HTTPRequest)
		wantStatus int
		wantCode   string
		wantFields []string // "path:code"
		wantStored int
	}{
		{give: "submit-consultation.json", wantStatus: 201, wantStored: 1},
		{give: "submit-consultation-en.json", wantStatus: 201, wantStored: 1},
		{give: "submit-training.json", wantStatus: 201, wantStored: 1},
		{give: "submit-consultation-invalid.json", wantStatus: 400, wantCode: "invalid",
			wantFields: []string{"company.creditCode:credit-code-check", "contact.mobile:invalid-format", "incident.urgencyReason:required"}},
		{give: "submit-training-invalid.json", wantStatus: 400, wantCode: "invalid",
			wantFields: []string{"training.attendees:out-of-range", "training.primaryTopic:not-in-topics"}},
		{give: "submit-not-json.json", wantStatus: 415, wantCode: "unsupported-media-type"},
		{give: "submit-malformed.json", wantStatus: 400, wantCode: "invalid"},
		{give: "submit-consultation.json", wantStatus: 415, wantCode: "unsupported-media-type",
			edit: func(r *events.APIGatewayV2HTTPRequest) {
				r.Headers["content-type"] = "application/json; charset=latin1"
			}},
		{give: "submit-consultation.json", wantStatus: 201, wantStored: 1,
			edit: func(r *events.APIGatewayV2HTTPRequest) { r.Headers["content-type"] = "Application/JSON; charset=UTF-8" }},
		{give: "submit-consultation.json", wantStatus: 413, wantCode: "too-large",
			edit: func(r *events.APIGatewayV2HTTPRequest) {
				r.Body = `{"x":"` + strings.Repeat("a", httpedge.MaxBody) + `"}`
			}},
		{give: "submit-consultation.json", wantStatus: 201, wantStored: 1,
			edit: func(r *events.APIGatewayV2HTTPRequest) {
				r.Body, r.IsBase64Encoded = base64.StdEncoding.EncodeToString([]byte(r.Body)), true
			}},
		{give: "submit-consultation.json", wantStatus: 400, wantCode: "invalid",
			edit: func(r *events.APIGatewayV2HTTPRequest) { r.Body, r.IsBase64Encoded = "%%%", true }},
		{give: "submit-consultation.json", wantStatus: 400, wantCode: "invalid",
			edit: func(r *events.APIGatewayV2HTTPRequest) { r.Body = "{\"company\":\"\xff\xfe\"}" }},
		{give: "submit-consultation.json", wantStatus: 400, wantCode: "invalid", wantFields: []string{"Idempotency-Key:invalid-format"},
			edit: func(r *events.APIGatewayV2HTTPRequest) { r.Headers["idempotency-key"] = strings.Repeat("k", 65) }},
		{give: "submit-consultation.json", wantStatus: 404, wantCode: "not-found",
			edit: func(r *events.APIGatewayV2HTTPRequest) { r.RouteKey = "POST /v1/other" }},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			e := newEnv()
			req := loadEvent(t, tt.give)
			if tt.edit != nil {
				tt.edit(&req)
			}
			resp, err := e.submit(context.Background(), req)
			if err != nil {
				t.Fatalf("handler error: %v", err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, resp.Body)
			}
			if e.store.Len() != tt.wantStored {
				t.Fatalf("stored %d, want %d", e.store.Len(), tt.wantStored)
			}
			if !strings.HasPrefix(resp.Headers["Content-Type"], "application/json") {
				t.Errorf("content type %q", resp.Headers["Content-Type"])
			}
			if tt.wantStatus == 201 {
				r := decode[struct {
					Reference, StatusToken, Kind, Status string
					Agency                               struct{ Code, Name string }
					SubmittedAt                          time.Time
				}](t, resp)
				if r.Reference == "" || r.StatusToken == "" || r.Status != "queued" || r.Agency.Name == "" || r.SubmittedAt.IsZero() {
					t.Fatalf("receipt %+v", r)
				}
				if resp.Headers["Location"] != "/v1/submissions/"+r.Reference {
					t.Errorf("Location %q", resp.Headers["Location"])
				}
				return
			}
			body := decode[errorBody](t, resp)
			if body.Error.Code != tt.wantCode || body.Error.Message == "" {
				t.Fatalf("error %+v, want code %s", body.Error, tt.wantCode)
			}
			got := map[string]bool{}
			for _, f := range body.Error.Fields {
				got[f.Field+":"+f.Code] = true
				if f.Message == "" {
					t.Errorf("field %s has no message", f.Field)
				}
			}
			for _, w := range tt.wantFields {
				if !got[w] {
					t.Errorf("missing field error %s; got %v", w, body.Error.Fields)
				}
			}
		})
	}
}

func TestSubmitLanguage(t *testing.T) {
	tests := []struct {
		accept, query string
		wantAgency    string
		wantMessage   string
	}{
		{"", "", "普陀公安分局", "提交"},
		{"en-US,en;q=0.9", "", "Putuo Public Security Sub-bureau", "Some answers"},
		{"en", "zh-CN", "普陀公安分局", "提交"},
	}
	for _, tt := range tests {
		t.Run(tt.accept+"/"+tt.query, func(t *testing.T) {
			e := newEnv()
			req := loadEvent(t, "submit-consultation.json")
			req.Headers["accept-language"] = tt.accept
			req.QueryStringParameters = map[string]string{"lang": tt.query}
			resp, _ := e.submit(context.Background(), req)
			if !strings.Contains(resp.Body, tt.wantAgency) {
				t.Errorf("receipt %s, want agency name %s", resp.Body, tt.wantAgency)
			}
			req.Body = `{}`
			resp, _ = e.submit(context.Background(), req)
			if msg := decode[errorBody](t, resp).Error.Message; !strings.HasPrefix(msg, tt.wantMessage) {
				t.Errorf("message %q, want it to start %q", msg, tt.wantMessage)
			}
		})
	}
}

func TestSubmitDependencyFailures(t *testing.T) {
	tests := []struct {
		name       string
		storeErr   error
		wantStatus int
		wantRetry  bool
	}{
		{"store unavailable", apperr.Unavailable(errors.New("throttled")), 503, true},
		{"unexpected", errors.New("boom: secret detail"), 500, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			e.store.Fail = tt.storeErr
			resp, err := e.submit(context.Background(), loadEvent(t, "submit-consultation.json"))
			if err != nil || resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d err %v, want %d", resp.StatusCode, err, tt.wantStatus)
			}
			if (resp.Headers["Retry-After"] != "") != tt.wantRetry {
				t.Errorf("Retry-After %q", resp.Headers["Retry-After"])
			}
			if strings.Contains(resp.Body, "secret detail") || strings.Contains(resp.Body, "throttled") {
				t.Errorf("body leaks the cause: %s", resp.Body)
			}
		})
	}
}

// The logs carry codes and references, never the personal data in the form.
func TestNoPersonalDataInLogs(t *testing.T) {
	e := newEnv()
	for _, name := range []string{"submit-consultation.json", "submit-consultation-invalid.json", "submit-training.json"} {
		if _, err := e.submit(context.Background(), loadEvent(t, name)); err != nil {
			t.Fatal(err)
		}
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "submission stored") {
		t.Fatalf("expected log lines, got %q", logs)
	}
	for _, pii := range []string{"张三", "13812345678", "legal@example.com", "撞库", "91310107MA1G8K3Q3", "上海某网络科技有限公司"} {
		if strings.Contains(logs, pii) {
			t.Errorf("log contains personal data %q", pii)
		}
	}
}

func TestStatus(t *testing.T) {
	e := newEnv()
	resp, _ := e.submit(context.Background(), loadEvent(t, "submit-consultation.json"))
	r := decode[struct{ Reference, StatusToken string }](t, resp)

	tests := []struct {
		name       string
		ref, token string
		wantStatus int
	}{
		{"found", r.Reference, r.StatusToken, 200},
		{"wrong token", r.Reference, "AAAAAAAAAAAAAAAAAAAAAA", 404},
		{"unknown", "C-2345-6789", r.StatusToken, 404},
		{"no token", r.Reference, "", 404},
	}
	var notFoundBodies []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := loadEvent(t, "status-unknown.json")
			req.PathParameters["reference"] = tt.ref
			req.Headers["x-status-token"] = tt.token
			resp, err := e.status(context.Background(), req)
			if err != nil || resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d err %v, want %d: %s", resp.StatusCode, err, tt.wantStatus, resp.Body)
			}
			if tt.wantStatus == 404 {
				notFoundBodies = append(notFoundBodies, resp.Body)
				return
			}
			got := decode[struct {
				Reference, Kind, Status string
				History                 []struct{ Status string }
				Answer                  *string
			}](t, resp)
			if got.Reference != r.Reference || got.Status != "queued" || len(got.History) != 2 || got.Answer != nil {
				t.Fatalf("status body %+v", got)
			}
			if strings.Contains(resp.Body, "张三") || strings.Contains(resp.Body, "tokenHash") {
				t.Errorf("status shows private data: %s", resp.Body)
			}
		})
	}
	for _, b := range notFoundBodies[1:] {
		if b != notFoundBodies[0] {
			t.Errorf("404 bodies differ: %s vs %s", b, notFoundBodies[0])
		}
	}
}
