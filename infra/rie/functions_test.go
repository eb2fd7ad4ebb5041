package rie_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/rie"
)

// want is what a sample event must get back from its function.
type want struct {
	status  int
	code    string       // error.code of a JSON error
	fields  []string     // "path:code" field errors that must be among those given
	receipt *receiptWant // a 201's receipt
	html    string       // text an HTML page must contain
	goes    string       // a redirect's Location
	payload string       // the raw payload of a non-HTTP function
}

type receiptWant struct {
	kind, agency, prefix string
}

// expectations cover every file in events/; TestSampleEvents fails on a sample
// event that has none, so a new one gets its expectation when it is added.
var expectations = map[string]want{
	"status-unknown.json":              {status: 404, code: "not-found"},
	"submit-consultation.json":         {status: 201, receipt: &receiptWant{"consultation", "public-security", "C-"}},
	"submit-consultation-en.json":      {status: 201, receipt: &receiptWant{"consultation", "public-security", "C-"}},
	"submit-training.json":             {status: 201, receipt: &receiptWant{"training", "cyberspace", "T-"}},
	"submit-consultation-invalid.json": {status: 400, code: "invalid", fields: []string{"company.creditCode:credit-code-check", "contact.mobile:invalid-format", "incident.urgencyReason:required"}},
	"submit-training-invalid.json":     {status: 400, code: "invalid", fields: []string{"training.attendees:out-of-range", "training.primaryTopic:not-in-topics"}},
	"submit-malformed.json":            {status: 400, code: "invalid"},
	"submit-not-json.json":             {status: 415, code: "unsupported-media-type"},
	"web-home.json":                    {status: 200, html: "<html"},
	"web-consultation-post.json":       {status: 200, html: "<html"},
	"redispatch-scheduled.json":        {payload: "null"},
	"retention-scheduled.json":         {payload: "null"},
	// Both fail: the queue is another stack's (env.json's, for sam local
	// invoke) and the second message is poison; the response names them.
	"inbox-batch.json":                   {payload: `{"batchItemFailures":[{"itemIdentifier":"0f3c6a52-1d2e-4b7a-9c8d-000000000001"},{"itemIdentifier":"0f3c6a52-1d2e-4b7a-9c8d-000000000002"}]}`},
	"staff-claim.json":                   {status: 204},
	"staff-list.json":                    {status: 200},
	"staff-metrics.json":                 {status: 200},
	"staff-read-unknown.json":            {status: 404, code: "not-found"},
	"staff-answer.json":                  {status: 404, code: "not-found"},
	"staff-answer-without-if-match.json": {status: 428, code: "precondition-required"},
	"staff-audit.json":                   {status: 404, code: "not-found"},
	// The staff console: its pages, signed out, send to sign-in; a post
	// without its CSRF token is refused; a wrong password is checked against
	// the pool (moto's Cognito) and counted in the table.
	"console-login.json":                {status: 200, html: "Staff sign-in"},
	"console-overview-signed-out.json":  {status: 303, goes: "/staff/login?lang=zh-CN"},
	"console-item-signed-out.json":      {status: 303, goes: "/staff/login?lang=zh-CN"},
	"console-login-without-token.json":  {status: 403, html: "页面已过期"},
	"console-login-wrong-password.json": {status: 401, html: "用户名或密码不正确"},
}

// TestSampleEvents does what `sam local invoke` does with each sample event:
// runs the function's built bootstrap under the Runtime Interface Emulator
// (one emulator per function, so later events find it warm) against moto.
func TestSampleEvents(t *testing.T) {
	byFunction := sampleEvents(t)
	for _, id := range sortedKeys(byFunction) {
		t.Run(id, func(t *testing.T) {
			p := start(t, id)
			for _, name := range byFunction[id] {
				t.Run(name, func(t *testing.T) {
					w, ok := expectations[name]
					if !ok {
						t.Fatalf("events/%s has no expectation in this test; add one", name)
					}
					payload := invoke(t, p, loadEvent(t, name))
					check(t, w, payload)
				})
			}
			if _, err := p.InitDuration(); err != nil {
				t.Error(err)
			}
		})
	}
}

// A submission stored through one emulated function is visible through another,
// and an Idempotency-Key replays the same receipt from a warm function.
func TestSubmitThenStatus(t *testing.T) {
	submit, status := start(t, "SubmitFunction"), start(t, "StatusFunction")
	ev := loadEvent(t, "submit-consultation-en.json")
	var req events.APIGatewayV2HTTPRequest
	mustUnmarshal(t, ev, &req)
	req.Headers["idempotency-key"] = "rie-" + time.Now().Format("150405.000000")
	first := decodeResponse(t, invoke(t, submit, mustMarshal(t, req)))
	again := decodeResponse(t, invoke(t, submit, mustMarshal(t, req)))
	if first.StatusCode != 201 || again.StatusCode != 201 {
		t.Fatalf("statuses %d, %d: %s", first.StatusCode, again.StatusCode, again.Body)
	}
	var r1, r2 struct{ Reference, StatusToken string }
	mustUnmarshal(t, []byte(first.Body), &r1)
	mustUnmarshal(t, []byte(again.Body), &r2)
	if r1 != r2 {
		t.Fatalf("replayed receipt %+v, want %+v", r2, r1)
	}

	var get events.APIGatewayV2HTTPRequest
	mustUnmarshal(t, loadEvent(t, "status-unknown.json"), &get)
	get.PathParameters["reference"] = r1.Reference
	get.RawPath = "/v1/submissions/" + r1.Reference
	get.Headers["x-status-token"] = r1.StatusToken
	resp := decodeResponse(t, invoke(t, status, mustMarshal(t, get)))
	var body struct{ Reference, Status string }
	mustUnmarshal(t, []byte(resp.Body), &body)
	if resp.StatusCode != 200 || body.Reference != r1.Reference || body.Status != "queued" {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
}

// sampleEvents maps each function to the files in events/ that it serves: an API
// event by its routeKey among the template's routes, a scheduled event to the
// functions with a Schedule event.
func sampleEvents(t *testing.T) map[string][]string {
	t.Helper()
	routes := map[string]string{}
	for _, r := range tmpl.Routes() {
		routes[r.Key()] = r.Function
	}
	files, err := filepath.Glob(filepath.Join(repo, "events", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample events (%v)", err)
	}
	out := map[string][]string{}
	for _, f := range files {
		name := filepath.Base(f)
		var ev struct {
			RouteKey   string   `json:"routeKey"`
			DetailType string   `json:"detail-type"`
			Resources  []string `json:"resources"`
			Records    []struct {
				EventSource string `json:"eventSource"`
			} `json:"Records"`
		}
		mustUnmarshal(t, loadEvent(t, name), &ev)
		var fns []string
		switch {
		case ev.RouteKey != "":
			if fn, ok := routes[ev.RouteKey]; ok {
				fns = []string{fn}
			}
		case ev.DetailType == "Scheduled Event":
			// The function whose rule fired: SAM names a schedule's rule after
			// the function's logical ID.
			for _, id := range scheduled() {
				if slices.ContainsFunc(ev.Resources, func(r string) bool { return strings.Contains(r, "/"+stackPrefix+id) }) {
					fns = append(fns, id)
				}
			}
		case len(ev.Records) > 0 && ev.Records[0].EventSource == "aws:sqs":
			fns = polled()
		}
		if len(fns) == 0 {
			t.Errorf("events/%s belongs to no function of template.yaml", name)
		}
		for _, fn := range fns {
			out[fn] = append(out[fn], name)
		}
	}
	return out
}

// stackPrefix starts the sample events' rule names: the stack's name.
const stackPrefix = "compliance-intake-"

// scheduled lists the functions with a Schedule event.
func scheduled() []string {
	var ids []string
	for _, id := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		evs, _ := tmpl.Resources[id].Properties["Events"].(map[string]any)
		for _, e := range evs {
			if ev, _ := e.(map[string]any); ev["Type"] == "Schedule" {
				ids = append(ids, id)
				break
			}
		}
	}
	return ids
}

// polled lists the functions that an SQS event source mapping invokes.
func polled() []string {
	var ids []string
	for _, id := range tmpl.ResourcesOfType("AWS::Lambda::EventSourceMapping") {
		ref, _ := tmpl.Resources[id].Properties["FunctionName"].(map[string]any)
		if fn, _ := ref["Ref"].(string); fn != "" && !slices.Contains(ids, fn) {
			ids = append(ids, fn)
		}
	}
	return ids
}

// start runs a function under the emulator until the test ends.
func start(t *testing.T, id string) *rie.Process {
	t.Helper()
	bootstrap, ok := bootstraps[id]
	if !ok {
		t.Fatalf("no bootstrap built for %s", id)
	}
	p, err := emulator.Start(context.Background(), bootstrap, functionEnv(t, id))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("emulator log of %s:\n%s", id, p.Logs())
		}
		p.Stop()
	})
	return p
}

func invoke(t *testing.T, p *rie.Process, event []byte) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	status, payload, err := p.Invoke(ctx, event)
	if err != nil {
		t.Fatal(err)
	}
	if status != 200 {
		t.Fatalf("emulator answered %d: %s", status, payload)
	}
	return payload
}

func check(t *testing.T, w want, payload []byte) {
	t.Helper()
	if w.payload != "" {
		if got := strings.TrimSpace(string(payload)); got != w.payload {
			t.Fatalf("payload %s, want %s", got, w.payload)
		}
		return
	}
	resp := decodeResponse(t, payload)
	if resp.StatusCode != w.status {
		t.Fatalf("status %d, want %d: %.400s", resp.StatusCode, w.status, resp.Body)
	}
	switch {
	case w.receipt != nil:
		var r struct {
			Reference, StatusToken, Kind, Status string
			Agency                               struct{ Code, Name string }
			SubmittedAt                          time.Time
		}
		mustUnmarshal(t, []byte(resp.Body), &r)
		if !strings.HasPrefix(r.Reference, w.receipt.prefix) || r.StatusToken == "" || r.Kind != w.receipt.kind ||
			r.Status != "queued" || r.Agency.Code != w.receipt.agency || r.Agency.Name == "" || r.SubmittedAt.IsZero() {
			t.Fatalf("receipt %s, want kind %s, agency %s, status queued", resp.Body, w.receipt.kind, w.receipt.agency)
		}
	case w.code != "":
		var e struct {
			Error struct {
				Code    string
				Message string
				Fields  []struct{ Field, Code, Message string }
			}
		}
		mustUnmarshal(t, []byte(resp.Body), &e)
		if e.Error.Code != w.code || e.Error.Message == "" {
			t.Fatalf("error %s, want code %s", resp.Body, w.code)
		}
		var got []string
		for _, f := range e.Error.Fields {
			got = append(got, f.Field+":"+f.Code)
		}
		for _, f := range w.fields {
			if !slices.Contains(got, f) {
				t.Errorf("field error %s missing; got %v", f, got)
			}
		}
	case w.goes != "":
		if got := header(resp, "location"); got != w.goes {
			t.Errorf("Location %q, want %q", got, w.goes)
		}
	case w.html != "":
		if ct := header(resp, "content-type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("content type %q, want text/html", ct)
		}
		if !strings.Contains(resp.Body, w.html) {
			t.Errorf("page lacks %q: %.400s", w.html, resp.Body)
		}
	}
}

func header(resp events.APIGatewayV2HTTPResponse, name string) string {
	for k, v := range resp.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

func decodeResponse(t *testing.T, payload []byte) events.APIGatewayV2HTTPResponse {
	t.Helper()
	var resp events.APIGatewayV2HTTPResponse
	mustUnmarshal(t, payload, &resp)
	if resp.StatusCode == 0 {
		t.Fatalf("not an HTTP API response: %s", payload)
	}
	return resp
}

// loadEvent reads a sample event, a training request's dates made current.
func loadEvent(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "events", name))
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if json.Unmarshal(b, &req) != nil || req.IsBase64Encoded || req.Body == "" {
		return b
	}
	current := localtest.CurrentDates(req.Body)
	if current == req.Body {
		return b
	}
	req.Body = current
	return mustMarshal(t, req)
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %.300s", err, b)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
