// Package inbox is the agency inbox: the SQS event source's batches in, each
// message's submission put on its agency's worklist (intake.Enlist), and the
// messages that failed handed back as partial batch failures, so that Lambda
// deletes the others and only those come back, until the queue's redrive
// policy moves them to its dead-letter queue.
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/apperr"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/queueurls"
)

// Handler is the shape of an SQS event source's Lambda handler that reports
// partial batch failures (FunctionResponseTypes: [ReportBatchItemFailures]).
type Handler func(context.Context, events.SQSEvent) (events.SQSEventResponse, error)

// MetricMessages counts the messages the inbox handled, by Agency and Outcome:
// "accepted" (listed, or nothing to do), else the error's apperr.Kind.
const MetricMessages = "InboxMessages"

// Inbox handles the agency queues' batches.
type Inbox struct {
	Store   intake.Store
	Queues  map[agency.Code]string // each agency's queue URL (queueurls.Read)
	Now     func() time.Time
	Log     *logrus.Logger
	Metrics *metrics.Emitter // nil discards the metrics
}

// Handle handles one batch. Each message succeeds or fails on its own; the
// batch as a whole never fails, since that would make Lambda retry the
// messages that succeeded too.
func (in *Inbox) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	ctx, _ = logging.Start(ctx, in.Log, nil)
	var resp events.SQSEventResponse
	for _, r := range ev.Records {
		if err := in.handle(ctx, r); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
		}
	}
	return resp, nil
}

// handle puts one message's submission on its worklist, and logs and counts
// how that went. The log lines name the message, the reference and the
// agency: messages carry no personal data, and neither do they.
func (in *Inbox) handle(ctx context.Context, r events.SQSMessage) (err error) {
	from, known := queueurls.AgencyOf(in.Queues, r.EventSourceARN)
	var m intake.Message
	ctx, log := logging.With(ctx, logrus.Fields{"messageId": r.MessageId, "receiveCount": r.Attributes["ApproximateReceiveCount"]})
	defer func() { in.measure(ctx, from, err) }()
	switch {
	case !known:
		err = fmt.Errorf("%w: from a queue of no agency", intake.ErrUnusableMessage)
	case json.Unmarshal([]byte(r.Body), &m) != nil:
		err = fmt.Errorf("%w: the body is not a JSON message", intake.ErrUnusableMessage)
	default:
		fields := logrus.Fields{"agency": from}
		// A poison message may carry any text: only a well-formed reference,
		// and the correlation id of one, reach the log.
		if ref, ok := intake.NormalizeReference(m.Reference); ok && ref == m.Reference {
			fields["reference"], fields["correlationId"] = m.Reference, m.CorrelationID
		}
		ctx, log = logging.With(ctx, fields)
		err = intake.Enlist(ctx, in.Store, m, from, in.now())
	}
	switch {
	case err == nil:
		log.Info("on the worklist")
	case errors.Is(err, intake.ErrUnusableMessage) || errors.Is(err, apperr.ErrNotFound):
		// Left to fail until the redrive policy moves it to the DLQ, whose
		// alarm calls a person: dropping it would hide it.
		log.WithError(err).Warn("message unusable; it stays until the dead-letter queue takes it")
	default:
		log.WithError(err).Warn("message not handled; it will be received again")
	}
	return err
}

func (in *Inbox) measure(ctx context.Context, from agency.Code, err error) {
	outcome := "accepted"
	if err != nil {
		outcome = string(apperr.KindOf(err))
	}
	in.Metrics.Emit(ctx, metrics.Doc{
		Dimensions: map[string]string{"Agency": string(from), "Outcome": outcome},
		Metrics:    []metrics.Metric{{Name: MetricMessages, Unit: metrics.Count, Value: 1}},
	})
}

func (in *Inbox) now() time.Time {
	if in.Now == nil {
		return time.Now().UTC()
	}
	return in.Now().UTC()
}
