package app_test

// The staff side as the functions' mains build it (submit, inbox, staff,
// status), against DynamoDB, SQS and SES on moto, each test on a stack of its
// own: isolation between agencies on every staff route, claims and moves under
// concurrency, transfers, the audit trail, and what reaches the logs. Every
// staff answer is held to api/openapi.yaml.

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/api/apitest"
	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/infra/local/moto"
	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/logging"
)

type httpFn func(events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse

// world is a stack of its own with the functions a staff flow goes through.
type world struct {
	t      *testing.T
	stack  *provision.Stack
	logs   *localtest.SyncBuffer
	submit httpFn
	status httpFn
	staff  httpFn
	inbox  app.SQSHandler
	sqs    *sqs.Client
}

func newWorld(t *testing.T) *world {
	t.Helper()
	s, err := local.Deploy(context.Background(), "staff-test")
	if err != nil {
		t.Fatal(err)
	}
	return newWorldOn(t, s)
}

// newWorldOn builds the functions of the stack s, their environments with
// overrides (name, value, ...).
func newWorldOn(t *testing.T, s *provision.Stack, overrides ...string) *world {
	t.Helper()
	w := &world{t: t, stack: s, logs: &localtest.SyncBuffer{}}
	build := func(id string) func(string) string {
		fnEnv, err := s.FunctionEnv(id)
		if err != nil {
			t.Fatal(err)
		}
		return envFor(fnEnv, overrides...)
	}
	log := logging.New(w.logs, "info")
	for id, fn := range map[string]*httpFn{"SubmitFunction": &w.submit, "StatusFunction": &w.status, "StaffFunction": &w.staff} {
		h, err := app.HTTPFunctions[id](build(id), log)
		if err != nil {
			t.Fatal(err)
		}
		*fn = func(req events.APIGatewayV2HTTPRequest) events.APIGatewayV2HTTPResponse {
			resp, err := h(context.Background(), req)
			if err != nil {
				t.Fatalf("%s returned an error: %v", id, err)
			}
			return resp
		}
	}
	getenv := build("InboxFunction")
	var err error
	if w.inbox, err = app.SQSFunctions["InboxFunction"](getenv, log); err != nil {
		t.Fatal(err)
	}
	cfg, err := awsenv.Config(getenv)
	if err != nil {
		t.Fatal(err)
	}
	w.sqs = sqs.NewFromConfig(cfg)
	return w
}

// submitted sends a sample form (the consultation goes to public-security, the
// training request to cyberspace) and returns its receipt.
func (w *world) submitted(sample string) receipt {
	w.t.Helper()
	resp := w.submit(event(w.t, sample))
	if resp.StatusCode != 201 {
		w.t.Fatalf("submit %s: %d %s", sample, resp.StatusCode, resp.Body)
	}
	return decode[receipt](w.t, resp)
}

// deliver hands every message on the agency queues to the inbox, as the event
// source would, batch by batch, deleting what it did not return as failed.
func (w *world) deliver() {
	w.t.Helper()
	ctx := context.Background()
	for _, id := range []string{"ProcuratorateQueue", "PublicSecurityQueue", "ScienceTechQueue", "CyberspaceQueue", "IndustryAssociationQueue"} {
		url := w.stack.Ref(id)
		for {
			out, err := w.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10})
			if err != nil {
				w.t.Fatal(err)
			}
			if len(out.Messages) == 0 {
				break
			}
			var ev events.SQSEvent
			for _, m := range out.Messages {
				ev.Records = append(ev.Records, events.SQSMessage{MessageId: *m.MessageId, ReceiptHandle: *m.ReceiptHandle, Body: *m.Body,
					EventSource: "aws:sqs", EventSourceARN: "arn:aws:sqs:us-east-1:123456789012:" + path.Base(url)})
			}
			resp, err := w.inbox(ctx, ev)
			if err != nil || len(resp.BatchItemFailures) > 0 {
				w.t.Fatalf("inbox: %v, %v", resp, err)
			}
			for _, m := range out.Messages {
				w.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle})
			}
		}
	}
}

// A staff member's verified token, as the JWT authorizer hands it over.
type token map[string]string

func staffOf(sub, agency string, groups ...string) token {
	return token{"sub": sub, "custom:agency": agency, "cognito:groups": "[" + strings.Join(append([]string{"staff"}, groups...), " ") + "]", "token_use": "id"}
}

var (
	psStaff  = staffOf("11111111-ps", "public-security")
	psOther  = staffOf("22222222-ps", "public-security")
	psSuper  = staffOf("33333333-ps", "public-security", "supervisor")
	cyStaff  = staffOf("44444444-cy", "cyberspace")
	cySuper  = staffOf("55555555-cy", "cyberspace", "supervisor")
	noAgency = token{"sub": "66666666-xx", "cognito:groups": "[staff supervisor]"}
)

// call sends a staff request and holds it and its answer to the contract.
// routeKey's {reference} is filled from ref; body, when set, is JSON.
func (w *world) call(tok token, routeKey, ref string, body any, headers ...string) events.APIGatewayV2HTTPResponse {
	w.t.Helper()
	method, route, _ := strings.Cut(routeKey, " ")
	p := strings.Replace(route, "{reference}", ref, 1)
	req := events.APIGatewayV2HTTPRequest{
		RouteKey: routeKey, RawPath: p,
		Headers: map[string]string{"authorization": "Bearer test-token", "accept-language": "en"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			RouteKey: routeKey, RequestID: fmt.Sprintf("staff-%s-%d", method, len(w.logs.String())),
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: method, Path: p},
		},
	}
	if tok != nil {
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: tok}}
	}
	if strings.Contains(route, "{reference}") {
		req.PathParameters = map[string]string{"reference": ref}
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if strings.HasPrefix(headers[i], "?") {
			if req.QueryStringParameters == nil {
				req.QueryStringParameters = map[string]string{}
			}
			req.QueryStringParameters[headers[i][1:]] = headers[i+1]
			continue
		}
		req.Headers[headers[i]] = headers[i+1]
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			w.t.Fatal(err)
		}
		req.Body, req.Headers["content-type"] = string(b), "application/json"
	}
	resp := w.staff(req)
	apitest.Check(w.t, req, resp)
	return resp
}

const (
	listRoute    = "GET /v1/staff/submissions"
	claimRoute   = "POST /v1/staff/claims"
	readRoute    = "GET /v1/staff/submissions/{reference}"
	actRoute     = "POST /v1/staff/submissions/{reference}/actions"
	metricsRoute = "GET /v1/staff/metrics"
	auditRoute   = "GET /v1/staff/submissions/{reference}/audit"
	exportRoute  = "GET /v1/staff/export.csv"
)

type staffView struct {
	Reference, Status, ETag string
	Version                 int64
	Agency                  struct{ Code string }
	Claim                   *struct{ By string }
	History                 []struct{ Action, Actor, Internal, Note string }
	Form                    []struct{ Field, Label, Text string }
}

func (w *world) view(resp events.APIGatewayV2HTTPResponse, want int) staffView {
	w.t.Helper()
	if resp.StatusCode != want {
		w.t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, resp.Body)
	}
	v := decode[staffView](w.t, resp)
	v.ETag = resp.Headers["ETag"]
	return v
}

func (w *world) claim(tok token) staffView {
	w.t.Helper()
	return w.view(w.call(tok, claimRoute, "", nil), 200)
}

func (w *world) act(tok token, ref, etag string, body map[string]any) events.APIGatewayV2HTTPResponse {
	w.t.Helper()
	return w.call(tok, actRoute, ref, body, "if-match", etag)
}

func TestStaffFlow(t *testing.T) {
	w := newWorld(t)
	r := w.submitted("submit-consultation.json")
	if resp := w.call(psStaff, claimRoute, "", nil); resp.StatusCode != 204 {
		t.Fatalf("claim before the inbox listed it: %d", resp.StatusCode)
	}
	w.deliver()

	got := w.claim(psStaff)
	if got.Reference != r.Reference || got.Status != "in-review" || got.Claim == nil || got.Claim.By != psStaff["sub"] || got.ETag != fmt.Sprintf(`"%d"`, got.Version) {
		t.Fatalf("claimed %+v", got)
	}
	if len(got.Form) == 0 || got.Form[0].Field != "company.name" || got.Form[0].Label != "Company name" {
		t.Errorf("form %+v, want the catalog's English labels", got.Form)
	}
	read := w.view(w.call(psStaff, readRoute, strings.ToLower(r.Reference), nil), 200)
	if read.Version != got.Version || read.ETag != got.ETag {
		t.Errorf("read %+v", read)
	}

	t.Run("an action needs the version", func(t *testing.T) {
		note := map[string]any{"action": "note", "note": "called the firm"}
		if resp := w.call(psStaff, actRoute, r.Reference, note); resp.StatusCode != 428 {
			t.Errorf("no If-Match: %d %s", resp.StatusCode, resp.Body)
		}
		if resp := w.act(psStaff, r.Reference, `"1"`, note); resp.StatusCode != 412 {
			t.Errorf("stale If-Match: %d %s", resp.StatusCode, resp.Body)
		}
		if resp := w.act(psStaff, r.Reference, "soon", note); resp.StatusCode != 400 {
			t.Errorf("malformed If-Match: %d %s", resp.StatusCode, resp.Body)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		tests := []struct {
			name     string
			by       token
			body     map[string]any
			want     int
			wantCode string
		}{
			{"close from review", psStaff, map[string]any{"action": "close"}, 409, "invalid-transition"},
			{"schedule a consultation", psStaff, map[string]any{"action": "schedule", "schedule": map[string]any{"at": "2030-01-01T09:00:00Z"}}, 409, "wrong-kind"},
			{"not the holder", psOther, map[string]any{"action": "answer", "answer": map[string]any{"public": "x"}}, 403, "actor-not-allowed"},
			{"reject without a reason", psStaff, map[string]any{"action": "reject"}, 400, "invalid"},
			{"an unknown action", psStaff, map[string]any{"action": "dispatch"}, 400, "invalid"},
			{"an unknown member", psStaff, map[string]any{"action": "note", "note": "x", "priority": 1}, 400, "invalid"},
			{"transfer to where it is", psStaff, map[string]any{"action": "transfer", "agency": "public-security", "note": "x"}, 400, "invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				resp := w.act(tt.by, r.Reference, got.ETag, tt.body)
				var body struct{ Error struct{ Code string } }
				json.Unmarshal([]byte(resp.Body), &body)
				if resp.StatusCode != tt.want || body.Error.Code != tt.wantCode {
					t.Errorf("%d %s, want %d %s", resp.StatusCode, resp.Body, tt.want, tt.wantCode)
				}
			})
		}
	})

	answered := w.view(w.act(psStaff, r.Reference, got.ETag, map[string]any{"action": "answer",
		"answer": map[string]any{"public": "Please report it to the police.", "internal": "checked with legal"}}), 200)
	if answered.Status != "answered" || answered.Version != got.Version+1 {
		t.Fatalf("answered %+v", answered)
	}

	t.Run("the firm sees the answer, not the internal part", func(t *testing.T) {
		req := event(t, "status-unknown.json")
		req.PathParameters["reference"], req.Headers["x-status-token"] = r.Reference, r.StatusToken
		resp := w.status(req)
		if resp.StatusCode != 200 || !strings.Contains(resp.Body, "Please report it to the police.") || strings.Contains(resp.Body, "checked with legal") || strings.Contains(resp.Body, psStaff["sub"]) {
			t.Errorf("status %d %s", resp.StatusCode, resp.Body)
		}
	})

	t.Run("the firm is told by e-mail, in its language, without the answer", func(t *testing.T) {
		mails := sentMail(t, r.Reference)
		var subjects []string
		for _, m := range mails {
			subjects = append(subjects, strings.SplitN(m, "\n", 2)[0])
			if strings.Contains(m, "Please report it") || strings.Contains(m, "checked with legal") || strings.Contains(m, "张三") {
				t.Errorf("a mail carries what it must not:\n%s", m)
			}
		}
		want := []string{"办理中", "已答复"} // the claim, the answer
		for _, w := range want {
			if !slices.ContainsFunc(subjects, func(s string) bool { return strings.Contains(s, w) }) {
				t.Errorf("no mail %q among %q", w, subjects)
			}
		}
	})

	t.Run("audit trail, for supervisors", func(t *testing.T) {
		if resp := w.call(psStaff, auditRoute, r.Reference, nil); resp.StatusCode != 403 {
			t.Errorf("staff: %d", resp.StatusCode)
		}
		resp := w.call(psSuper, auditRoute, r.Reference, nil)
		var trail struct {
			Entries []struct{ Actor, Action string }
		}
		if err := json.Unmarshal([]byte(resp.Body), &trail); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, resp.Body)
		}
		var seen []string
		for _, e := range trail.Entries {
			seen = append(seen, e.Action)
			if e.Actor != psStaff["sub"] {
				t.Errorf("entry %+v", e)
			}
		}
		if strings.Join(seen, ",") != "claim,read,answer" {
			t.Errorf("trail %v, want claim, read, answer (refused moves left out)", seen)
		}
	})

	t.Run("metrics", func(t *testing.T) {
		resp := w.call(psStaff, metricsRoute, "", nil)
		var m struct {
			Counts                   map[string]int
			AnsweredLast30Days       int
			MedianFirstAnswerSeconds *int64
		}
		if err := json.Unmarshal([]byte(resp.Body), &m); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, resp.Body)
		}
		if m.Counts["answered"] != 1 || m.AnsweredLast30Days != 1 || m.MedianFirstAnswerSeconds == nil {
			t.Errorf("metrics %+v", m)
		}
	})

	closed := w.view(w.act(psSuper, r.Reference, answered.ETag, map[string]any{"action": "close"}), 200)
	if closed.Status != "closed" {
		t.Errorf("closed by a supervisor: %+v", closed)
	}
}

// Staff of one agency can neither list, read, claim, act on nor audit another
// agency's submissions, and its references answer exactly as unknown ones do.
func TestStaffIsolation(t *testing.T) {
	w := newWorld(t)
	r := w.submitted("submit-consultation.json") // public-security's
	w.deliver()
	unknown := "C-2345-6789"
	sameAnswer := func(t *testing.T, name string, call func(ref string) events.APIGatewayV2HTTPResponse) {
		t.Helper()
		theirs, none := call(r.Reference), call(unknown)
		if theirs.StatusCode != 404 || none.StatusCode != 404 || theirs.Body != none.Body {
			t.Errorf("%s: another agency's %d %s, an unknown %d %s", name, theirs.StatusCode, theirs.Body, none.StatusCode, none.Body)
		}
	}
	sameAnswer(t, "read", func(ref string) events.APIGatewayV2HTTPResponse { return w.call(cySuper, readRoute, ref, nil) })
	sameAnswer(t, "act", func(ref string) events.APIGatewayV2HTTPResponse {
		return w.act(cySuper, ref, `"3"`, map[string]any{"action": "release"})
	})
	sameAnswer(t, "audit", func(ref string) events.APIGatewayV2HTTPResponse { return w.call(cySuper, auditRoute, ref, nil) })
	if resp := w.call(cyStaff, claimRoute, "", nil); resp.StatusCode != 204 {
		t.Errorf("cyberspace claimed public-security's: %d %s", resp.StatusCode, resp.Body)
	}
	if resp := w.call(cyStaff, listRoute, "", nil); resp.StatusCode != 200 || strings.Contains(resp.Body, r.Reference) {
		t.Errorf("cyberspace's list: %s", resp.Body)
	}
	// A cursor from public-security's list shows cyberspace nothing of it.
	for range 51 {
		w.submitted("submit-consultation.json")
	}
	page := w.call(psStaff, listRoute, "", nil)
	var p struct{ Cursor *string }
	if err := json.Unmarshal([]byte(page.Body), &p); err != nil || p.Cursor == nil {
		t.Fatalf("public-security's first page: %s", page.Body)
	}
	if resp := w.call(cyStaff, listRoute, "", nil, "?cursor", *p.Cursor); resp.StatusCode != 200 || strings.Contains(resp.Body, "C-") {
		t.Errorf("cyberspace with public-security's cursor: %s", resp.Body)
	}
	if resp := w.call(psStaff, listRoute, "", nil, "?cursor", *p.Cursor); resp.StatusCode != 200 || !strings.Contains(resp.Body, `"cursor":null`) {
		t.Errorf("public-security's second page: %s", resp.Body)
	}
	if resp := w.call(psStaff, listRoute, "", nil, "?status", "lost"); resp.StatusCode != 400 {
		t.Errorf("an unknown status: %d %s", resp.StatusCode, resp.Body)
	}
	t.Run("export", func(t *testing.T) {
		today := time.Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly)
		theirs := w.call(cyStaff, exportRoute, "", nil, "?from", "2026-01-01", "?to", today)
		ours := w.call(psStaff, exportRoute, "", nil, "?from", "2026-01-01", "?to", today)
		if theirs.StatusCode != 200 || strings.Contains(theirs.Body, r.Reference) {
			t.Errorf("cyberspace's export: %d %.300s", theirs.StatusCode, theirs.Body)
		}
		if ours.StatusCode != 200 || !strings.Contains(ours.Body, r.Reference) || !strings.Contains(ours.Body, "Contact name") ||
			!strings.HasPrefix(ours.Body, "\ufeff") || ours.Headers["Content-Type"] != "text/csv; charset=utf-8" {
			t.Errorf("public-security's export: %d %v %.300s", ours.StatusCode, ours.Headers, ours.Body)
		}
		trail := w.call(psSuper, auditRoute, r.Reference, nil)
		if !strings.Contains(trail.Body, `"action":"export"`) {
			t.Errorf("the audit trail records no export: %s", trail.Body)
		}
		if resp := w.call(psStaff, exportRoute, "", nil, "?from", today, "?to", "2026-01-01"); resp.StatusCode != 400 {
			t.Errorf("a period that ends before it starts: %d", resp.StatusCode)
		}
		if resp := w.call(psStaff, exportRoute, "", nil, "?from", "last week"); resp.StatusCode != 400 {
			t.Errorf("a bad date: %d", resp.StatusCode)
		}
	})
	t.Run("tokens without a known agency", func(t *testing.T) {
		for _, route := range []string{listRoute, claimRoute, readRoute, actRoute, metricsRoute, auditRoute, exportRoute} {
			if resp := w.call(noAgency, route, r.Reference, nil); resp.StatusCode != 403 {
				t.Errorf("%s: %d", route, resp.StatusCode)
			}
			if resp := w.call(nil, route, r.Reference, nil); resp.StatusCode != 401 {
				t.Errorf("%s without claims: %d", route, resp.StatusCode)
			}
		}
	})
}

// After a transfer from public-security to cyberspace the first loses access;
// the second's inbox lists it from its own queue, and its staff claim it.
func TestStaffTransfer(t *testing.T) {
	w := newWorld(t)
	r := w.submitted("submit-consultation.json")
	w.deliver()
	got := w.claim(psStaff)
	moved := w.view(w.act(psStaff, r.Reference, got.ETag, map[string]any{"action": "transfer", "agency": "cyberspace", "note": "a data leak"}), 200)
	if moved.Status != "queued" || moved.Agency.Code != "cyberspace" {
		t.Fatalf("transferred %+v", moved)
	}
	if resp := w.call(psSuper, readRoute, r.Reference, nil); resp.StatusCode != 404 {
		t.Errorf("old agency reads: %d", resp.StatusCode)
	}
	if resp := w.call(psSuper, auditRoute, r.Reference, nil); resp.StatusCode != 404 {
		t.Errorf("old agency audits: %d", resp.StatusCode)
	}
	if resp := w.call(cyStaff, claimRoute, "", nil); resp.StatusCode != 204 {
		t.Errorf("claimed before cyberspace's inbox listed it: %d", resp.StatusCode)
	}
	w.deliver()
	claimed := w.claim(cyStaff)
	if claimed.Reference != r.Reference {
		t.Fatalf("cyberspace claimed %s", claimed.Reference)
	}
	last := claimed.History[len(claimed.History)-2]
	if last.Action != "transfer" || last.Internal != "a data leak" {
		t.Errorf("transfer event %+v", last)
	}
	req := event(t, "status-unknown.json")
	req.PathParameters["reference"], req.Headers["x-status-token"] = r.Reference, r.StatusToken
	if resp := w.status(req); !strings.Contains(resp.Body, `"code":"cyberspace"`) || strings.Contains(resp.Body, "a data leak") {
		t.Errorf("the firm's status: %s", resp.Body)
	}
}

// An agency whose own system consumes its queue claims by the reference its
// message names, though no inbox listed it, and answers as anyone does.
func TestClaimByReference(t *testing.T) {
	w := newWorld(t)
	r := w.submitted("submit-consultation.json") // not delivered: public-security's own system took the message
	if resp := w.call(psStaff, claimRoute, "", nil); resp.StatusCode != 204 {
		t.Fatalf("the worklist: %d", resp.StatusCode)
	}
	if resp := w.call(cyStaff, claimRoute, "", map[string]string{"reference": r.Reference}); resp.StatusCode != 404 {
		t.Errorf("another agency claims it by reference: %d", resp.StatusCode)
	}
	got := w.view(w.call(psStaff, claimRoute, "", map[string]string{"reference": r.Reference}), 200)
	if got.Status != "in-review" {
		t.Fatalf("claimed %+v", got)
	}
	if resp := w.call(psOther, claimRoute, "", map[string]string{"reference": r.Reference}); resp.StatusCode != 409 {
		t.Errorf("claimed twice: %d %s", resp.StatusCode, resp.Body)
	}
	if resp := w.call(psOther, claimRoute, "", map[string]string{"ref": r.Reference}); resp.StatusCode != 400 {
		t.Errorf("an unknown member: %d %s", resp.StatusCode, resp.Body)
	}
	w.view(w.act(psStaff, r.Reference, got.ETag, map[string]any{"action": "answer", "answer": map[string]any{"public": "ok"}}), 200)
}

// 20 staff claiming at once from 5 waiting submissions: 5 get one each, 15 get 204.
func TestConcurrentClaims(t *testing.T) {
	w := newWorld(t)
	for range 5 {
		w.submitted("submit-consultation.json")
	}
	w.deliver()
	var mu sync.Mutex
	claimed := map[string]int{}
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			resp := w.call(staffOf(fmt.Sprintf("%08d-ps", i), "public-security"), claimRoute, "", nil)
			mu.Lock()
			defer mu.Unlock()
			statuses[resp.StatusCode]++
			if resp.StatusCode == 200 {
				claimed[decode[staffView](t, resp).Reference]++
			}
		})
	}
	wg.Wait()
	if statuses[200] != 5 || statuses[204] != 15 || len(claimed) != 5 {
		t.Errorf("statuses %v, %d distinct claimed; want 5 x 200 (distinct) and 15 x 204", statuses, len(claimed))
	}
}

// Two staff acting on one item with the same version: one wins, one gets 412.
func TestConcurrentMovesOnOneVersion(t *testing.T) {
	w := newWorld(t)
	w.submitted("submit-consultation.json")
	w.deliver()
	got := w.claim(psStaff)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i, move := range []struct {
		by   token
		body map[string]any
	}{
		{psStaff, map[string]any{"action": "answer", "answer": map[string]any{"public": "done"}}},
		{psSuper, map[string]any{"action": "release", "note": "holder away"}},
	} {
		wg.Go(func() { codes[i] = w.act(move.by, got.Reference, got.ETag, move.body).StatusCode })
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 412 || codes[0] == 412 && codes[1] == 200) {
		t.Errorf("statuses %v, want one 200 and one 412", codes)
	}
}

// A whole staff flow leaves no personal data of the form in any log line or
// metric: not the contact's name, phone or e-mail, not the description.
func TestStaffFlowLogsNoPersonalData(t *testing.T) {
	w := newWorld(t)
	r := w.submitted("submit-consultation.json")
	w.submitted("submit-training.json")
	w.deliver()
	got := w.claim(psStaff)
	w.call(psStaff, readRoute, r.Reference, nil)
	w.call(psStaff, listRoute, "", nil)
	w.call(psStaff, metricsRoute, "", nil)
	w.call(psStaff, exportRoute, "", nil, "?from", "2026-01-01", "?to", time.Now().Format(time.DateOnly))
	noted := w.view(w.act(psStaff, r.Reference, got.ETag, map[string]any{"action": "note", "note": "rang 张三 on 13812345678"}), 200)
	w.act(psStaff, r.Reference, noted.ETag, map[string]any{"action": "transfer", "agency": "cyberspace", "note": "legal@example.com asked"})
	w.deliver()
	w.claim(cyStaff)
	w.call(cySuper, auditRoute, r.Reference, nil)

	var form struct {
		Company  struct{ Name string }
		Contact  struct{ Name, Mobile, Email string }
		Incident struct{ Title, Description string }
	}
	if err := json.Unmarshal([]byte(event(t, "submit-consultation.json").Body), &form); err != nil {
		t.Fatal(err)
	}
	personal := []string{form.Contact.Name, form.Contact.Mobile, form.Contact.Email, form.Incident.Title,
		form.Incident.Description, form.Company.Name, "张三", "13812345678", "legal@example.com"}
	for _, p := range personal {
		if p == "" {
			t.Fatal("the sample has no such personal data to look for")
		}
	}
	logs := w.logs.String()
	if !strings.Contains(logs, "staff move stored") || !strings.Contains(logs, `"StaffMoves"`) {
		t.Fatalf("the flow logged no staff moves:\n%s", logs)
	}
	for _, p := range personal {
		if strings.Contains(logs, p) {
			t.Errorf("the logs carry %q", p)
		}
	}
}

// sentMail returns the subject and body of each e-mail moto kept that names reference.
func sentMail(t *testing.T, reference string) []string {
	t.Helper()
	mails, err := moto.SentEmails(context.Background(), motoURL)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, m := range mails {
		if strings.Contains(m.Subject, reference) {
			found = append(found, m.Subject+"\n"+m.Body)
		}
	}
	return found
}
