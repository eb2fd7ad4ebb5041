// Package sqsqueue puts the claim-check messages on the agencies' SQS queues, one
// queue per agency (template.yaml).
package sqsqueue

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
)

// Queue is an intake.Queue on SQS.
type Queue struct {
	// sendMessage is the client's method value, not the client: a Queue goes
	// about as an interface (intake.Queue), and where reflect looks methods up
	// by name (html/template) a client field would link every SQS operation
	// (as package dynamostore explains).
	sendMessage func(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	urls        map[agency.Code]string
}

var _ intake.Queue = (*Queue)(nil)

// New returns a Queue that sends to urls[agency]. The client is shared and safe
// for concurrent use.
func New(client *sqs.Client, urls map[agency.Code]string) *Queue {
	return &Queue{sendMessage: client.SendMessage, urls: urls}
}

// Send puts m on the queue of agency to. The body is m as JSON; the same facts go
// in message attributes too, so consumers and tools can route or filter without
// parsing the body. An agency without a queue is a configuration error, not a
// passing failure, so it is not an apperr.ErrUnavailable.
func (q *Queue) Send(ctx context.Context, to agency.Code, m intake.Message) (err error) {
	defer apperr.Wrap(&err, "sqsqueue.Send(%q, %q)", to, m.Reference)
	url, ok := q.urls[to]
	if !ok || url == "" {
		return errors.New("no queue configured for this agency")
	}
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = q.sendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:          aws.String(url),
		MessageBody:       aws.String(string(body)),
		MessageAttributes: attributes(m),
	})
	if err != nil {
		return apperr.Unavailable(err)
	}
	return nil
}

// attributes mirrors the body's routing facts; empty values are left out because
// SQS rejects empty attribute values.
func attributes(m intake.Message) map[string]types.MessageAttributeValue {
	facts := map[string]string{
		"schema":        m.Schema,
		"reference":     m.Reference,
		"kind":          string(m.Kind),
		"agency":        string(m.Agency),
		"urgency":       m.Urgency,
		"correlationId": m.CorrelationID,
	}
	attrs := make(map[string]types.MessageAttributeValue, len(facts))
	for name, v := range facts {
		if v != "" {
			attrs[name] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
		}
	}
	return attrs
}
