package apitest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/api/apitest"
)

const receipt = `{"reference":"C-7K3Q-9MX2","statusToken":"3EHBwv3klq74yjEAXG0dUw","kind":"consultation",
"status":"queued","agency":{"code":"public-security","name":"普陀公安分局"},"submittedAt":"2026-11-26T16:11:10.77236648Z"}`

const consultation = `{"company":{"name":"上海某网络科技有限公司","creditCode":"91310107MA1G8K3Q33","industry":"gaming"},
"contact":{"name":"张三","title":"法务总监","mobile":"13812345678","email":"legal@example.com"},
"language":"zh-CN","consent":{"accepted":true,"version":"2026-11"},
"incident":{"role":"victim","category":"online-fraud","occurredOn":"2026-11-01","discoveredOn":"2026-11-03",
"title":"t","description":"d","reportedToPolice":false,"policeCaseNumber":"","measures":["none"],
"operationsImpact":"minor","estimatedLossCny":120000,"urgency":"normal","urgencyReason":"","questions":"q"}}`

func post(body string, headers ...string) events.APIGatewayV2HTTPRequest {
	h := map[string]string{"content-type": "application/json"}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	return events.APIGatewayV2HTTPRequest{
		RouteKey: "POST /v1/consultations", RawPath: "/v1/consultations", Headers: h, Body: body,
	}
}

func answer(status int, body string, headers ...string) events.APIGatewayV2HTTPResponse {
	h := map[string]string{"Content-Type": "application/json; charset=utf-8", "X-Correlation-Id": "c1"}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Headers: h, Body: body}
}

func TestValidate(t *testing.T) {
	invalid := `{"error":{"code":"invalid","message":"m","fields":[{"field":"company","code":"required","message":"m"}]}}`
	tests := []struct {
		name string
		req  events.APIGatewayV2HTTPRequest
		resp events.APIGatewayV2HTTPResponse
		want string // in the error; "" for none
	}{
		{"receipt", post(consultation), answer(201, receipt, "Location", "/v1/submissions/C-7K3Q-9MX2"), ""},
		{"replayed receipt", post(consultation, "idempotency-key", "k1"),
			answer(201, receipt, "Location", "/v1/submissions/C-7K3Q-9MX2", "Idempotent-Replayed", "true"), ""},
		{"field errors for a broken body", post(`{"company":1}`), answer(400, invalid), ""},
		{"503 with Retry-After", post(consultation),
			answer(503, `{"error":{"code":"unavailable","message":"m"}}`, "Retry-After", "5"), ""},

		{"route not in the document", events.APIGatewayV2HTTPRequest{RouteKey: "GET /v1/nothing"},
			answer(200, `{}`), `route "GET /v1/nothing" is not in the document`},
		{"no route key", events.APIGatewayV2HTTPRequest{}, answer(200, `{}`), "no route key"},
		{"receipt without Location", post(consultation), answer(201, receipt), `"Location" missing`},
		{"receipt missing a field", post(consultation),
			answer(201, strings.Replace(receipt, `"kind":"consultation",`, "", 1), "Location", "/x"), `"kind" is missing`},
		{"status the operation does not declare", post(consultation), answer(422, invalid), "status is not supported"},
		{"a 500", post(consultation), answer(500, `{"error":{"code":"internal","message":"m"}}`), "no 5xx but 503"},
		{"503 without Retry-After", post(consultation),
			answer(503, `{"error":{"code":"unavailable","message":"m"}}`), `"Retry-After" missing`},
		{"unknown field error code", post(`{}`),
			answer(400, strings.Replace(invalid, `"required"`, `"nope"`, 1)), "/error/fields/0/code"},
		{"201 for a body the document refuses", post(`{"company":{}}`),
			answer(201, receipt, "Location", "/x"), "accepted a request that the document does not allow"},
		{"201 for an over-long Idempotency-Key", post(consultation, "idempotency-key", strings.Repeat("k", 65)),
			answer(201, receipt, "Location", "/x"), "Idempotency-Key"},
		{"status without its token", events.APIGatewayV2HTTPRequest{
			RouteKey: "GET /v1/submissions/{reference}", RawPath: "/v1/submissions/C-7K3Q-9MX2",
			PathParameters: map[string]string{"reference": "C-7K3Q-9MX2"},
		}, answer(200, `{}`), "X-Status-Token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := apitest.Validate(tt.req, tt.resp)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("passed, want an error with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error does not say %q:\n%v", tt.want, err)
			}
		})
	}
}

// Check reports through t; a fake t shows that it fails the test it is given.
func TestCheckFailsTheTest(t *testing.T) {
	ft := &fakeT{}
	apitest.Check(ft, post(consultation), answer(500, `{}`))
	if !ft.failed || !strings.Contains(ft.msg, "POST /v1/consultations -> 500") {
		t.Errorf("Check did not fail the test with the route and status: failed=%v %q", ft.failed, ft.msg)
	}
}

type fakeT struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.failed = true
	f.msg = format
	if len(args) > 0 {
		f.msg = strings.TrimSpace(strings.SplitN(fmt.Sprintf(format, args...), "\n", 2)[0])
	}
}
