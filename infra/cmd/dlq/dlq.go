package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/putuo-compliance/intake/infra/local/localaws"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/intake"
)

// API is the part of the SQS client the tool uses.
type API interface {
	GetQueueUrl(context.Context, *sqs.GetQueueUrlInput, ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	GetQueueAttributes(context.Context, *sqs.GetQueueAttributesInput, ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
	ReceiveMessage(context.Context, *sqs.ReceiveMessageInput, ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	ChangeMessageVisibilityBatch(context.Context, *sqs.ChangeMessageVisibilityBatchInput, ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityBatchOutput, error)
	SendMessageBatch(context.Context, *sqs.SendMessageBatchInput, ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
	DeleteMessageBatch(context.Context, *sqs.DeleteMessageBatchInput, ...func(*sqs.Options)) (*sqs.DeleteMessageBatchOutput, error)
	StartMessageMoveTask(context.Context, *sqs.StartMessageMoveTaskInput, ...func(*sqs.Options)) (*sqs.StartMessageMoveTaskOutput, error)
	ListMessageMoveTasks(context.Context, *sqs.ListMessageMoveTasksInput, ...func(*sqs.Options)) (*sqs.ListMessageMoveTasksOutput, error)
}

var _ API = (*sqs.Client)(nil)

type tool struct {
	api   API
	stack string
	out   io.Writer
	wait  time.Duration // each receive's long polling
	// poll is how often a move task's progress is read; a second when zero.
	poll time.Duration
}

// queues are an agency's queue and its dead-letter queue.
type queues struct {
	agency             agency.Code
	url, arn           string
	dlqURL, dlqArn     string
	maxReceives        int // the queue's redrive policy: receives before a message moves to the DLQ
	waiting, invisible int // messages in the DLQ, visible and in flight
}

// find looks up an agency's queues by the names template.yaml gives them.
func (t *tool) find(ctx context.Context, code agency.Code) (*queues, error) {
	q := &queues{agency: code}
	name := t.stack + "-" + string(code)
	var err error
	if q.url, q.arn, err = t.lookup(ctx, name); err != nil {
		return nil, err
	}
	if q.dlqURL, q.dlqArn, err = t.lookup(ctx, name+"-dlq"); err != nil {
		return nil, err
	}
	attrs, err := t.attributes(ctx, q.url, types.QueueAttributeNameRedrivePolicy)
	if err != nil {
		return nil, err
	}
	var policy struct {
		MaxReceiveCount json.Number `json:"maxReceiveCount"`
	}
	if err := json.Unmarshal([]byte(attrs[string(types.QueueAttributeNameRedrivePolicy)]), &policy); err == nil {
		n, _ := policy.MaxReceiveCount.Int64()
		q.maxReceives = int(n)
	}
	attrs, err = t.attributes(ctx, q.dlqURL, types.QueueAttributeNameApproximateNumberOfMessages, types.QueueAttributeNameApproximateNumberOfMessagesNotVisible)
	if err != nil {
		return nil, err
	}
	q.waiting, _ = strconv.Atoi(attrs[string(types.QueueAttributeNameApproximateNumberOfMessages)])
	q.invisible, _ = strconv.Atoi(attrs[string(types.QueueAttributeNameApproximateNumberOfMessagesNotVisible)])
	return q, nil
}

func (t *tool) lookup(ctx context.Context, name string) (url, arn string, err error) {
	out, err := t.api.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	if err != nil {
		return "", "", fmt.Errorf("queue %s of stack %s: %w", name, t.stack, err)
	}
	attrs, err := t.attributes(ctx, *out.QueueUrl, types.QueueAttributeNameQueueArn)
	if err != nil {
		return "", "", err
	}
	return *out.QueueUrl, attrs[string(types.QueueAttributeNameQueueArn)], nil
}

func (t *tool) attributes(ctx context.Context, url string, names ...types.QueueAttributeName) (map[string]string, error) {
	out, err := t.api.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: names})
	if err != nil {
		return nil, fmt.Errorf("attributes of %s: %w", url, err)
	}
	return out.Attributes, nil
}

// peekVisibility hides a message while the tool reads a queue, so that one
// receive after another gives new messages; it is lifted as soon as all are read.
const peekVisibility = 60

// peek reads up to limit messages of a DLQ, and makes them visible again
// before it returns, whatever happens.
func (t *tool) peek(ctx context.Context, q *queues, limit int) (_ []types.Message, err error) {
	var msgs []types.Message
	defer func() {
		if rerr := t.release(context.WithoutCancel(ctx), q.dlqURL, msgs); err == nil {
			err = rerr
		}
	}()
	seen := map[string]bool{}
	for len(msgs) < limit {
		out, err := t.receive(ctx, q.dlqURL, min(10, limit-len(msgs)), peekVisibility)
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, m := range out {
			msgs = append(msgs, m) // every receipt handle is released, duplicates too
			if !seen[*m.MessageId] {
				seen[*m.MessageId] = true
				fresh++
			}
		}
		if fresh == 0 {
			break
		}
	}
	return unique(msgs), nil
}

func (t *tool) receive(ctx context.Context, url string, n int, visibility int32) ([]types.Message, error) {
	out, err := t.api.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(url),
		MaxNumberOfMessages:         int32(n),
		VisibilityTimeout:           visibility,
		WaitTimeSeconds:             int32(t.wait / time.Second),
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	if err != nil {
		return nil, fmt.Errorf("receive from %s: %w", url, err)
	}
	return out.Messages, nil
}

// release makes messages visible again at once.
func (t *tool) release(ctx context.Context, url string, msgs []types.Message) error {
	for batch := range slices.Chunk(msgs, 10) {
		entries := make([]types.ChangeMessageVisibilityBatchRequestEntry, len(batch))
		for i, m := range batch {
			entries[i] = types.ChangeMessageVisibilityBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0}
		}
		if _, err := t.api.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: aws.String(url), Entries: entries}); err != nil {
			return fmt.Errorf("make messages visible again in %s: %w", url, err)
		}
	}
	return nil
}

func unique(msgs []types.Message) []types.Message {
	seen := map[string]bool{}
	var out []types.Message
	for _, m := range msgs {
		if !seen[*m.MessageId] {
			seen[*m.MessageId] = true
			out = append(out, m)
		}
	}
	return out
}

// list prints each agency's DLQ: how many messages, then one line each.
func (t *tool) list(ctx context.Context, codes []agency.Code, limit int) error {
	for _, code := range codes {
		q, err := t.find(ctx, code)
		if err != nil {
			return err
		}
		fmt.Fprintf(t.out, "%s: %d messages in %s", code, q.waiting, q.dlqURL)
		if q.invisible > 0 {
			fmt.Fprintf(t.out, " (and %d being read)", q.invisible)
		}
		fmt.Fprintln(t.out)
		if q.waiting == 0 {
			continue
		}
		msgs, err := t.peek(ctx, q, limit)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			body := readBody(m)
			fmt.Fprintf(t.out, "  %s  %s  sent %s  %s\n", *m.MessageId, localaws.Or(body.Reference, "-"), sentAt(m), reason(m, body, q))
		}
	}
	return nil
}

// show prints one message in full.
func (t *tool) show(ctx context.Context, code agency.Code, id string, limit int) error {
	q, err := t.find(ctx, code)
	if err != nil {
		return err
	}
	msgs, err := t.peek(ctx, q, limit)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(msgs, func(m types.Message) bool { return *m.MessageId == id })
	if i < 0 {
		return fmt.Errorf("no message %s in %s's dead-letter queue", id, code)
	}
	m := msgs[i]
	body := readBody(m)
	fmt.Fprintf(t.out, "message   %s\nqueue     %s\nsent      %s\nreason    %s\n", id, q.dlqURL, sentAt(m), reason(m, body, q))
	for _, k := range slices.Sorted(maps.Keys(m.Attributes)) {
		fmt.Fprintf(t.out, "system    %s = %s\n", k, m.Attributes[k])
	}
	for _, k := range slices.Sorted(maps.Keys(m.MessageAttributes)) {
		fmt.Fprintf(t.out, "attribute %s = %s\n", k, aws.ToString(m.MessageAttributes[k].StringValue))
	}
	// The body is a claim-check message: routing facts, no personal data.
	fmt.Fprintf(t.out, "body      %s\n", aws.ToString(m.Body))
	return nil
}

// messageBody is what reason reads of a message: intake.Message, or why not.
type messageBody struct {
	intake.Message
	problem string
}

func readBody(m types.Message) messageBody {
	var b messageBody
	if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &b.Message); err != nil {
		b.problem = "its body is not a JSON message"
	}
	return b
}

// reason says why a message is in the dead-letter queue, from what SQS and
// the message tell: a body its consumer cannot read (redriving will not help),
// or a message received too often without being deleted (its consumer failed
// it each time; redrive it once the consumer is fixed).
func reason(m types.Message, b messageBody, q *queues) string {
	switch {
	case b.problem != "":
		return b.problem + ": no consumer can read it"
	case b.Schema != intake.MessageSchema:
		return fmt.Sprintf("schema %q is not %s: no consumer can read it", b.Schema, intake.MessageSchema)
	case b.Agency != q.agency:
		return fmt.Sprintf("a message for %s on %s's queue", b.Agency, q.agency)
	}
	received := m.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)]
	limit := "its limit"
	if q.maxReceives > 0 {
		limit = fmt.Sprintf("the limit of %d", q.maxReceives)
	}
	return fmt.Sprintf("received %s times (this tool's reads included) and never deleted, past %s: its consumer failed it", received, limit)
}

func sentAt(m types.Message) string {
	ms, err := strconv.ParseInt(m.Attributes[string(types.MessageSystemAttributeNameSentTimestamp)], 10, 64)
	if err != nil {
		return "-"
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// A method moves a DLQ's messages back to its agency's queue.
type method int

const (
	auto method = iota
	moveTask
	copyMessages
)

var methods = map[string]method{"auto": auto, "move-task": moveTask, "copy": copyMessages}

// redrive moves every message of each agency's DLQ back to its queue.
func (t *tool) redrive(ctx context.Context, codes []agency.Code, m method) error {
	for _, code := range codes {
		q, err := t.find(ctx, code)
		if err != nil {
			return err
		}
		if q.waiting == 0 {
			fmt.Fprintf(t.out, "%s: nothing to move\n", code)
			continue
		}
		bar := newProgress(t.out, string(code), q.waiting)
		if m != copyMessages {
			err = t.moveTask(ctx, q, bar)
			if m == auto && unsupported(err) {
				bar.note("the endpoint has no StartMessageMoveTask: moving by receive, send and delete")
				err = t.copy(ctx, q, bar)
			}
		} else {
			err = t.copy(ctx, q, bar)
		}
		if err != nil {
			bar.stop()
			return fmt.Errorf("%s: %w", code, err)
		}
	}
	return nil
}

// moveTask has SQS move the messages (StartMessageMoveTask) and follows the
// task until it ends.
func (t *tool) moveTask(ctx context.Context, q *queues, bar *progress) error {
	_, err := t.api.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{
		SourceArn: aws.String(q.dlqArn), DestinationArn: aws.String(q.arn),
	}, func(o *sqs.Options) { o.RetryMaxAttempts = 1 }) // an endpoint without it answers at once
	if err != nil {
		return err
	}
	poll := t.poll
	if poll == 0 {
		poll = time.Second
	}
	for {
		out, err := t.api.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(q.dlqArn), MaxResults: aws.Int32(1)})
		if err != nil {
			return err
		}
		if len(out.Results) == 0 {
			return errors.New("the move task is not listed")
		}
		task := out.Results[0]
		if n := aws.ToInt64(task.ApproximateNumberOfMessagesToMove); n > 0 {
			bar.total = int(n)
		}
		bar.set(int(task.ApproximateNumberOfMessagesMoved))
		switch aws.ToString(task.Status) {
		case "COMPLETED":
			bar.done("move task")
			return nil
		case "FAILED", "CANCELLED":
			return fmt.Errorf("move task %s: %s", aws.ToString(task.Status), aws.ToString(task.FailureReason))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// unsupported reports whether err is an endpoint's way of saying it has no
// such action: moto 5 answers 500 with an HTML page, others an error code.
func unsupported(err error) bool {
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "InvalidAction", "UnknownOperationException", "UnsupportedOperation", "NotImplemented":
			return true
		}
	}
	var resp *smithyhttp.ResponseError
	return errors.As(err, &resp) && resp.HTTPStatusCode() >= 500
}

// copyVisibility hides a message between its receive and its delete.
const copyVisibility = 60

// copy moves messages one batch at a time: receive, send to the agency queue
// with the same body and attributes, delete what was sent.
func (t *tool) copy(ctx context.Context, q *queues, bar *progress) error {
	moved, failed := 0, 0
	for {
		msgs, err := t.receive(ctx, q.dlqURL, 10, copyVisibility)
		if err != nil {
			return err
		}
		if len(msgs) == 0 {
			break
		}
		entries := make([]types.SendMessageBatchRequestEntry, len(msgs))
		for i, m := range msgs {
			entries[i] = types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: m.Body, MessageAttributes: m.MessageAttributes}
		}
		sent, err := t.api.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(q.url), Entries: entries})
		if err != nil {
			return fmt.Errorf("send to %s: %w", q.url, err)
		}
		failed += len(sent.Failed) // left in the DLQ: visible again after copyVisibility
		var deletes []types.DeleteMessageBatchRequestEntry
		for _, ok := range sent.Successful {
			i, _ := strconv.Atoi(aws.ToString(ok.Id))
			deletes = append(deletes, types.DeleteMessageBatchRequestEntry{Id: ok.Id, ReceiptHandle: msgs[i].ReceiptHandle})
		}
		if len(deletes) > 0 {
			del, err := t.api.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(q.dlqURL), Entries: deletes})
			if err != nil {
				return fmt.Errorf("delete from %s (the messages sent may arrive twice): %w", q.dlqURL, err)
			}
			moved += len(del.Successful)
		}
		bar.set(moved)
		if failed > 0 {
			break // what failed is hidden for copyVisibility: receiving on would only repeat it
		}
	}
	bar.done("receive, send and delete")
	if failed > 0 {
		return fmt.Errorf("%d messages could not be sent and stay in the dead-letter queue", failed)
	}
	return nil
}
