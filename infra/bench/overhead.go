package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/httpapi"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

// pathResult compares one warm request path with the raw SDK calls it makes.
type pathResult struct {
	name        string
	calls       string
	ours, raw   sample
	logBytes    float64 // log bytes written per request, for the cost model
	itemBytes   int     // DynamoDB item size of the stored submission
	messageSize int     // SQS message body and attributes
}

// countingWriter counts what the handler logs, without keeping it.
type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n.Add(int64(len(p))); return len(p), nil }

// overhead runs SubmitFunction's and StatusFunction's handlers in this process,
// as the Lambda runtime would call them warm, and right beside each request the
// same DynamoDB and SQS calls made directly with the SDK, with the same items,
// against the same moto. Pairs alternate which goes first, so moto's own drift
// falls on both alike.
func overhead(ctx context.Context, e env, events map[string][]byte, n int) ([]pathResult, error) {
	submitEnv := e.getenv("SubmitFunction")
	cfg, err := awsenv.Config(submitEnv)
	if err != nil {
		return nil, err
	}
	db, q := dynamodb.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	table := submitEnv("TABLE_NAME")

	var logs countingWriter
	log := logging.New(io.Discard, "info")
	log.SetOutput(&logs)
	submit, err := app.HTTPFunctions["SubmitFunction"](submitEnv, log)
	if err != nil {
		return nil, err
	}
	status, err := app.HTTPFunctions["StatusFunction"](e.getenv("StatusFunction"), log)
	if err != nil {
		return nil, err
	}
	req, err := apiRequest(events["SubmitFunction"])
	if err != nil {
		return nil, err
	}

	// One submission first, to learn what the raw calls must carry: the stored
	// item, the message, the history event MarkQueued appends.
	rcpt, err := callSubmit(ctx, submit, req)
	if err != nil {
		return nil, err
	}
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, ConsistentRead: aws.Bool(true),
		Key: dynamostore.SubmissionKey(rcpt.Reference)})
	if err != nil {
		return nil, err
	}
	stored, err := dynamostore.New(db, table).Get(ctx, rcpt.Reference)
	if err != nil {
		return nil, err
	}
	queueURL := submitEnv(queueurls.EnvName(rcpt.Agency.Code))
	msgs, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, MaxNumberOfMessages: 1, MessageAttributeNames: []string{"All"}})
	if err != nil || len(msgs.Messages) != 1 {
		return nil, fmt.Errorf("the probe submission's message: %v", err)
	}
	msg := msgs.Messages[0]

	// The raw calls carry what the store sends for the probe submission: the
	// per-client limit's counter (one conditional UpdateItem on a budget of its
	// own), its PutItem as received, then the UpdateItem of its dispatch. They
	// are built before the clock starts, so the baseline holds no code of ours.
	type rawCalls struct {
		take   *dynamodb.UpdateItemInput
		put    *dynamodb.PutItemInput
		update *dynamodb.UpdateItemInput
	}
	prepare := func(i int) (rawCalls, error) {
		sub := stored.Clone()
		sub.Reference = fmt.Sprintf("C-RAW%d", i)
		sub.Status, sub.Queued, sub.Version, sub.UpdatedAt = intake.StatusReceived, false, 1, sub.SubmittedAt
		sub.History = sub.History[:1]
		put, err := dynamostore.PutInput(table, sub)
		if err != nil {
			return rawCalls{}, err
		}
		ch, err := sub.Apply(intake.Command{Action: intake.ActionDispatch, By: intake.System(), At: time.Now()})
		// A budget key as long as the limiter's (scope, 16 bytes of HMAC in
		// base64, the window's start), one budget per call: each call creates
		// its counter, where the handler's mostly adds to one of its window
		// (the same single conditional UpdateItem, under 1 KB either way).
		take := dynamostore.TakeInput(table, fmt.Sprintf("client#%022d#%d", i, time.Now().Unix()), 1_000_000, time.Now().Add(2*time.Hour))
		return rawCalls{take, put, dynamostore.UpdateInput(table, ch)}, err
	}
	rawSubmit := func(c rawCalls) error {
		if _, err := db.UpdateItem(ctx, c.take); err != nil {
			return err
		}
		if _, err := db.PutItem(ctx, c.put); err != nil {
			return err
		}
		if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: msg.Body, MessageAttributes: msg.MessageAttributes}); err != nil {
			return err
		}
		_, err := db.UpdateItem(ctx, c.update)
		return err
	}

	statusReq, err := apiRequest(events["StatusFunction"])
	if err != nil {
		return nil, err
	}
	statusReq.PathParameters = map[string]string{"reference": rcpt.Reference}
	statusReq.Headers["x-status-token"] = rcpt.StatusToken
	// The lookup reads the token's hash alone first, then the submission
	// (intake.Store.TokenHash says why): two GetItems.
	rawStatus := func() error {
		key := dynamostore.SubmissionKey(rcpt.Reference)
		if _, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, ConsistentRead: aws.Bool(true), Key: key,
			ProjectionExpression: aws.String("#h"), ExpressionAttributeNames: map[string]string{"#h": dynamostore.AttrTokenHash}}); err != nil {
			return err
		}
		_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, ConsistentRead: aws.Bool(true), Key: key})
		return err
	}

	sub := pathResult{name: "submit (201)", calls: "UpdateItem (limit) + PutItem + SendMessage + UpdateItem",
		itemBytes: dynamostore.ItemSize(got.Item), messageSize: messageSize(msg)} // as the handler left it
	st := pathResult{name: "status (200)", calls: "GetItem (token hash) + GetItem"}
	logs.n.Store(0)
	for i := range n {
		ours := func() error {
			t := time.Now()
			if _, err := callSubmit(ctx, submit, req); err != nil {
				return err
			}
			sub.ours = append(sub.ours, time.Since(t))
			return nil
		}
		calls, err := prepare(i)
		if err != nil {
			return nil, err
		}
		raw := func() error {
			t := time.Now()
			if err := rawSubmit(calls); err != nil {
				return fmt.Errorf("raw submit: %w", err)
			}
			sub.raw = append(sub.raw, time.Since(t))
			return nil
		}
		if err := pair(i, ours, raw); err != nil {
			return nil, err
		}
	}
	sub.logBytes = float64(logs.n.Load()) / float64(n)
	logs.n.Store(0)
	for i := range n {
		ours := func() error {
			t := time.Now()
			resp, err := status(ctx, statusReq)
			if err != nil || resp.StatusCode != 200 {
				return fmt.Errorf("status: %d %v", resp.StatusCode, err)
			}
			st.ours = append(st.ours, time.Since(t))
			return nil
		}
		raw := func() error {
			t := time.Now()
			if err := rawStatus(); err != nil {
				return err
			}
			st.raw = append(st.raw, time.Since(t))
			return nil
		}
		if err := pair(i, ours, raw); err != nil {
			return nil, err
		}
	}
	st.logBytes = float64(logs.n.Load()) / float64(n)
	return []pathResult{sub, st}, nil
}

func pair(i int, a, b func() error) error {
	if i%2 == 1 {
		a, b = b, a
	}
	if err := a(); err != nil {
		return err
	}
	return b()
}

type receipt struct {
	Reference, StatusToken string
	Agency                 struct{ Code agency.Code }
}

func callSubmit(ctx context.Context, h httpapi.Handler, req events.APIGatewayV2HTTPRequest) (receipt, error) {
	resp, err := h(ctx, req)
	if err != nil || resp.StatusCode != 201 {
		return receipt{}, fmt.Errorf("submit: %d %s %v", resp.StatusCode, resp.Body, err)
	}
	var r receipt
	err = json.Unmarshal([]byte(resp.Body), &r)
	return r, err
}
