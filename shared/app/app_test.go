package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/infra/local/samtemplate"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

var (
	local   *localtest.Env
	motoURL string
	stack   *provision.Stack
	quiet   = logrus.New()
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

// run is TestMain's body, so the deferred Stop runs before os.Exit.
func run(m *testing.M) int {
	quiet.SetOutput(io.Discard)
	env, err := localtest.Start(context.Background(), "../../template.yaml", "app-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, "app tests need moto_server:", err)
		return 1
	}
	defer env.Stop()
	local, motoURL, stack = env, env.URL, env.Stack
	return m.Run()
}

// envFor is a function's environment: what the template sets, the AWS variables
// Lambda sets, and overrides.
func envFor(fnEnv map[string]string, overrides ...string) func(string) string {
	env := map[string]string{
		"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_ENDPOINT_URL": motoURL,
	}
	for k, v := range fnEnv {
		env[k] = v
	}
	for i := 0; i+1 < len(overrides); i += 2 {
		env[overrides[i]] = overrides[i+1]
	}
	return func(k string) string { return env[k] }
}

func handler(t testing.TB, fn string, overrides ...string) (func(events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse, func(string) string) {
	t.Helper()
	return handlerLogging(t, fn, quiet, overrides...)
}

// handlerLogging builds a function as its main does, logging to log.
func handlerLogging(t testing.TB, fn string, log *logrus.Logger, overrides ...string) (func(events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse, func(string) string) {
	t.Helper()
	fnEnv, err := stack.FunctionEnv(fn)
	if err != nil {
		t.Fatal(err)
	}
	getenv := envFor(fnEnv, overrides...)
	h, err := app.HTTPFunctions[fn](getenv, log)
	if err != nil {
		t.Fatalf("build %s: %v", fn, err)
	}
	return func(req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
		resp, err := h(context.Background(), req)
		if err != nil {
			t.Fatalf("%s returned an error: %v", fn, err)
		}
		return resp
	}, getenv
}

var isoDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// event loads a sample event, its training dates made current.
func event(t testing.TB, name string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	b, err := os.ReadFile("../../events/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	req.Body = localtest.CurrentDates(req.Body)
	return req
}

type receipt struct {
	Reference, StatusToken, Status string
	Agency                         struct{ Code string }
}

func decode[T any](t testing.TB, resp events.APIGatewayV2HTTPResponse) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(resp.Body), &v); err != nil {
		t.Fatalf("%d %q: %v", resp.StatusCode, resp.Body, err)
	}
	return v
}

func clients(getenv func(string) string) (*dynamodb.Client, *sqs.Client) {
	cfg, _ := awsenv.Config(getenv)
	return dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
}

func queueURL(getenv func(string) string, code string) string {
	return getenv(queueurls.EnvName(agency.Code(code)))
}

// receiveAll drains a queue and returns the bodies of the messages with reference.
func receiveFor(t *testing.T, q *sqs.Client, url, reference string) []string {
	t.Helper()
	var found []string
	for range 5 {
		out, err := q.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			break
		}
		for _, m := range out.Messages {
			if strings.Contains(*m.Body, reference) {
				found = append(found, *m.Body)
			}
			q.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle})
		}
	}
	return found
}

func storedItem(t *testing.T, d *dynamodb.Client, getenv func(string) string, ref string) map[string]ddbtypes.AttributeValue {
	t.Helper()
	out, err := d.GetItem(context.Background(), &dynamodb.GetItemInput{
		TableName: aws.String(getenv("TABLE_NAME")),
		Key:       dynamostore.SubmissionKey(ref),
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

func TestSubmitEndToEnd(t *testing.T) {
	tests := []struct {
		event      string
		wantAgency string
	}{
		{"submit-consultation.json", "public-security"},
		{"submit-training.json", "cyberspace"},
	}
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			submit, getenv := handler(t, "SubmitFunction")
			resp := submit(event(t, tt.event))
			if resp.StatusCode != 201 {
				t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
			}
			r := decode[receipt](t, resp)
			if r.Status != "queued" || r.Agency.Code != tt.wantAgency {
				t.Fatalf("receipt %+v", r)
			}
			d, q := clients(getenv)
			item := storedItem(t, d, getenv, r.Reference)
			if item == nil {
				t.Fatal("not stored")
			}
			if _, pending := item[dynamostore.AttrDispatch]; pending {
				t.Error("stored item still marked pending")
			}
			msgs := receiveFor(t, q, queueURL(getenv, tt.wantAgency), r.Reference)
			if len(msgs) != 1 {
				t.Fatalf("%d messages on %s's queue, want 1", len(msgs), tt.wantAgency)
			}
			if !strings.Contains(msgs[0], `"schema":"intake.submission.v1"`) || strings.Contains(msgs[0], "example.com") {
				t.Errorf("message %s", msgs[0])
			}

			status, _ := handler(t, "StatusFunction")
			req := event(t, "status-unknown.json")
			req.PathParameters["reference"] = r.Reference
			req.Headers["x-status-token"] = r.StatusToken
			if resp := status(req); resp.StatusCode != 200 || !strings.Contains(resp.Body, `"status":"queued"`) {
				t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
			}
		})
	}
}

// With SQS unreachable the firm still gets its receipt; the submission waits as
// pending, and the re-dispatch queues it once SQS is back.
func TestSubmitWhileQueueDown(t *testing.T) {
	submit, getenv := handler(t, "SubmitFunction", "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1")
	resp := submit(event(t, "submit-training.json"))
	if resp.StatusCode != 201 {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	r := decode[receipt](t, resp)
	if r.Status != "received" {
		t.Fatalf("status %q, want received", r.Status)
	}
	_, up := handler(t, "SubmitFunction")
	d, q := clients(up)
	if item := storedItem(t, d, getenv, r.Reference); item[dynamostore.AttrDispatch] == nil {
		t.Fatalf("stored item not marked pending: %v", item)
	}
	fnEnv, err := stack.FunctionEnv("RedispatchFunction")
	if err != nil {
		t.Fatal(err)
	}
	redispatch, err := app.ScheduledFunctions["RedispatchFunction"](envFor(fnEnv, "REDISPATCH_GRACE", "0s"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := redispatch(context.Background(), events.EventBridgeEvent{}); err != nil {
		t.Fatalf("re-dispatch: %v", err)
	}
	if msgs := receiveFor(t, q, queueURL(up, r.Agency.Code), r.Reference); len(msgs) != 1 {
		t.Fatalf("%d messages after re-dispatch, want 1", len(msgs))
	}
	if item := storedItem(t, d, getenv, r.Reference); item[dynamostore.AttrDispatch] != nil {
		t.Fatal("still pending after re-dispatch")
	}
}

func TestSubmitWhileStoreDown(t *testing.T) {
	submit, getenv := handler(t, "SubmitFunction", "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1")
	resp := submit(event(t, "submit-consultation.json"))
	if resp.StatusCode != 503 || resp.Headers["Retry-After"] == "" {
		t.Fatalf("status %d (Retry-After %q): %s", resp.StatusCode, resp.Headers["Retry-After"], resp.Body)
	}
	_, q := clients(getenv)
	url := queueURL(getenv, "public-security")
	out, _ := q.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10})
	if len(out.Messages) != 0 {
		t.Fatalf("%d messages queued for an unstored submission", len(out.Messages))
	}
}

func TestConcurrentDuplicateSubmissions(t *testing.T) {
	submit, getenv := handler(t, "SubmitFunction")
	const n = 12
	refs := make([]string, n)
	key := fmt.Sprintf("dup-%d", time.Now().UnixNano())
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			req := event(t, "submit-consultation.json")
			req.Headers["idempotency-key"] = key
			resp := submit(req)
			if resp.StatusCode != 201 {
				t.Errorf("request %d: %d %s", i, resp.StatusCode, resp.Body)
				return
			}
			refs[i] = decode[receipt](t, resp).Reference
		})
	}
	wg.Wait()
	for i := range refs {
		if refs[i] != refs[0] {
			t.Fatalf("references differ: %v", refs)
		}
	}
	_, q := clients(getenv)
	if msgs := receiveFor(t, q, queueURL(getenv, "public-security"), refs[0]); len(msgs) != 1 {
		t.Fatalf("%d messages for one submission, want 1", len(msgs))
	}
}

// A function without its configuration does not build, and the error names
// every missing or malformed variable, not only the first.
func TestMissingConfiguration(t *testing.T) {
	queues := []string{"QUEUE_URL_Procuratorate", "QUEUE_URL_PublicSecurity", "QUEUE_URL_ScienceTech",
		"QUEUE_URL_Cyberspace", "QUEUE_URL_IndustryAssociation"}
	tests := []struct {
		fn        string
		overrides []string
		want      []string
	}{
		{"StatusFunction", nil, []string{"TABLE_NAME"}},
		{"SubmitFunction", nil, append(append([]string{"TABLE_NAME"}, queues...), "SECRET_ID")},
		{"WebFunction", nil, append(append([]string{"TABLE_NAME"}, queues...), "SECRET_ID")},
		{"InboxFunction", nil, append([]string{"TABLE_NAME"}, queues...)},
		{"RedispatchFunction", []string{"REDISPATCH_GRACE", "soon"}, append([]string{"TABLE_NAME"}, append(queues, "REDISPATCH_GRACE")...)},
		{"StatusFunction", []string{"AWS_REGION", "", "AWS_SECRET_ACCESS_KEY", ""}, []string{"AWS_REGION", "AWS_SECRET_ACCESS_KEY", "TABLE_NAME"}},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			err := allFunctions()[tt.fn](envFor(nil, tt.overrides...))
			var cerr *envconfig.Error
			if !errors.As(err, &cerr) {
				t.Fatalf("err = %v, want an *envconfig.Error", err)
			}
			if got := cerr.Names(); !slices.Equal(got, tt.want) {
				t.Errorf("names %v, want %v", got, tt.want)
			}
		})
	}
}

// Every function in template.yaml can be built from the registry, with the
// environment the template gives it.
func TestRegistryCoversTemplate(t *testing.T) {
	tmpl, err := samtemplate.Load("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range tmpl.ResourcesOfType("AWS::Serverless::Function") {
		fnEnv, err := stack.FunctionEnv(id)
		if err != nil {
			t.Fatal(err)
		}
		build, ok := allFunctions()[id]
		if !ok {
			t.Errorf("%s is in template.yaml but not in package app", id)
			continue
		}
		if err := build(envFor(fnEnv)); err != nil {
			t.Errorf("build %s: %v", id, err)
		}
	}
}

// What each function reads is what template.yaml sets it, and README.md's
// Configuration section documents every variable read: the three cannot drift.
func TestConfigurationInStep(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, doc, _ := strings.Cut(string(b), "\n## Configuration\n")
	doc, _, _ = strings.Cut(doc, "\n## ")
	// Set by the template's Globals but not read by the wiring: LOG_LEVEL is read
	// by main, STAGE by no function (it is for operators), and StatusFunction
	// emits no metrics.
	unread := func(id, k string) bool {
		return k == "LOG_LEVEL" || k == "STAGE" || (id == "StatusFunction" && k == "METRICS_NAMESPACE")
	}
	for _, id := range slices.Sorted(maps.Keys(allFunctions())) {
		t.Run(id, func(t *testing.T) {
			fnEnv, err := stack.FunctionEnv(id)
			if err != nil {
				t.Fatal(err)
			}
			env := envFor(fnEnv)
			read := map[string]bool{}
			if err := allFunctions()[id](func(k string) string { read[k] = true; return env(k) }); err != nil {
				t.Fatalf("build: %v", err)
			}
			for k := range fnEnv {
				if !read[k] && !unread(id, k) {
					t.Errorf("template.yaml sets %s, which the function does not read", k)
				}
			}
			for k := range read {
				name := k
				for _, family := range []string{"QUEUE_URL_", "AWS_ENDPOINT_URL_"} {
					if strings.HasPrefix(k, family) {
						name = family + map[string]string{"QUEUE_URL_": "<AgencyId>", "AWS_ENDPOINT_URL_": "<SERVICE>"}[family]
					}
				}
				if !strings.Contains(doc, "`"+name+"`") {
					t.Errorf("README.md's Configuration does not document %s", name)
				}
			}
		})
	}
}

// allFunctions builds each function of the registry from getenv, by logical ID.
func allFunctions() map[string]func(getenv func(string) string) error {
	all := map[string]func(func(string) string) error{}
	for id, build := range app.HTTPFunctions {
		all[id] = func(getenv func(string) string) error { _, err := build(getenv, quiet); return err }
	}
	for id, build := range app.ScheduledFunctions {
		all[id] = func(getenv func(string) string) error { _, err := build(getenv, quiet); return err }
	}
	for id, build := range app.SQSFunctions {
		all[id] = func(getenv func(string) string) error { _, err := build(getenv, quiet); return err }
	}
	return all
}
