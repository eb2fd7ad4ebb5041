// Package redispatchfn wires RedispatchFunction, the scheduled re-dispatch: the
// submission store on DynamoDB and the agency queues on SQS - no form parser, no
// HTTP edge, no pages, no mail (see package app on why each function has a
// wiring of its own).
package redispatchfn

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/sirupsen/logrus"

	"github.com/putuo-compliance/intake/shared/agency"
	"github.com/putuo-compliance/intake/shared/awsenv"
	"github.com/putuo-compliance/intake/shared/dynamostore"
	"github.com/putuo-compliance/intake/shared/envconfig"
	"github.com/putuo-compliance/intake/shared/intake"
	"github.com/putuo-compliance/intake/shared/logging"
	"github.com/putuo-compliance/intake/shared/metrics"
	"github.com/putuo-compliance/intake/shared/queueurls"
	"github.com/putuo-compliance/intake/shared/sqsqueue"
)

// Config is RedispatchFunction's configuration, read once from the environment.
type Config struct {
	AWS    aws.Config             // AWS_REGION, credentials, AWS_ENDPOINT_URL[_<SERVICE>] (package awsenv)
	Table  string                 // TABLE_NAME: the submissions table
	Queues map[agency.Code]string // QUEUE_URL_<AGENCY>: every agency's queue
	// MetricsNamespace (METRICS_NAMESPACE, template.yaml's Globals: one per
	// stack) names the EMF metrics' namespace; metrics.DefaultNamespace if unset.
	MetricsNamespace string
	// Grace (REDISPATCH_GRACE, a duration, default DefaultGrace): a submission
	// younger than this is left alone, since its own request is probably still
	// sending it, and a duplicate, though harmless, is avoidable. Tests set "0s".
	Grace time.Duration
}

// DefaultGrace is Config.Grace when REDISPATCH_GRACE is not set.
const DefaultGrace = time.Minute

// LoadConfig reads the configuration through getenv (os.Getenv in main). The
// error names every variable that is missing or malformed.
func LoadConfig(getenv func(string) string) (Config, error) {
	v := envconfig.New(getenv)
	c := Config{
		AWS:              awsenv.Read(v),
		Table:            v.Required("TABLE_NAME"),
		Queues:           queueurls.Read(v),
		MetricsNamespace: v.Optional("METRICS_NAMESPACE"),
		Grace:            v.Duration("REDISPATCH_GRACE", DefaultGrace),
	}
	return c, v.Err()
}

// Each run queues batch submissions at a time until none are left or the run's
// time is nearly up (spare left).
const (
	batch = 100
	spare = 2 * time.Second
)

// New builds the handler: every minute it queues the submissions that were
// stored while their agency queue could not be reached, then writes each
// agency's worklist gauge, which the waiting-age alarms watch (a run every
// minute feeds them also while nothing arrives). Nothing here does network
// I/O: clients connect on first use.
func New(c Config, log *logrus.Logger) func(context.Context, events.EventBridgeEvent) error {
	store := dynamostore.New(dynamodb.NewFromConfig(c.AWS), c.Table)
	emitter := metrics.New(log.Out, c.MetricsNamespace)
	svc := &intake.Service{
		Store:   store,
		Queue:   sqsqueue.New(sqs.NewFromConfig(c.AWS), c.Queues),
		Now:     time.Now,
		Metrics: emitter,
	}
	desk := &intake.Desk{Store: store, Now: time.Now, Metrics: emitter}
	return func(ctx context.Context, _ events.EventBridgeEvent) error {
		ctx, entry := logging.Start(ctx, log, nil)
		before := svc.Now().Add(-c.Grace)
		total, err := intake.InBatches(ctx, batch, spare, func(ctx context.Context, size int) (int, error) {
			return svc.Redispatch(ctx, before, size)
		})
		if err != nil {
			// Returned so the invocation counts as failed; the next run retries.
			entry.WithError(err).WithField("queued", total).Warn("re-dispatch stopped")
			return err
		}
		entry.WithField("queued", total).Info("re-dispatch done")
		if err := desk.MeasureWorklists(ctx); err != nil {
			entry.WithError(err).Warn("worklist gauge not written")
			return err
		}
		return nil
	}
}
