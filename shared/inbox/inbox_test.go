package inbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/inbox"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/intake/storetest"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/metrics/metricstest"
)

// The inbox writes to DynamoDB on moto, with the table of template.yaml.
var env *localtest.Env

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	var err error
	if env, err = localtest.Start(context.Background(), "../../template.yaml", "inbox-test"); err != nil {
		fmt.Fprintln(os.Stderr, "inbox tests need moto_server:", err)
		return 1
	}
	defer env.Stop()
	return m.Run()
}

const arnPrefix = "arn:aws:sqs:us-east-1:123456789012:inbox-test-"

var queues = map[agency.Code]string{
	agency.PublicSecurity: "http://localhost:5000/123456789012/inbox-test-public-security",
	agency.Cyberspace:     "http://localhost:5000/123456789012/inbox-test-cyberspace",
}

type fixture struct {
	in    *inbox.Inbox
	store *dynamostore.Store
	logs  *bytes.Buffer
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	store := dynamostore.New(dynamodb.NewFromConfig(env.Config), env.Stack.Ref("SubmissionsTable"))
	var logs bytes.Buffer
	log := logging.New(&logs, "info")
	return fixture{
		in:    &inbox.Inbox{Store: store, Queues: queues, Log: log, Metrics: metrics.New(&logs, "test")},
		store: store,
		logs:  &logs,
	}
}

// queued stores a queued submission of public-security, as Dispatch leaves it,
// and returns its message.
func (f fixture) queued(t *testing.T) intake.Message {
	t.Helper()
	s := storetest.NewSubmission(storetest.NewRef(), time.Now().UTC())
	s.Status, s.Queued, s.Version = intake.StatusQueued, true, 2
	if err := f.store.Create(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	return intake.NewMessage(s)
}

func record(t *testing.T, id string, m any, queue string) events.SQSMessage {
	t.Helper()
	body, ok := m.(string)
	if !ok {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		body = string(b)
	}
	return events.SQSMessage{
		MessageId: id, Body: body, EventSource: "aws:sqs", EventSourceARN: arnPrefix + queue, AWSRegion: "us-east-1",
		Attributes: map[string]string{"ApproximateReceiveCount": "1"},
	}
}

func failures(resp events.SQSEventResponse) []string {
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	slices.Sort(ids)
	return ids
}

// In a batch of ten with one poison message, only that one fails; the others
// are on the worklist.
func TestPartialBatch(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var batch events.SQSEvent
	var refs []string
	for i := range 9 {
		m := f.queued(t)
		refs = append(refs, m.Reference)
		batch.Records = append(batch.Records, record(t, fmt.Sprint("m", i), m, "public-security"))
	}
	batch.Records = slices.Insert(batch.Records, 4, record(t, "poison", `{"schema":"intake.submission.v0","reference":"x"}`, "public-security"))
	resp, err := f.in.Handle(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if got := failures(resp); !slices.Equal(got, []string{"poison"}) {
		t.Fatalf("batch item failures %v, want only the poison message", got)
	}
	waiting, err := f.store.Worklist(ctx, intake.WorklistQuery{Agency: agency.PublicSecurity, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		if !slices.ContainsFunc(waiting, func(s intake.Summary) bool { return s.Reference == ref }) {
			t.Errorf("%s is not on the worklist", ref)
		}
	}
	docs := metricstest.Docs(t, f.logs.Bytes())
	if n := len(metricstest.Find(docs, inbox.MetricMessages, map[string]string{"Outcome": "accepted"})); n != 9 {
		t.Errorf("%d accepted in the metrics, want 9", n)
	}
	if n := len(metricstest.Find(docs, inbox.MetricMessages, map[string]string{"Outcome": "invalid"})); n != 1 {
		t.Errorf("%d invalid in the metrics, want 1", n)
	}
}

// writes counts the writes of a store that went through.
type writes struct {
	intake.Store
	n int
}

func (w *writes) Update(ctx context.Context, ch intake.Change) error {
	err := w.Store.Update(ctx, ch)
	if err == nil {
		w.n++
	}
	return err
}

func (w *writes) Mark(ctx context.Context, m intake.Mark) error {
	err := w.Store.Mark(ctx, m)
	if err == nil {
		w.n++
	}
	return err
}

// The same message delivered twice, in one batch and in the next, puts the
// submission on the worklist once: one write, which counts no version (a
// listing is bookkeeping).
func TestDuplicateDelivery(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	counted := &writes{Store: f.store}
	f.in.Store = counted
	m := f.queued(t)
	for _, batch := range []events.SQSEvent{
		{Records: []events.SQSMessage{record(t, "a", m, "public-security"), record(t, "b", m, "public-security")}},
		{Records: []events.SQSMessage{record(t, "c", m, "public-security")}},
	} {
		resp, err := f.in.Handle(ctx, batch)
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Fatalf("Handle = %v, %v", resp, err)
		}
	}
	sub, err := f.store.Get(ctx, m.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if !sub.Listed || sub.Version != 2 || counted.n != 1 {
		t.Errorf("listed %v at version %d by %d writes, want listed by one write at version 2", sub.Listed, sub.Version, counted.n)
	}
	waiting, _ := f.store.Worklist(ctx, intake.WorklistQuery{Agency: agency.PublicSecurity, Limit: 1000})
	n := 0
	for _, w := range waiting {
		if w.Reference == m.Reference {
			n++
		}
	}
	if n != 1 {
		t.Errorf("on the worklist %d times", n)
	}
}

// What the inbox cannot use fails, to end in the DLQ; the log says why, by
// message id and reference, and repeats nothing else of a poison message.
func TestUnusableMessages(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	good := f.queued(t)
	unknown := good
	unknown.Reference = storetest.NewRef()
	elsewhere := good
	elsewhere.Agency = agency.Cyberspace
	tests := []struct {
		name  string
		body  any
		queue string
	}{
		{"not JSON", "张三 13812345678", "public-security"},
		{"another schema", map[string]string{"schema": "other", "reference": good.Reference}, "public-security"},
		{"unknown reference", unknown, "public-security"},
		{"another agency's message", elsewhere, "cyberspace"},
		{"on another agency's queue", good, "cyberspace"},
		{"from a queue of no agency", good, "public-security-dlq"},
		{"a free-text reference", map[string]string{"schema": intake.MessageSchema, "reference": "legal@example.com", "agency": "public-security"}, "public-security"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.logs.Reset()
			resp, err := f.in.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{record(t, "bad", tt.body, tt.queue)}})
			if err != nil {
				t.Fatal(err)
			}
			if got := failures(resp); !slices.Equal(got, []string{"bad"}) {
				t.Errorf("failures %v", got)
			}
			logs := f.logs.String()
			if !strings.Contains(logs, `"messageId":"bad"`) || strings.Contains(logs, "13812345678") || strings.Contains(logs, "legal@") {
				t.Errorf("logs:\n%s", logs)
			}
		})
	}
	if sub, _ := f.store.Get(ctx, good.Reference); sub.Listed {
		t.Error("a refused message listed its submission")
	}
}

// With the store down every message fails, to be received again.
func TestStoreDown(t *testing.T) {
	f := newFixture(t)
	m := f.queued(t)
	quiet := logrus.New()
	quiet.SetOutput(io.Discard)
	down := &inbox.Inbox{
		Store:  dynamostore.New(dynamodb.NewFromConfig(env.ConfigAt(localtest.ClosedURL(t))), env.Stack.Ref("SubmissionsTable")),
		Queues: queues, Log: quiet,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := down.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{record(t, "a", m, "public-security"), record(t, "b", m, "public-security")}})
	if err != nil || !slices.Equal(failures(resp), []string{"a", "b"}) {
		t.Errorf("Handle = %v, %v; want both failed", resp, err)
	}
}
