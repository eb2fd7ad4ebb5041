package devstack_test

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/putuo-compliance/intake/infra/local/devstack"
	"github.com/putuo-compliance/intake/shared/dynamostore"
)

// testEventSource sends a batch of ten messages to an agency queue of the
// running stack, one of them poison, and watches the emulated event source:
// the nine are handled and deleted, and only the poison one comes back, at
// the queue's visibility timeout, until the queue's redrive policy moves it to
// the dead-letter queue after 5 receives.
func testEventSource(t *testing.T, info devstack.Info) {
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(info.Endpoints["SQS"])}
	q, db := sqs.NewFromConfig(cfg), dynamodb.NewFromConfig(cfg)
	var queue, dlq string
	for _, u := range info.Queues {
		switch path.Base(u) {
		case "devstack-test-public-security":
			queue = u
		case "devstack-test-public-security-dlq":
			dlq = u
		}
	}
	if queue == "" || dlq == "" {
		t.Fatalf("no public-security queue among %v", info.Queues)
	}
	// A short visibility timeout, so the five receives take seconds; the
	// event source must honour the queue's, as Lambda does.
	if _, err := q.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &queue,
		Attributes: map[string]string{"VisibilityTimeout": "1"}}); err != nil {
		t.Fatal(err)
	}
	refs := make([]string, 9)
	for i := range refs {
		refs[i] = submit(t, info.APIURL)
	}
	// The submissions' own messages are on the worklist by now or soon; the
	// batch repeats them (duplicates are no-ops) around one poison message.
	var entries []sqstypes.SendMessageBatchRequestEntry
	for i, ref := range refs {
		body := fmt.Sprintf(`{"schema":"intake.submission.v1","reference":%q,"kind":"consultation","agency":"public-security","urgency":"normal","submittedAt":"2026-11-26T10:00:00Z","correlationId":"c"}`, ref)
		entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(body)})
		if i == 4 {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String("poison"), MessageBody: aws.String(`{"schema":"intake.submission.v0"}`)})
		}
	}
	if _, err := q.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &queue, Entries: entries}); err != nil {
		t.Fatal(err)
	}
	var moved []sqstypes.Message
	deadline := time.Now().Add(45 * time.Second)
	for len(moved) == 0 && time.Now().Before(deadline) {
		time.Sleep(500 * time.Millisecond)
		out, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &dlq, MaxNumberOfMessages: 10,
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll}})
		if err != nil {
			t.Fatal(err)
		}
		moved = out.Messages
	}
	if len(moved) != 1 || !strings.Contains(aws.ToString(moved[0].Body), "v0") {
		t.Fatalf("dead-letter queue holds %d messages, want the poison one", len(moved))
	}
	// Moved on the receive after the fifth; the DLQ's own receive counts one more.
	if n, _ := strconv.Atoi(moved[0].Attributes["ApproximateReceiveCount"]); n < 5 {
		t.Errorf("moved after %d receives, want 5", n)
	}
	attrs, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: &queue,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages, sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		t.Fatal(err)
	}
	if a := attrs.Attributes; a["ApproximateNumberOfMessages"] != "0" || a["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Errorf("the queue still holds messages: %v (only the poison one may be retried)", a)
	}
	table := info.Tables[0]
	for _, ref := range refs {
		out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, ConsistentRead: aws.Bool(true),
			Key: dynamostore.SubmissionKey(ref)})
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := out.Item[dynamostore.AttrListed].(*ddbtypes.AttributeValueMemberBOOL); l == nil || !l.Value {
			t.Errorf("%s is not on the worklist", ref)
		}
	}
}

// submit sends the sample consultation (public-security's) and returns its reference.
func submit(t *testing.T, api string) string {
	t.Helper()
	status, body := call(t, "POST", api+"/v1/consultations", map[string]string{"Content-Type": "application/json"}, strings.NewReader(devstack.SampleConsultation))
	if status != 201 {
		t.Fatalf("POST consultation = %d %s", status, body)
	}
	_, rest, _ := strings.Cut(body, `"reference":"`)
	ref, _, _ := strings.Cut(rest, `"`)
	return ref
}
