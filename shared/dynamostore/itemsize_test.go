package dynamostore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app/submitfn"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/inbox"
	"github.com/putuo-compliance/intake/shared/intake"
)

// A typical consultation stays under 1 KB, as DynamoDB sizes it, through the
// whole of its intake: each sample of events/ goes through the real submit
// path (SubmitFunction's service: validate, route, Create, queue, MarkQueued)
// and the real agency inbox (Enlist), on moto, and the raw item is read back
// with GetItem after every write. Each write's units are counted by DynamoDB's
// documented rules (flowUnits), and `go test -v -run TestTypicalItem` prints
// them: docs/cost.md quotes them.
func TestTypicalItem(t *testing.T) {
	samples, err := filepath.Glob("../../events/submit-consultation*.json")
	if err != nil || len(samples) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	stored := 0
	for _, path := range samples {
		for _, key := range []string{"", "sample-key"} {
			name := filepath.Base(path)
			if key != "" {
				name += " with an Idempotency-Key"
			}
			t.Run(name, func(t *testing.T) {
				req := sampleRequest(t, path)
				if key != "" {
					req.Headers["idempotency-key"] = key + "-" + fmt.Sprint(time.Now().UnixNano())
				}
				writes := intakeFlow(t, req, !strings.Contains(path, "invalid"))
				if writes == nil {
					return // an invalid sample: nothing stored
				}
				stored++
				for _, w := range writes {
					if size := dynamostore.ItemSize(w.after); w.submission && size >= 1024 {
						t.Errorf("after %s the submission is %d bytes, not under 1 KB", w.op, size)
					}
				}
				total, first := logUnits(t, writes)
				// Issue 11's count: the Create transaction's submission, its
				// "pending" index entry, MarkQueued and the entry's removal.
				if first > 5 {
					t.Errorf("Create and MarkQueued with the pending index cost %d write units, want at most 5", first)
				}
				t.Logf("whole submission: %d write units", total)
			})
		}
	}
	if stored == 0 {
		t.Error("no sample was stored")
	}
}

// What a staff member's handling of the typical consultation writes: claim,
// read, answer, close, each move with its audit entry in one transaction. The
// figures are docs/cost.md's; what must hold is that every move and read is
// audited.
func TestStaffMovesUnits(t *testing.T) {
	ctx := context.Background()
	writes := intakeFlow(t, sampleRequest(t, "../../events/submit-consultation.json"), true)
	rec := writes[0].rec
	ref := writes[0].reference
	rec.writes = nil
	by := intake.Staff("8d5f1b3e-6a2c-4e1f-9b7a-0c3d2e1f4a5b", agency.PublicSecurity, false) // a Cognito sub
	desk := &intake.Desk{Store: rec}
	sub, err := desk.ClaimReference(ctx, by, ref)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Read(ctx, by, ref); err != nil {
		t.Fatal(err)
	}
	answer := &intake.Answer{Public: "建议立即向公安机关报案，并保全登录日志、交易记录和相关账号信息；如需进一步协助，请与我们联系。"}
	if sub, err = desk.Act(ctx, by, ref, sub.Version, intake.Command{Action: intake.ActionAnswer, Answer: answer}); err != nil {
		t.Fatal(err)
	}
	if _, err = desk.Act(ctx, by, ref, sub.Version, intake.Command{Action: intake.ActionClose}); err != nil {
		t.Fatal(err)
	}
	audits := 0
	for _, w := range rec.writes {
		if !w.submission {
			audits++
		}
	}
	if audits != 4 {
		t.Errorf("%d audit entries written, want 4 (claim, read, answer, close)", audits)
	}
	total, _ := logUnits(t, rec.writes)
	t.Logf("claim, read, answer, close: %d write units", total)
}

func sampleRequest(t *testing.T, path string) events.APIGatewayV2HTTPRequest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayV2HTTPRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	if req.Headers == nil {
		req.Headers = map[string]string{}
	}
	return req
}

// intakeFlow submits req as SubmitFunction does and lists the message as
// InboxFunction does, and returns every write. A sample that is not valid
// must be refused, with nothing written; then there are none.
func intakeFlow(t *testing.T, req events.APIGatewayV2HTTPRequest, valid bool) []write {
	t.Helper()
	ctx := context.Background()
	fnEnv, err := env.Stack.FunctionEnv("SubmitFunction")
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_ENDPOINT_URL": env.URL} {
		fnEnv[k] = v
	}
	c, err := submitfn.LoadConfig(func(k string) string { return fnEnv[k] })
	if err != nil {
		t.Fatal(err)
	}
	quiet := logrus.New()
	quiet.SetOutput(io.Discard)
	rec := &recorder{t: t, Store: dynamostore.New(client, c.Table), table: c.Table}
	svc := submitfn.Service(c, quiet)
	svc.Store = rec
	resp, err := httpapi.Submit(svc, quiet)(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !valid && resp.StatusCode == 400:
		if len(rec.writes) > 0 {
			t.Errorf("a refused sample wrote %d items", len(rec.writes))
		}
		return nil
	case !valid || resp.StatusCode != 201:
		t.Fatalf("submit: %d %s", resp.StatusCode, resp.Body)
	}
	var receipt struct {
		Reference string
		Agency    struct{ Code agency.Code }
	}
	if err := json.Unmarshal([]byte(resp.Body), &receipt); err != nil {
		t.Fatal(err)
	}

	// The message, as Lambda's event source hands it to the inbox.
	url := c.Queues[receipt.Agency.Code]
	q := sqs.NewFromConfig(c.AWS)
	var msg *events.SQSMessage
	for range 5 {
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			if strings.Contains(aws.ToString(m.Body), receipt.Reference) {
				msg = &events.SQSMessage{MessageId: aws.ToString(m.MessageId), Body: aws.ToString(m.Body),
					EventSourceARN: "arn:aws:sqs:us-east-1:123456789012:" + url[strings.LastIndexByte(url, '/')+1:]}
			}
		}
		if msg != nil {
			break
		}
	}
	if msg == nil {
		t.Fatalf("no message for %s", receipt.Reference)
	}
	in := &inbox.Inbox{Store: rec, Queues: c.Queues, Log: quiet}
	out, err := in.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{*msg}})
	if err != nil || len(out.BatchItemFailures) > 0 {
		t.Fatalf("inbox: %+v %v", out, err)
	}
	if len(rec.writes) < 3 {
		t.Fatalf("%d writes recorded, want Create, MarkQueued and Enlist", len(rec.writes))
	}
	return rec.writes
}

// recorder is the store, noting each item a write changed, as GetItem reads
// it before and after.
type recorder struct {
	*dynamostore.Store
	t      *testing.T
	table  string
	writes []write
}

type write struct {
	rec           *recorder
	reference     string
	op            string
	before, after map[string]types.AttributeValue // before is nil for a new item
	transaction   bool                            // billed twice
	submission    bool
}

func (r *recorder) raw(key map[string]types.AttributeValue) map[string]types.AttributeValue {
	out, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: &r.table, Key: key, ConsistentRead: aws.Bool(true)})
	if err != nil {
		r.t.Fatal(err)
	}
	if len(out.Item) == 0 {
		return nil
	}
	return out.Item
}

func (r *recorder) Create(ctx context.Context, s *intake.Submission, idem *intake.Idempotency) error {
	if err := r.Store.Create(ctx, s, idem); err != nil {
		return err
	}
	r.writes = append(r.writes, write{rec: r, reference: s.Reference, op: "Create: the submission", after: r.raw(dynamostore.SubmissionKey(s.Reference)),
		transaction: idem != nil, submission: true}) // alone, a plain conditional put
	if idem != nil {
		r.writes = append(r.writes, write{op: "Create: its idempotency record", after: r.raw(dynamostore.IdempotencyKey(idem.Key)), transaction: true})
	}
	return nil
}

func (r *recorder) Update(ctx context.Context, ch intake.Change) error {
	key := dynamostore.SubmissionKey(ch.Reference)
	before := r.raw(key)
	if err := r.Store.Update(ctx, ch); err != nil {
		return err
	}
	op := "Update: " + string(ch.Expect.Status) + " to " + string(ch.Status)
	switch {
	case ch.Event != nil && ch.Event.Action != "":
		op = "Update: " + string(ch.Event.Action)
	case ch.Listed && ch.Expect.Status == ch.Status:
		op = "Update: listed (Enlist)"
	}
	audited := ch.Audit != nil // then one transaction with the entry
	r.writes = append(r.writes, write{op: op, before: before, after: r.raw(key), transaction: audited, submission: true})
	if audited {
		r.writes = append(r.writes, write{op: "  its audit entry", after: r.latestAudit(ch.Reference), transaction: true})
	}
	return nil
}

func (r *recorder) Mark(ctx context.Context, m intake.Mark) error {
	key := dynamostore.SubmissionKey(m.Reference)
	before := r.raw(key)
	if err := r.Store.Mark(ctx, m); err != nil {
		return err
	}
	op := "Mark: queued (MarkQueued)"
	if m.Listed {
		op = "Mark: listed (Enlist)"
	}
	r.writes = append(r.writes, write{op: op, before: before, after: r.raw(key), submission: true})
	return nil
}

func (r *recorder) AddAudit(ctx context.Context, e intake.AuditEntry) error {
	if err := r.Store.AddAudit(ctx, e); err != nil {
		return err
	}
	r.writes = append(r.writes, write{op: "AddAudit: " + e.Action, after: r.latestAudit(e.Reference)})
	return nil
}

// latestAudit reads the newest raw audit entry of reference from the index
// template.yaml calls "audit".
func (r *recorder) latestAudit(reference string) map[string]types.AttributeValue {
	for _, ix := range tableIndexes(r.t) {
		if ix.name != "audit" {
			continue
		}
		out, err := client.Query(context.Background(), &dynamodb.QueryInput{
			TableName: &r.table, IndexName: aws.String(ix.name), ScanIndexForward: aws.Bool(false), Limit: aws.Int32(1),
			KeyConditionExpression:    aws.String("#h = :ref"),
			ExpressionAttributeNames:  map[string]string{"#h": ix.hash},
			ExpressionAttributeValues: map[string]types.AttributeValue{":ref": &types.AttributeValueMemberS{Value: reference}},
		})
		if err != nil || len(out.Items) != 1 {
			r.t.Fatalf("the audit entry of %s: %v", reference, err)
		}
		return out.Items[0]
	}
	r.t.Fatal("no audit index in template.yaml")
	return nil
}

// gsi is one of the table's global secondary indexes, as template.yaml
// declares it.
type gsi struct {
	name, hash, rng string
	all             bool
	include         []string
}

func tableIndexes(t *testing.T) []gsi {
	t.Helper()
	var out []gsi
	for _, v := range env.Template.Resources["SubmissionsTable"].Properties["GlobalSecondaryIndexes"].([]any) {
		m := v.(map[string]any)
		ix := gsi{name: m["IndexName"].(string)}
		for _, k := range m["KeySchema"].([]any) {
			k := k.(map[string]any)
			if k["KeyType"] == "HASH" {
				ix.hash = k["AttributeName"].(string)
			} else {
				ix.rng = k["AttributeName"].(string)
			}
		}
		p := m["Projection"].(map[string]any)
		ix.all = p["ProjectionType"] == "ALL"
		for _, a := range asList(p["NonKeyAttributes"]) {
			ix.include = append(ix.include, a.(string))
		}
		out = append(out, ix)
	}
	return out
}

func asList(v any) []any { l, _ := v.([]any); return l }

// entry is an item's entry in ix, nil when the item is not in it (a sparse
// index holds only items with both its keys): the table's key, the index's
// keys and the projected attributes.
func (ix gsi) entry(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	if item[ix.hash] == nil || ix.rng != "" && item[ix.rng] == nil {
		return nil
	}
	if ix.all {
		return item
	}
	e := map[string]types.AttributeValue{}
	for _, a := range append([]string{dynamostore.AttrPK, ix.hash, ix.rng}, ix.include...) {
		if v, ok := item[a]; ok {
			e[a] = v
		}
	}
	return e
}

// writes are the write units a change of an item costs in ix (Developer
// Guide, "Global secondary indexes", writes): an entry put or deleted is one
// write of its size; a change of the index's key a delete and a put; a change
// of a projected attribute one write; nothing else, none.
func (ix gsi) writes(before, after map[string]types.AttributeValue) int {
	b, a := ix.entry(before), ix.entry(after)
	switch {
	case b == nil && a == nil:
		return 0
	case b == nil:
		return dynamostore.WriteUnits(dynamostore.ItemSize(a))
	case a == nil:
		return dynamostore.WriteUnits(dynamostore.ItemSize(b))
	case !reflect.DeepEqual(b[ix.hash], a[ix.hash]) || !reflect.DeepEqual(b[ix.rng], a[ix.rng]):
		return dynamostore.WriteUnits(dynamostore.ItemSize(b)) + dynamostore.WriteUnits(dynamostore.ItemSize(a))
	case !reflect.DeepEqual(b, a):
		return dynamostore.WriteUnits(max(dynamostore.ItemSize(b), dynamostore.ItemSize(a)))
	}
	return 0
}

// logUnits prints each write's units, table and indexes, and returns the
// total and the part issue 11 counted (the first transaction's submission,
// the first update, and their "pending" index writes).
func logUnits(t *testing.T, writes []write) (total, issue11 int) {
	t.Helper()
	indexes := tableIndexes(t)
	updates := 0
	for _, w := range writes {
		// A write is billed on the larger of the item before and after.
		size := max(dynamostore.ItemSize(w.before), dynamostore.ItemSize(w.after))
		units := dynamostore.WriteUnits(size)
		if w.transaction {
			units *= 2
		}
		line := fmt.Sprintf("%-34s %5d bytes  table %d", w.op, dynamostore.ItemSize(w.after), units)
		sum := units
		for _, ix := range indexes {
			n := ix.writes(w.before, w.after)
			sum += n
			if n > 0 {
				line += fmt.Sprintf(" + %s %d", ix.name, n)
			}
			if ix.name == "pending" && w.submission && (w.before == nil || updates == 0) {
				issue11 += n
			}
		}
		if w.submission && (w.before == nil || updates == 0) {
			issue11 += units
		}
		if w.before != nil {
			updates++
		}
		t.Logf("%s = %d", line, sum)
		total += sum
	}
	return total, issue11
}
