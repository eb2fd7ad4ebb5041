package devstack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/putuo-compliance/intake/infra/local/provision"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/logging"
)

// pollPause is how long a poller waits after a receive that found nothing.
// Lambda long-polls; locally each poller short-polls and pauses instead,
// because moto_server holds a long poll's thread and makes every other call
// (the API's DynamoDB reads) wait behind it.
const pollPause = 250 * time.Millisecond

// startEventSources runs each SQS event source mapping of the template as
// Lambda's poller would, until ctx ends: it receives a batch from the queue,
// invokes the function with an SQS event of Lambda's shape, and deletes the
// messages that did not fail. A failed message (named in the response's
// batchItemFailures, or all of them when the function returns an error) is
// left alone: it comes back once the queue's visibility timeout lapses, and
// the queue's redrive policy, which the emulator applies on receive, moves it
// to the dead-letter queue after maxReceiveCount receives. It returns once
// every handler is built, so a bad one stops the stack at start.
func startEventSources(ctx context.Context, sources []provision.EventSource, stack *provision.Stack, env environ, client *sqs.Client, logs io.Writer) error {
	for _, es := range sources {
		build, ok := app.SQSFunctions[es.Function]
		if !ok {
			return fmt.Errorf("event source %s: %s has no handler in app.SQSFunctions", es.ID, es.Function)
		}
		fenv, err := stack.FunctionEnv(es.Function)
		if err != nil {
			return err
		}
		fenv["AWS_LAMBDA_FUNCTION_NAME"] = es.Function
		getenv := env.with(fenv).get
		h, err := build(getenv, logging.New(logs, getenv("LOG_LEVEL")))
		if err != nil {
			return fmt.Errorf("build %s: %w", es.Function, err)
		}
		p := poller{source: es, handler: h, sqs: client, region: getenv("AWS_REGION")}
		go p.run(ctx)
	}
	return nil
}

type poller struct {
	source  provision.EventSource
	handler app.SQSHandler
	sqs     *sqs.Client
	region  string
}

func (p poller) run(ctx context.Context) {
	for ctx.Err() == nil {
		pause := pollPause
		got, err := p.once(ctx)
		switch {
		case err != nil:
			pause = time.Second // the emulator went away for a moment: poll again, as Lambda does
		case got:
			pause = 0
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
}

// once receives one batch and hands it to the function; got says whether
// there was one.
func (p poller) once(ctx context.Context) (got bool, err error) {
	out, err := p.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(p.source.QueueURL),
		MaxNumberOfMessages:         p.source.BatchSize,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll},
		MessageAttributeNames:       []string{"All"},
	})
	if err != nil || len(out.Messages) == 0 {
		return false, err
	}
	ev := p.event(out.Messages)
	var id [16]byte
	rand.Read(id[:])
	ictx, cancel := context.WithTimeout(ctx, scheduleTimeout)
	defer cancel()
	ictx = lambdacontext.NewContext(ictx, &lambdacontext.LambdaContext{AwsRequestID: hex.EncodeToString(id[:])})
	resp, err := p.handler(ictx, ev)
	if err != nil {
		return true, nil // the whole batch failed: every message comes back
	}
	keep, ok := failed(resp, ev, p.source.ReportsFailures)
	if !ok {
		return true, nil // a response Lambda cannot read fails the whole batch too
	}
	var done []sqstypes.DeleteMessageBatchRequestEntry
	for i, m := range out.Messages {
		if !keep[aws.ToString(m.MessageId)] {
			done = append(done, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
		}
	}
	if len(done) == 0 {
		return true, nil
	}
	_, err = p.sqs.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(p.source.QueueURL), Entries: done})
	return true, err
}

// failed returns the messages the function wants back. Lambda reads the
// response only with ReportBatchItemFailures; then an id that names no message
// of the batch makes the whole batch a failure, as it does in Lambda.
func failed(resp events.SQSEventResponse, ev events.SQSEvent, reports bool) (map[string]bool, bool) {
	keep := map[string]bool{}
	if !reports {
		return keep, true
	}
	inBatch := map[string]bool{}
	for _, r := range ev.Records {
		inBatch[r.MessageId] = true
	}
	for _, f := range resp.BatchItemFailures {
		if !inBatch[f.ItemIdentifier] {
			return nil, false
		}
		keep[f.ItemIdentifier] = true
	}
	return keep, true
}

// event builds the SQS event Lambda would send for msgs.
func (p poller) event(msgs []sqstypes.Message) events.SQSEvent {
	var ev events.SQSEvent
	for _, m := range msgs {
		r := events.SQSMessage{
			MessageId:              aws.ToString(m.MessageId),
			ReceiptHandle:          aws.ToString(m.ReceiptHandle),
			Body:                   aws.ToString(m.Body),
			Md5OfBody:              aws.ToString(m.MD5OfBody),
			Md5OfMessageAttributes: aws.ToString(m.MD5OfMessageAttributes),
			Attributes:             m.Attributes,
			MessageAttributes:      map[string]events.SQSMessageAttribute{},
			EventSourceARN:         p.source.QueueARN,
			EventSource:            "aws:sqs",
			AWSRegion:              p.region,
		}
		for name, a := range m.MessageAttributes {
			r.MessageAttributes[name] = events.SQSMessageAttribute{
				DataType:    aws.ToString(a.DataType),
				StringValue: a.StringValue,
				BinaryValue: a.BinaryValue,
			}
		}
		ev.Records = append(ev.Records, r)
	}
	return ev
}

// describe is how the banner lists an event source.
func describe(es provision.EventSource) string {
	queue := es.QueueURL[strings.LastIndexByte(es.QueueURL, '/')+1:]
	return fmt.Sprintf("%s -> %s (batches of %d)", queue, es.Function, es.BatchSize)
}
