package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/putuo-compliance/intake/infra/local/localtest"
	"github.com/putuo-compliance/intake/shared/agency"
)

var env *localtest.Env

func TestMain(m *testing.M) { os.Exit(start(m)) }

// start is TestMain's body, so the deferred Stop runs before os.Exit.
func start(m *testing.M) int {
	var err error
	if env, err = localtest.Start(context.Background(), "../../../template.yaml", "dlq-test"); err != nil {
		fmt.Fprintln(os.Stderr, "dlq tests need moto_server:", err)
		return 1
	}
	defer env.Stop()
	return m.Run()
}

// stack deploys a fresh stack, so that each test has empty queues of its own.
func stack(t *testing.T) (name string, client *sqs.Client) {
	t.Helper()
	s, err := env.Deploy(context.Background(), "dlq-test")
	if err != nil {
		t.Fatal(err)
	}
	return s.Name, sqs.NewFromConfig(env.Config)
}

// dlq runs the command against the test's stack, as a person would run it
// with make run's variables, and returns what it printed.
func dlq(t *testing.T, stackName string, args ...string) string {
	t.Helper()
	vars := map[string]string{"AWS_ENDPOINT_URL": env.URL, "STACK_NAME": stackName}
	var out bytes.Buffer
	if err := run(context.Background(), append([]string{"-wait", "0s"}, args...), func(k string) string { return vars[k] }, &out); err != nil {
		t.Fatalf("dlq %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func queueURL(t *testing.T, c *sqs.Client, name string) string {
	t.Helper()
	out, err := c.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.QueueUrl
}

func send(t *testing.T, c *sqs.Client, url, body string, attrs map[string]string) {
	t.Helper()
	in := &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body), MessageAttributes: map[string]types.MessageAttributeValue{}}
	for k, v := range attrs {
		in.MessageAttributes[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	if _, err := c.SendMessage(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}

// failConsumer receives a queue's messages without deleting them until SQS
// moves them to the dead-letter queue, as a failing consumer makes it do.
func failConsumer(t *testing.T, c *sqs.Client, url string) {
	t.Helper()
	ctx := context.Background()
	for range 6 { // maxReceiveCount 5; the sixth receive moves them
		out, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages { // failed: visible again at once
			if _, err := c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// drain receives and deletes every message of a queue, returning the bodies
// with their "reference" attribute.
func drain(t *testing.T, c *sqs.Client, url string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for {
		out, err := c.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Messages) == 0 {
			return got
		}
		for _, m := range out.Messages {
			got[*m.Body] = aws.ToString(m.MessageAttributes["reference"].StringValue)
			c.DeleteMessage(context.Background(), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
		}
	}
}

func message(ref string, a agency.Code) string {
	return fmt.Sprintf(`{"schema":"intake.submission.v1","reference":%q,"kind":"consultation","agency":%q,"urgency":"normal","submittedAt":"2026-11-26T10:00:00Z","correlationId":"c"}`, ref, a)
}

// Messages a consumer failed, and one no consumer can read, are listed with
// their reasons, shown one by one, and moved back with their attributes; on
// moto, which has no StartMessageMoveTask, by receive, send and delete.
func TestListShowRedrive(t *testing.T) {
	name, c := stack(t)
	queue, dead := queueURL(t, c, name+"-procuratorate"), queueURL(t, c, name+"-procuratorate-dlq")
	refs := []string{"C-2222-3333", "C-4444-5555", "T-6666-7777"}
	for _, ref := range refs {
		send(t, c, queue, message(ref, agency.Procuratorate), map[string]string{"reference": ref, "schema": "intake.submission.v1"})
	}
	failConsumer(t, c, queue)
	send(t, c, dead, "not json", nil)

	list := dlq(t, name, "list", "procuratorate")
	if !strings.HasPrefix(list, "procuratorate: 4 messages in ") {
		t.Fatalf("list:\n%s", list)
	}
	for _, ref := range refs {
		if !hasLine(list, ref, "never deleted, past the limit of 5: its consumer failed it") {
			t.Errorf("list lacks %s with its reason:\n%s", ref, list)
		}
	}
	if !strings.Contains(list, "its body is not a JSON message: no consumer can read it") {
		t.Errorf("list lacks the unreadable message:\n%s", list)
	}
	// Listing hid nothing: a second list sees them all at once.
	if again := dlq(t, name, "list", "procuratorate"); strings.Count(again, "\n") != 5 {
		t.Errorf("second list:\n%s", again)
	}

	id := strings.Fields(lineWith(list, refs[0]))[0]
	show := dlq(t, name, "show", "procuratorate", id)
	for _, w := range []string{"message   " + id, "attribute reference = " + refs[0], `"reference":"` + refs[0] + `"`, "ApproximateReceiveCount"} {
		if !strings.Contains(show, w) {
			t.Errorf("show lacks %q:\n%s", w, show)
		}
	}

	redrive := dlq(t, name, "redrive", "procuratorate")
	for _, w := range []string{"procuratorate: the endpoint has no StartMessageMoveTask", "procuratorate: moved 4 of 4\n", "procuratorate: done, 4 moved (receive, send and delete)"} {
		if !strings.Contains(redrive, w) {
			t.Errorf("redrive lacks %q:\n%s", w, redrive)
		}
	}
	if strings.Contains(redrive, "\r") {
		t.Error("a progress bar drawn where no terminal is")
	}
	got := drain(t, c, queue)
	for _, ref := range refs {
		if got[message(ref, agency.Procuratorate)] != ref {
			t.Errorf("%s not back on the queue with its attributes: %v", ref, got)
		}
	}
	if len(got) != 4 || len(drain(t, c, dead)) != 0 {
		t.Errorf("queue has %v; the dead-letter queue should be empty", got)
	}
	if after := dlq(t, name, "list"); strings.Count(after, ": 0 messages in ") != len(agency.All) {
		t.Errorf("after redrive:\n%s", after)
	}
}

func lineWith(out, s string) string {
	for line := range strings.Lines(out) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// hasLine reports whether the line of out that holds s also holds reason.
func hasLine(out, s, reason string) bool { return strings.Contains(lineWith(out, s), reason) }

// moveTaskSQS is an endpoint with SQS's message move task, as AWS has: it
// moves the messages itself when the task starts, and lists the task done.
type moveTaskSQS struct {
	*sqs.Client
	mu      sync.Mutex
	started []string
	moved   int64
}

func (f *moveTaskSQS) StartMessageMoveTask(ctx context.Context, in *sqs.StartMessageMoveTaskInput, _ ...func(*sqs.Options)) (*sqs.StartMessageMoveTaskOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.started = append(f.started, *in.SourceArn+" -> "+*in.DestinationArn)
	from, to := arnToURL(*in.SourceArn), arnToURL(*in.DestinationArn)
	for {
		out, err := f.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &from, MaxNumberOfMessages: 10})
		if err != nil || len(out.Messages) == 0 {
			return &sqs.StartMessageMoveTaskOutput{TaskHandle: aws.String("task-1")}, err
		}
		for _, m := range out.Messages {
			f.Client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &to, MessageBody: m.Body})
			f.Client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &from, ReceiptHandle: m.ReceiptHandle})
			f.moved++
		}
	}
}

func (f *moveTaskSQS) ListMessageMoveTasks(context.Context, *sqs.ListMessageMoveTasksInput, ...func(*sqs.Options)) (*sqs.ListMessageMoveTasksOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &sqs.ListMessageMoveTasksOutput{Results: []types.ListMessageMoveTasksResultEntry{{
		Status: aws.String("COMPLETED"), ApproximateNumberOfMessagesMoved: f.moved, ApproximateNumberOfMessagesToMove: aws.Int64(f.moved),
	}}}, nil
}

// arnToURL is moto's queue URL for a queue ARN (arn:aws:sqs:region:account:name).
func arnToURL(arn string) string {
	parts := strings.Split(arn, ":")
	return env.URL + "/" + parts[4] + "/" + parts[5]
}

// Where the endpoint has StartMessageMoveTask, redrive uses it, from the
// dead-letter queue to the agency's queue, and follows it to its end.
func TestRedriveByMoveTask(t *testing.T) {
	name, c := stack(t)
	queue, dead := queueURL(t, c, name+"-cyberspace"), queueURL(t, c, name+"-cyberspace-dlq")
	send(t, c, dead, message("T-2222-3333", agency.Cyberspace), nil)
	send(t, c, dead, message("T-4444-5555", agency.Cyberspace), nil)
	api := &moveTaskSQS{Client: c}
	var out bytes.Buffer
	tl := &tool{api: api, stack: name, out: &out, poll: time.Millisecond}
	if err := tl.redrive(context.Background(), []agency.Code{agency.Cyberspace}, auto); err != nil {
		t.Fatal(err)
	}
	if len(api.started) != 1 || !strings.HasSuffix(api.started[0], ":"+name+"-cyberspace") || !strings.Contains(api.started[0], name+"-cyberspace-dlq ->") {
		t.Errorf("move tasks started: %v", api.started)
	}
	if !strings.Contains(out.String(), "cyberspace: done, 2 moved (move task)") || strings.Contains(out.String(), "no StartMessageMoveTask") {
		t.Errorf("output:\n%s", out.String())
	}
	if got := drain(t, c, queue); len(got) != 2 {
		t.Errorf("queue has %v, want the 2 messages", got)
	}
}

// Forced to copy, redrive never asks for a move task.
func TestRedriveCopyForced(t *testing.T) {
	name, c := stack(t)
	send(t, c, queueURL(t, c, name+"-science-tech-dlq"), message("T-2222-3333", agency.ScienceTech), nil)
	api := &moveTaskSQS{Client: c}
	var out bytes.Buffer
	tl := &tool{api: api, stack: name, out: &out}
	if err := tl.redrive(context.Background(), []agency.Code{agency.ScienceTech}, copyMessages); err != nil {
		t.Fatal(err)
	}
	if len(api.started) != 0 || !strings.Contains(out.String(), "science-tech: done, 1 moved (receive, send and delete)") {
		t.Errorf("move tasks %v; output:\n%s", api.started, out.String())
	}
}

// On a terminal the progress is one bar redrawn in place; elsewhere a line
// each time the count changes.
func TestProgress(t *testing.T) {
	tests := []struct {
		terminal bool
		want     string
	}{
		{false, "x: moved 0 of 4\nx: moved 2 of 4\nx: moved 4 of 4\nx: done, 4 moved (copy)\n"},
		{true, "\rx                      [..............................] 0/4" +
			"\rx                      [###############...............] 2/4" +
			"\rx                      [##############################] 4/4\nx: done, 4 moved (copy)\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		p := newProgress(&out, "x", 4)
		p.terminal = tt.terminal
		for _, n := range []int{0, 2, 2, 4} {
			p.set(n)
		}
		p.done("copy")
		if out.String() != tt.want {
			t.Errorf("terminal %v:\n%q\nwant\n%q", tt.terminal, out.String(), tt.want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := [][]string{
		{},
		{"list", "no-such-agency"},
		{"show", "procuratorate"},
		{"-method", "teleport", "redrive"},
		{"drop"},
	}
	for _, args := range tests {
		if err := run(context.Background(), args, func(string) string { return "" }, &bytes.Buffer{}); err == nil {
			t.Errorf("dlq %v: no error", args)
		}
	}
}
