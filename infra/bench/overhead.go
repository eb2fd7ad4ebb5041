package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddb "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/app"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/httpapi"
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
	item := maps.Clone(got.Item) // got.Item stays as the handler left it: its size is reported
	history := item[dynamostore.AttrHistory].(*ddb.AttributeValueMemberL).Value
	queuedEvent := history[len(history)-1]
	item[dynamostore.AttrHistory] = &ddb.AttributeValueMemberL{Value: history[:1]}
	item[dynamostore.AttrStatus] = &ddb.AttributeValueMemberS{Value: "received"}
	item[dynamostore.AttrDispatch] = &ddb.AttributeValueMemberS{Value: "pending"}
	queueURL := submitEnv(queueurls.EnvName(rcpt.Agency.Code))
	msgs, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &queueURL, MaxNumberOfMessages: 1, MessageAttributeNames: []string{"All"}})
	if err != nil || len(msgs.Messages) != 1 {
		return nil, fmt.Errorf("the probe submission's message: %v", err)
	}
	msg := msgs.Messages[0]

	rawSubmit := func(i int) error {
		key := dynamostore.SubmissionKey(fmt.Sprintf("RAW-%d", i))
		it := maps.Clone(item)
		maps.Copy(it, key)
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: &table, Item: it, ConditionExpression: aws.String("attribute_not_exists(#pk)"),
			ExpressionAttributeNames:            map[string]string{"#pk": dynamostore.AttrPK},
			ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
		}); err != nil {
			return err
		}
		if _, err := q.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: msg.Body, MessageAttributes: msg.MessageAttributes}); err != nil {
			return err
		}
		_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:           &table,
			Key:                 key,
			UpdateExpression:    aws.String("SET #s = :queued, #h = list_append(if_not_exists(#h, :empty), :ev), #u = :at REMOVE #d"),
			ConditionExpression: aws.String("attribute_exists(#pk) AND #s = :received"),
			ExpressionAttributeNames: map[string]string{
				"#pk": dynamostore.AttrPK, "#s": dynamostore.AttrStatus, "#h": dynamostore.AttrHistory,
				"#u": dynamostore.AttrUpdated, "#d": dynamostore.AttrDispatch,
			},
			ExpressionAttributeValues: map[string]ddb.AttributeValue{
				":queued": &ddb.AttributeValueMemberS{Value: "queued"}, ":received": &ddb.AttributeValueMemberS{Value: "received"},
				":empty": &ddb.AttributeValueMemberL{}, ":ev": &ddb.AttributeValueMemberL{Value: []ddb.AttributeValue{queuedEvent}},
				":at": &ddb.AttributeValueMemberN{Value: strconv.FormatInt(time.Now().UnixNano(), 10)},
			},
			ReturnValuesOnConditionCheckFailure: ddb.ReturnValuesOnConditionCheckFailureAllOld,
		})
		return err
	}

	statusReq, err := apiRequest(events["StatusFunction"])
	if err != nil {
		return nil, err
	}
	statusReq.PathParameters = map[string]string{"reference": rcpt.Reference}
	statusReq.Headers["x-status-token"] = rcpt.StatusToken
	rawStatus := func() error {
		_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, ConsistentRead: aws.Bool(true),
			Key: dynamostore.SubmissionKey(rcpt.Reference)})
		return err
	}

	sub := pathResult{name: "submit (201)", calls: "PutItem + SendMessage + UpdateItem",
		itemBytes: dynamostore.ItemSize(got.Item), messageSize: messageSize(msg)}
	st := pathResult{name: "status (200)", calls: "GetItem"}
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
		raw := func() error {
			t := time.Now()
			if err := rawSubmit(i); err != nil {
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
